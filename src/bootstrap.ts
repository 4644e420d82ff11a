import { randomBytes } from "node:crypto";
import { createApp } from "./app.ts";
import { createAuthenticator } from "./auth/authenticate.ts";
import { mintToken } from "./auth/mint.ts";
import { pinKeyFrom } from "./auth/pin-encryption.ts";
import type { Config, EnkashCredentials } from "./config.ts";
import { AccountDirectory } from "./directory.ts";
import { EnkashClient } from "./enkash/client.ts";
import { EnkashError } from "./enkash/errors.ts";
import { enkashSpans } from "./enkash-spans.ts";
import { EventIntake } from "./events/intake.ts";
import { MemoryEventLog } from "./events/memory-log.ts";
import { serverKeyFrom } from "./events/partner/secrets.ts";
import { PartnerWebhooks } from "./events/partner/service.ts";
import { RedisEventLog } from "./events/redis-log.ts";
import { EventSubscriptions } from "./events/subscriptions.ts";
import type { EventLog } from "./events/types.ts";
import { createJsonLogger, type Logger } from "./logger.ts";
import { Metrics } from "./metrics.ts";
import { WEBHOOK_PATH } from "./plugins/use-webhook-endpoint.ts";
import { RateLimiter } from "./rate-limit.ts";
import { createReadiness } from "./readiness.ts";
import { RedisStateStore } from "./redis-store.ts";
import { sandboxBanner } from "./sandbox/banner.ts";
import { type Sandbox, startSandbox } from "./sandbox/index.ts";
import { type RunningServer, startServer } from "./server.ts";
import { describeBindFailure } from "./shared/bind-failure.ts";
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
  /** The GraphQL endpoint, e.g. http://127.0.0.1:4000/graphql. */
  url: string;
  /** The address listened on (HOST). */
  host: string;
  port: number;
  /** The embedded sandbox, in sandbox mode. */
  sandbox: Sandbox | undefined;
  /** The card event log (src/events/): in Redis with REDIS_URL, else in this process. */
  events: EventLog;
  /** This instance's GraphQL subscriptions to card events (tests wait on `listening`). */
  subscriptions: EventSubscriptions;
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

/** The first line start-up prints: which EnKash this server moves money with. */
export function modeBanner(config: Readonly<Config>): string {
  return config.mode === "sandbox"
    ? "MODE: SANDBOX — simulated EnKash on loopback, no real money"
    : `MODE: ENKASH — ${new URL(config.credentials.baseUrl).origin}`;
}

export async function bootstrap(config: Readonly<Config>, options: BootstrapOptions): Promise<RunningApp> {
  const { print } = options;
  const logger = options.logger ?? createJsonLogger(config.logLevel);
  const banner = modeBanner(config);
  print(banner);
  logger.info(
    {
      mode: config.mode,
      ...(config.mode === "enkash" ? { enkash: new URL(config.credentials.baseUrl).origin } : {}),
    },
    banner,
  );
  let sandbox: Sandbox | undefined;
  let credentials: EnkashCredentials;
  let accounts: Record<string, string[]> = config.accounts ?? {};
  if (config.mode === "enkash") {
    credentials = config.credentials;
    if (!config.accounts) logger.warn({}, "ENKASH_ACCOUNTS is not set: no company or card account is served");
    if (!config.redisUrl)
      logger.warn(
        { mode: config.mode },
        "REDIS_URL is not set: idempotency records, OTP bounds, EnKash call rates and the card accounts created through the graph are kept by this instance alone and lost on restart; set it whenever more than one instance serves, or accounts are created through the graph",
      );
  } else {
    if (!LOOPBACK.has(config.host))
      logger.warn(
        { mode: config.mode, host: config.host },
        "HOST is set: the sandbox's API is reachable off this machine",
      );
    sandbox = await startSandbox({
      port: config.sandboxPort,
      encryption: config.encryption,
      keyDerivation: config.keyDerivation,
    }).catch(bindFailure("SANDBOX_PORT", config.sandboxPort));
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
  const redisStore = config.redisUrl ? new RedisStateStore(config.redisUrl) : null;
  const store = redisStore ?? new MemoryStateStore();
  for (const warning of (await redisStore?.durabilityWarnings()) ?? []) logger.warn({}, warning);
  const metrics = new Metrics({ clustered: config.processes > 1 });
  // Tracing only when configured: its SDK is not even loaded otherwise (src/tracing.ts).
  const tracing = config.tracing ? (await import("./tracing.ts")).startTracing(config.tracing) : null;
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
    ...(tracing ? { tracer: enkashSpans(tracing.tracer) } : {}),
    // With Redis, instances share one (encrypted) token; alone, the instance keeps its own in memory.
    ...(config.redisUrl ? { sharedToken: new EncryptedTokenStore(store, credentials) } : {}),
  });
  const eventLog: EventLog = config.redisUrl
    ? new RedisEventLog(config.redisUrl, { retentionMs: config.eventLog.retentionMs })
    : new MemoryEventLog({
        retentionMs: config.eventLog.retentionMs,
        maxEvents: config.eventLog.memoryMaxEvents,
      });
  let partnerWebhooks: PartnerWebhooks | null = null;
  const close = async () => {
    await partnerWebhooks?.close();
    await enkash.close();
    await eventLog.close();
    await store.close();
    await sandbox?.close();
    await tracing?.shutdown();
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

  // Partner webhooks out need Redis: their queue and delivery records must outlive this instance.
  if (config.redisUrl)
    partnerWebhooks = new PartnerWebhooks({
      redisUrl: config.redisUrl,
      log: eventLog,
      serverKey: partnerSigningKey(config, enkash, logger),
      settings: config.partnerWebhooks,
      observer: metrics.partnerWebhookObserver(),
      logger,
    });

  const sandboxTokens = sandbox ? await mintSandboxTokens(config, sandbox.state.examples) : null;
  if (sandboxTokens) print(sandboxTokens.printed);
  else if (sandbox) print(sandboxTokenHint(config));
  const jwtSecret = sandboxTokens?.secret ?? config.auth.jwtSecret;
  const graphiqlHeaders = sandboxTokens?.graphiqlHeaders;

  // EnKash's webhooks: signed with the configured secret; with the sandbox and none configured, a
  // secret made for this run, which the sandbox signs with (wired below, once the port is known).
  const webhookSecret = config.webhooks.secret ?? (sandbox ? randomBytes(32).toString("base64url") : null);
  const signing = webhookSecret
    ? {
        secret: webhookSecret,
        signatureHeader: config.webhooks.signatureHeader,
        encoding: config.webhooks.encoding,
        timestampHeader: config.webhooks.timestampHeader,
      }
    : null;
  if (!signing)
    logger.warn(
      {},
      "ENKASH_WEBHOOK_SECRET is not set: POST /webhooks/enkash refuses EnKash's webhooks (503) and only mutations made through this server reach the card event log",
    );
  const events = new EventIntake({
    log: eventLog,
    signing,
    toleranceSeconds: config.webhooks.toleranceSeconds,
    observer: metrics.eventObserver(),
    logger,
  });

  const directory = new AccountDirectory(accounts, { store, logger });
  // Accounts created through the graph before this start, by this instance or another.
  await directory.refresh();
  const subscriptions = new EventSubscriptions(eventLog, config.subscriptions);
  const yoga = createApp({
    enkash,
    directory,
    logger,
    settings: {
      otpTtlSeconds: config.otpTtlSeconds,
      pinKey: pinKeyFrom(config.pinPrivateKeyPem),
      protectiveActionsWithoutOtp: config.protectiveActionsWithoutOtp,
      // A lease outlives a whole EnKash call: when it lapses, what its dead owner sent is answered.
      idempotencyLeaseMs: config.timeouts.requestMs + 5_000,
    },
    ...(config.trustedDocuments ? { trustedDocuments: trustedDocumentsFrom(config.trustedDocuments) } : {}),
    debugExtensions: config.debugExtensions,
    graphiql: config.graphiql,
    introspection: config.introspection,
    corsOrigins: config.corsOrigins,
    limits: config.limits,
    limiter: new RateLimiter(store),
    store,
    metrics,
    events,
    subscriptions,
    ...(partnerWebhooks ? { partnerWebhooks } : {}),
    ...(tracing ? { tracer: tracing.tracer } : {}),
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
  const running = await startServer(yoga, {
    port: config.port,
    host: config.host,
    timeouts: config.httpTimeouts,
  }).catch(async (error: unknown) => {
    await close();
    return bindFailure("PORT", config.port)(error);
  });
  server = running;
  partnerWebhooks?.start();
  const { port } = running;
  if (sandbox && signing)
    sandbox.webhooks.configure({
      url: `http://${loopbackHost(config.host)}:${port}${WEBHOOK_PATH}`,
      signing,
    });
  const url = `http://${displayHost(config.host)}:${port}/graphql`;
  print(`GraphQL API ready at ${url}${config.graphiql ? " (GraphiQL in the browser)" : ""}`);
  logger.info({ mode: config.mode, host: config.host, port, pid: process.pid }, "listening");

  return {
    mode: config.mode,
    url,
    host: config.host,
    port,
    sandbox,
    events: eventLog,
    subscriptions,
    async stop(reason = "requested") {
      logger.info({ reason }, "stopping");
      // No more webhooks to a server that is going away.
      sandbox?.webhooks.configure(null);
      // Open subscriptions never finish on their own: they end now, resumable, before the drain.
      subscriptions.endAll();
      const { finishedInTime } = await running.drain(config.shutdownGraceMs);
      logger.info({ finishedInTime }, "drained");
      await close();
      return { finishedInTime };
    },
  };
}

/**
 * start() checked the ports before printing anything; one taken since then is refused with the
 * same line (a StartupError), not a stack trace.
 */
function bindFailure(setting: string, port: number): (error: unknown) => never {
  return (error) => {
    const line = describeBindFailure(setting, port, error);
    throw line ? new StartupError(line) : error;
  };
}

const LOOPBACK = new Set(["127.0.0.1", "::1", "localhost"]);

/** How this machine reaches the listener (the sandbox's webhooks): wildcards through loopback. */
function loopbackHost(host: string): string {
  if (host === "0.0.0.0" || host === "::" || host === "localhost") return "127.0.0.1";
  return host.includes(":") ? `[${host}]` : host;
}

/** A host to put in a URL: the wildcard addresses are reached through localhost. */
function displayHost(host: string): string {
  if (host === "0.0.0.0" || host === "::") return "localhost";
  return host.includes(":") ? `[${host}]` : host;
}

/**
 * A token per role for the sandbox, signed with a secret made for this run only, so that the
 * tokens printed and put in GraphiQL are worthless anywhere else. Null when a secret or a JWKS is
 * configured: a token signed with a persistent secret must never be shown to whoever opens the
 * page (it would be valid for as long as its lifetime, wherever that secret is trusted).
 */
async function mintSandboxTokens(
  config: Readonly<Config>,
  examples: Sandbox["state"]["examples"],
): Promise<{ secret: string; graphiqlHeaders: string; printed: string } | null> {
  if (config.auth.jwtSecret || config.auth.jwksUrl) return null;
  const secret = randomBytes(32).toString("base64url");
  const ttlSeconds = Math.min(86_400, config.auth.maxTokenLifetimeSeconds);
  const mint = (
    role: "PARTNER_ADMIN" | "COMPANY_ADMIN" | "CARDHOLDER",
    extra: { companies?: string[]; cards?: string[] } = {},
  ) =>
    mintToken({
      secret,
      issuer: config.auth.issuer,
      audience: config.auth.audience,
      subject: `sandbox-${role.toLowerCase()}`,
      role,
      ttlSeconds,
      ...extra,
    });
  const partner = await mint("PARTNER_ADMIN");
  const lines = [
    `Sandbox tokens (valid ${ttlSeconds / 3600} h, for this run only; send as Authorization: Bearer <token>):`,
    `  partner admin                       ${partner}`,
  ];
  // The seed's example company and card (a sandbox seeded without them gets the partner's alone).
  if (examples) {
    const { companyId, enKashCardId } = examples;
    const company = await mint("COMPANY_ADMIN", { companies: [companyId] });
    const cardholder = await mint("CARDHOLDER", { companies: [companyId], cards: [enKashCardId] });
    lines.push(
      `  company admin (${companyId})`.padEnd(38) + company,
      `  cardholder (${enKashCardId})`.padEnd(38) + cardholder,
    );
  }
  return {
    secret,
    graphiqlHeaders: JSON.stringify({ Authorization: `Bearer ${partner}` }, null, 2),
    printed: lines.join("\n"),
  };
}

function sandboxTokenHint(config: Readonly<Config>): string {
  return config.auth.jwtSecret
    ? "AUTH_JWT_SECRET is set, so no token is printed or put in GraphiQL (it would be valid wherever that secret is). Mint one with: npm run token -- --role PARTNER_ADMIN"
    : "AUTH_JWKS_URL is set, so no token is printed or put in GraphiQL: use a token from your identity provider.";
}

/**
 * The key partner endpoints' secrets are derived from: PARTNER_WEBHOOK_SIGNING_KEY, else one
 * derived from the EnKash credentials (every instance has them). The fallback ties every partner's
 * secret to those credentials, so with real EnKash start-up says so.
 */
function partnerSigningKey(config: Readonly<Config>, enkash: EnkashClient, logger: Logger): Buffer {
  const { signingKey } = config.partnerWebhooks;
  if (signingKey) return serverKeyFrom(signingKey);
  if (config.mode === "enkash")
    logger.warn(
      {},
      "PARTNER_WEBHOOK_SIGNING_KEY is not set: partner webhook secrets are derived from the EnKash credentials, and rotating those changes every partner's secret",
    );
  return enkash.deriveKey("enkash-graphql-partner-webhook-secrets-v1");
}
