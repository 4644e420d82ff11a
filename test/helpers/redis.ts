import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { afterAll, beforeAll } from "vitest";
import { freePort } from "./free-port.ts";

/** Whether a redis-server binary is on this machine (.ci/run installs it with apt). */
export function hasRedisServer(): boolean {
  try {
    execFileSync("redis-server", ["--version"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

/** A real redis-server on loopback for one test file, without persistence. */
export function useRedisServer(): { readonly url: string; stop(): Promise<void> } {
  let child: ChildProcess | undefined;
  let url = "";
  const stop = async () => {
    if (child && child.exitCode === null) {
      const exited = new Promise((resolve) => child?.once("exit", resolve));
      child.kill("SIGTERM");
      await exited;
    }
  };
  beforeAll(async () => {
    const port = await freePort();
    child = spawn(
      "redis-server",
      ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
      { stdio: "ignore" },
    );
    url = `redis://127.0.0.1:${port}`;
    for (let attempt = 0; attempt < 50; attempt++) {
      try {
        execFileSync("redis-cli", ["-p", String(port), "ping"], { stdio: "pipe" });
        return;
      } catch {
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
    throw new Error("redis-server did not start");
  });
  afterAll(stop);
  return {
    get url() {
      return url;
    },
    stop,
  };
}
