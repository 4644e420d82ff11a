import { spawn } from "node:child_process";
import { once } from "node:events";
import { createServer, type Server } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

/**
 * A port someone else holds, met by the real processes: one line on stderr naming the setting (or
 * option), nothing on stdout before it (no banner, no tokens), exit code 1, no stack trace.
 */
let holder: Server;
let port = 0;
beforeAll(async () => {
  holder = createServer();
  await new Promise<void>((resolve) => holder.listen(0, "127.0.0.1", resolve));
  port = (holder.address() as { port: number }).port;
});
afterAll(async () => {
  await new Promise((resolve) => holder.close(resolve));
});

/** Loading src/main.ts through tsx takes seconds, many on a busy machine; the refusal itself is instant. */
const TIMEOUT = 60_000;

async function run(args: string[], env: Record<string, string>) {
  const child = spawn(process.execPath, ["--import", "tsx", ...args], {
    env: { ...process.env, LOG_LEVEL: "info", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout?.on("data", (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  child.stderr?.on("data", (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const [code] = await once(child, "exit");
  return { code, stdout, stderr };
}

describe("a port in use", () => {
  it(
    "PORT: the server prints one line naming PORT and exits 1",
    async () => {
      const result = await run(["src/main.ts"], { PORT: String(port), SANDBOX_PORT: "0" });
      expect(result).toEqual({
        code: 1,
        stdout: "",
        stderr: `PORT ${port} is already in use; set PORT to a free port.\n`,
      });
    },
    TIMEOUT,
  );

  it(
    "SANDBOX_PORT: the server prints one line naming SANDBOX_PORT and exits 1",
    async () => {
      const result = await run(["src/main.ts"], { PORT: "0", SANDBOX_PORT: String(port) });
      expect(result).toEqual({
        code: 1,
        stdout: "",
        stderr: `SANDBOX_PORT ${port} is already in use; set SANDBOX_PORT to a free port.\n`,
      });
    },
    TIMEOUT,
  );

  it(
    "npm run sandbox --port: one line naming --port, exit 1",
    async () => {
      const result = await run(["src/sandbox/cli.ts", "--port", String(port)], {});
      expect(result).toEqual({
        code: 1,
        stdout: "",
        stderr: `--port ${port} is already in use; set --port to a free port.\n`,
      });
    },
    TIMEOUT,
  );
});
