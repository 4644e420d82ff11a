import type { BreakerState } from "./breaker.ts";

/** One finished EnKash call, as the client reports it (for metrics and per-operation call counts). */
export interface EnkashCallEvent {
  /** The operation, e.g. `getCardDetails`. */
  operation: string;
  method: string;
  /** The path template, e.g. `/api/v0/partner/enKashCard/wallet-details`; never carries IDs or secrets. */
  route: string;
  /** HTTP status of the last attempt, or 0 when none was received. */
  status: number;
  durationMs: number;
  /** HTTP attempts made (1 + retries + a token replay). */
  attempts: number;
  retries: number;
  /** `ok`, or the error code it ended with. */
  outcome: string;
}

interface EnkashTokenEvent {
  outcome: "ok" | string;
  durationMs: number;
}

/** Receives what the client did; every method is optional. */
export interface EnkashObserver {
  onCall?(event: EnkashCallEvent): void;
  /** Every HTTP attempt, including retries and replays (what EnKash actually saw). */
  onAttempt?(event: { operation: string; route: string; status: number }): void;
  onTokenRequest?(event: EnkashTokenEvent): void;
  /** The shared token store (Redis) failed, so this instance fetched or kept its own token. */
  onTokenShareFailure?(): void;
  onBreakerStateChange?(event: { origin: string; state: BreakerState }): void;
}

/** One HTTP attempt about to go to EnKash, as the tracing hook sees it: no URL, no body, no header. */
export interface EnkashAttempt {
  /** The operation, e.g. `getCardDetails`, or `token`. */
  operation: string;
  method: string;
  /** The path template (`/api/v0/partner/enKashCard/{enKashCardId}`): IDs and query strings left out. */
  route: string;
  /** Scheme, host and port of EnKash (or the sandbox). */
  origin: string;
  /** 0 for a call's first attempt; 1 and up for its retries and its replay after a 401. */
  resendCount: number;
}

/** What the tracing hook gives back for one attempt. */
export interface AttemptTrace {
  /** Headers to send with the attempt: W3C `traceparent` (and `tracestate`). */
  headers: Readonly<Record<string, string>>;
  /** The attempt's answer: its HTTP status, or why none came (a transport failure's kind and code). */
  end(result: { status: number } | { failure: string }): void;
}

/**
 * Tracing of EnKash's HTTP attempts (src/enkash-spans.ts makes each a client span); absent, the
 * client does nothing for it. A hook rather than a tracing library here: the client stays free of
 * any telemetry SDK, and only the wiring decides whether tracing runs.
 */
export interface EnkashTracer {
  startAttempt(attempt: EnkashAttempt): AttemptTrace;
}
