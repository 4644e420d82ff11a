import { execFileSync, spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { CompaniesDocument, LoadCardDocument } from "../../operations/generated.ts";
import { AUTH, refusalOf, useHarness } from "../helpers/harness.ts";
import { CORPORATE_CARD_ID as VIKRAM_CARD_ID } from "../helpers/ids.ts";

/** `npm run token` (scripts/token.ts in a process of its own): what it mints, and what it refuses. */
const h = useHarness();
const refusal = (token: string) => refusalOf(h, token);

describe("npm run token", () => {
  it("mints a token the server accepts, with the role, companies and scopes asked for", async () => {
    const token = execFileSync(
      process.execPath,
      [
        "--import",
        "tsx",
        "scripts/token.ts",
        "--role",
        "COMPANY_ADMIN",
        "--company",
        "CEK7T1WMC6",
        "--scopes",
        "cards:read",
      ],
      {
        env: { ...process.env, AUTH_JWT_SECRET: AUTH.secret },
        encoding: "utf8",
      },
    ).trim();
    const companies = await h.gql(CompaniesDocument, {}, { token });
    expect(companies.data?.companies.map((company) => company.companyId)).toEqual(["CEK7T1WMC6"]);
    const write = await h.gql(
      LoadCardDocument,
      { input: { cardId: VIKRAM_CARD_ID, amount: "1", referenceNumber: "TOKEN-1" } },
      { token },
    );
    expect(write.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
  });
});

describe("npm run token and the maximum lifetime", () => {
  const run = (args: string[], env: Record<string, string> = {}) =>
    spawnSync(process.execPath, ["--import", "tsx", "scripts/token.ts", "--role", "PARTNER_ADMIN", ...args], {
      env: { ...process.env, AUTH_JWT_SECRET: AUTH.secret, ...env },
      encoding: "utf8",
    });

  it("refuses a --ttl beyond the maximum, and mints one within it that the server accepts", async () => {
    const refused = run(["--ttl", "86401"]);
    expect(refused.status).toBe(2);
    expect(refused.stderr).toContain("--ttl must be at most 86400 seconds (AUTH_MAX_TOKEN_LIFETIME_SECONDS)");
    expect(refused.stdout).toBe("");
    const lowered = run(["--ttl", "7200"], { AUTH_MAX_TOKEN_LIFETIME_SECONDS: "3600" });
    expect(lowered.status).toBe(2);
    expect(lowered.stderr).toContain("--ttl must be at most 3600 seconds");
    const minted = run(["--ttl", "86400"]);
    expect(minted.status).toBe(0);
    expect(await refusal(minted.stdout.trim())).toBeUndefined();
  });
});
