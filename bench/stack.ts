import { request } from "undici";
import { createApp } from "../src/app.ts";
import { createAuthenticator } from "../src/auth/authenticate.ts";
import { mintToken } from "../src/auth/mint.ts";
import { DEFAULT_PROTECTIVE_ACTIONS_WITHOUT_OTP } from "../src/auth/otp-policy.ts";
import { pinKeyFrom } from "../src/auth/pin-encryption.ts";
import { AccountDirectory } from "../src/directory.ts";
import { EnkashClient } from "../src/enkash/client.ts";
import { createJsonLogger } from "../src/logger.ts";
import { Metrics } from "../src/metrics.ts";
import { RateLimiter } from "../src/rate-limit.ts";
import { startServer } from "../src/server.ts";
import { MemoryStateStore } from "../src/state-store.ts";
import { RawEnkash, startRawServer } from "./raw.ts";
import type { RemoteSandbox } from "./remote-sandbox.ts";

const SECRET = "bench-secret-with-enough-length-000000000";
const CREDENTIALS = {
  partnerId: "CRSANDBOX1",
  clientId: "CEKEP5GSGP",
  clientSecret: "sandbox-secret",
  username: "9999999999",
  password: "Sandbox@123",
};
// The RSA key for PIN encryption takes a moment to make; one per benchmark run is enough.
const pinKey = pinKeyFrom(null);

export interface GraphqlAnswer {
  data?: unknown;
  errors?: unknown;
  extensions?: { upstreamCalls?: { total: number } };
}

export interface Stack {
  /** The EnKash client the server uses, also for setting up data (e.g. a card to block). */
  enkash: EnkashClient;
  raw: RawEnkash;
  gql(query: string, variables: unknown): Promise<GraphqlAnswer>;
  /** Sets the raw baseline's handlers and returns a caller for each. */
  serveRaw(handlers: Record<string, () => Promise<unknown>>): Promise<(name: string) => Promise<unknown>>;
  close(): Promise<void>;
}

/** The GraphQL server over HTTP, as in production, in front of a sandbox; and the raw baseline. */
export async function startStack(sandbox: RemoteSandbox): Promise<Stack> {
  const options = { baseUrl: sandbox.url, tokenUrl: sandbox.tokenUrl, ...CREDENTIALS };
  // Room for a 50-card page's transaction searches in one wave (ENKASH_MAX_IN_FLIGHT=64; the
  // default of 32 would send them in two).
  const enkash = new EnkashClient({ ...options, maxInFlight: 64 });
  const store = new MemoryStateStore();
  const yoga = createApp({
    enkash,
    directory: new AccountDirectory(sandbox.accounts),
    logger: createJsonLogger("error", () => {}),
    settings: {
      otpTtlSeconds: 300,
      pinKey,
      protectiveActionsWithoutOtp: DEFAULT_PROTECTIVE_ACTIONS_WITHOUT_OTP,
    },
    debugExtensions: true,
    graphiql: false,
    introspection: true,
    limiter: new RateLimiter(store),
    store,
    metrics: new Metrics(),
    readiness: async () => null,
    authenticate: createAuthenticator({
      jwtSecret: SECRET,
      jwksUrl: null,
      issuer: "enkash-graphql",
      audience: "enkash-graphql",
      clockToleranceSeconds: 30,
      apiKeys: [],
    }),
  });
  const server = await startServer(yoga, { port: 0, host: "127.0.0.1" });
  const url = `http://127.0.0.1:${server.port}/graphql`;
  const token = await mintToken({
    secret: SECRET,
    issuer: "enkash-graphql",
    audience: "enkash-graphql",
    subject: "bench",
    role: "PARTNER_ADMIN",
    ttlSeconds: 3_600,
  });
  const raw = new RawEnkash(new URL(sandbox.url).origin, { tokenUrl: sandbox.tokenUrl, ...CREDENTIALS });
  await Promise.all([raw.login(), enkash.checkCredentials()]);
  let rawServer: Awaited<ReturnType<typeof startRawServer>> | undefined;
  return {
    enkash,
    raw,
    gql: async (query, variables) => {
      const response = await request(url, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
        body: JSON.stringify({ query, variables }),
      });
      return (await response.body.json()) as GraphqlAnswer;
    },
    serveRaw: async (handlers) => {
      rawServer = await startRawServer(handlers);
      const base = rawServer.url;
      return async (name) => {
        const response = await request(`${base}/${name}`, { method: "POST", body: "{}" });
        return response.body.json();
      };
    },
    close: async () => {
      await server.drain(1_000);
      await rawServer?.close();
      await Promise.all([enkash.close(), raw.close()]);
    },
  };
}
