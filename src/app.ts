import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { EnvelopArmorPlugin } from "@escape.tech/graphql-armor";
import { useDeferStream } from "@graphql-yoga/plugin-defer-stream";
import { useDisableIntrospection } from "@graphql-yoga/plugin-disable-introspection";
import { usePersistedOperations } from "@graphql-yoga/plugin-persisted-operations";
import type { Tracer } from "@opentelemetry/api";
import { GraphQLError, type ValidationContext } from "graphql";
import { createYoga } from "graphql-yoga";
import type { Authenticator } from "./auth/authenticate.ts";
import type { Viewer } from "./auth/viewer.ts";
import { CallRate } from "./call-rate.ts";
import { type Context, type ContextSettings, createContext } from "./context.ts";
import { corsFor } from "./cors.ts";
import type { AccountDirectory } from "./directory.ts";
import type { EnkashClient } from "./enkash/client.ts";
import type { EventIntake } from "./events/intake.ts";
import type { PartnerWebhooks } from "./events/partner/service.ts";
import type { EventSubscriptions } from "./events/subscriptions.ts";
import { DEFAULT_LIMITS, type RequestLimits } from "./limits.ts";
import type { Logger } from "./logger.ts";
import type { Metrics } from "./metrics.ts";
import { operationNames } from "./operation-names.ts";
import { renderGraphiQLPage } from "./plugins/graphiql-page.ts";
import { useAuthentication } from "./plugins/use-authentication.ts";
import { useBodyLimit } from "./plugins/use-body-limit.ts";
import { useCompiledExecution } from "./plugins/use-compiled-execution.ts";
import { useCsrfPrevention } from "./plugins/use-csrf-prevention.ts";
import { useGraphiQL } from "./plugins/use-graphiql.ts";
import { useIncrementalDelivery } from "./plugins/use-incremental-delivery.ts";
import { useMaskedErrorsWithRequestId } from "./plugins/use-masked-errors.ts";
import { useOperationsEndpoints } from "./plugins/use-operations-endpoints.ts";
import { useParserLimits } from "./plugins/use-parser-limits.ts";
import { useRedactedInputErrors } from "./plugins/use-redacted-input-errors.ts";
import { useRequestErrors } from "./plugins/use-request-errors.ts";
import { useRequestId } from "./plugins/use-request-id.ts";
import { useSecurityHeaders } from "./plugins/use-security-headers.ts";
import { useSensitiveMutationRules } from "./plugins/use-sensitive-mutation-rules.ts";
import { useTracing } from "./plugins/use-tracing.ts";
import { useUpstreamCalls } from "./plugins/use-upstream-calls.ts";
import { useWebhookEndpoint } from "./plugins/use-webhook-endpoint.ts";
import type { RateLimiter } from "./rate-limit.ts";
import { queryError, schema } from "./schema/index.ts";
import type { StateStore } from "./state-store.ts";

import type { TrustedDocuments } from "./trusted-documents.ts";

export interface AppOptions {
  enkash: EnkashClient;
  directory: AccountDirectory;
  logger: Logger;
  settings: ContextSettings;
  /** Adds `extensions.upstreamCalls` to results (on with the sandbox, off against real EnKash by default). */
  debugExtensions: boolean;
  graphiql: boolean;
  authenticate: Authenticator;
  limiter: RateLimiter;
  store: StateStore;
  metrics: Metrics;
  /** Null when ready to take traffic, else the reason (for /readyz). */
  readiness: () => Promise<string | null>;
  /** Allow introspection (and so schema-driven tools); off in production unless asked for. */
  introspection: boolean;
  /** Headers GraphiQL starts with (e.g. a sandbox token), as JSON text. */
  graphiqlHeaders?: string;
  /** When set, only these documents run (trusted documents mode). */
  trustedDocuments?: TrustedDocuments;
  /** EnKash call limits per request and per company; DEFAULT_LIMITS where absent. */
  limits?: Partial<RequestLimits>;
  /** The clock of the per-company windows (tests fix it). */
  now?: () => number;
  /**
   * How many times a document runs on graphql-js before it is compiled (graphql-jit): 1 by default,
   * so one-off documents are never compiled; the tests pass 0, to run on the executor production
   * uses for its repeated documents.
   */
  compileAfterRuns?: number;
  /** Origins allowed to call from a browser (CORS_ORIGINS); none: no CORS at all. */
  corsOrigins?: readonly string[];
  /**
   * Card events in (src/events/): EnKash's webhooks at /webhooks/enkash and the mutations' own.
   * Absent: the endpoint answers 503 and mutations publish nothing.
   */
  events?: EventIntake;
  /**
   * GraphQL subscriptions to card events (`Subscription`, served over SSE): the log they read and
   * their limits. Absent: subscribing is refused (SUBSCRIPTIONS_UNAVAILABLE).
   */
  subscriptions?: EventSubscriptions;
  /** Partner webhooks out (docs/webhooks.md). Absent (no REDIS_URL): their mutations refuse (WEBHOOKS_UNAVAILABLE). */
  partnerWebhooks?: PartnerWebhooks;
  /** OpenTelemetry (src/tracing.ts): a span per operation. Absent: no tracing plugin at all. */
  tracer?: Tracer;
}

/** The largest webhook body taken (a card transaction record is about 1.5 KiB). */
const WEBHOOK_MAX_BYTES = 32 * 1024;

/** The answer to webhooks when no intake is given. */
const NO_WEBHOOKS = {
  receiveWebhook: async () => ({
    status: 503 as const,
    body: {
      error: {
        code: "WEBHOOKS_NOT_CONFIGURED",
        message: "Webhooks are not accepted: no signing secret is configured.",
      },
    },
  }),
};

/** The named example operations, preloaded into GraphiQL. */
export function exampleOperations(directory = join(import.meta.dirname, "..", "operations")): string {
  return readdirSync(directory)
    .filter((file) => file.endsWith(".graphql"))
    .sort()
    .map((file) => readFileSync(join(directory, file), "utf8").trim())
    .join("\n\n");
}

/** The GraphQL server, without listening: tests call `yoga.fetch`, main.ts serves it. */
export function createApp(options: AppOptions) {
  const viewers = new WeakMap<Request, Viewer>();
  const requestIds = new WeakMap<Request, string>();
  const limits = { ...DEFAULT_LIMITS, ...options.limits };
  const deps = {
    ...options,
    inputHashKey: options.enkash.deriveKey("enkash-graphql-idempotency-input-v1"),
    maxEnkashCalls: limits.maxEnkashCallsPerRequest,
    rates: {
      company: new CallRate(options.store, "company", limits.tenantEnkashCallsPerMinute, options.now),
      viewer: new CallRate(options.store, "viewer", limits.viewerEnkashCallsPerMinute, options.now),
    },
  };
  // Metric labels: the example operations' names, and the trusted documents' when only they run.
  const knownOperations = operationNames([
    exampleOperations(),
    ...(options.trustedDocuments?.values() ?? []),
  ]);
  return createYoga<Record<string, unknown>, Context>({
    schema,
    graphqlEndpoint: "/graphql",
    // Liveness: Yoga's own check (200, empty body), ahead of authentication like /readyz.
    healthCheckEndpoint: "/healthz",
    cors: corsFor(options.corsOrigins ?? []),
    context: async ({ request }) => {
      const viewer = viewers.get(request);
      // useAuthentication ran first; a request without a viewer never reaches execution.
      if (!viewer) throw new Error("request was not authenticated");
      // Accounts another instance created since this one last looked (one SCARD when shared).
      await options.directory.refresh();
      return createContext(deps, {
        viewer,
        signal: request.signal,
        requestId: requestIds.get(request),
        idempotencyKey: request.headers.get("idempotency-key"),
      });
    },
    // Masking is done by useMaskedErrorsWithRequestId, which knows the request ID.
    maskedErrors: false,
    logging: false,
    graphiql: options.graphiql
      ? {
          title: "EnKash cards GraphQL",
          defaultQuery: exampleOperations(),
          ...(options.graphiqlHeaders ? { headers: options.graphiqlHeaders } : {}),
        }
      : false,
    // Served from this server's own copy of the bundle, under a policy of its own (no CDN).
    renderGraphiQL: renderGraphiQLPage,
    // One operation per HTTP request: a JSON array (batch) is refused.
    batching: false,
    // No file uploads in this API: a multipart request is refused (415) before it is read.
    multipart: false,
    // useBodyLimit requires a Content-Length within 64 KiB and node's HTTP parser reads exactly
    // that many bytes, so yoga's own limit (a stream transform on every body, a tenth of a small
    // query's CPU) would only check it again.
    maxRequestBodySize: false,
    plugins: [
      // First, so the operation's span is active around every other plugin's work on it.
      ...(options.tracer ? [useTracing(options.tracer)] : []),
      useRequestId(requestIds),
      useSecurityHeaders(),
      // GraphiQL's scripts and styles, open like its page; and the page's own CSP.
      ...(options.graphiql ? [useGraphiQL()] : []),
      useRequestErrors(),
      ...useOperationsEndpoints({ metrics: options.metrics, readiness: options.readiness, knownOperations }),
      // EnKash's webhooks carry a signature, not a caller's credentials: before authentication.
      useWebhookEndpoint({ receiver: options.events ?? NO_WEBHOOKS, maxBytes: WEBHOOK_MAX_BYTES }),
      // Who is asking comes first: an unauthenticated request learns nothing else (not even 411).
      useAuthentication(options.authenticate, viewers),
      useBodyLimit(64 * 1024),
      useCsrfPrevention({ requestHeaders: ["x-graphql-csrf"] }),
      ...(options.trustedDocuments ? [useTrustedDocuments(options.trustedDocuments)] : []),
      ...(options.introspection ? [] : [useDisableIntrospection()]),
      // Token and nesting limits before the parser recurses (armor counts tokens inside it).
      useParserLimits({ maxTokens: 2_000, maxNesting: 64 }),
      EnvelopArmorPlugin({
        maxDepth: { n: 12, ...REPORTED_AS_VALIDATION },
        maxAliases: { n: 15, ...REPORTED_AS_VALIDATION },
        costLimit: { maxCost: 20_000, ...REPORTED_AS_VALIDATION },
        maxTokens: { enabled: false },
        maxDirectives: { n: MAX_DIRECTIVES, ...REPORTED_AS_VALIDATION },
        blockFieldSuggestion: { enabled: true },
      }),
      // @defer and @stream (declared by the schema, src/schema/defer-stream.ts): their validation rules.
      useDeferStream(),
      // Queries only, initialCount bounded, and an Accept that takes parts: before anything runs.
      useIncrementalDelivery({ maxDirectives: MAX_DIRECTIVES }),
      useSensitiveMutationRules(),
      useRedactedInputErrors(),
      useMaskedErrorsWithRequestId(queryError),
      useUpstreamCalls({ enabled: options.debugExtensions }),
      useCompiledExecution({ compileAfterRuns: options.compileAfterRuns ?? 1, logger: options.logger }),
    ],
  });
}

/** Directives per operation (graphql-armor's rule; @defer and @stream counted per spread too). */
const MAX_DIRECTIVES = 10;

/**
 * graphql-armor throws its refusals out of validation by default, past every plugin that would
 * give them a code; reported as validation errors instead, they are coded like the rest.
 */
const REPORTED_AS_VALIDATION = {
  propagateOnRejection: false,
  onReject: [
    (context: ValidationContext | null, error: GraphQLError) =>
      context?.reportError(
        // Armor words them as syntax errors and writes 20000: said as what they are, and with
        // thousands separators, which the digit net of the error redaction leaves alone.
        new GraphQLError(
          error.message
            .replace(/^Syntax Error: /, "")
            .replace(/\d{4,}/g, (digits) => Number(digits).toLocaleString("en-US")),
          { extensions: { code: "GRAPHQL_VALIDATION_FAILED" } },
        ),
      ),
  ],
};

/** Only documents of the allow-list run; they are named by `extensions.persistedQuery.sha256Hash`. */
function useTrustedDocuments(documents: TrustedDocuments) {
  return usePersistedOperations({
    allowArbitraryOperations: false,
    getPersistedOperation: (hash) => documents.get(hash) ?? null,
  });
}
