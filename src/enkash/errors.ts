import type { FieldProblem } from "../shared/zod-issues.ts";

/**
 * One class per way an EnKash call can fail, each with a stable `code` (callers branch on the
 * code, never on message text). Messages never contain a PIN, OTP, CVV, card number, password or
 * token: they are built from field names, rules, HTTP statuses and EnKash's own messages.
 */
export type EnkashErrorCode =
  | "ENKASH_VALIDATION"
  | "ENKASH_UNAUTHORIZED"
  | "ENKASH_LOGIN_LOCKED"
  | "ENKASH_NOT_FOUND"
  | "ENKASH_INVALID_REQUEST"
  | "ENKASH_REJECTED"
  | "ENKASH_RATE_LIMITED"
  | "ENKASH_UNAVAILABLE"
  | "ENKASH_CIRCUIT_OPEN"
  | "ENKASH_TIMEOUT"
  | "ENKASH_ABORTED"
  | "ENKASH_OUTCOME_UNKNOWN"
  | "ENKASH_CONTRACT"
  | "ENKASH_BUDGET_EXCEEDED"
  | "ENKASH_TENANT_RATE_LIMITED";

export interface EnkashErrorContext {
  /** The operation, e.g. `loadCardBalance`. */
  operation: string;
  /** HTTP status, when EnKash answered. */
  status?: number;
  cause?: unknown;
}

export abstract class EnkashError extends Error {
  abstract readonly code: EnkashErrorCode;
  readonly operation: string;
  readonly status: number | undefined;
  /** Whether the same call may be tried again unchanged (reads only; writes are never retried). */
  readonly retryable: boolean = false;

  constructor(message: string, context: EnkashErrorContext) {
    super(message, context.cause === undefined ? undefined : { cause: context.cause });
    this.name = new.target.name;
    this.operation = context.operation;
    this.status = context.status;
  }
}

/** The input failed validation before anything was sent. */
export class EnkashValidationError extends EnkashError {
  readonly code = "ENKASH_VALIDATION";
  constructor(
    readonly problems: readonly FieldProblem[],
    context: EnkashErrorContext,
  ) {
    super(
      `Invalid ${context.operation} input: ${problems.map((p) => `${p.field} ${p.rule}`).join("; ")}`,
      context,
    );
  }
}

/** EnKash refused the credentials or the token (HTTP 401, or a bad login). */
export class EnkashUnauthorizedError extends EnkashError {
  readonly code = "ENKASH_UNAUTHORIZED";
}

/** EnKash locked the partner login after repeated failures. */
export class EnkashLoginLockedError extends EnkashError {
  readonly code = "ENKASH_LOGIN_LOCKED";
}

/** HTTP 404: the account or card does not exist. */
export class EnkashNotFoundError extends EnkashError {
  readonly code = "ENKASH_NOT_FOUND";
}

/** HTTP 400/405/413/415/422: EnKash refused the request's form; its message and field list kept. */
export class EnkashInvalidRequestError extends EnkashError {
  readonly code = "ENKASH_INVALID_REQUEST";
  constructor(
    message: string,
    context: EnkashErrorContext,
    readonly problems: readonly FieldProblem[] = [],
  ) {
    super(message, context);
  }
}

/** A business refusal: HTTP 200 with code 1, and EnKash's message (e.g. insufficient balance). */
export class EnkashRejectedError extends EnkashError {
  readonly code = "ENKASH_REJECTED";
}

/** HTTP 429, with the wait EnKash asked for. */
export class EnkashRateLimitedError extends EnkashError {
  readonly code = "ENKASH_RATE_LIMITED";
  override readonly retryable = true;
  constructor(
    message: string,
    context: EnkashErrorContext,
    readonly retryAfterMs: number | undefined,
  ) {
    super(message, context);
  }
}

/** EnKash could not be reached or answered 5xx; nothing happened. */
export class EnkashUnavailableError extends EnkashError {
  readonly code: "ENKASH_UNAVAILABLE" | "ENKASH_CIRCUIT_OPEN" = "ENKASH_UNAVAILABLE";
  override readonly retryable: boolean = true;
}

/**
 * Too many calls already wait for EnKash (an outage or a flood): the call was not made, and is not
 * retried here, since a retry would only join the line it was refused from.
 */
export class EnkashOverloadedError extends EnkashUnavailableError {
  override readonly retryable = false;
}

/** The circuit breaker is open: EnKash has been failing, so the call was not made. */
export class EnkashCircuitOpenError extends EnkashUnavailableError {
  override readonly code = "ENKASH_CIRCUIT_OPEN";
}

/** No answer within the deadline (for a read; a write that times out is outcome-unknown). */
export class EnkashTimeoutError extends EnkashError {
  readonly code = "ENKASH_TIMEOUT";
  override readonly retryable = true;
}

/** The caller aborted the call. */
export class EnkashAbortedError extends EnkashError {
  readonly code = "ENKASH_ABORTED";
}

/**
 * A write whose answer was lost after it was sent: it may or may not have happened. Never retried
 * automatically; reconcile (for loads, by the reference number) before trying again.
 */
export class EnkashOutcomeUnknownError extends EnkashError {
  readonly code = "ENKASH_OUTCOME_UNKNOWN";
}

/** EnKash's answer did not match the contract (wire.ts); the description names fields, not values. */
export class EnkashContractError extends EnkashError {
  readonly code = "ENKASH_CONTRACT";
}

/** One GraphQL request would make more EnKash calls than a request may; the call was not made. */
export class EnkashBudgetExceededError extends EnkashError {
  readonly code = "ENKASH_BUDGET_EXCEEDED";
  constructor(
    readonly limit: number,
    context: EnkashErrorContext,
  ) {
    super(`This request may make at most ${limit} EnKash calls`, context);
  }
}

/** The caller's company used up its share of the partner's EnKash calls for now; not made. */
export class EnkashTenantRateLimitedError extends EnkashError {
  readonly code = "ENKASH_TENANT_RATE_LIMITED";
  override readonly retryable = true;
}
