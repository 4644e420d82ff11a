import { GraphQLError } from "graphql";
import {
  type EnkashBudgetExceededError,
  EnkashError,
  type EnkashInvalidRequestError,
  type EnkashValidationError,
} from "../enkash/errors.ts";
import { builder } from "./builder.ts";

/**
 * Two tiers of errors. What a client can act on comes back as data: `userErrors` on every mutation
 * payload, each with a machine `code`. Everything else is thrown and masked by Yoga ("Unexpected
 * error." plus a request ID), its cause logged without secrets.
 */
const USER_ERROR_CODES = {
  INVALID_INPUT: "An input field broke a rule; `field` is its path in the input. Fix it and send again.",
  NOT_FOUND: "The card, account or company does not exist, or is not served here.",
  TRANSITION_NOT_ALLOWED:
    "The card's status does not allow this (a blocked card is final; an activating card must get its PIN first).",
  OTP_INVALID:
    "The OTP or MFA code is wrong, was used already, belongs to another card or action, or the OTP request is unknown.",
  OTP_REQUIRED:
    "This change needs the cardholder's OTP for your role: unlocking always does, and so does every cardholder's change (admins may lock, block or reset activation without one when the server allows it).",
  OTP_EXPIRED: "The OTP expired or ran out of attempts; generate a new one.",
  OTP_LOCKED:
    "Too many wrong OTP or authenticator codes were tried on this card, by anyone; OTP-gated operations on it are refused for 30 minutes.",
  INSUFFICIENT_BALANCE: "The card account holds less than the amount.",
  DUPLICATE_REFERENCE: "A load with this reference number was already made; no money moved this time.",
  NOT_ALLOWED:
    "The card or account type does not allow this (gift cards cannot be reloaded; some accounts cannot have physical cards).",
  REJECTED: "EnKash refused the request for another reason (its words are in the server's log).",
  RATE_LIMITED:
    "Too many OTPs sent or OTP-gated attempts made for this card recently, or your company's share of EnKash calls (or this request's) is used up; wait (or ask for less) and try again.",
  IDEMPOTENCY_KEY_REUSED:
    "The idempotency key was used before with a different request; use a new key for a new request.",
  IDEMPOTENCY_IN_PROGRESS:
    "The first request with this idempotency key is still running; retry shortly to get its result (a request whose server died is taken over once its lease lapses, within about 20 seconds).",
  STATE_STORE_UNAVAILABLE:
    "The server's shared state (Redis) cannot be reached, so a change that must be safe against repeats (an idempotency key, OTP bounds) was not attempted; nothing was sent to EnKash. Safe to retry.",
  UPSTREAM_UNAVAILABLE: "EnKash could not be reached or is failing; nothing happened. Safe to retry later.",
  OUTCOME_UNKNOWN:
    "EnKash's answer was lost; the operation may or may not have happened. Check before retrying (for loads, search by reference number).",
  WEBHOOK_URL_REFUSED:
    "The webhook URL is not an absolute https URL, carries a user or password, does not resolve, or resolves to a private, loopback, link-local or other non-public address; the message names the rule, never the URL.",
  WEBHOOK_LIMIT: "The company has as many webhook endpoints as allowed; remove one first.",
  WEBHOOKS_UNAVAILABLE:
    "Partner webhooks are off on this server: they need its Redis (REDIS_URL) for the delivery queue. Nothing was changed.",
} as const;
export type UserErrorCode = keyof typeof USER_ERROR_CODES;

/** Codes after which the same request, sent again later, may succeed. */
const RETRYABLE: ReadonlySet<UserErrorCode> = new Set([
  "UPSTREAM_UNAVAILABLE",
  "IDEMPOTENCY_IN_PROGRESS",
  "STATE_STORE_UNAVAILABLE",
]);

export interface UserError {
  code: UserErrorCode;
  message: string;
  field: string[] | null;
}

const UserErrorCodeEnum = builder.enumType("UserErrorCode", {
  description: "Why a mutation did not do what was asked. Branch on this, not on the message.",
  values: Object.fromEntries(
    Object.entries(USER_ERROR_CODES).map(([code, description]) => [code, { description }]),
  ) as Record<UserErrorCode, { description: string }>,
});

export const UserErrorRef = builder.objectRef<UserError>("UserError").implement({
  description: "An expected failure of a mutation.",
  fields: (t) => ({
    code: t.field({
      type: UserErrorCodeEnum,
      description: "Machine-readable reason.",
      resolve: (error) => error.code,
    }),
    message: t.exposeString("message", {
      description: "Human-readable explanation (never contains a PIN, OTP or card number).",
    }),
    field: t.exposeStringList("field", {
      nullable: true,
      description:
        'Path of the input field at fault, e.g. ["input", "cardholder", "mobile"]; null when no single field is.',
    }),
    retryable: t.boolean({
      description: "Whether sending the same request again later may succeed.",
      resolve: (error) => RETRYABLE.has(error.code),
    }),
  }),
});

export function userError(code: UserErrorCode, message: string, field: string[] | null = null): UserError {
  return { code, message, field };
}

/**
 * EnKash business refusals (code 1) carry only a message; these patterns sort the ones the product
 * knows. The client gets the server's words for each kind (MESSAGES), never EnKash's text, which
 * may quote what was sent; EnKash's text goes to the log, redacted (enkash/client.ts).
 */
const REJECTIONS: [RegExp, UserErrorCode][] = [
  [/insufficient balance/i, "INSUFFICIENT_BALANCE"],
  [/duplicate uniquereferencenumber|already processed/i, "DUPLICATE_REFERENCE"],
  [/otp has expired|attempts exceeded|generate a new otp/i, "OTP_EXPIRED"],
  [/otp|mfa/i, "OTP_INVALID"],
  [
    /blocked|already (locked|unlocked)|activation is (already )?in progress|cannot be requested/i,
    "TRANSITION_NOT_ALLOWED",
  ],
  [/gift cards? cannot|not allowed|cannot be reloaded|already been issued|not available/i, "NOT_ALLOWED"],
  [/not found/i, "NOT_FOUND"],
];

const MESSAGES: Partial<Record<UserErrorCode, string>> = {
  INSUFFICIENT_BALANCE: "The card account holds less than this amount; nothing moved.",
  DUPLICATE_REFERENCE: "A load with this reference number was already made; nothing moved this time.",
  OTP_REQUIRED:
    "This change needs the cardholder's OTP for your role: unlocking always does, and so does every cardholder's change (admins may lock, block or reset activation without one when the server allows it).",
  OTP_EXPIRED: "The OTP expired or ran out of attempts; generate a new one.",
  OTP_INVALID: "The OTP or authenticator code is wrong, was used already, or is for another card or action.",
  TRANSITION_NOT_ALLOWED: "The card's status does not allow this.",
  NOT_ALLOWED: "This card's or account's type does not allow this.",
  NOT_FOUND: "EnKash has no such card or card account.",
  REJECTED: "EnKash refused the request.",
  OUTCOME_UNKNOWN:
    "EnKash's answer was lost; the operation may or may not have happened. Check before retrying (for loads, search by reference number).",
};

const byCode = (code: UserErrorCode, field: string[] | null = null) =>
  userError(code, MESSAGES[code] ?? USER_ERROR_CODES[code], field);

/** An expected failure found during a mutation's work (thrown, so the work reads straight). */
export class Refusal extends Error {
  constructor(readonly userError: UserError) {
    super(userError.message);
    this.name = "Refusal";
  }
}

/** A refusal a mutation knows better than the general patterns: EnKash's words and what they mean. */
export type KnownRefusal = [RegExp, UserError];

/**
 * A client failure as a user error, or undefined when it is not the client's to act on (it is then
 * thrown, masked and logged). `fieldPaths` maps the client's input field names to GraphQL paths.
 */
export function toUserError(
  error: unknown,
  fieldPaths: Record<string, string[]> = {},
  known: readonly KnownRefusal[] = [],
): UserError | undefined {
  if (error instanceof Refusal) return error.userError;
  if (!(error instanceof EnkashError)) return undefined;
  switch (error.code) {
    case "ENKASH_VALIDATION": {
      // The server's own contract (zod) refused the input: its words name the field and rule only.
      const problem = (error as EnkashValidationError).problems[0];
      const root = problem?.field.split(".")[0] ?? "";
      return userError(
        "INVALID_INPUT",
        problem ? `${problem.field} ${problem.rule}` : "The input does not fit EnKash's rules.",
        fieldPaths[root] ?? ["input"],
      );
    }
    case "ENKASH_NOT_FOUND":
      return known.find(([pattern]) => pattern.test(error.message))?.[1] ?? byCode("NOT_FOUND");
    case "ENKASH_REJECTED": {
      const special = known.find(([pattern]) => pattern.test(error.message))?.[1];
      if (special) return special;
      return byCode(REJECTIONS.find(([pattern]) => pattern.test(error.message))?.[1] ?? "REJECTED");
    }
    case "ENKASH_INVALID_REQUEST": {
      const root = (error as EnkashInvalidRequestError).problems[0]?.field.split(".")[0] ?? "";
      const field = fieldPaths[root];
      return field
        ? userError(
            "INVALID_INPUT",
            "EnKash refused this field's value; check it against the field's description.",
            field,
          )
        : byCode("REJECTED");
    }
    case "ENKASH_UNAVAILABLE":
    case "ENKASH_CIRCUIT_OPEN":
    case "ENKASH_TIMEOUT":
    case "ENKASH_RATE_LIMITED":
      return userError(
        "UPSTREAM_UNAVAILABLE",
        "EnKash is unavailable right now; nothing happened. Try again later.",
      );
    case "ENKASH_OUTCOME_UNKNOWN":
      return byCode("OUTCOME_UNKNOWN");
    case "ENKASH_TENANT_RATE_LIMITED":
      return userError("RATE_LIMITED", TENANT_RATE_MESSAGE);
    case "ENKASH_BUDGET_EXCEEDED":
      return userError("RATE_LIMITED", budgetMessage(error));
    default:
      return undefined;
  }
}

const TENANT_RATE_MESSAGE =
  "Your company has used its share of EnKash calls for this minute; nothing was sent. Try again shortly.";
const budgetMessage = (error: EnkashError) =>
  `This request needs more EnKash calls than one request may make (${(error as EnkashBudgetExceededError).limit}); nothing more was sent. Ask for fewer items (smaller pages) and try again.`;

/**
 * For queries: EnKash being unavailable is something a client can act on (retry), so it is a
 * GraphQL error with a code rather than a masked one. Other failures stay unexpected.
 */
export function queryError(error: unknown): unknown {
  if (!(error instanceof EnkashError)) return error;
  switch (error.code) {
    case "ENKASH_UNAVAILABLE":
    case "ENKASH_CIRCUIT_OPEN":
    case "ENKASH_TIMEOUT":
    case "ENKASH_RATE_LIMITED":
      return new GraphQLError("EnKash is unavailable right now; try again later.", {
        extensions: { code: "UPSTREAM_UNAVAILABLE", retryable: true },
      });
    case "ENKASH_TENANT_RATE_LIMITED":
      return new GraphQLError(TENANT_RATE_MESSAGE, { extensions: { code: "RATE_LIMITED", retryable: true } });
    case "ENKASH_BUDGET_EXCEEDED":
      return new GraphQLError(budgetMessage(error), {
        extensions: { code: "ENKASH_BUDGET_EXCEEDED", retryable: false },
      });
    case "ENKASH_NOT_FOUND":
      return new GraphQLError("Not found.", { extensions: { code: "NOT_FOUND" } });
    case "ENKASH_ABORTED":
      // The caller hung up: nobody reads this, and it is no server fault to log as one.
      return new GraphQLError("The request was cancelled.", { extensions: { code: "CANCELLED" } });
    case "ENKASH_VALIDATION": {
      // The server's own contract refused an argument: its words name the field and the rule.
      const problem = (error as EnkashValidationError).problems[0];
      return new GraphQLError(
        problem ? `${problem.field} ${problem.rule}` : "An argument does not fit EnKash's rules.",
        { extensions: { code: "BAD_USER_INPUT" } },
      );
    }
    default:
      return error;
  }
}
