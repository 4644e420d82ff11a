import cluster from "node:cluster";
import { trace } from "@opentelemetry/api";
import pino from "pino";

/**
 * The structured logger the server writes through (pino, JSON lines). Call sites pass fields they
 * chose (operation, codes, statuses, request IDs), never request bodies; redaction is a second line
 * of defence for anything that looks like a secret.
 */
export interface Logger {
  debug(fields: Record<string, unknown>, message: string): void;
  info(fields: Record<string, unknown>, message: string): void;
  warn(fields: Record<string, unknown>, message: string): void;
  error(fields: Record<string, unknown>, message: string): void;
  /** A logger whose every line also carries `bindings` (one request's ID, for instance). */
  child(bindings: Record<string, unknown>): Logger;
}

export type LogLevel = "debug" | "info" | "warn" | "error";

const REDACT = [
  "authorization",
  "*.authorization",
  "headers.authorization",
  "variables",
  "*.variables",
  "pin",
  "*.pin",
  "otp",
  "*.otp",
  "cvv",
  "*.cvv",
  "password",
  "*.password",
  "token",
  "*.token",
  "cardNumber",
  "*.cardNumber",
];

/**
 * JSON lines at `level` and above, to stderr or to `write` (tests capture it). With `traceIds`
 * (tracing on), every line written inside a span carries its `trace_id` and `span_id`.
 */
export function createJsonLogger(
  level: LogLevel = "info",
  write?: (line: string) => void,
  { traceIds = false }: { traceIds?: boolean } = {},
): Logger {
  // ISO times: an epoch-millisecond number could pass for a card number in a log scan.
  const options = {
    level,
    // Read when a line is written, so a request's (lazy) child logger gets the span it is in then.
    ...(traceIds ? { mixin: activeSpanIds } : {}),
    redact: { paths: REDACT, censor: "[redacted]" },
    // With PROCESSES above 1, which server process wrote the line (its cluster worker number).
    base: cluster.worker ? { worker: cluster.worker.id } : null,
    timestamp: pino.stdTimeFunctions.isoTime,
  };
  return wrap(write ? pino(options, { write }) : pino(options, pino.destination(2)));
}

/** The active span's IDs (none outside a span): how a log line is joined to its trace. */
function activeSpanIds(): Record<string, string> {
  const span = trace.getActiveSpan();
  if (!span) return {};
  const { traceId, spanId } = span.spanContext();
  return { trace_id: traceId, span_id: spanId };
}

function wrap(logger: pino.Logger): Logger {
  return {
    debug: (fields, message) => logger.debug(fields, message),
    info: (fields, message) => logger.info(fields, message),
    warn: (fields, message) => logger.warn(fields, message),
    error: (fields, message) => logger.error(fields, message),
    child: (bindings) => new LazyChild(logger, bindings),
  };
}

/**
 * A child made only when it first writes a line at an enabled level: every request gets one (for
 * its request ID), most never log, and making a pino child (bindings serialised, redaction set up)
 * was ~1% of a card screen's CPU.
 */
class LazyChild implements Logger {
  private made: Logger | undefined;

  constructor(
    private readonly parent: pino.Logger,
    private readonly bindings: Record<string, unknown>,
  ) {}

  private pinoChild(): Logger {
    this.made ??= wrap(this.parent.child(this.bindings));
    return this.made;
  }

  private write(level: LogLevel, fields: Record<string, unknown>, message: string): void {
    if (this.parent.isLevelEnabled(level)) this.pinoChild()[level](fields, message);
  }

  debug(fields: Record<string, unknown>, message: string): void {
    this.write("debug", fields, message);
  }
  info(fields: Record<string, unknown>, message: string): void {
    this.write("info", fields, message);
  }
  warn(fields: Record<string, unknown>, message: string): void {
    this.write("warn", fields, message);
  }
  error(fields: Record<string, unknown>, message: string): void {
    this.write("error", fields, message);
  }
  child(bindings: Record<string, unknown>): Logger {
    return this.pinoChild().child(bindings);
  }
}
