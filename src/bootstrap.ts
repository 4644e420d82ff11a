import { randomBytes } from "node:crypto";
import { createApp } from "./app.ts";
import { createAuthenticator } from "./auth/authenticate.ts";
import { mintToken } from "./auth/mint.ts";
import { pinKeyFrom } from "./auth/pin-encryption.ts";
import type { Config, EnkashCredentials } from "./config.ts";
import { AccountDirectory } from "./directory.ts";
import { EnkashClient } from "./enkash/client.ts";
import { EnkashError } from "./enkash/errors.ts";
import { createJsonLogger, type Logger } from "./logger.ts";
import { Metrics } from "./metrics.ts";
import { RateLimiter } from "./rate-limit.ts";
import { createReadiness } from "./readiness.ts";
import { RedisStateStore } from "./redis-store.ts";
import { sandboxBanner } from "./sandbox/banner.ts";
import { type Sandbox, startSandbox } from "./sandbox/index.ts";
import { type RunningServer, startServer } from "./server.ts";
import { MemoryStateStore } from "./state-store.ts";
import { EncryptedTokenStore } from "./token-sharing.ts";
import { trustedDocumentsFrom } from "./trusted-documents.ts";

/**
 * Starts the server from a parsed configuration: the EnKash client (on the embedded sandbox or the
 * real EnKash), proof that an EnKash token can be had, then /graphql. No process.env and no
 * process.exit here, so tests start it in process; src/main.ts is the thin shell around it.
 */
export interface BootstrapOptions {
  /** Where the human-readable lines go (the sandbox's details, tokens, "ready"): stdout in main. */
  print(text: string): void;
  /** Structured logs; JSON lines on stderr at the configured level by default. */
  logger?: Logger;
}

export interface RunningApp {
  mode: Config["mode"];
  /** The GraphQL endpoint, e.g. http://localhost:4000/graphql. */
  url: string;
  port: number;
  /** The embedded sandbox, in sandbox mode. */
  sandbox: Sandbox | undefined;
  /** Readiness turns 503, accepted requests get SHUTDOWN_GRACE_MS to finish, then everything closes. */
  stop(reason?: string): Promise<{ finishedInTime: boolean }>;
}

/** Start-up could not complete (e.g. no EnKash token); the message names why, never a secret. */
export class StartupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "StartupError";
  }
}

export async function bootstrap(config: Readonly<Config>, options: BootstrapOptions): Promise<RunningApp> {
  const { print } = options;
  const logger = options.logger ?? createJsonLogger(config.logLevel);
  let sandbox: Sandbox | undefined;
  let credentials: EnkashCredentials;
  let accounts: Record<string, string[]> = config.accounts ?? {};
  if (config.credentials) {
    credentials = config.credentials;
    if (!config.accounts) logger.warn({}, "ENKASH_ACCOUNTS is not set: no company or card account is served");
  } else {
    sandbox = await startSandbox({
      port: config.sandboxPort,
      encryption: config.encryption,
      keyDerivation: config.keyDerivation,
    });
    print(sandboxBanner(sandbox));
    credentials = {
      baseUrl: sandbox.url,
      tokenUrl: sandbox.tokenUrl,
      pgBaseUrl: undefined,
      ...sandbox.options.credentials,
    };
    if (!config.accounts) {
      accounts = {};
      for (const account of sandbox.state.accounts.values())
        accounts[account.companyId] = [...(accounts[account.companyId] ?? []), account.cardAccountId];
    }
  }

  let server: RunningServer | undefined;
  const store = config.redisUrl ? new RedisStateStore(config.redisUrl) : new MemoryStateStore();
  const metrics = new Metrics();
  const enkash = new EnkashClient({
    ...credentials,
    ...(credentials.pgBaseUrl ? { pgBaseUrl: credentials.pgBaseUrl } : {}),
    encryption: config.encryption,
    keyDerivation: config.keyDerivation,
    timeouts: config.timeouts,
    connections: config.connections,
    maxInFlight: config.maxInFlight,
    retry: { maxRetries: config.readRetries },
    breaker: { coolDownMs: config.breakerCoolDownMs },
    logger,
    observer: metrics.enkashObserver(),
    // With Redis, instances share one (encrypted) token; alone, the instance keeps its own in memory.
    ...(config.redisUrl ? { sharedToken: new EncryptedTokenStore(store, credentials) } : {}),
  });
  const close = async () => {
    await enkash.close();
    await store.close();
    await sandbox?.close();
  };

  try {
    await enkash.checkCredentials();
    logger.info(
      { mode: config.mode, enkash: new URL(credentials.baseUrl).origin },
      "EnKash credentials accepted",
    );
  } catch (error) {
    const reason = error instanceof EnkashError ? `${error.code}: ${error.message}` : "unexpected error";
    logger.error({ mode: config.mode }, `Cannot obtain an EnKash token (${reason})`);
    await close();
    throw new StartupError(`Cannot obtain an EnKash token (${reason})`);
  }

  // With the sandbox and no secret configured, make one for this run and hand out a token per role.
  const jwtSecret =
    config.auth.jwtSecret ?? (sandbox && !config.auth.jwksUrl ? randomBytes(32).toString("base64url") : null);
  let graphiqlHeaders: string | undefined;
  if (sandbox && jwtSecret) {
    const mint = (
      role: "PARTNER_ADMIN" | "COMPANY_ADMIN" | "CARDHOLDER",
      extra: { companies?: string[]; cards?: string[] } = {},
    ) =>
      mintToken({
        secret: jwtSecret,
        issuer: config.auth.issuer,
        audience: config.auth.audience,
        subject: `sandbox-${role.toLowerCase()}`,
        role,
        ttlSeconds: Math.min(86_400, config.auth.maxTokenLifetimeSeconds),
        ...extra,
      });
    const partner = await mint("PARTNER_ADMIN");
    const company = await mint("COMPANY_ADMIN", { companies: ["CEKEP5GSGP"] });
    const cardholder = await mint("CARDHOLDER", { companies: ["CEKEP5GSGP"], cards: ["EKCMB7KAEW"] });
    graphiqlHeaders = JSON.stringify({ Authorization: `Bearer ${partner}` }, null, 2);
    // Sandbox-only tokens for a secret made up this run; printing them is the point of the sandbox.
    print(
      [
        "Sandbox tokens (valid 24 h, for this run only; send as Authorization: Bearer <token>):",
        `  partner admin                       ${partner}`,
        `  company admin (CEKEP5GSGP)          ${company}`,
        `  cardholder (EKCMB7KAEW)             ${cardholder}`,
      ].join("\n"),
    );
  }

  const yoga = createApp({
    enkash,
    directory: new AccountDirectory(accounts),
    logger,
    settings: { otpTtlSeconds: config.otpTtlSeconds, pinKey: pinKeyFrom(config.pinPrivateKeyPem) },
    ...(config.trustedDocuments ? { trustedDocuments: trustedDocumentsFrom(config.trustedDocuments) } : {}),
    debugExtensions: config.debugExtensions,
    graphiql: config.graphiql,
    introspection: config.introspection,
    corsOrigins: config.corsOrigins,
    limiter: new RateLimiter(store),
    store,
    metrics,
    readiness: createReadiness({ enkash, store, draining: () => server?.draining ?? false }),
    ...(graphiqlHeaders ? { graphiqlHeaders } : {}),
    authenticate: createAuthenticator({
      jwtSecret,
      jwksUrl: config.auth.jwksUrl,
      issuer: config.auth.issuer,
      audience: config.auth.audience,
      clockToleranceSeconds: 30,
      apiKeys: config.auth.apiKeys,
      maxTokenLifetimeSeconds: config.auth.maxTokenLifetimeSeconds,
    }),
  });
  const running = await startServer(yoga, { port: config.port, timeouts: config.httpTimeouts });
  server = running;
  const { port } = running;
  const url = `http://localhost:${port}/graphql`;
  print(`GraphQL API ready at ${url}${config.graphiql ? " (GraphiQL in the browser)" : ""}`);
  logger.info({ port, mode: config.mode }, "listening");

  return {
    mode: config.mode,
    url,
    port,
    sandbox,
    async stop(reason = "requested") {
      logger.info({ reason }, "stopping");
      const { finishedInTime } = await running.drain(config.shutdownGraceMs);
      logger.info({ finishedInTime }, "drained");
      await close();
      return { finishedInTime };
    },
  };
}
