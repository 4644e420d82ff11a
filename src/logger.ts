import cluster from "node:cluster";
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

/** JSON lines at `level` and above, to stderr or to `write` (tests capture it). */
export function createJsonLogger(level: LogLevel = "info", write?: (line: string) => void): Logger {
  // ISO times: an epoch-millisecond number could pass for a card number in a log scan.
  const options = {
    level,
    redact: { paths: REDACT, censor: "[redacted]" },
    // With PROCESSES above 1, which server process wrote the line (its cluster worker number).
    base: cluster.worker ? { worker: cluster.worker.id } : null,
    timestamp: pino.stdTimeFunctions.isoTime,
  };
  return wrap(write ? pino(options, { write }) : pino(options, pino.destination(2)));
}

function wrap(logger: pino.Logger): Logger {
  return {
    debug: (fields, message) => logger.debug(fields, message),
    info: (fields, message) => logger.info(fields, message),
    warn: (fields, message) => logger.warn(fields, message),
    error: (fields, message) => logger.error(fields, message),
    child: (bindings) => wrap(logger.child(bindings)),
  };
}
