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

/** A real redis-server on loopback for one test file, without persistence (restartable). */
export function useRedisServer(): { readonly url: string; stop(): Promise<void>; start(): Promise<void> } {
  let child: ChildProcess | undefined;
  let url = "";
  let port = 0;
  const stop = async () => {
    if (child && child.exitCode === null) {
      const exited = new Promise((resolve) => child?.once("exit", resolve));
      child.kill("SIGTERM");
      await exited;
    }
  };
  /** Starts redis-server on the file's port: at first, and again after stop() (its data gone). */
  const start = async () => {
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
  };
  beforeAll(async () => {
    port = await freePort();
    await start();
  });
  afterAll(stop);
  return {
    get url() {
      return url;
    },
    stop,
    start,
  };
}
