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
