import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { request } from "undici";
import { afterAll, describe, expect, it } from "vitest";
import { verifyWebhook } from "../../src/shared/webhook-signature.ts";

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

  it("sends signed webhooks to --webhook-url with the faults asked for, the secret from the environment and never printed", async () => {
    const secret = "cli-webhook-secret-0123456789";
    const received: { body: Buffer; signature: string | null }[] = [];
    const receiver = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (chunk: Buffer) => chunks.push(chunk));
      req.on("end", () => {
        received.push({
          body: Buffer.concat(chunks),
          signature: req.headers["x-enkash-signature"] as string,
        });
        res.writeHead(200).end("{}");
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
    const hook = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
    const sender = spawn(
      process.execPath,
      [
        "--import",
        "tsx",
        "src/sandbox/cli.ts",
        "--port",
        "0",
        "--webhook-url",
        hook,
        "--webhook-repeat",
        "1",
      ],
      { stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, ENKASH_WEBHOOK_SECRET: secret } },
    );
    try {
      let output = "";
      sender.stdout?.on("data", (chunk: Buffer) => {
        output += chunk.toString();
      });
      sender.stderr?.on("data", (chunk: Buffer) => {
        output += chunk.toString();
      });
      await expect.poll(() => output, { timeout: 15_000 }).toContain("Press Ctrl+C to stop.");
      expect(output).toContain(`webhooks       ${hook} (signed, x-enkash-signature; faults: repeat 1)`);
      const base = /base URL\s+(\S+)/.exec(output)?.[1] ?? "";
      const purchase = await request(`${base}/__sandbox/purchase`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({
          enKashCardId: "EKCMB7KAEW",
          amount: 12,
          merchantName: "CLI Mart",
          mcc: "5411",
          channel: "POS",
        }),
      });
      expect(purchase.statusCode).toBe(200);
      const { transaction } = (await purchase.body.json()) as {
        transaction: { enKashTransactionId: string };
      };
      // Repeated: the one record arrives twice, each signed as the server verifies it.
      await expect.poll(() => received.length, { timeout: 10_000 }).toBe(2);
      for (const { body, signature } of received) {
        expect(JSON.parse(body.toString())).toMatchObject({
          enKashTransactionId: transaction.enKashTransactionId,
        });
        const check = verifyWebhook(
          { secret, signatureHeader: "x-enkash-signature", encoding: "hex", timestampHeader: null },
          body,
          (name) => (name === "x-enkash-signature" ? signature : null),
          { toleranceSeconds: 300 },
        );
        expect(check.ok).toBe(true);
      }
      expect(output).not.toContain(secret);
    } finally {
      sender.kill("SIGTERM");
      if (sender.exitCode === null) await once(sender, "exit");
      await new Promise((resolve) => receiver.close(resolve));
    }
  });

  it("refuses a webhook URL without a secret, and a fault rate out of range, without quoting it", async () => {
    const refusal = async (args: string[]) => {
      const bad = spawn(process.execPath, ["--import", "tsx", "src/sandbox/cli.ts", ...args], {
        stdio: ["ignore", "pipe", "pipe"],
        env: { ...process.env, ENKASH_WEBHOOK_SECRET: "" },
      });
      let errors = "";
      bad.stderr?.on("data", (chunk: Buffer) => {
        errors += chunk.toString();
      });
      const [code] = await once(bad, "exit");
      return { code, errors };
    };
    expect(await refusal(["--webhook-url", "http://127.0.0.1:9/hook"])).toEqual({
      code: 2,
      errors: expect.stringContaining("--webhook-url needs a secret to sign with"),
    });
    const rate = await refusal(["--webhook-drop", "7.25secret"]);
    expect(rate).toEqual({
      code: 2,
      errors: expect.stringContaining("--webhook-drop must be a share from 0 to 1"),
    });
    expect(rate.errors).not.toContain("7.25secret");
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
