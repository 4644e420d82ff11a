import { spawnSync } from "node:child_process";
import { SignJWT } from "jose";
import { describe, expect, it } from "vitest";
import { createAuthenticator } from "../src/auth/authenticate.ts";
import { AUTH, useHarness } from "./helpers/harness.ts";

/**
 * Issue 11 F: every JWT carries `exp`, and its lifetime is bounded (AUTH_MAX_TOKEN_LIFETIME_SECONDS,
 * 24 h by default): a leaked token is not a key forever.
 */
const h = useHarness();
const now = () => Math.floor(Date.now() / 1000);

/** A partner-admin token with exactly the time claims given (absent ones are left out). */
const sign = (times: { iat?: number; exp?: number }, secret = AUTH.secret) => {
  const jwt = new SignJWT({ role: "PARTNER_ADMIN" })
    .setProtectedHeader({ alg: "HS256" })
    .setSubject("lifetime-test")
    .setIssuer(AUTH.issuer)
    .setAudience(AUTH.audience);
  if (times.iat !== undefined) jwt.setIssuedAt(times.iat);
  if (times.exp !== undefined) jwt.setExpirationTime(times.exp);
  return jwt.sign(new TextEncoder().encode(secret));
};

async function refusal(token: string): Promise<string | undefined> {
  const before = h.sandbox.calls.count();
  const response = await h.fetch({
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
    body: JSON.stringify({ query: "query Companies { companies { companyId } }" }),
  });
  expect(h.sandbox.calls.count()).toBe(before);
  if (response.status === 200) {
    await response.text();
    return undefined;
  }
  expect(response.status).toBe(401);
  const body = (await response.json()) as { errors: { message: string; extensions: { code: string } }[] };
  expect(body.errors[0]?.extensions.code).toBe("UNAUTHENTICATED");
  return body.errors[0]?.message;
}

describe("JWT lifetime", () => {
  it("a token without exp is refused, every time it is sent", async () => {
    const token = await sign({ iat: now() });
    expect(await refusal(token)).toBe("Invalid token: no expiry");
    expect(await refusal(token)).toBe("Invalid token: no expiry");
    expect(await refusal(await sign({}))).toBe("Invalid token: no expiry");
  });

  it("a token living longer than 24 h is refused, by exp - iat or, without iat, by what remains", async () => {
    const longer = "Invalid token: lifetime exceeds the 86400 s maximum";
    expect(await refusal(await sign({ iat: now(), exp: now() + 86_401 }))).toBe(longer);
    expect(await refusal(await sign({ iat: now() - 3_600, exp: now() + 86_400 }))).toBe(longer);
    expect(await refusal(await sign({ exp: now() + 2 * 86_400 }))).toBe(longer);
    expect(await refusal(await sign({ exp: now() + 10 * 365 * 86_400 }))).toBe(longer);
  });

  it("a token issued in the future, or after its own expiry, is refused", async () => {
    const future = "Invalid token: issued in the future";
    expect(await refusal(await sign({ iat: now() + 3_600, exp: now() + 7_200 }))).toBe(future);
    expect(await refusal(await sign({ iat: now() + 10 * 86_400, exp: now() + 3_600 }))).toBe(future);
  });

  it("a token of at most 24 h is accepted", async () => {
    expect(await refusal(await sign({ iat: now(), exp: now() + 86_400 }))).toBeUndefined();
    expect(await refusal(await sign({ exp: now() + 3_600 }))).toBeUndefined();
    expect(await refusal(await h.token())).toBeUndefined();
  });

  it("the maximum is configurable", async () => {
    const authenticate = createAuthenticator({
      jwtSecret: AUTH.secret,
      jwksUrl: null,
      issuer: AUTH.issuer,
      audience: AUTH.audience,
      clockToleranceSeconds: 30,
      apiKeys: [],
      maxTokenLifetimeSeconds: 600,
    });
    await expect(
      authenticate(`Bearer ${await sign({ iat: now(), exp: now() + 3_600 })}`, null),
    ).rejects.toThrow("Invalid token: lifetime exceeds the 600 s maximum");
    await expect(
      authenticate(`Bearer ${await sign({ iat: now(), exp: now() + 600 })}`, null),
    ).resolves.toMatchObject({ subject: "lifetime-test" });
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
