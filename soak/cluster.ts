import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { once } from "node:events";
import { createWriteStream } from "node:fs";
import { join } from "node:path";
import { request } from "undici";
import type { Sandbox } from "../src/sandbox/index.ts";
import { freePort } from "../test/helpers/free-port.ts";

/**
 * What the soaks run: a real redis-server, server instances as child processes (`src/main.ts`)
 * against one sandbox, and a GraphQL POST as a client sends it.
 */

export const SOAK_SECRET = "soak-test-secret-with-enough-length-000000";

const children = new Set<ChildProcess>();
process.on("exit", () => {
  for (const child of children) if (child.exitCode === null) child.kill("SIGKILL");
});

function track(child: ChildProcess): ChildProcess {
  children.add(child);
  child.once("exit", () => children.delete(child));
  return child;
}

export interface RedisServer {
  readonly port: number;
  readonly url: string;
  /** Stops it (SIGKILL for a crash, SIGTERM for a shutdown). */
  stop(signal?: NodeJS.Signals): Promise<void>;
  /** Starts it again on the same port, with whatever it persisted. */
  start(): Promise<void>;
}

/** A redis-server on loopback; with `appendOnlyDir`, it persists (AOF, fsync on every write). */
export async function startRedis(options: { appendOnlyDir?: string } = {}): Promise<RedisServer> {
  const port = await freePort();
  const args = ["--port", String(port), "--bind", "127.0.0.1", "--save", ""];
  args.push(
    ...(options.appendOnlyDir
      ? ["--appendonly", "yes", "--appendfsync", "always", "--dir", options.appendOnlyDir]
      : ["--appendonly", "no"]),
  );
  let child: ChildProcess | undefined;
  const server: RedisServer = {
    port,
    url: `redis://127.0.0.1:${port}`,
    async stop(signal = "SIGTERM") {
      if (!child || child.exitCode !== null) return;
      const exited = once(child, "exit");
      child.kill(signal);
      await exited;
    },
    async start() {
      child = track(spawn("redis-server", args, { stdio: "ignore" }));
      for (let i = 0; i < 100; i++) {
        try {
          execFileSync("redis-cli", ["-p", String(port), "ping"], { stdio: "pipe" });
          return;
        } catch {
          await sleep(50);
        }
      }
      throw new Error("redis-server did not start");
    },
  };
  await server.start();
  return server;
}

/** The environment of a server instance on the sandbox and Redis (real-EnKash mode, as deployed). */
export function instanceEnv(sandbox: Sandbox, redisUrl: string, extra: Record<string, string> = {}) {
  return {
    ...process.env,
    ENKASH_BASE_URL: sandbox.url,
    ENKASH_TOKEN_URL: sandbox.tokenUrl,
    ENKASH_PARTNER_ID: "CRSANDBOX1",
    ENKASH_CLIENT_ID: "CEKEP5GSGP",
    ENKASH_CLIENT_SECRET: "sandbox-secret",
    ENKASH_USERNAME: "9999999999",
    ENKASH_PASSWORD: "Sandbox@123",
    ENKASH_ACCOUNTS: "CEKEP5GSGP:CAA8W45,CABFIPS,CAC7975;CEK7T1WMC6:CAVBMRFE8",
    AUTH_JWT_SECRET: SOAK_SECRET,
    REDIS_URL: redisUrl,
    GRAPHQL_DEBUG_EXTENSIONS: "false",
    LOG_LEVEL: "error",
    ...extra,
  };
}

export interface Instance {
  child: ChildProcess;
  url: string;
  port: number;
}

/** Starts `src/main.ts` on `port` (a free one when absent) and waits until it serves. */
export async function startInstance(env: NodeJS.ProcessEnv, port?: number): Promise<Instance> {
  const chosen = port ?? (await freePort());
  const child = track(
    spawn(process.execPath, ["--import", "tsx", "src/main.ts"], {
      env: { ...env, PORT: String(chosen) },
      stdio: ["ignore", "pipe", "pipe"],
    }),
  );
  let output = "";
  child.stdout?.on("data", (chunk: Buffer) => {
    output += chunk.toString();
  });
  // SOAK_LOGS=dir keeps each instance's log (JSON lines) for a look after a failed check.
  if (process.env.SOAK_LOGS)
    child.stderr?.pipe(
      createWriteStream(join(process.env.SOAK_LOGS, `instance-${chosen}.log`), { flags: "a" }),
    );
  else child.stderr?.resume();
  for (let i = 0; i < 600 && !output.includes("GraphQL API ready"); i++) {
    if (child.exitCode !== null) break;
    await sleep(50);
  }
  if (!output.includes("GraphQL API ready")) throw new Error("an instance did not start");
  return { child, url: `http://127.0.0.1:${chosen}`, port: chosen };
}

export interface GraphqlAnswer {
  status: number;
  body: {
    data?: Record<string, ({ userErrors?: { code: string }[] } & Record<string, unknown>) | null>;
    errors?: { extensions?: { code?: string } }[];
  };
}

/** One GraphQL POST, as a client sends it. Throws on a network failure (an instance gone). */
export async function postGraphql(
  url: string,
  token: string,
  query: string,
  variables: unknown,
): Promise<GraphqlAnswer> {
  const response = await request(`${url}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
    headersTimeout: 30_000,
    bodyTimeout: 30_000,
  });
  return { status: response.statusCode, body: (await response.body.json()) as GraphqlAnswer["body"] };
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export const bump = (counter: Record<string, number>, key: string) => {
  counter[key] = (counter[key] ?? 0) + 1;
};
