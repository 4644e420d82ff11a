import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { request } from "undici";

/** A server under test in a process of its own, as the bench started it. */
export interface ServerProcess {
  name: string;
  /** Origin, e.g. http://127.0.0.1:41234 */
  origin: string;
  /** Its CPU and memory are this pid's and its descendants' (bench/process-tree.ts). */
  pid: number;
  /** POSTs JSON to a path and reads the JSON answer. */
  post(path: string, body: unknown, headers?: Record<string, string>): Promise<unknown>;
  close(): Promise<void>;
}

/**
 * Starts `command args` and waits for the line it prints once it listens ("… ready at
 * http://127.0.0.1:PORT/…"): every server is started with PORT=0 and says where it landed, so no
 * port is guessed. Its stderr is passed through (servers run at LOG_LEVEL=error); a server that
 * exits before it is ready fails the bench with its output.
 */
export async function spawnServer(options: {
  name: string;
  command: string;
  args: string[];
  cwd?: string;
  env: Record<string, string | undefined>;
}): Promise<ServerProcess> {
  const child: ChildProcess = spawn(options.command, options.args, {
    cwd: options.cwd,
    env: options.env,
    stdio: ["ignore", "pipe", "inherit"],
  });
  const origin = await new Promise<string>((resolve, reject) => {
    let seen = "";
    const onData = (chunk: Buffer) => {
      seen += chunk.toString();
      const found = /ready at (https?:\/\/[^/\s]+)/.exec(seen);
      if (found?.[1]) {
        child.stdout?.off("data", onData);
        child.off("exit", onExit);
        // Drained from here on, so that a chatty server never blocks on a full pipe.
        child.stdout?.resume();
        resolve(found[1]);
      }
    };
    const onExit = (code: number | null) =>
      reject(new Error(`${options.name} exited (${code}) before it was ready:\n${seen}`));
    child.stdout?.on("data", onData);
    child.once("exit", onExit);
  });
  return {
    name: options.name,
    origin,
    pid: child.pid ?? 0,
    post: async (path, body, headers = {}) => {
      const response = await request(`${origin}${path}`, {
        method: "POST",
        headers: { "content-type": "application/json", ...headers },
        body: JSON.stringify(body),
      });
      return response.body.json();
    },
    close: async () => {
      if (child.exitCode !== null) return;
      const exited = once(child, "exit");
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 5_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
