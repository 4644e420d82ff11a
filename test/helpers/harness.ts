import { createHash } from "node:crypto";
import type { TypedDocumentNode } from "@graphql-typed-document-node/core";
import { type ExecutionResult, print } from "graphql";
import { afterAll, beforeAll, expect } from "vitest";
import { createApp } from "../../src/app.ts";
import { createAuthenticator } from "../../src/auth/authenticate.ts";
import { type MintOptions, mintToken } from "../../src/auth/mint.ts";
import { DEFAULT_PROTECTIVE_ACTIONS_WITHOUT_OTP } from "../../src/auth/otp-policy.ts";
import { pinKeyFrom } from "../../src/auth/pin-encryption.ts";
import type { ContextSettings } from "../../src/context.ts";
import { AccountDirectory } from "../../src/directory.ts";
import { EnkashClient, type EnkashClientOptions } from "../../src/enkash/client.ts";
import type { RequestLimits } from "../../src/limits.ts";
import { createJsonLogger } from "../../src/logger.ts";
import { Metrics } from "../../src/metrics.ts";
import { RateLimiter } from "../../src/rate-limit.ts";
import { type Sandbox, type SandboxOptionsInput, startSandbox } from "../../src/sandbox/index.ts";
import { MemoryStateStore, type StateStore } from "../../src/state-store.ts";
import type { TrustedDocuments } from "../../src/trusted-documents.ts";
import { assertNoSecrets, clientOptionsFor } from "./enkash.ts";
import { longestChain, recordRequests } from "./rounds.ts";
import { CREDENTIALS } from "./sandbox.ts";

/**
 * The GraphQL server in process (yoga.fetch), its EnKash client talking real HTTP to a sandbox
 * on loopback. Every log line is captured for the secrets scans.
 */
export interface Harness {
  readonly sandbox: Sandbox;
  readonly logs: string[];
  /** The server's shared state when in memory (idempotency records), for inspection. */
  readonly store: MemoryStateStore;
  gql<R, V>(
    document: TypedDocumentNode<R, V> | string,
    variables?: V,
    options?: { token?: string | null; headers?: Record<string, string>; operationName?: string },
  ): Promise<ExecutionResult<R> & { extensions?: { upstreamCalls?: UpstreamCalls } }>;
  /** A raw HTTP exchange with the GraphQL endpoint. */
  fetch(init: RequestInit & { path?: string }): Promise<Response>;
  /** A token for a viewer (partner admin of everything by default). */
  token(options?: Partial<MintOptions>): Promise<string>;
  /** Sandbox calls by route made while `run` ran (token requests left out). */
  upstream<T>(run: () => Promise<T>): Promise<{ result: T; calls: Record<string, number>; total: number }>;
  /**
   * Dependent EnKash rounds while `run` ran: the longest chain of calls each of which the client
   * created only after the one before it was answered, from the order of the client's request and
   * answer events (helpers/rounds.ts), not from clocks. Token requests are left out.
   */
  upstreamRounds<T>(run: () => Promise<T>): Promise<{ result: T; rounds: number }>;
}

interface UpstreamCalls {
  total: number;
  byOperation: Record<string, number>;
}

export const AUTH = {
  secret: "test-secret-for-hs256-tokens-0123456789",
  issuer: "enkash-graphql",
  audience: "enkash-graphql",
};

/** A partner back end's API key (configured by its hash) for company CEK7T1WMC6. */
export const API_KEY = "ek_test_company_key_5f0c1e2d3b4a";

/** One RSA key for every harness in a file (generating one takes a moment). */
export const PIN_KEY = pinKeyFrom(null);

/** A token every test server accepts (HS256 under AUTH): a partner admin of everything unless `options` say otherwise. */
export function testToken(subject: string, options: Partial<MintOptions> = {}): Promise<string> {
  return mintToken({
    secret: AUTH.secret,
    issuer: AUTH.issuer,
    audience: AUTH.audience,
    subject,
    role: "PARTNER_ADMIN",
    ...options,
  });
}

/** The authenticator every test server uses: HS256 tokens under AUTH, and API_KEY for a back end. */
export function testAuthenticator() {
  return createAuthenticator({
    jwtSecret: AUTH.secret,
    jwksUrl: null,
    issuer: AUTH.issuer,
    audience: AUTH.audience,
    clockToleranceSeconds: 30,
    apiKeys: [
      {
        sha256: createHash("sha256").update(API_KEY).digest("hex"),
        subject: "partner-backend",
        role: "COMPANY_ADMIN",
        companies: ["CEK7T1WMC6"],
      },
    ],
  });
}

export const ACCOUNTS = { CEKEP5GSGP: ["CAA8W45", "CABFIPS", "CAC7975"], CEK7T1WMC6: ["CAVBMRFE8"] };

export function useHarness(
  sandboxOptions: SandboxOptionsInput = {},
  clientOverrides: Partial<EnkashClientOptions> = {},
  appOptions: {
    introspection?: boolean;
    trustedDocuments?: TrustedDocuments;
    store?: () => StateStore;
    sandbox?: () => Sandbox;
    limits?: Partial<RequestLimits>;
    now?: () => number;
    settings?: Partial<ContextSettings>;
    /** Runs on graphql-js before compiling; 0 here (every test on the compiled executor). */
    compileAfterRuns?: number;
  } = {},
): Harness {
  let sandbox: Sandbox | undefined;
  const memory = new MemoryStateStore();
  let store: StateStore = memory;
  const metrics = new Metrics();
  let enkash: EnkashClient | undefined;
  let yoga: ReturnType<typeof createApp> | undefined;
  const logs: string[] = [];
  beforeAll(async () => {
    sandbox = appOptions.sandbox ? appOptions.sandbox() : await startSandbox({ seed: 5, ...sandboxOptions });
    if (appOptions.store) store = appOptions.store();
    const logger = createJsonLogger("debug", (line) => logs.push(line));
    enkash = new EnkashClient({
      ...clientOptionsFor(sandbox),
      logger,
      retry: { baseDelayMs: 2, maxDelayMs: 10 },
      ...clientOverrides,
    });
    yoga = createApp({
      enkash,
      directory: new AccountDirectory(ACCOUNTS, { store, logger }),
      logger,
      settings: {
        otpTtlSeconds: 300,
        pinKey: PIN_KEY,
        protectiveActionsWithoutOtp: DEFAULT_PROTECTIVE_ACTIONS_WITHOUT_OTP,
        ...appOptions.settings,
      },
      ...(appOptions.trustedDocuments ? { trustedDocuments: appOptions.trustedDocuments } : {}),
      ...(appOptions.limits ? { limits: appOptions.limits } : {}),
      ...(appOptions.now ? { now: appOptions.now } : {}),
      debugExtensions: true,
      compileAfterRuns: appOptions.compileAfterRuns ?? 0,
      graphiql: true,
      introspection: appOptions.introspection ?? true,
      limiter: new RateLimiter(store),
      store,
      metrics,
      readiness: async () => null,
      authenticate: testAuthenticator(),
    });
  });
  const minted: string[] = [];
  afterAll(async () => {
    await enkash?.close();
    const secrets = [
      CREDENTIALS.password,
      CREDENTIALS.clientSecret,
      AUTH.secret,
      API_KEY,
      ...minted,
      ...(sandbox?.auth.issuedTokens() ?? []),
    ];
    await sandbox?.close();
    await store.close();
    // Everything the server logged during this file: no secret, token or card number.
    assertNoSecrets(logs.join("\n"), secrets);
  });
  let cachedPartnerToken: Promise<string> | undefined;
  const partnerToken = () => {
    cachedPartnerToken ??= harness.token();
    return cachedPartnerToken;
  };
  const harness: Harness = {
    get sandbox() {
      if (!sandbox) throw new Error("not started");
      return sandbox;
    },
    logs,
    store: memory,
    async gql(document, variables, options = {}) {
      const query = typeof document === "string" ? document : print(document);
      const token = options.token === undefined ? await partnerToken() : options.token;
      const response = await harness.fetch({
        method: "POST",
        headers: {
          "content-type": "application/json",
          accept: "application/json",
          ...(token ? { authorization: `Bearer ${token}` } : {}),
          ...options.headers,
        },
        body: JSON.stringify({
          query,
          variables,
          ...(options.operationName ? { operationName: options.operationName } : {}),
        }),
      });
      return (await response.json()) as never;
    },
    fetch({ path = "/graphql", ...init }) {
      if (!yoga) throw new Error("not started");
      return Promise.resolve(yoga.fetch(`http://localhost${path}`, init));
    },
    token: async (options = {}) => {
      const token = await testToken("test-partner", options);
      minted.push(token);
      return token;
    },
    async upstream(run) {
      const before = harness.sandbox.calls.totals().byRoute;
      const result = await run();
      const after = harness.sandbox.calls.totals().byRoute;
      const calls: Record<string, number> = {};
      for (const [route, count] of Object.entries(after)) {
        const made = count - (before[route] ?? 0);
        if (made > 0 && route !== "token") calls[route] = made;
      }
      return { result, calls, total: Object.values(calls).reduce((sum, count) => sum + count, 0) };
    },
    async upstreamRounds(run) {
      const { sandbox } = harness;
      const tokenPath = new URL(sandbox.tokenUrl).pathname;
      const { result, spans } = await recordRequests(sandbox.url, run, (path) => !path.startsWith(tokenPath));
      return { result, rounds: longestChain(spans) };
    },
  };
  return harness;
}

/**
 * Sends `token` to /graphql with a query that needs no EnKash call: undefined when it is accepted,
 * otherwise the UNAUTHENTICATED message it was refused with (a 401). EnKash is not called either way.
 */
export async function refusalOf(h: Harness, token: string): Promise<string | undefined> {
  const before = h.sandbox.calls.count();
  const response = await h.fetch({
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
    body: JSON.stringify({ query: "query Companies { companies { companyId } }" }),
  });
  expect(h.sandbox.calls.count()).toBe(before);
  if (response.status === 200) {
    await response.text();
    return undefined;
  }
  expect(response.status).toBe(401);
  const body = (await response.json()) as { errors: { message: string; extensions: { code: string } }[] };
  expect(body.errors[0]?.extensions.code).toBe("UNAUTHENTICATED");
  return body.errors[0]?.message;
}
