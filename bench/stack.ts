import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { mintToken } from "../src/auth/mint.ts";
import { EnkashClient } from "../src/enkash/client.ts";
import { RawEnkash } from "./raw.ts";
import type { RemoteSandbox } from "./remote-sandbox.ts";
import { type ServerProcess, spawnServer } from "./server-process.ts";

const ROOT = join(import.meta.dirname, "..");
const SECRET = "bench-secret-with-enough-length-000000000";
const CREDENTIALS = {
  partnerId: "CRSANDBOX1",
  clientId: "CEKEP5GSGP",
  clientSecret: "sandbox-secret",
  username: "9999999999",
  password: "Sandbox@123",
};

export interface GraphqlAnswer {
  data?: unknown;
  errors?: unknown;
  extensions?: { upstreamCalls?: { total: number } };
}

/** The environment every server under test gets: where the sandbox is and how to log in. */
export function enkashEnv(sandbox: RemoteSandbox): Record<string, string> {
  return {
    ENKASH_BASE_URL: sandbox.url,
    ENKASH_TOKEN_URL: sandbox.tokenUrl,
    ENKASH_PARTNER_ID: CREDENTIALS.partnerId,
    ENKASH_CLIENT_ID: CREDENTIALS.clientId,
    ENKASH_CLIENT_SECRET: CREDENTIALS.clientSecret,
    ENKASH_USERNAME: CREDENTIALS.username,
    ENKASH_PASSWORD: CREDENTIALS.password,
    PORT: "0",
  };
}

export interface Stack {
  /** This project's server, in its own process. */
  server: ServerProcess;
  /** The bench's own EnKash client, for setting up data (e.g. a card to block) outside any server. */
  enkash: EnkashClient;
  /** The bench's raw EnKash caller, for working out minimums from the sandbox's data. */
  raw: RawEnkash;
  gql(query: string, variables: unknown): Promise<GraphqlAnswer>;
  close(): Promise<void>;
}

let built = false;

/**
 * Builds dist/ (emit only, as `npm start` does) once per bench run: the server under test runs
 * the compiled JavaScript production runs, not the sources through tsx.
 */
function buildOnce(): void {
  if (built) return;
  const result = spawnSync(process.execPath, [join(ROOT, "scripts/build.mjs"), "--no-check"], {
    stdio: "inherit",
  });
  if (result.status !== 0) throw new Error("npm run build failed");
  built = true;
}

/**
 * This project's server as production runs it (`node --max-semi-space-size=64 dist/src/main.js`,
 * NODE_ENV=production) in a process of its own, configured by environment for the sandbox.
 * `env` is laid over the defaults (e.g. PROCESSES and REDIS_URL once src/main.ts runs several);
 * `nodeArgs` go before the script (e.g. --cpu-prof for bench/profile.ts).
 */
export async function startStack(
  sandbox: RemoteSandbox,
  options: { env?: Record<string, string>; nodeArgs?: string[] } = {},
): Promise<Stack> {
  buildOnce();
  const server = await spawnServer({
    name: "enkash-graphql",
    command: process.execPath,
    args: ["--max-semi-space-size=64", ...(options.nodeArgs ?? []), join(ROOT, "dist/src/main.js")],
    cwd: ROOT,
    env: {
      PATH: process.env.PATH,
      NODE_ENV: "production",
      ...enkashEnv(sandbox),
      ENKASH_MODE: "enkash",
      ENKASH_ACCOUNTS: Object.entries(sandbox.accounts)
        .map(([company, accounts]) => `${company}:${accounts.join(",")}`)
        .join(";"),
      AUTH_JWT_SECRET: SECRET,
      GRAPHQL_DEBUG_EXTENSIONS: "true",
      INTROSPECTION: "true",
      // Room for a 50-card page's transaction searches in one wave (the default of 32 sends two).
      ENKASH_MAX_IN_FLIGHT: "64",
      HOST: "127.0.0.1",
      LOG_LEVEL: "error",
      SHUTDOWN_GRACE_MS: "1000",
      ...options.env,
    },
  });
  const token = await mintToken({
    secret: SECRET,
    issuer: "enkash-graphql",
    audience: "enkash-graphql",
    subject: "bench",
    role: "PARTNER_ADMIN",
    ttlSeconds: 3_600,
  });
  const enkash = new EnkashClient({ baseUrl: sandbox.url, tokenUrl: sandbox.tokenUrl, ...CREDENTIALS });
  const raw = new RawEnkash(new URL(sandbox.url).origin, { tokenUrl: sandbox.tokenUrl, ...CREDENTIALS });
  await Promise.all([raw.login(), enkash.checkCredentials()]);
  const headers = { authorization: `Bearer ${token}` };
  return {
    server,
    enkash,
    raw,
    gql: (query, variables) =>
      server.post("/graphql", { query, variables }, headers) as Promise<GraphqlAnswer>,
    close: async () => {
      await server.close();
      await Promise.all([enkash.close(), raw.close()]);
    },
  };
}
