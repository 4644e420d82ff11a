import { availableParallelism } from "node:os";
import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../../src/config.ts";

const REAL = {
  ENKASH_BASE_URL: "https://pay-uat.enkash.in",
  ENKASH_TOKEN_URL: "https://ekpayout-uat.enkash.in/oauth/token",
  ENKASH_PARTNER_ID: "CRM338L2H",
  ENKASH_CLIENT_ID: "CEK1GZBO6A",
  ENKASH_CLIENT_SECRET: "top-secret-client-value",
  ENKASH_USERNAME: "6660686687",
  ENKASH_PASSWORD: "Very$ecretPassw0rd",
  AUTH_JWT_SECRET: "a-long-enough-shared-secret-for-hs256-0001",
};

function problems(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).problems;
  }
  throw new Error("expected the configuration to be refused");
}

describe("configuration from the environment", () => {
  it("without EnKash credentials runs on the embedded sandbox, with documented defaults", () => {
    expect(loadConfig({})).toEqual({
      mode: "sandbox",
      credentials: null,
      host: "127.0.0.1",
      encryption: "none",
      keyDerivation: "sha256-16",
      timeouts: { connectMs: 2000, headersMs: 10000, bodyMs: 10000, requestMs: 15000 },
      connections: 64,
      maxInFlight: 32,
      readRetries: 2,
      breakerCoolDownMs: 30000,
      limits: {
        maxEnkashCallsPerRequest: 64,
        tenantEnkashCallsPerMinute: 3000,
        viewerEnkashCallsPerMinute: 600,
      },
      sandboxPort: 4010,
      port: 4000,
      shutdownGraceMs: 20000,
      httpTimeouts: { requestMs: 15000, headersMs: 10000, keepAliveMs: 5000 },
      redisUrl: null,
      processes: 1,
      logLevel: "info",
      tracing: null,
      otpTtlSeconds: 300,
      protectiveActionsWithoutOtp: ["PARTNER_ADMIN", "COMPANY_ADMIN"],
      debugExtensions: true,
      graphiql: true,
      introspection: true,
      pinPrivateKeyPem: null,
      trustedDocuments: null,
      corsOrigins: [],
      accounts: null,
      webhooks: {
        secret: null,
        signatureHeader: "x-enkash-signature",
        encoding: "hex",
        timestampHeader: null,
        toleranceSeconds: 300,
      },
      eventLog: { retentionMs: 72 * 3_600_000, memoryMaxEvents: 100_000 },
      subscriptions: { maxPerViewer: 5, maxPerCompany: 200, maxPerInstance: 1_000 },
      partnerWebhooks: {
        allow: [],
        schedule: { baseMs: 30_000, windowMs: 86_400_000 },
        timeoutMs: 10_000,
        maxEndpointsPerCompany: 10,
        rotationGraceMs: 86_400_000,
        // The event log's 72 h: longer than the retry window and an hour.
        retentionMs: 259_200_000,
        concurrency: 10,
        signingKey: null,
      },
      auth: {
        jwtSecret: null,
        jwksUrl: null,
        issuer: "enkash-graphql",
        audience: "enkash-graphql",
        apiKeys: [],
        maxTokenLifetimeSeconds: 86400,
      },
    });
    expect(Object.isFrozen(loadConfig({}))).toBe(true);
  });

  it("reads the webhook signing settings (header names in lower case), and refuses a short secret or an odd header", () => {
    const config = loadConfig({
      ENKASH_MODE: "sandbox",
      ENKASH_WEBHOOK_SECRET: "a-webhook-secret-of-32-characters",
      ENKASH_WEBHOOK_SIGNATURE_HEADER: "X-Signature",
      ENKASH_WEBHOOK_SIGNATURE_ENCODING: "base64",
      ENKASH_WEBHOOK_TIMESTAMP_HEADER: "X-Timestamp",
      ENKASH_WEBHOOK_TOLERANCE_SECONDS: "60",
      EVENT_LOG_RETENTION_HOURS: "1",
    });
    expect(config.webhooks).toEqual({
      secret: "a-webhook-secret-of-32-characters",
      signatureHeader: "x-signature",
      encoding: "base64",
      timestampHeader: "x-timestamp",
      toleranceSeconds: 60,
    });
    expect(config.eventLog.retentionMs).toBe(3_600_000);
    expect(() => loadConfig({ ENKASH_MODE: "sandbox", ENKASH_WEBHOOK_SECRET: "short" })).toThrow(
      "ENKASH_WEBHOOK_SECRET must be at least 16 characters",
    );
    expect(
      loadConfig({ ENKASH_MODE: "sandbox", PARTNER_WEBHOOK_SIGNING_KEY: "k".repeat(32) }).partnerWebhooks
        .signingKey,
    ).toBe("k".repeat(32));
    expect(() => loadConfig({ ENKASH_MODE: "sandbox", PARTNER_WEBHOOK_SIGNING_KEY: "short-key" })).toThrow(
      /^(?!.*short-key).*PARTNER_WEBHOOK_SIGNING_KEY must be at least 32 characters/s,
    );
    expect(() => loadConfig({ ENKASH_WEBHOOK_SIGNATURE_HEADER: "x sig: 1" })).toThrow(
      /must be a header name/,
    );
    // A webhook secret is a deployment's: without credentials, only with ENKASH_MODE=sandbox.
    expect(() => loadConfig({ ENKASH_WEBHOOK_SECRET: "a-webhook-secret-of-32-characters" })).toThrow(
      /ENKASH_WEBHOOK_SECRET is set, so this looks like a deployment/,
    );
  });

  it("partner webhooks: the allow-list is addresses or CIDRs, the retention outlasts the retry window", () => {
    const config = loadConfig({
      PARTNER_WEBHOOK_ALLOWED_TARGETS: "127.0.0.1/32, fd00::/8, 10.1.2.3",
      PARTNER_WEBHOOK_RETRY_WINDOW_HOURS: "48",
      EVENT_LOG_RETENTION_HOURS: "24",
    });
    expect(config.partnerWebhooks.allow.map(([range, bits]) => `${range.toString()}/${bits}`)).toEqual([
      "127.0.0.1/32",
      "fd00::/8",
      "10.1.2.3/32",
    ]);
    expect(config.partnerWebhooks.retentionMs).toBe(49 * 3_600_000);
    // The message names the setting and the rule, not the value.
    expect(() => loadConfig({ PARTNER_WEBHOOK_ALLOWED_TARGETS: "127.0.0.1, intranet.corp" })).toThrow(
      "PARTNER_WEBHOOK_ALLOWED_TARGETS must be comma-separated IP addresses or CIDRs (127.0.0.1/32, fd00::/8)",
    );
    expect(() => loadConfig({ PARTNER_WEBHOOK_BACKOFF_BASE_MS: "5" })).toThrow(
      "PARTNER_WEBHOOK_BACKOFF_BASE_MS must be at least 10",
    );
  });

  it("reads the subscription limits, and refuses them out of range", () => {
    const config = loadConfig({
      ENKASH_MODE: "sandbox",
      SUBSCRIPTIONS_MAX_PER_VIEWER: "2",
      SUBSCRIPTIONS_MAX_PER_COMPANY: "20",
      SUBSCRIPTIONS_MAX_PER_INSTANCE: "50",
    });
    expect(config.subscriptions).toEqual({ maxPerViewer: 2, maxPerCompany: 20, maxPerInstance: 50 });
    expect(() => loadConfig({ ENKASH_MODE: "sandbox", SUBSCRIPTIONS_MAX_PER_VIEWER: "0" })).toThrow(
      /SUBSCRIPTIONS_MAX_PER_VIEWER/,
    );
    expect(() => loadConfig({ ENKASH_MODE: "sandbox", SUBSCRIPTIONS_MAX_PER_COMPANY: "0" })).toThrow(
      /SUBSCRIPTIONS_MAX_PER_COMPANY/,
    );
    expect(() => loadConfig({ ENKASH_MODE: "sandbox", SUBSCRIPTIONS_MAX_PER_INSTANCE: "1e9" })).toThrow(
      /SUBSCRIPTIONS_MAX_PER_INSTANCE/,
    );
  });

  it("with every credential talks to the real EnKash", () => {
    const config = loadConfig({
      ...REAL,
      ENKASH_ENCRYPTION: "aes-128-ecb",
      ENKASH_MAX_IN_FLIGHT: "8",
      ENKASH_ACCOUNTS: "CEK1GZBO6A:CAQL8YCV3,CAC7975",
    });
    expect(config.mode).toBe("enkash");
    expect(config.accounts).toEqual({ CEK1GZBO6A: ["CAQL8YCV3", "CAC7975"] });
    expect(config.graphiql).toBe(false);
    expect(config.debugExtensions).toBe(false);
    expect(config.credentials).toMatchObject({
      baseUrl: REAL.ENKASH_BASE_URL,
      partnerId: "CRM338L2H",
      pgBaseUrl: undefined,
    });
    expect(config.encryption).toBe("aes-128-ecb");
    expect(config.maxInFlight).toBe(8);
  });

  it("with real EnKash, refuses to start without a way to authenticate callers", () => {
    const { AUTH_JWT_SECRET: _, ...withoutAuth } = REAL;
    expect(problems(withoutAuth)).toEqual([
      "AUTH_JWT_SECRET, AUTH_JWKS_URL or AUTH_API_KEYS must be set: with real EnKash, callers must authenticate",
    ]);
  });

  it("refuses some credentials without the others, naming the missing settings", () => {
    expect(
      problems({ ENKASH_BASE_URL: REAL.ENKASH_BASE_URL, ENKASH_PASSWORD: REAL.ENKASH_PASSWORD }),
    ).toEqual([
      "ENKASH_TOKEN_URL, ENKASH_PARTNER_ID, ENKASH_CLIENT_ID, ENKASH_CLIENT_SECRET, ENKASH_USERNAME must be set too: real EnKash needs all of ENKASH_BASE_URL, ENKASH_TOKEN_URL, ENKASH_PARTNER_ID, ENKASH_CLIENT_ID, ENKASH_CLIENT_SECRET, ENKASH_USERNAME, ENKASH_PASSWORD",
    ]);
  });

  it("tracing is off without OTEL_EXPORTER_OTLP_ENDPOINT, and its settings are read with it", () => {
    expect(loadConfig({ OTEL_SERVICE_NAME: "cards-api" }).tracing).toBeNull();
    expect(
      loadConfig({
        OTEL_EXPORTER_OTLP_ENDPOINT: "http://collector:4318",
        OTEL_EXPORTER_OTLP_HEADERS: "x-api-key=abc%3D%3D, x-team=cards",
      }).tracing,
    ).toEqual({
      endpoint: "http://collector:4318",
      headers: { "x-api-key": "abc==", "x-team": "cards" },
      serviceName: "enkash-graphql",
      sampleRatio: 1,
    });
    expect(
      loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: "http://collector:4318", OTEL_TRACES_SAMPLER_ARG: "0.25" })
        .tracing?.sampleRatio,
    ).toBe(0.25);
    const refused = problems({
      OTEL_EXPORTER_OTLP_ENDPOINT: "collector-secret-4318",
      OTEL_EXPORTER_OTLP_HEADERS: "x-api-key",
      OTEL_TRACES_SAMPLER_ARG: "1.5",
    });
    expect(refused.join("\n")).toContain("OTEL_EXPORTER_OTLP_ENDPOINT");
    expect(refused.join("\n")).toContain("OTEL_EXPORTER_OTLP_HEADERS");
    expect(refused.join("\n")).toContain("OTEL_TRACES_SAMPLER_ARG must be a ratio from 0 to 1");
    expect(refused.join("\n")).not.toContain("collector-secret");
  });

  it("HTTP timeouts are settings, each bounded, the headers' within the request's", () => {
    expect(
      loadConfig({
        HTTP_REQUEST_TIMEOUT_MS: "30000",
        HTTP_HEADERS_TIMEOUT_MS: "5000",
        HTTP_KEEP_ALIVE_TIMEOUT_MS: "2000",
      }).httpTimeouts,
    ).toEqual({ requestMs: 30000, headersMs: 5000, keepAliveMs: 2000 });
    expect(problems({ HTTP_REQUEST_TIMEOUT_MS: "5000", HTTP_HEADERS_TIMEOUT_MS: "6000" })).toEqual([
      "HTTP_HEADERS_TIMEOUT_MS must be at most HTTP_REQUEST_TIMEOUT_MS",
    ]);
    expect(problems({ HTTP_KEEP_ALIVE_TIMEOUT_MS: "0" })).toEqual([
      "HTTP_KEEP_ALIVE_TIMEOUT_MS must be at least 100",
    ]);
  });

  it("CORS_ORIGINS is a list of exact http(s) origins; anything else is refused without echoing it", () => {
    // ENKASH_MODE=sandbox: CORS_ORIGINS alone is a deployment setting, which needs EnKash credentials.
    expect(
      loadConfig({ ENKASH_MODE: "sandbox", CORS_ORIGINS: "https://cards.example.in, http://localhost:5173" })
        .corsOrigins,
    ).toEqual(["https://cards.example.in", "http://localhost:5173"]);
    for (const bad of [
      "*",
      "https://cards.example.in/",
      "cards.example.in",
      "ftp://x.in",
      "https://A.in",
      "https://a.in,",
    ]) {
      const found = problems({ ENKASH_MODE: "sandbox", CORS_ORIGINS: bad });
      expect(found, bad).toEqual([
        "CORS_ORIGINS must be comma-separated origins like https://app.example.in (scheme, lower-case host and port only, no path or slash)",
      ]);
    }
  });

  it("AUTH_MAX_TOKEN_LIFETIME_SECONDS bounds caller JWTs, from 60 s to 30 days", () => {
    expect(loadConfig({ AUTH_MAX_TOKEN_LIFETIME_SECONDS: "3600" }).auth.maxTokenLifetimeSeconds).toBe(3600);
    expect(problems({ AUTH_MAX_TOKEN_LIFETIME_SECONDS: "2592001" })).toEqual([
      "AUTH_MAX_TOKEN_LIFETIME_SECONDS must be at most 2592000",
    ]);
  });

  it("PROTECTIVE_ACTIONS_WITHOUT_OTP names admin roles, or none; a cardholder can never be named", () => {
    const roles = (value: string) =>
      loadConfig({ PROTECTIVE_ACTIONS_WITHOUT_OTP: value }).protectiveActionsWithoutOtp;
    expect(roles("COMPANY_ADMIN")).toEqual(["COMPANY_ADMIN"]);
    expect(roles("PARTNER_ADMIN, COMPANY_ADMIN")).toEqual(["PARTNER_ADMIN", "COMPANY_ADMIN"]);
    expect(roles("none")).toEqual([]);
    for (const bad of ["CARDHOLDER", "PARTNER_ADMIN,", "all"]) {
      expect(problems({ PROTECTIVE_ACTIONS_WITHOUT_OTP: bad }), bad).toEqual([
        "PROTECTIVE_ACTIONS_WITHOUT_OTP must list PARTNER_ADMIN, COMPANY_ADMIN, or be none",
      ]);
    }
  });

  it("PROCESSES runs one server process or several; several need Redis and an EnKash apart from the server", () => {
    expect(loadConfig({}).processes).toBe(1);
    expect(loadConfig({ ...REAL, PROCESSES: "3", REDIS_URL: "redis://127.0.0.1:6379" }).processes).toBe(3);
    expect(loadConfig({ ...REAL, PROCESSES: "auto", REDIS_URL: "redis://127.0.0.1:6379" }).processes).toBe(
      availableParallelism(),
    );
    // One process needs neither: PROCESSES=1 is the default's behaviour.
    expect(loadConfig({ PROCESSES: "1" }).processes).toBe(1);
    expect(problems({ ...REAL, PROCESSES: "2" })).toEqual([
      "PROCESSES above 1 needs REDIS_URL: the processes must share idempotency records, OTP bounds, call rates and the EnKash token",
    ]);
    expect(problems({ ENKASH_MODE: "sandbox", PROCESSES: "2", REDIS_URL: "redis://127.0.0.1:6379" })).toEqual(
      [
        "PROCESSES above 1 needs an EnKash apart from the server: the embedded sandbox lives in one process's memory (run `npm run sandbox` and set the ENKASH_* settings to it)",
      ],
    );
    for (const value of ["0", "100", "-1", "two", "auto,2", "1.5"])
      expect(problems({ PROCESSES: value })).toEqual([
        "PROCESSES must be auto or a whole number from 1 to 99",
      ]);
  });

  it("reads the EnKash call limits", () => {
    expect(
      loadConfig({ ...REAL, ENKASH_MAX_CALLS_PER_REQUEST: "100", ENKASH_TENANT_CALLS_PER_MINUTE: "600" })
        .limits,
    ).toEqual({
      maxEnkashCallsPerRequest: 100,
      tenantEnkashCallsPerMinute: 600,
      viewerEnkashCallsPerMinute: 600,
    });
  });

  it("names each malformed setting and its rule, never its value", () => {
    const found = problems({
      ...REAL,
      ENKASH_BASE_URL: "pay-uat.enkash.in",
      ENKASH_ENCRYPTION: "rot13",
      ENKASH_REQUEST_TIMEOUT_MS: "soon",
      ENKASH_MAX_IN_FLIGHT: "0",
      ENKASH_MAX_CALLS_PER_REQUEST: "2",
      LOG_LEVEL: "loud",
    });
    expect(found).toEqual([
      'ENKASH_ENCRYPTION must be one of "none", "aes-128-ecb"',
      "ENKASH_REQUEST_TIMEOUT_MS must be a whole number",
      "ENKASH_MAX_IN_FLIGHT must be at least 1",
      "ENKASH_MAX_CALLS_PER_REQUEST must be at least 8",
      'LOG_LEVEL must be one of "debug", "info", "warn", "error"',
      "ENKASH_BASE_URL must be an absolute http(s) URL",
    ]);
    const message = (() => {
      try {
        loadConfig({ ...REAL, ENKASH_TOKEN_URL: "nope" });
      } catch (error) {
        return (error as Error).message;
      }
      return "";
    })();
    expect(message).toContain("ENKASH_TOKEN_URL must be an absolute http(s) URL");
    for (const value of Object.values(REAL)) expect(message).not.toContain(value);
  });
});
