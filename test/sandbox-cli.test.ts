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
