import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { cpSync, mkdtempSync, rmSync, symlinkSync } from "node:fs";
import { connect, type Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";

/**
 * `npm start` itself (its prestart build, then npm running the compiled server), signalled as a
 * supervisor or a terminal signals it: the npm process, not the server, gets the signal. It runs in
 * a copy of the project so that its build does not replace the dist/ other tests run.
 */
const ROOT = join(import.meta.dirname, "../..");
let copy = "";

beforeAll(() => {
  copy = mkdtempSync(join(tmpdir(), "enkash-npm-start-"));
  for (const entry of [
    "src",
    "scripts",
    "operations",
    "package.json",
    "tsconfig.json",
    "tsconfig.build.json",
  ])
    cpSync(join(ROOT, entry), join(copy, entry), { recursive: true });
  symlinkSync(join(ROOT, "node_modules"), join(copy, "node_modules"), "dir");
});
afterAll(() => {
  if (copy) rmSync(copy, { recursive: true, force: true });
});
/** Whatever a failed test left running. */
const running: number[] = [];
afterEach(() => {
  for (const pid of running.splice(0)) if (alive(pid)) process.kill(pid, "SIGKILL");
});
/** The prestart build alone takes seconds, more on a busy machine. */
const TIMEOUT = 120_000;

interface Started {
  npm: ChildProcess;
  /** stdout and stderr so far. */
  output(): string;
  /** The server's own process (from its "listening" log line) and port. */
  serverPid: number;
  port: number;
  token: string;
}

async function npmStart(env: Record<string, string> = {}): Promise<Started> {
  const npm = spawn("npm", ["start"], {
    cwd: copy,
    env: { ...process.env, PORT: "0", SANDBOX_PORT: "0", LOG_LEVEL: "info", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  if (npm.pid) running.push(npm.pid);
  let output = "";
  npm.stdout?.on("data", (chunk: Buffer) => {
    output += chunk.toString();
  });
  npm.stderr?.on("data", (chunk: Buffer) => {
    output += chunk.toString();
  });
  // The build comes first (prestart), then the sandbox and the token check.
  await expect.poll(() => output, { timeout: 60_000 }).toMatch(/"msg":"listening"/);
  const listening = JSON.parse(output.split("\n").find((line) => line.includes('"msg":"listening"')) ?? "{}");
  const token = /partner admin\s+(\S+)/.exec(output)?.[1] ?? "";
  running.push(listening.pid);
  return { npm, output: () => output, serverPid: listening.pid, port: listening.port, token };
}

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/** Whether anything accepts connections on the port (a server left behind would). */
async function accepts(port: number): Promise<boolean> {
  const socket = connect(port, "127.0.0.1");
  try {
    await once(socket, "connect");
    return true;
  } catch {
    return false;
  } finally {
    socket.destroy();
  }
}

describe("signals to the npm start process", () => {
  it(
    "SIGTERM to npm drains the server and ends it: npm exits 0, no server process or listener left",
    async () => {
      const started = await npmStart();
      expect(started.serverPid).not.toBe(started.npm.pid);
      expect(alive(started.serverPid)).toBe(true);
      expect(await accepts(started.port)).toBe(true);

      started.npm.kill("SIGTERM");
      const [code, signal] = await once(started.npm, "exit");
      expect({ code, signal }).toEqual({ code: 0, signal: null });
      expect(started.output()).toMatch(/"reason":"SIGTERM","msg":"stopping"/);
      expect(started.output()).toMatch(/"finishedInTime":true,"msg":"drained"/);
      // npm ended only once the server had: no orphan.
      expect(alive(started.serverPid)).toBe(false);
      expect(await accepts(started.port)).toBe(false);
    },
    TIMEOUT,
  );

  it(
    "a signal repeated while the server drains (the terminal's Ctrl+C and npm's forwarded copy) does not cut the drain short",
    async () => {
      const started = await npmStart({ SHUTDOWN_GRACE_MS: "1000" });
      // A request whose body is still coming keeps the drain busy until SHUTDOWN_GRACE_MS (an open
      // subscription no longer does: subscriptions are ended, resumable, before the drain).
      const slow = await requestInProgress(started.port, started.token);
      started.npm.kill("SIGINT");
      await expect.poll(started.output, { timeout: 10_000 }).toMatch(/"msg":"stopping"/);
      // The same signal again, through npm as a terminal's would come; then SIGTERM, as a supervisor's.
      started.npm.kill("SIGINT");
      started.npm.kill("SIGTERM");

      const [code, signal] = await once(started.npm, "exit");
      slow.destroy();
      // Not ended by the repeated signal (it would be, with no handler left for it: npm then exits
      // with the server's signal), but by the drain's end.
      expect({ code, signal }).toEqual({ code: 0, signal: null });
      expect(started.output()).toMatch(/"signal":"SIGINT","msg":"already stopping"/);
      expect(started.output()).toMatch(/"signal":"SIGTERM","msg":"already stopping"/);
      // The drain ran its course: the grace period ended it, with the request still in progress.
      expect(started.output()).toMatch(/"finishedInTime":false,"msg":"drained"/);
      expect(alive(started.serverPid)).toBe(false);
      expect(await accepts(started.port)).toBe(false);
    },
    TIMEOUT,
  );
});

/** A GraphQL request sent up to half its body, then left: in progress until the server ends it. */
async function requestInProgress(port: number, token: string): Promise<Socket> {
  const socket = connect(port, "127.0.0.1");
  await once(socket, "connect");
  socket.on("error", () => {});
  socket.write(
    [
      "POST /graphql HTTP/1.1",
      `Host: 127.0.0.1:${port}`,
      "Content-Type: application/json",
      `Authorization: Bearer ${token}`,
      "Content-Length: 64",
      "",
      '{"query":',
    ].join("\r\n"),
  );
  return socket;
}
