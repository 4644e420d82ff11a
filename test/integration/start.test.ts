import { createServer, type Server } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { createJsonLogger } from "../../src/logger.ts";
import { start } from "../../src/start.ts";

/**
 * src/start.ts in this process: what `npm start` would print, and the exit code it would end with,
 * for settings that must stop it before anything starts. (The process itself, signals and all, is
 * test/slow/npm-start.test.ts.)
 */
async function startInProcess(env: NodeJS.ProcessEnv) {
  const printed: string[] = [];
  const printedErrors: string[] = [];
  const started = await start(env, {
    print: (text) => printed.push(text),
    printError: (text) => printedErrors.push(text),
    logger: () => createJsonLogger("debug", (line) => printed.push(line)),
  });
  if ("running" in started) await started.running.stop();
  return { started, output: printed.join("\n"), errors: printedErrors.join("\n") };
}

describe("start(env)", () => {
  it("refuses to start on a malformed setting, naming it", async () => {
    const { started, errors } = await startInProcess({ ENKASH_BASE_URL: "https://pay-uat.enkash.in" });
    expect(started).toEqual({ exitCode: 2 });
    expect(errors).toContain(
      "ENKASH_TOKEN_URL, ENKASH_PARTNER_ID, ENKASH_CLIENT_ID, ENKASH_CLIENT_SECRET, ENKASH_USERNAME, ENKASH_PASSWORD must be set too",
    );
  });

  it("refuses to start when a deployment setting is present without EnKash credentials, instead of serving the sandbox", async () => {
    const { started, output, errors } = await startInProcess({
      AUTH_JWT_SECRET: "a-long-enough-shared-secret-for-hs256-0001",
      SANDBOX_PORT: "0",
      PORT: "0",
    });
    expect(started).toEqual({ exitCode: 2 });
    expect(errors).toContain("set ENKASH_MODE=sandbox");
    for (const text of [output, errors]) {
      expect(text).not.toContain("EnKash sandbox is running");
      expect(text).not.toContain("a-long-enough-shared-secret-for-hs256-0001");
    }
  });

  describe("a port in use", () => {
    const taken: Server[] = [];
    afterEach(async () => {
      await Promise.all(taken.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
    });
    /** A port another listener holds, as another program would. */
    async function takenPort(host = "127.0.0.1"): Promise<number> {
      const server = createServer();
      await new Promise<void>((resolve) => server.listen(0, host, resolve));
      taken.push(server);
      return (server.address() as { port: number }).port;
    }

    it("PORT in use: one line naming the setting, exit code 1, nothing printed before it", async () => {
      const port = await takenPort();
      const { started, output, errors } = await startInProcess({ PORT: String(port), SANDBOX_PORT: "0" });
      expect(started).toEqual({ exitCode: 1 });
      expect(errors).toBe(`PORT ${port} is already in use; set PORT to a free port.`);
      // No banner, no sandbox, no tokens: start-up stopped before anything.
      expect(output).toBe("");
    });

    it("SANDBOX_PORT in use: one line naming the setting, before the banner and the tokens", async () => {
      const port = await takenPort();
      const { started, output, errors } = await startInProcess({ PORT: "0", SANDBOX_PORT: String(port) });
      expect(started).toEqual({ exitCode: 1 });
      expect(errors).toBe(`SANDBOX_PORT ${port} is already in use; set SANDBOX_PORT to a free port.`);
      expect(output).toBe("");
    });

    it("HOST not an address of this machine: one line naming HOST, before anything", async () => {
      // TEST-NET-1 (RFC 5737): never assigned to a machine.
      const { started, output, errors } = await startInProcess({
        HOST: "192.0.2.1",
        PORT: "4000",
        SANDBOX_PORT: "0",
      });
      expect(started).toEqual({ exitCode: 1 });
      expect(errors).toBe(
        "HOST is not an address of this machine; set HOST to one of its addresses (or 0.0.0.0).",
      );
      expect(output).toBe("");
    });

    it("PORT and SANDBOX_PORT set to the same free port: the second is refused, before anything", async () => {
      const port = await takenPort();
      await new Promise((resolve) => taken.pop()?.close(resolve));
      const { started, output, errors } = await startInProcess({
        HOST: "127.0.0.1",
        PORT: String(port),
        SANDBOX_PORT: String(port),
      });
      expect(started).toEqual({ exitCode: 1 });
      expect(errors).toBe(`SANDBOX_PORT ${port} is already in use; set SANDBOX_PORT to a free port.`);
      expect(output).toBe("");
    });
  });
});
