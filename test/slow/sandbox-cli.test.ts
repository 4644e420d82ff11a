import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { request } from "undici";
import { afterAll, describe, expect, it } from "vitest";

/** `npm run sandbox` as a user runs it: a separate process that prints how to reach it. */
describe("npm run sandbox", () => {
  let child: ChildProcess | undefined;
  afterAll(async () => {
    if (child && child.exitCode === null) {
      child.kill("SIGTERM");
      await once(child, "exit");
    }
  });

  it("starts alone on a free port, prints URL, credentials and OTP, serves, and stops on SIGTERM", async () => {
    child = spawn(process.execPath, ["--import", "tsx", "src/sandbox/cli.ts", "--port", "0", "--seed", "3"], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout?.on("data", (chunk: Buffer) => {
      output += chunk.toString();
    });
    await expect.poll(() => output, { timeout: 15_000 }).toContain("Press Ctrl+C to stop.");
    for (const label of [
      "base URL",
      "token URL",
      "partnerId      CRSANDBOX1",
      "clientId       CEKEP5GSGP",
      "clientSecret   sandbox-secret",
      "username       9999999999",
      "password       Sandbox@123",
      "OTP / MFA code 123456",
    ]) {
      expect(output).toContain(label);
    }
    const tokenUrl = /token URL\s+(\S+)/.exec(output)?.[1] ?? "";
    expect(tokenUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/oauth\/token$/);
    const response = await request(tokenUrl, {
      method: "POST",
      headers: {
        authorization: `Basic ${Buffer.from("CEKEP5GSGP:sandbox-secret").toString("base64")}`,
        "content-type": "application/x-www-form-urlencoded",
      },
      body: "username=9999999999&password=Sandbox%40123&grant_type=password&clientId=CEKEP5GSGP",
    });
    expect(response.statusCode).toBe(200);
    expect(((await response.body.json()) as { token_type: string }).token_type).toBe("bearer");
    child.kill("SIGTERM");
    const [code] = await once(child, "exit");
    expect(code).toBe(0);
  });

  it("--documented-partner-ids accepts the pages' partner IDs and says so", async () => {
    const documented = spawn(
      process.execPath,
      ["--import", "tsx", "src/sandbox/cli.ts", "--port", "0", "--documented-partner-ids"],
      { stdio: ["ignore", "pipe", "pipe"] },
    );
    try {
      let output = "";
      documented.stdout?.on("data", (chunk: Buffer) => {
        output += chunk.toString();
      });
      await expect.poll(() => output, { timeout: 15_000 }).toContain("Press Ctrl+C to stop.");
      expect(output).toContain("also accepted  CRXXXXXXX, CRM338L2H, CRMXWB3ZM, CRMAXZ11Q");
      const base = /base URL\s+(\S+)/.exec(output)?.[1] ?? "";
      const token = await request(`${base}/oauth/token`, {
        method: "POST",
        headers: {
          authorization: `Basic ${Buffer.from("CEKEP5GSGP:sandbox-secret").toString("base64")}`,
          "content-type": "application/x-www-form-urlencoded",
        },
        body: "username=9999999999&password=Sandbox%40123&grant_type=password&clientId=CEKEP5GSGP",
      });
      const { access_token } = (await token.body.json()) as { access_token: string };
      const answer = await request(`${base}/api/v0/partner/enKashCard/cardAccount/get`, {
        method: "POST",
        headers: {
          authorization: `Bearer ${access_token}`,
          partnerId: "CRM338L2H",
          "content-type": "application/json",
        },
        body: JSON.stringify({ cardAccountId: "CAVBMRFE8", companyId: "CEK7T1WMC6" }),
      });
      expect(answer.statusCode).toBe(200);
      await answer.body.dump();
    } finally {
      documented.kill("SIGTERM");
      if (documented.exitCode === null) await once(documented, "exit");
    }
  });

  it("refuses a malformed port", async () => {
    const bad = spawn(process.execPath, ["--import", "tsx", "src/sandbox/cli.ts", "--port", "eighty"], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    let errors = "";
    bad.stderr?.on("data", (chunk: Buffer) => {
      errors += chunk.toString();
    });
    const [code] = await once(bad, "exit");
    expect(code).toBe(2);
    expect(errors).toContain("--port must be a whole number");
  });
});
