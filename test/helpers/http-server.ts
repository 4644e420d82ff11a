import { afterAll, beforeAll } from "vitest";
import { type AppOptions, createApp } from "../../src/app.ts";
import type { MintOptions } from "../../src/auth/mint.ts";
import { DEFAULT_PROTECTIVE_ACTIONS_WITHOUT_OTP } from "../../src/auth/otp-policy.ts";
import { AccountDirectory } from "../../src/directory.ts";
import { EnkashClient } from "../../src/enkash/client.ts";
import { enkashSpans } from "../../src/enkash-spans.ts";
import { createJsonLogger } from "../../src/logger.ts";
import { Metrics } from "../../src/metrics.ts";
import { RateLimiter } from "../../src/rate-limit.ts";
import { type Sandbox, startSandbox } from "../../src/sandbox/index.ts";
import { type RunningServer, type ServerOptions, startServer } from "../../src/server.ts";
import { MemoryStateStore } from "../../src/state-store.ts";
import { clientOptionsFor } from "./enkash.ts";
import { ACCOUNTS, PIN_KEY, testAuthenticator, testToken } from "./harness.ts";

/**
 * The GraphQL server as deployed: createApp behind the real node:http listener (startServer) on
 * 127.0.0.1:0, its EnKash client on a sandbox on loopback. For tests where the HTTP layer itself
 * is under test (methods, headers, CORS, timeouts), which `yoga.fetch` would skip.
 */
export interface HttpServer {
  /** `http://127.0.0.1:<port>` */
  readonly base: string;
  readonly sandbox: Sandbox;
  readonly logs: string[];
  /** A token for a viewer (partner admin of everything by default). */
  token(options?: Partial<MintOptions>): Promise<string>;
}

export type HttpServerOptions = Partial<
  Pick<
    AppOptions,
    | "graphiql"
    | "introspection"
    | "trustedDocuments"
    | "graphiqlHeaders"
    | "corsOrigins"
    | "events"
    | "subscriptions"
    | "metrics"
    | "tracer"
  >
>;

export function useHttpServer(
  options: HttpServerOptions = {},
  server: Pick<ServerOptions, "timeouts" | "connectionsCheckingIntervalMs"> = {},
): HttpServer {
  let sandbox: Sandbox | undefined;
  let enkash: EnkashClient | undefined;
  let running: RunningServer | undefined;
  let base = "";
  const logs: string[] = [];
  beforeAll(async () => {
    sandbox = await startSandbox({ seed: 5 });
    // With a tracer (tracing on), log lines carry span IDs and EnKash attempts are spans, as in bootstrap.
    const { tracer } = options;
    const logger = createJsonLogger("debug", (line) => logs.push(line), { traceIds: tracer !== undefined });
    enkash = new EnkashClient({
      ...clientOptionsFor(sandbox),
      logger,
      ...(tracer ? { tracer: enkashSpans(tracer) } : {}),
    });
    const store = new MemoryStateStore();
    const yoga = createApp({
      enkash,
      directory: new AccountDirectory(ACCOUNTS),
      logger,
      settings: {
        otpTtlSeconds: 300,
        pinKey: PIN_KEY,
        protectiveActionsWithoutOtp: DEFAULT_PROTECTIVE_ACTIONS_WITHOUT_OTP,
      },
      debugExtensions: false,
      graphiql: false,
      introspection: false,
      limiter: new RateLimiter(store),
      store,
      metrics: new Metrics(),
      readiness: async () => null,
      authenticate: testAuthenticator(),
      ...options,
    });
    running = await startServer(yoga, { port: 0, host: "127.0.0.1", ...server });
    base = `http://127.0.0.1:${running.port}`;
  });
  afterAll(async () => {
    await running?.drain(0);
    await enkash?.close();
    await sandbox?.close();
  });
  return {
    get base() {
      return base;
    },
    get sandbox() {
      if (!sandbox) throw new Error("not started");
      return sandbox;
    },
    logs,
    token: (overrides = {}) => testToken("http-test", overrides),
  };
}
