import { context, propagation, SpanKind, SpanStatusCode, type Tracer, trace } from "@opentelemetry/api";
import {
  ATTR_ERROR_TYPE,
  ATTR_HTTP_REQUEST_METHOD,
  ATTR_HTTP_REQUEST_RESEND_COUNT,
  ATTR_HTTP_RESPONSE_STATUS_CODE,
  ATTR_SERVER_ADDRESS,
  ATTR_SERVER_PORT,
} from "@opentelemetry/semantic-conventions";
import type { AttemptTrace, EnkashAttempt, EnkashTracer } from "./enkash/observer.ts";

/** Semantic convention names still marked incubating (their constants are not in the stable entry). */
const ATTR_URL_TEMPLATE = "url.template";
/** This project's own: which EnKash operation the attempt belongs to. */
const ATTR_ENKASH_OPERATION = "enkash.operation";

/**
 * Every HTTP attempt to EnKash as an OpenTelemetry client span, a child of whatever span is active
 * (the resolver or operation that asked), with W3C `traceparent` sent along so EnKash's side (and
 * the sandbox's call log) can join the trace. Retries and the replay after a 401 are spans of their
 * own (`http.request.resend_count`).
 *
 * Attributes are the method, the route template, the origin's host and port, the status and the
 * operation: never the path with its IDs, a query string, a header or a body (tokens, PINs, OTPs
 * and card numbers travel there).
 */
export function enkashSpans(tracer: Tracer): EnkashTracer {
  return {
    startAttempt(attempt: EnkashAttempt): AttemptTrace {
      const origin = new URL(attempt.origin);
      const span = tracer.startSpan(`${attempt.method} ${attempt.route}`, {
        kind: SpanKind.CLIENT,
        attributes: {
          [ATTR_HTTP_REQUEST_METHOD]: attempt.method,
          [ATTR_URL_TEMPLATE]: attempt.route,
          [ATTR_SERVER_ADDRESS]: origin.hostname,
          [ATTR_SERVER_PORT]: Number(origin.port || (origin.protocol === "https:" ? 443 : 80)),
          [ATTR_ENKASH_OPERATION]: attempt.operation,
          ...(attempt.resendCount > 0 ? { [ATTR_HTTP_REQUEST_RESEND_COUNT]: attempt.resendCount } : {}),
        },
      });
      const headers: Record<string, string> = {};
      propagation.inject(trace.setSpan(context.active(), span), headers);
      return {
        headers,
        end(result) {
          if ("status" in result) {
            span.setAttribute(ATTR_HTTP_RESPONSE_STATUS_CODE, result.status);
            if (result.status >= 400) {
              span.setAttribute(ATTR_ERROR_TYPE, String(result.status));
              span.setStatus({ code: SpanStatusCode.ERROR });
            }
          } else {
            span.setAttribute(ATTR_ERROR_TYPE, result.failure);
            span.setStatus({ code: SpanStatusCode.ERROR, message: result.failure });
          }
          span.end();
        },
      };
    },
  };
}
