import { Pool } from "undici";
import type { EnkashTracer } from "./observer.ts";

/**
 * HTTP to EnKash: one keep-alive undici Pool per origin, `request()` (not fetch), per-attempt
 * timeouts, and every response body read to its end so connections return to the pool. Failures
 * are sorted by whether the request can have reached EnKash, which decides between "unavailable"
 * (nothing happened) and "outcome unknown" for writes.
 */
export interface TransportOptions {
  connections: number;
  connectTimeoutMs: number;
  headersTimeoutMs: number;
  bodyTimeoutMs: number;
  keepAliveTimeoutMs: number;
  /** Each attempt as a client span, with its trace context sent along; none: nothing is done. */
  tracer?: EnkashTracer | undefined;
}

export interface HttpRequest {
  method: "GET" | "POST";
  /** Path with query string. */
  path: string;
  headers: Record<string, string>;
  body?: string;
  signal: AbortSignal;
  /** For tracing: the EnKash operation, the path template, and which resend of the call this is. */
  operation: string;
  route: string;
  resendCount: number;
}

export interface HttpResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
}

/** Why an attempt got no HTTP answer. */
export type TransportFailureKind =
  /** The connection was never made: EnKash did not see the request. */
  | "not-sent"
  /** Sent, but no (complete) answer in time. */
  | "timeout"
  /** Sent, but the connection broke before a complete answer. */
  | "lost"
  /** The signal aborted it (deadline or caller); it may have been sent. */
  | "aborted";

export class TransportFailure extends Error {
  constructor(
    readonly kind: TransportFailureKind,
    readonly errorCode: string,
  ) {
    super(`EnKash transport failure: ${kind} (${errorCode})`);
    this.name = "TransportFailure";
  }
}

const NOT_SENT = new Set([
  "ECONNREFUSED",
  "UND_ERR_CONNECT_TIMEOUT",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "ECONNABORTED",
]);
const TIMEOUT = new Set(["UND_ERR_HEADERS_TIMEOUT", "UND_ERR_BODY_TIMEOUT"]);

export class Transport {
  private readonly pools = new Map<string, Pool>();

  constructor(private readonly options: TransportOptions) {}

  async send(origin: string, request: HttpRequest): Promise<HttpResponse> {
    const span = this.options.tracer?.startAttempt({
      operation: request.operation,
      method: request.method,
      route: request.route,
      origin,
      resendCount: request.resendCount,
    });
    try {
      const response = await this.pool(origin).request({
        method: request.method,
        path: request.path,
        headers: span ? { ...request.headers, ...span.headers } : request.headers,
        body: request.body,
        signal: request.signal,
        headersTimeout: this.options.headersTimeoutMs,
        bodyTimeout: this.options.bodyTimeoutMs,
      });
      const text = await response.body.text();
      span?.end({ status: response.statusCode });
      return { status: response.statusCode, headers: response.headers, text };
    } catch (error) {
      const failure = classify(error, request.signal);
      span?.end({ failure: `${failure.kind} (${failure.errorCode})` });
      throw failure;
    }
  }

  async close(): Promise<void> {
    await Promise.all([...this.pools.values()].map((pool) => pool.close()));
    this.pools.clear();
  }

  private pool(origin: string): Pool {
    let pool = this.pools.get(origin);
    if (!pool) {
      pool = new Pool(origin, {
        connections: this.options.connections,
        connect: { timeout: this.options.connectTimeoutMs },
        keepAliveTimeout: this.options.keepAliveTimeoutMs,
        headersTimeout: this.options.headersTimeoutMs,
        bodyTimeout: this.options.bodyTimeoutMs,
      });
      this.pools.set(origin, pool);
    }
    return pool;
  }
}

function classify(error: unknown, signal: AbortSignal): TransportFailure {
  const code = errorCode(error);
  if (signal.aborted) return new TransportFailure("aborted", code);
  if (NOT_SENT.has(code)) return new TransportFailure("not-sent", code);
  if (TIMEOUT.has(code)) return new TransportFailure("timeout", code);
  return new TransportFailure("lost", code);
}

function errorCode(error: unknown): string {
  if (typeof error === "object" && error !== null) {
    const withCode = error as { code?: unknown; cause?: { code?: unknown }; name?: unknown };
    if (typeof withCode.code === "string") return withCode.code;
    if (typeof withCode.cause?.code === "string") return withCode.cause.code;
    if (typeof withCode.name === "string") return withCode.name;
  }
  return "UNKNOWN";
}
