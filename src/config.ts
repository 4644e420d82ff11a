import { availableParallelism } from "node:os";
import { z } from "zod";
import type { ApiKeyEntry } from "./auth/authenticate.ts";
import { DEFAULT_PROTECTIVE_ACTIONS_WITHOUT_OTP } from "./auth/otp-policy.ts";
import { type Role, SCOPES } from "./auth/viewer.ts";
import { chooseMode } from "./deploy-mode.ts";
import { parseAccountList } from "./directory.ts";
import type { PartnerWebhookSettings } from "./events/partner/service.ts";
import { parseAllowList } from "./events/partner/ssrf.ts";
import { DEFAULT_LIMITS, type RequestLimits } from "./limits.ts";
import { DEFAULT_SIGNATURE_HEADER } from "./shared/webhook-signature.ts";
import { describeZodIssues } from "./shared/zod-issues.ts";

/**
 * The server's configuration, parsed from the environment with zod. Which EnKash it uses (the
 * embedded sandbox or the real one) is decided in deploy-mode.ts. Errors name the setting and the
 * rule, never the value (several settings are secrets).
 *
 * Every setting carries its meaning in `.meta({ description })`, and `whenUnset` where the schema
 * has no default value of its own (the default depends on the mode, or is applied below):
 * scripts/config-doc.ts renders docs/configuration.md from them (`npm run docs:config`), and a test
 * fails when the committed page differs.
 */

/** What docs/configuration.md says about a setting (a type, not an interface: zod's meta is a record). */
export type SettingMeta = {
  /** What the setting does, one or two sentences (Markdown). */
  description: string;
  /** What happens when it is not set, for settings whose schema gives no default value. */
  whenUnset?: string;
};
const about = (description: string, whenUnset?: string): SettingMeta =>
  whenUnset === undefined ? { description } : { description, whenUnset };

/** Where /graphql listens when HOST is unset. */
const SANDBOX_HOST = "127.0.0.1";
const ENKASH_HOST = "0.0.0.0";
const BY_MODE = "on with the sandbox, off with EnKash";

const integer = (min: number, max: number, fallback: number) =>
  z
    .string()
    .regex(/^\d+$/, { message: "must be a whole number" })
    .transform(Number)
    .pipe(
      z
        .number()
        .min(min, { message: `must be at least ${min}` })
        .max(max, { message: `must be at most ${max}` }),
    )
    .optional()
    .transform((value) => value ?? fallback);

const httpUrl = z.string().refine(
  (value) => {
    try {
      return ["http:", "https:"].includes(new URL(value).protocol);
    } catch {
      return false;
    }
  },
  { message: "must be an absolute http(s) URL" },
);
const secret = z.string().min(1, { message: "must not be empty" });

/** An exact browser origin: http(s), host and port, nothing else (as a browser sends `Origin`). */
const isOrigin = (value: string) => {
  try {
    const url = new URL(value);
    return ["http:", "https:"].includes(url.protocol) && url.origin === value;
  } catch {
    return false;
  }
};
const originList = z
  .string()
  .transform((text) => text.split(",").map((origin) => origin.trim()))
  .refine((origins) => origins.every(isOrigin), {
    message:
      "must be comma-separated origins like https://app.example.in (scheme, lower-case host and port only, no path or slash)",
  });

/** An HTTP header's name, read in lower case (as node:http gives headers). */
const headerName = z
  .string()
  .regex(/^[A-Za-z0-9-]{1,64}$/, { message: "must be a header name (letters, digits and -)" })
  .transform((name) => name.toLowerCase());

/** Admin roles, comma-separated, or `none` (a cardholder can never be named). */
const ADMIN_ROLES: readonly Role[] = ["PARTNER_ADMIN", "COMPANY_ADMIN"];
const roleList = z
  .string()
  .transform((text) => (text.trim() === "none" ? [] : text.split(",").map((role) => role.trim())))
  .refine((roles) => roles.every((role) => ADMIN_ROLES.includes(role as Role)), {
    message: "must list PARTNER_ADMIN, COMPANY_ADMIN, or be none",
  })
  .transform((roles) => roles as Role[]);

export const tuningSchema = z.object({
  ENKASH_MODE: z
    .enum(["sandbox", "enkash"])
    .optional()
    .meta(
      about(
        "Which EnKash to use, explicitly. With `sandbox` the embedded sandbox runs and no credential may be set; with `enkash` all seven credentials are required.",
        "chosen from what is set (see above)",
      ),
    ),
  // Default by mode: loopback for the sandbox, every interface for real EnKash.
  HOST: z
    .string()
    .min(1)
    .optional()
    .meta(
      about(
        "Address `/graphql` listens on. With the sandbox, any address but loopback logs a warning: the sandbox's API would be reachable off the machine.",
        `\`${SANDBOX_HOST}\` with the sandbox, \`${ENKASH_HOST}\` with EnKash`,
      ),
    ),
  ENKASH_ENCRYPTION: z
    .enum(["none", "aes-128-ecb"])
    .default("none")
    .meta(
      about(
        '`aes-128-ecb` wraps card API request and answer bodies as EnKash\'s encryption guide describes (`{"request": "<base64>"}`, keyed from the client secret); the token endpoint and Payment Gateway calls stay plain. The embedded sandbox speaks the same setting.',
      ),
    ),
  ENKASH_KEY_DERIVATION: z
    .enum(["sha256-16", "raw-16"])
    .default("sha256-16")
    .meta(
      about(
        "How the AES key comes from the client secret: `sha256-16`, the first 16 bytes of its SHA-256 (EnKash's NodeJS sample), or `raw-16`, its first 16 bytes, zero-padded.",
      ),
    ),
  ENKASH_CONNECT_TIMEOUT_MS: integer(100, 60_000, 2_000).meta(
    about("Longest wait for a connection to EnKash, per attempt."),
  ),
  ENKASH_HEADERS_TIMEOUT_MS: integer(100, 120_000, 10_000).meta(
    about("Longest wait for an answer's headers, per attempt."),
  ),
  ENKASH_BODY_TIMEOUT_MS: integer(100, 120_000, 10_000).meta(
    about("Longest gap between two pieces of an answer's body, per attempt."),
  ),
  ENKASH_REQUEST_TIMEOUT_MS: integer(100, 300_000, 15_000).meta(
    about(
      "Deadline of a whole EnKash call, retries included (a caller may pass a shorter one), and of a token request. An idempotency record's lease is this plus 5 s.",
    ),
  ),
  ENKASH_POOL_CONNECTIONS: integer(1, 1_024, 64).meta(
    about("Keep-alive connections per EnKash origin (card API, Payment Gateway, token endpoint)."),
  ),
  ENKASH_MAX_IN_FLIGHT: integer(1, 4_096, 32).meta(
    about(
      "Bulkhead: most EnKash calls in flight at once, per instance. More wait in line, company by company in turn; no company may take every slot (an eighth, at least one, is kept for the others). At most eight calls per slot wait; beyond that a call fails at once.",
    ),
  ),
  ENKASH_READ_RETRIES: integer(0, 5, 2).meta(
    about(
      "Retries of a read on unavailable, timeout or 429, with exponential backoff and full jitter (100 ms base, 2 s cap, at least `Retry-After`), inside the call's deadline. Writes are never retried.",
    ),
  ),
  ENKASH_BREAKER_COOLDOWN_MS: integer(100, 600_000, 30_000).meta(
    about(
      "How long an open circuit breaker (one per EnKash origin, per instance) refuses calls before it lets one trial through. It opens when at least half of at least 20 calls in 30 s failed.",
    ),
  ),
  // src/limits.ts says where the defaults come from.
  ENKASH_MAX_CALLS_PER_REQUEST: integer(8, 1_000, DEFAULT_LIMITS.maxEnkashCallsPerRequest).meta(
    about(
      "Most EnKash calls one GraphQL request may make, retries included (the 50-card dashboard on a 10,000-card account needs 53); further calls are refused (`ENKASH_BUDGET_EXCEEDED` on queries, a `RATE_LIMITED` user error in mutations).",
    ),
  ),
  ENKASH_TENANT_CALLS_PER_MINUTE: integer(1, 1_000_000, DEFAULT_LIMITS.tenantEnkashCallsPerMinute).meta(
    about(
      "EnKash calls per company per minute, across all instances (counted in the state store); past it, `RATE_LIMITED`. Partner-wide viewers are not counted.",
    ),
  ),
  ENKASH_VIEWER_CALLS_PER_MINUTE: integer(1, 1_000_000, DEFAULT_LIMITS.viewerEnkashCallsPerMinute).meta(
    about(
      "EnKash calls per viewer (token subject) per minute within its company, across all instances: one cardholder cannot spend the company's share. Partner-wide viewers are not counted.",
    ),
  ),
  SANDBOX_PORT: integer(0, 65_535, 4010).meta(
    about("Port of the embedded sandbox, in sandbox mode (0: a free port)."),
  ),
  PORT: integer(0, 65_535, 4000).meta(about("Port `/graphql` is served on (0: a free port).")),
  SHUTDOWN_GRACE_MS: integer(0, 600_000, 20_000).meta(
    about(
      "After SIGTERM or SIGINT, how long accepted requests get to finish before the remaining connections are closed.",
    ),
  ),
  HTTP_REQUEST_TIMEOUT_MS: integer(100, 300_000, 15_000).meta(
    about("Longest time to receive a whole request (headers and body); then 408 and the connection closes."),
  ),
  HTTP_HEADERS_TIMEOUT_MS: integer(100, 120_000, 10_000).meta(
    about("Longest time to receive a request's headers; at most `HTTP_REQUEST_TIMEOUT_MS`."),
  ),
  // 0 would mean "never" to node: not allowed.
  HTTP_KEEP_ALIVE_TIMEOUT_MS: integer(100, 600_000, 5_000).meta(
    about("How long an idle keep-alive connection stays open."),
  ),
  PROCESSES: z
    .string()
    .regex(/^(auto|[1-9]\d?)$/, { message: "must be auto or a whole number from 1 to 99" })
    .optional()
    .meta(
      about(
        "Server processes on this machine, all serving `PORT` (Node's cluster: the first process hands connections to the others in turn and restarts one that dies). `auto`: one per core the machine offers (`os.availableParallelism()`). Above 1, `REDIS_URL` must be set (the processes share idempotency records, OTP bounds, rates and the EnKash token there) and the embedded sandbox cannot be used (run one apart with `npm run sandbox` and point the `ENKASH_*` settings at it).",
        "`1`",
      ),
    ),
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\//, { message: "must be a redis:// or rediss:// URL" })
    .optional()
    .meta(
      about(
        "`redis://` or `rediss://` URL of the state store: idempotency records, OTP bounds, EnKash call rates, the shared (encrypted) EnKash token and the card accounts created through the graph, shared by every instance and kept across restarts. Set it whenever more than one instance serves.",
        "none: kept in this process's memory, lost on restart",
      ),
    ),
  ENKASH_OTP_TTL_SECONDS: integer(30, 3_600, 300).meta(
    about("How long EnKash's OTPs live, for `generateCardOtp`'s `expiresAt` (EnKash does not say per OTP)."),
  ),
  PROTECTIVE_ACTIONS_WITHOUT_OTP: roleList
    .optional()
    .meta(
      about(
        "Roles that may lock, block or reset a card's activation without the cardholder's OTP (sent to EnKash as `otpRequired: false`): a comma-separated list of `PARTNER_ADMIN` and `COMPANY_ADMIN`, or `none`. A cardholder always proves an OTP, and unlocking always needs one.",
        `\`${DEFAULT_PROTECTIVE_ACTIONS_WITHOUT_OTP.join(",")}\``,
      ),
    ),
  GRAPHQL_DEBUG_EXTENSIONS: z
    .enum(["true", "false"])
    .optional()
    .meta(
      about(
        "Adds `extensions.upstreamCalls` (the EnKash calls the operation made, by EnKash operation) to every result.",
        BY_MODE,
      ),
    ),
  GRAPHIQL: z
    .enum(["true", "false"])
    .optional()
    .meta(about("Serves GraphiQL on `/graphql` to browsers, preloaded with `operations/`.", BY_MODE)),
  INTROSPECTION: z.enum(["true", "false"]).optional().meta(about("Allows schema introspection.", BY_MODE)),
  PIN_ENCRYPTION_PRIVATE_KEY: z
    .string()
    .includes("PRIVATE KEY", { message: "must be a PEM private key" })
    .optional()
    .meta(
      about(
        "PEM RSA private key behind `pinEncryptionKey` (clients encrypt PINs to its public key). Give every instance the same one: a PIN encrypted to one process's key cannot be read by another.",
        "a new key made by each process",
      ),
    ),
  TRUSTED_DOCUMENTS: z
    .string()
    .min(1)
    .optional()
    .meta(
      about(
        "A folder of `.graphql` files; when set, only those documents run (named by `extensions.persistedQuery.sha256Hash`), and their operation names become metric labels.",
        "off: any document runs",
      ),
    ),
  ENKASH_ACCOUNTS: z
    .string()
    .refine((text) => parseAccountList(text) !== undefined, {
      message: "must look like CEKEP5GSGP:CAA8W45,CABFIPS;CEK7T1WMC6:CAVBMRFE8",
    })
    .optional()
    .meta(
      about(
        "The onboarded companies and card accounts to serve, `CEK…:CA…,CA…;CEK…:CA…` (EnKash has no call that lists them). Accounts created through `createCardAccount` are served too (kept in the state store).",
        "the sandbox's seeded accounts; none with EnKash (a warning is logged)",
      ),
    ),
  ENKASH_WEBHOOK_SECRET: z
    .string()
    .min(16, { message: "must be at least 16 characters" })
    .optional()
    .meta(
      about(
        "The secret EnKash signs its webhooks with (HMAC-SHA256, an ASSUMED scheme: see docs/events.md). Without it, `POST /webhooks/enkash` answers 503 `WEBHOOKS_NOT_CONFIGURED` and accepts nothing.",
        "none: webhooks refused; with the sandbox, a secret made for the run, which the sandbox signs with",
      ),
    ),
  ENKASH_WEBHOOK_SIGNATURE_HEADER: headerName
    .default(DEFAULT_SIGNATURE_HEADER)
    .meta(about("The header carrying a webhook's signature (a `sha256=` prefix on its value is tolerated).")),
  ENKASH_WEBHOOK_SIGNATURE_ENCODING: z
    .enum(["hex", "base64"])
    .default("hex")
    .meta(about("How the signature's 32 bytes are written in its header.")),
  ENKASH_WEBHOOK_TIMESTAMP_HEADER: headerName
    .optional()
    .meta(
      about(
        "A header carrying the Unix time (seconds) the webhook was signed at. When set, the signed text is `<timestamp>.<body>` and a webhook whose time is more than `ENKASH_WEBHOOK_TOLERANCE_SECONDS` from now is refused (a replay).",
        "none: the body alone is signed, and a replay is caught only as a duplicate within the log's retention",
      ),
    ),
  ENKASH_WEBHOOK_TOLERANCE_SECONDS: integer(10, 3_600, 300).meta(
    about("How far a webhook's signed timestamp may be from this server's clock, either way."),
  ),
  EVENT_LOG_RETENTION_HOURS: integer(1, 720, 72).meta(
    about(
      "How long card events are kept in the event log, and how long an event's ID is remembered to refuse a repeat of it (Redis stream trimmed by MINID, keys expiring with it).",
    ),
  ),
  EVENT_LOG_MEMORY_MAX_EVENTS: integer(1_000, 10_000_000, 100_000).meta(
    about(
      "Without `REDIS_URL`: the most events (and remembered event IDs) the in-memory log keeps; the oldest go first.",
    ),
  ),
  SUBSCRIPTIONS_MAX_PER_VIEWER: integer(1, 100, 5).meta(
    about(
      "The most GraphQL subscriptions (open SSE streams) one viewer (token subject) may hold on one instance; one more is refused with `SUBSCRIPTION_LIMIT`.",
    ),
  ),
  SUBSCRIPTIONS_MAX_PER_COMPANY: integer(1, 100_000, 200).meta(
    about(
      "The most GraphQL subscriptions to one company's cards and accounts one instance holds, all its viewers together (so one tenant's many users or tokens cannot take every slot of `SUBSCRIPTIONS_MAX_PER_INSTANCE`); one more is refused with `SUBSCRIPTION_LIMIT` (`limit: company`).",
    ),
  ),
  SUBSCRIPTIONS_MAX_PER_INSTANCE: integer(1, 100_000, 1_000).meta(
    about(
      "The most GraphQL subscriptions one instance holds at once, all viewers together (each one is an open connection and, with `REDIS_URL`, a Redis connection of its own); one more is refused with `SUBSCRIPTION_LIMIT`.",
    ),
  ),
  PARTNER_WEBHOOK_ALLOWED_TARGETS: z
    .string()
    .refine(
      (text) => {
        try {
          parseAllowList(text);
          return true;
        } catch {
          return false;
        }
      },
      { message: "must be comma-separated IP addresses or CIDRs (127.0.0.1/32, fd00::/8)" },
    )
    .optional()
    .meta(
      about(
        "IP addresses or CIDRs partner webhook endpoints may resolve to although they are not public (loopback, private, link-local, …); plain http is allowed only to these. For tests and an operator's own receivers, never a partner's (docs/webhooks.md, SSRF).",
        "none: only public unicast addresses, over https",
      ),
    ),
  PARTNER_WEBHOOK_BACKOFF_BASE_MS: integer(10, 3_600_000, 30_000).meta(
    about(
      "The delay before a failed partner webhook delivery's first retry; each next retry waits twice as long, for as many attempts as fit in `PARTNER_WEBHOOK_RETRY_WINDOW_HOURS` (12 attempts with the defaults).",
    ),
  ),
  PARTNER_WEBHOOK_RETRY_WINDOW_HOURS: integer(1, 72, 24).meta(
    about("No retry of a partner webhook delivery starts later than this after its first attempt."),
  ),
  PARTNER_WEBHOOK_TIMEOUT_MS: integer(1_000, 30_000, 10_000).meta(
    about(
      "How long one delivery attempt may take (connect, headers and body) before it counts as failed (TIMEOUT).",
    ),
  ),
  PARTNER_WEBHOOK_MAX_ENDPOINTS_PER_COMPANY: integer(1, 100, 10).meta(
    about("The most webhook endpoints one company may register; one more is refused with `WEBHOOK_LIMIT`."),
  ),
  PARTNER_WEBHOOK_ROTATION_GRACE_HOURS: integer(0, 168, 24).meta(
    about(
      "After `rotateWebhookEndpointSecret`, how long deliveries are signed with the previous secret too (a second `v1=` in the signature header), so the partner can switch secrets without failing a delivery.",
    ),
  ),
  PARTNER_WEBHOOK_CONCURRENCY: integer(1, 100, 10).meta(
    about("Partner webhook deliveries one instance sends at once."),
  ),
  PARTNER_WEBHOOK_SIGNING_KEY: z
    .string()
    .min(32, { message: "must be at least 32 characters" })
    .optional()
    .meta(
      about(
        "The key every partner endpoint's signing secret is derived from (with the endpoint's ID and secret generation; no secret is stored), the same on every instance, at least 32 characters. Changing it changes every endpoint's secret at once: set it once and keep it.",
        "none: derived from the EnKash credentials, so rotating those changes every partner's secret (start-up warns with real EnKash)",
      ),
    ),
  OTEL_EXPORTER_OTLP_ENDPOINT: httpUrl
    .optional()
    .meta(
      about(
        "OpenTelemetry tracing: the OTLP/HTTP collector's base URL (spans go to `<url>/v1/traces`, as protobuf-free JSON). When set, every GraphQL operation, the resolvers that wait on EnKash and every EnKash HTTP attempt are spans, W3C `traceparent` is taken from callers and sent to EnKash, and log lines carry `trace_id` and `span_id` ([observability.md](observability.md)). With `PROCESSES` above 1 each process exports its own spans.",
        "none: tracing off, nothing registered, no cost",
      ),
    ),
  OTEL_EXPORTER_OTLP_HEADERS: z
    .string()
    .regex(/^\s*[^=,\s]+\s*=[^,]*(,\s*[^=,\s]+\s*=[^,]*)*$/, {
      message: "must look like name=value,name2=value2",
    })
    .optional()
    .meta(
      about(
        "Headers sent with every export to the collector, `name=value,name2=value2` (an API key, say); treated as a secret, never logged.",
        "none",
      ),
    ),
  OTEL_TRACES_SAMPLER_ARG: z
    .string()
    .regex(/^(0(\.\d{1,6})?|1(\.0{1,6})?)$/, { message: "must be a ratio from 0 to 1, like 0.25" })
    .default("1")
    .transform(Number)
    .meta(
      about(
        "The share of operations traced when the caller sends no `traceparent` (the trace ID decides, so all the spans of one operation go or stay together); a caller's `traceparent` decides for its own operations (its sampled flag).",
      ),
    ),
  OTEL_SERVICE_NAME: z
    .string()
    .regex(/^[A-Za-z0-9._-]{1,64}$/, {
      message: "must be 1 to 64 letters, digits, dots, dashes or underscores",
    })
    .default("enkash-graphql")
    .meta(about("`service.name` of the exported spans.")),
  LOG_LEVEL: z
    .enum(["debug", "info", "warn", "error"])
    .default("info")
    .meta(about("Lowest level logged, as JSON lines on stderr.")),
  CORS_ORIGINS: originList
    .optional()
    .meta(
      about(
        "Comma-separated exact origins (`https://app.example.in`) that may call from a browser: they alone get CORS headers, never with credentials.",
        "none: no CORS headers at all",
      ),
    ),
  AUTH_JWT_SECRET: z
    .string()
    .min(32, { message: "must be at least 32 characters" })
    .optional()
    .meta(
      about(
        "HS256 secret for caller JWTs, at least 32 characters. With real EnKash, one of `AUTH_JWT_SECRET`, `AUTH_JWKS_URL` or `AUTH_API_KEYS` is required.",
        "none; with the sandbox (and no `AUTH_JWKS_URL`), a secret made for the run, and a token printed per role",
      ),
    ),
  AUTH_JWKS_URL: z
    .string()
    .url({ message: "must be an absolute URL" })
    .optional()
    .meta(
      about("Verify caller JWTs as RS256 or ES256 against this JWKS instead of `AUTH_JWT_SECRET`.", "none"),
    ),
  AUTH_ISSUER: z.string().min(1).default("enkash-graphql").meta(about("Required `iss` of caller JWTs.")),
  AUTH_AUDIENCE: z.string().min(1).default("enkash-graphql").meta(about("Required `aud` of caller JWTs.")),
  // 60 s to 30 days; tokens minted here (sandbox, npm run token) never exceed it.
  AUTH_MAX_TOKEN_LIFETIME_SECONDS: integer(60, 2_592_000, 86_400).meta(
    about(
      "Longest lifetime of a caller JWT (`exp` - `iat`, and in any case what remains of it); tokens without `exp` are refused.",
    ),
  ),
  AUTH_API_KEYS: z
    .string()
    .transform((text, ctx) => {
      try {
        return JSON.parse(text) as unknown;
      } catch {
        ctx.addIssue({ code: "custom", message: "must be JSON" });
        return z.NEVER;
      }
    })
    .pipe(
      z.array(
        z.object({
          sha256: z.string().regex(/^[0-9a-f]{64}$/, { message: "must be a hex SHA-256" }),
          subject: z.string().min(1),
          role: z.enum(["PARTNER_ADMIN", "COMPANY_ADMIN", "CARDHOLDER"]),
          companies: z.union([z.literal("all"), z.array(z.string().min(1))]),
          scopes: z.array(z.enum(SCOPES)).optional(),
        }),
      ),
    )
    .optional()
    .meta(
      about(
        'JSON list of API keys for partner back ends: `[{"sha256": "<hex SHA-256 of the key>", "subject": "…", "role": "COMPANY_ADMIN", "companies": ["CEK…"] or "all", "scopes": [...]?}]`. A key is sent as `x-api-key: <key>` or `Authorization: ApiKey <key>`.',
        "none",
      ),
    ),
});

/** Real EnKash only; with the sandbox none may be set (deploy-mode.ts). */
const CREDENTIAL = "none; required with real EnKash";
export const credentialsSchema = z.object({
  ENKASH_BASE_URL: httpUrl.meta(
    about("Card API origin, e.g. `https://pay-uat.enkash.in` (UAT) or `https://pay.enkash.in`.", CREDENTIAL),
  ),
  ENKASH_TOKEN_URL: httpUrl.meta(
    about("OAuth token endpoint, e.g. `https://ekpayout-uat.enkash.in/oauth/token`.", CREDENTIAL),
  ),
  ENKASH_PG_BASE_URL: httpUrl
    .optional()
    .meta(about("Payment Gateway origin (the payment OTP calls).", "`ENKASH_BASE_URL`")),
  ENKASH_PARTNER_ID: secret.meta(about("Partner ID, sent as the `partnerId` header.", CREDENTIAL)),
  ENKASH_CLIENT_ID: secret.meta(about("OAuth client ID (Basic auth of the token request).", CREDENTIAL)),
  ENKASH_CLIENT_SECRET: secret.meta(
    about(
      "OAuth client secret (Basic auth of the token request). It also keys the AES payload wrapper and, with the password, the keys instances derive for the shared token and idempotency input hashes.",
      CREDENTIAL,
    ),
  ),
  ENKASH_USERNAME: secret.meta(about("Partner login of the password grant.", CREDENTIAL)),
  ENKASH_PASSWORD: secret.meta(
    about(
      "Password of that login. EnKash locks the login after three refusals, so a refused login is not retried (and, with Redis, not by the other instances either).",
      CREDENTIAL,
    ),
  ),
});

export interface EnkashCredentials {
  baseUrl: string;
  tokenUrl: string;
  pgBaseUrl: string | undefined;
  partnerId: string;
  clientId: string;
  clientSecret: string;
  username: string;
  password: string;
}

/**
 * `sandbox`: the embedded sandbox is started and supplies the credentials; `enkash`: the real
 * EnKash, with all seven credentials (the type says so: no sandbox without asking for it).
 */
export type Config = ConfigSettings &
  ({ mode: "sandbox"; credentials: null } | { mode: "enkash"; credentials: EnkashCredentials });

interface ConfigSettings {
  /** Where /graphql listens: 127.0.0.1 with the sandbox, 0.0.0.0 with EnKash, unless HOST is set. */
  host: string;
  encryption: "none" | "aes-128-ecb";
  keyDerivation: "sha256-16" | "raw-16";
  timeouts: { connectMs: number; headersMs: number; bodyMs: number; requestMs: number };
  connections: number;
  maxInFlight: number;
  readRetries: number;
  breakerCoolDownMs: number;
  /** EnKash calls per GraphQL request and per company per minute (src/limits.ts). */
  limits: RequestLimits;
  sandboxPort: number;
  /** Where /graphql is served. */
  port: number;
  /** How long accepted requests get to finish after SIGTERM. */
  shutdownGraceMs: number;
  /** Bounds on receiving a request and on idle keep-alive connections (node:http). */
  httpTimeouts: { requestMs: number; headersMs: number; keepAliveMs: number };
  /** Shared state in Redis when set; in memory otherwise. */
  redisUrl: string | null;
  /** Server processes on this machine (src/cluster.ts); above 1 only with Redis and real EnKash. */
  processes: number;
  logLevel: "debug" | "info" | "warn" | "error";
  /** OpenTelemetry export (OTEL_EXPORTER_OTLP_ENDPOINT); null: tracing off and nothing registered. */
  tracing: TracingSettings | null;
  /** How long EnKash's OTPs live, for `expiresAt` (EnKash does not say per OTP). */
  otpTtlSeconds: number;
  /** Roles that may lock, block or reset a card's activation without the cardholder's OTP (src/auth/otp-policy.ts). */
  protectiveActionsWithoutOtp: readonly Role[];
  /** Adds upstream call counts to `extensions`; default on with the sandbox, off with real EnKash. */
  debugExtensions: boolean;
  /** Serves GraphiQL on /graphql; default on with the sandbox, off with real EnKash. */
  graphiql: boolean;
  /** Allows schema introspection; default on with the sandbox, off with real EnKash. */
  introspection: boolean;
  /** PEM of the RSA key PINs are encrypted to; null: a new key per process (one instance only). */
  pinPrivateKeyPem: string | null;
  /** A folder of .graphql documents that alone may run (trusted documents mode); null: off. */
  trustedDocuments: string | null;
  /** Browser origins given CORS headers (exact matches); empty: no CORS at all. */
  corsOrigins: string[];
  /** Onboarded companies and their card accounts; with the sandbox, its seeded ones when unset. */
  accounts: Record<string, string[]> | null;
  /** How EnKash's webhooks are signed (src/shared/webhook-signature.ts); secret null: refused. */
  webhooks: {
    secret: string | null;
    signatureHeader: string;
    encoding: "hex" | "base64";
    timestampHeader: string | null;
    toleranceSeconds: number;
  };
  /** The card event log (src/events/): retention, and the in-memory log's bound. */
  eventLog: { retentionMs: number; memoryMaxEvents: number };
  /** GraphQL subscriptions to card events: how many one viewer, and one instance, may hold. */
  subscriptions: { maxPerViewer: number; maxPerCompany: number; maxPerInstance: number };
  /** Partner webhooks out (src/events/partner/, docs/webhooks.md); on with REDIS_URL. */
  partnerWebhooks: PartnerWebhookSettings & {
    /** PARTNER_WEBHOOK_SIGNING_KEY; null: derived from the EnKash credentials. */
    signingKey: string | null;
  };
  auth: {
    /** Null with the sandbox when unset: start-up makes one and prints tokens. */
    jwtSecret: string | null;
    jwksUrl: string | null;
    issuer: string;
    audience: string;
    apiKeys: ApiKeyEntry[];
    /** Longest lifetime (exp - iat, or what remains) a caller JWT may have. */
    maxTokenLifetimeSeconds: number;
  };
}

export interface TracingSettings {
  /** The OTLP/HTTP base URL; traces go to its `/v1/traces`. */
  endpoint: string;
  /** Sent with every export (a collector's API key, say): a secret. */
  headers: Record<string, string>;
  serviceName: string;
  /** The share of operations traced when the caller sends no traceparent (the caller's decides otherwise). */
  sampleRatio: number;
}

/** `a=1,b=2` (the OTEL_EXPORTER_OTLP_HEADERS form, values percent-encoded) -> { a: "1", b: "2" }. */
function parseHeaderList(text: string | undefined): Record<string, string> {
  if (!text) return {};
  return Object.fromEntries(
    text.split(",").map((pair) => {
      const at = pair.indexOf("=");
      const value = pair.slice(at + 1).trim();
      try {
        return [pair.slice(0, at).trim(), decodeURIComponent(value)];
      } catch {
        return [pair.slice(0, at).trim(), value];
      }
    }),
  );
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((problem) => `  - ${problem}`).join("\n")}`);
    this.name = "ConfigError";
  }
}

export function loadConfig(env: Readonly<Record<string, string | undefined>>): Readonly<Config> {
  const present = (name: string) => env[name] !== undefined && env[name] !== "";
  const values = Object.fromEntries(
    Object.entries(env).filter(([, value]) => value !== undefined && value !== ""),
  );
  const problems: string[] = [];

  const tuning = tuningSchema.safeParse(values, { reportInput: true });
  if (!tuning.success)
    problems.push(...describeZodIssues(tuning.error.issues).map((p) => `${p.field} ${p.rule}`));

  const requested =
    values.ENKASH_MODE === "sandbox" || values.ENKASH_MODE === "enkash" ? values.ENKASH_MODE : undefined;
  const { mode, problems: modeProblems } = chooseMode(requested, present);
  problems.push(...modeProblems);
  let credentials: EnkashCredentials | null = null;
  if (mode === "enkash" && modeProblems.length === 0) {
    const parsed = credentialsSchema.safeParse(values, { reportInput: true });
    if (parsed.success) {
      credentials = {
        baseUrl: parsed.data.ENKASH_BASE_URL,
        tokenUrl: parsed.data.ENKASH_TOKEN_URL,
        pgBaseUrl: parsed.data.ENKASH_PG_BASE_URL,
        partnerId: parsed.data.ENKASH_PARTNER_ID,
        clientId: parsed.data.ENKASH_CLIENT_ID,
        clientSecret: parsed.data.ENKASH_CLIENT_SECRET,
        username: parsed.data.ENKASH_USERNAME,
        password: parsed.data.ENKASH_PASSWORD,
      };
    } else {
      problems.push(...describeZodIssues(parsed.error.issues).map((p) => `${p.field} ${p.rule}`));
    }
  }
  if (
    credentials &&
    tuning.success &&
    !tuning.data.AUTH_JWT_SECRET &&
    !tuning.data.AUTH_JWKS_URL &&
    !tuning.data.AUTH_API_KEYS
  ) {
    problems.push(
      "AUTH_JWT_SECRET, AUTH_JWKS_URL or AUTH_API_KEYS must be set: with real EnKash, callers must authenticate",
    );
  }
  if (tuning.success && tuning.data.HTTP_HEADERS_TIMEOUT_MS > tuning.data.HTTP_REQUEST_TIMEOUT_MS) {
    // node:http refuses to start otherwise: the headers are part of the request.
    problems.push("HTTP_HEADERS_TIMEOUT_MS must be at most HTTP_REQUEST_TIMEOUT_MS");
  }
  const processes = tuning.success ? processCount(tuning.data.PROCESSES) : 1;
  if (processes > 1 && tuning.success && !tuning.data.REDIS_URL)
    problems.push(
      "PROCESSES above 1 needs REDIS_URL: the processes must share idempotency records, OTP bounds, call rates and the EnKash token",
    );
  if (processes > 1 && mode === "sandbox")
    problems.push(
      "PROCESSES above 1 needs an EnKash apart from the server: the embedded sandbox lives in one process's memory (run `npm run sandbox` and set the ENKASH_* settings to it)",
    );
  if (problems.length > 0 || !tuning.success) throw new ConfigError(problems);
  const t = tuning.data;
  const sandbox = credentials === null;
  return Object.freeze({
    ...(credentials
      ? { mode: "enkash" as const, credentials }
      : { mode: "sandbox" as const, credentials: null }),
    host: t.HOST ?? (sandbox ? SANDBOX_HOST : ENKASH_HOST),
    encryption: t.ENKASH_ENCRYPTION,
    keyDerivation: t.ENKASH_KEY_DERIVATION,
    timeouts: {
      connectMs: t.ENKASH_CONNECT_TIMEOUT_MS,
      headersMs: t.ENKASH_HEADERS_TIMEOUT_MS,
      bodyMs: t.ENKASH_BODY_TIMEOUT_MS,
      requestMs: t.ENKASH_REQUEST_TIMEOUT_MS,
    },
    connections: t.ENKASH_POOL_CONNECTIONS,
    maxInFlight: t.ENKASH_MAX_IN_FLIGHT,
    readRetries: t.ENKASH_READ_RETRIES,
    breakerCoolDownMs: t.ENKASH_BREAKER_COOLDOWN_MS,
    limits: {
      maxEnkashCallsPerRequest: t.ENKASH_MAX_CALLS_PER_REQUEST,
      tenantEnkashCallsPerMinute: t.ENKASH_TENANT_CALLS_PER_MINUTE,
      viewerEnkashCallsPerMinute: t.ENKASH_VIEWER_CALLS_PER_MINUTE,
    },
    sandboxPort: t.SANDBOX_PORT,
    port: t.PORT,
    shutdownGraceMs: t.SHUTDOWN_GRACE_MS,
    httpTimeouts: {
      requestMs: t.HTTP_REQUEST_TIMEOUT_MS,
      headersMs: t.HTTP_HEADERS_TIMEOUT_MS,
      keepAliveMs: t.HTTP_KEEP_ALIVE_TIMEOUT_MS,
    },
    redisUrl: t.REDIS_URL ?? null,
    processes,
    logLevel: t.LOG_LEVEL,
    tracing: t.OTEL_EXPORTER_OTLP_ENDPOINT
      ? {
          endpoint: t.OTEL_EXPORTER_OTLP_ENDPOINT,
          headers: parseHeaderList(t.OTEL_EXPORTER_OTLP_HEADERS),
          serviceName: t.OTEL_SERVICE_NAME,
          sampleRatio: t.OTEL_TRACES_SAMPLER_ARG,
        }
      : null,
    otpTtlSeconds: t.ENKASH_OTP_TTL_SECONDS,
    protectiveActionsWithoutOtp: t.PROTECTIVE_ACTIONS_WITHOUT_OTP ?? DEFAULT_PROTECTIVE_ACTIONS_WITHOUT_OTP,
    debugExtensions:
      t.GRAPHQL_DEBUG_EXTENSIONS === undefined ? sandbox : t.GRAPHQL_DEBUG_EXTENSIONS === "true",
    graphiql: t.GRAPHIQL === undefined ? sandbox : t.GRAPHIQL === "true",
    introspection: t.INTROSPECTION === undefined ? sandbox : t.INTROSPECTION === "true",
    pinPrivateKeyPem: t.PIN_ENCRYPTION_PRIVATE_KEY ?? null,
    trustedDocuments: t.TRUSTED_DOCUMENTS ?? null,
    corsOrigins: t.CORS_ORIGINS ?? [],
    accounts: t.ENKASH_ACCOUNTS ? (parseAccountList(t.ENKASH_ACCOUNTS) ?? null) : null,
    webhooks: {
      secret: t.ENKASH_WEBHOOK_SECRET ?? null,
      signatureHeader: t.ENKASH_WEBHOOK_SIGNATURE_HEADER,
      encoding: t.ENKASH_WEBHOOK_SIGNATURE_ENCODING,
      timestampHeader: t.ENKASH_WEBHOOK_TIMESTAMP_HEADER ?? null,
      toleranceSeconds: t.ENKASH_WEBHOOK_TOLERANCE_SECONDS,
    },
    eventLog: {
      retentionMs: t.EVENT_LOG_RETENTION_HOURS * 3_600_000,
      memoryMaxEvents: t.EVENT_LOG_MEMORY_MAX_EVENTS,
    },
    subscriptions: {
      maxPerViewer: t.SUBSCRIPTIONS_MAX_PER_VIEWER,
      maxPerCompany: t.SUBSCRIPTIONS_MAX_PER_COMPANY,
      maxPerInstance: t.SUBSCRIPTIONS_MAX_PER_INSTANCE,
    },
    partnerWebhooks: {
      allow: parseAllowList(t.PARTNER_WEBHOOK_ALLOWED_TARGETS ?? ""),
      schedule: {
        baseMs: t.PARTNER_WEBHOOK_BACKOFF_BASE_MS,
        windowMs: t.PARTNER_WEBHOOK_RETRY_WINDOW_HOURS * 3_600_000,
      },
      timeoutMs: t.PARTNER_WEBHOOK_TIMEOUT_MS,
      maxEndpointsPerCompany: t.PARTNER_WEBHOOK_MAX_ENDPOINTS_PER_COMPANY,
      rotationGraceMs: t.PARTNER_WEBHOOK_ROTATION_GRACE_HOURS * 3_600_000,
      retentionMs: Math.max(
        t.EVENT_LOG_RETENTION_HOURS * 3_600_000,
        (t.PARTNER_WEBHOOK_RETRY_WINDOW_HOURS + 1) * 3_600_000,
      ),
      concurrency: t.PARTNER_WEBHOOK_CONCURRENCY,
      signingKey: t.PARTNER_WEBHOOK_SIGNING_KEY ?? null,
    },
    auth: {
      jwtSecret: t.AUTH_JWT_SECRET ?? null,
      jwksUrl: t.AUTH_JWKS_URL ?? null,
      issuer: t.AUTH_ISSUER,
      audience: t.AUTH_AUDIENCE,
      apiKeys: t.AUTH_API_KEYS ?? [],
      maxTokenLifetimeSeconds: t.AUTH_MAX_TOKEN_LIFETIME_SECONDS,
    },
  } satisfies Config);
}

/** PROCESSES as a number: `auto` is one per core the machine offers. */
function processCount(setting: string | undefined): number {
  if (setting === undefined) return 1;
  return setting === "auto" ? availableParallelism() : Number(setting);
}

/** What `npm run token` needs: the HS256 secret, issuer, audience and the longest lifetime allowed. */
export function loadTokenSettings(env: Readonly<Record<string, string | undefined>>): {
  secret: string;
  issuer: string;
  audience: string;
  maxTokenLifetimeSeconds: number;
} {
  const values = Object.fromEntries(
    Object.entries(env).filter(([, value]) => value !== undefined && value !== ""),
  );
  const parsed = tuningSchema
    .pick({
      AUTH_JWT_SECRET: true,
      AUTH_ISSUER: true,
      AUTH_AUDIENCE: true,
      AUTH_MAX_TOKEN_LIFETIME_SECONDS: true,
    })
    .safeParse(values, { reportInput: true });
  if (!parsed.success)
    throw new ConfigError(describeZodIssues(parsed.error.issues).map((p) => `${p.field} ${p.rule}`));
  if (!parsed.data.AUTH_JWT_SECRET)
    throw new ConfigError(["AUTH_JWT_SECRET must be set (the server's shared secret)"]);
  return {
    secret: parsed.data.AUTH_JWT_SECRET,
    issuer: parsed.data.AUTH_ISSUER,
    audience: parsed.data.AUTH_AUDIENCE,
    maxTokenLifetimeSeconds: parsed.data.AUTH_MAX_TOKEN_LIFETIME_SECONDS,
  };
}
