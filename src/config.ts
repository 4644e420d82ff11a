import { z } from "zod";
import type { ApiKeyEntry } from "./auth/authenticate.ts";
import { DEFAULT_PROTECTIVE_ACTIONS_WITHOUT_OTP } from "./auth/otp-policy.ts";
import { type Role, SCOPES } from "./auth/viewer.ts";
import { chooseMode } from "./deploy-mode.ts";
import { parseAccountList } from "./directory.ts";
import { DEFAULT_LIMITS, type RequestLimits } from "./limits.ts";
import { describeZodIssues } from "./shared/zod-issues.ts";

/**
 * The server's configuration, parsed from the environment with zod. Which EnKash it uses (the
 * embedded sandbox or the real one) is decided in deploy-mode.ts. Errors name the setting and the
 * rule, never the value (several settings are secrets).
 */

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

/** Admin roles, comma-separated, or `none` (a cardholder can never be named). */
const ADMIN_ROLES: readonly Role[] = ["PARTNER_ADMIN", "COMPANY_ADMIN"];
const roleList = z
  .string()
  .transform((text) => (text.trim() === "none" ? [] : text.split(",").map((role) => role.trim())))
  .refine((roles) => roles.every((role) => ADMIN_ROLES.includes(role as Role)), {
    message: "must list PARTNER_ADMIN, COMPANY_ADMIN, or be none",
  })
  .transform((roles) => roles as Role[]);

const tuningSchema = z.object({
  ENKASH_MODE: z.enum(["sandbox", "enkash"]).optional(),
  // Default by mode: loopback for the sandbox, every interface for real EnKash.
  HOST: z.string().min(1).optional(),
  ENKASH_ENCRYPTION: z.enum(["none", "aes-128-ecb"]).default("none"),
  ENKASH_KEY_DERIVATION: z.enum(["sha256-16", "raw-16"]).default("sha256-16"),
  ENKASH_CONNECT_TIMEOUT_MS: integer(100, 60_000, 2_000),
  ENKASH_HEADERS_TIMEOUT_MS: integer(100, 120_000, 10_000),
  ENKASH_BODY_TIMEOUT_MS: integer(100, 120_000, 10_000),
  ENKASH_REQUEST_TIMEOUT_MS: integer(100, 300_000, 15_000),
  ENKASH_POOL_CONNECTIONS: integer(1, 1_024, 64),
  ENKASH_MAX_IN_FLIGHT: integer(1, 4_096, 32),
  ENKASH_READ_RETRIES: integer(0, 5, 2),
  ENKASH_BREAKER_COOLDOWN_MS: integer(100, 600_000, 30_000),
  // src/limits.ts says where the defaults come from.
  ENKASH_MAX_CALLS_PER_REQUEST: integer(8, 1_000, DEFAULT_LIMITS.maxEnkashCallsPerRequest),
  ENKASH_TENANT_CALLS_PER_MINUTE: integer(1, 1_000_000, DEFAULT_LIMITS.tenantEnkashCallsPerMinute),
  ENKASH_VIEWER_CALLS_PER_MINUTE: integer(1, 1_000_000, DEFAULT_LIMITS.viewerEnkashCallsPerMinute),
  SANDBOX_PORT: integer(0, 65_535, 4010),
  PORT: integer(0, 65_535, 4000),
  SHUTDOWN_GRACE_MS: integer(0, 600_000, 20_000),
  HTTP_REQUEST_TIMEOUT_MS: integer(100, 300_000, 15_000),
  HTTP_HEADERS_TIMEOUT_MS: integer(100, 120_000, 10_000),
  // 0 would mean "never" to node: not allowed.
  HTTP_KEEP_ALIVE_TIMEOUT_MS: integer(100, 600_000, 5_000),
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\//, { message: "must be a redis:// or rediss:// URL" })
    .optional(),
  ENKASH_OTP_TTL_SECONDS: integer(30, 3_600, 300),
  PROTECTIVE_ACTIONS_WITHOUT_OTP: roleList.optional(),
  GRAPHQL_DEBUG_EXTENSIONS: z.enum(["true", "false"]).optional(),
  GRAPHIQL: z.enum(["true", "false"]).optional(),
  INTROSPECTION: z.enum(["true", "false"]).optional(),
  PIN_ENCRYPTION_PRIVATE_KEY: z
    .string()
    .includes("PRIVATE KEY", { message: "must be a PEM private key" })
    .optional(),
  TRUSTED_DOCUMENTS: z.string().min(1).optional(),
  ENKASH_ACCOUNTS: z
    .string()
    .refine((text) => parseAccountList(text) !== undefined, {
      message: "must look like CEKEP5GSGP:CAA8W45,CABFIPS;CEK7T1WMC6:CAVBMRFE8",
    })
    .optional(),
  LOG_LEVEL: z.enum(["debug", "info", "warn", "error"]).default("info"),
  CORS_ORIGINS: originList.optional(),
  AUTH_JWT_SECRET: z.string().min(32, { message: "must be at least 32 characters" }).optional(),
  AUTH_JWKS_URL: z.string().url({ message: "must be an absolute URL" }).optional(),
  AUTH_ISSUER: z.string().min(1).default("enkash-graphql"),
  AUTH_AUDIENCE: z.string().min(1).default("enkash-graphql"),
  // 60 s to 30 days; tokens minted here (sandbox, npm run token) never exceed it.
  AUTH_MAX_TOKEN_LIFETIME_SECONDS: integer(60, 2_592_000, 86_400),
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
    .optional(),
});

const credentialsSchema = z.object({
  ENKASH_BASE_URL: httpUrl,
  ENKASH_TOKEN_URL: httpUrl,
  ENKASH_PG_BASE_URL: httpUrl.optional(),
  ENKASH_PARTNER_ID: secret,
  ENKASH_CLIENT_ID: secret,
  ENKASH_CLIENT_SECRET: secret,
  ENKASH_USERNAME: secret,
  ENKASH_PASSWORD: secret,
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

export interface ConfigSettings {
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
  logLevel: "debug" | "info" | "warn" | "error";
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
  if (problems.length > 0 || !tuning.success) throw new ConfigError(problems);
  const t = tuning.data;
  const sandbox = credentials === null;
  return Object.freeze({
    ...(credentials
      ? { mode: "enkash" as const, credentials }
      : { mode: "sandbox" as const, credentials: null }),
    host: t.HOST ?? (sandbox ? "127.0.0.1" : "0.0.0.0"),
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
    logLevel: t.LOG_LEVEL,
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
