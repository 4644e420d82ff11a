import { z } from "zod";
import { wireRupees } from "../enkash/wire/common.ts";
import { money, named, text } from "../enkash/wire/tolerant.ts";
import { readMaskedCardNumber } from "../shared/card-number.ts";
import { readEnkashDateTime } from "../shared/enkash-dates.ts";
import { BLOCK_CODES, type BlockCode } from "../shared/enkash-vocabulary.ts";
import { describeZodIssues, type FieldProblem } from "../shared/zod-issues.ts";
import type { CardEvent, EventSource, PostedTransaction } from "./types.ts";

/**
 * EnKash's webhook records, validated with zod and turned into card events. Strict on what the
 * events use (IDs, amounts, direction, dates, the status code), tolerant of the rest: an odd
 * optional field is read as unknown (null), never a reason to refuse the record, and fields the
 * events do not use are not read at all (they are never stored: the record itself is dropped).
 *
 * Two record kinds, told apart by what they carry:
 * - a card transaction (reference 9.3, known from third-party consumers): a transaction ID under
 *   any of its three spellings. It gives TRANSACTION_POSTED and, when it carries the card's
 *   balance after it and did not fail, BALANCE_CHANGED;
 * - a card status change (ASSUMED: EnKash documents none): the card's IDs, its new status as
 *   `blockCode` or `cardStatus` (`{name, label}` or the bare code), and `modifiedOn`. It gives
 *   STATUS_CHANGED.
 */

/** IDs as EnKash makes them; bounded, since they become keys of the log. */
const id = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9_-]{1,64}$/, { message: "must be 1 to 64 letters, digits, - or _" });

/** Free text, bounded, with any run of 12 or more digits masked as a card number would be. */
const freeText = text.transform((value) => (value === null ? null : maskDigitRuns(value).slice(0, 255)));

/** A digit run long enough to be a card number (separators allowed) shows its first 6 and last 4 at most. */
export function maskDigitRuns(value: string): string {
  return value.replace(
    /\d(?:[ -]?\d){11,}/g,
    (run) => readMaskedCardNumber(run)?.masked ?? "X".repeat(run.length),
  );
}

const merchant = z
  .object({ merchantName: freeText, mcc: freeText, channel: freeText, merchantCity: freeText })
  .nullish()
  .catch(null)
  .transform((value) =>
    value && (value.merchantName || value.mcc || value.channel)
      ? { name: value.merchantName, mcc: value.mcc, channel: value.channel, city: value.merchantCity }
      : null,
  );

const transactionRecord = z
  .object({
    enKashTransactionId: id.optional(),
    enKashCardTransactionId: id.optional(),
    enkashCardTxnId: id.optional(),
    enKashCardId: id.optional(),
    enkashCardId: id.optional(),
    companyId: id,
    cardAccountId: id.nullish(),
    principalAmount: wireRupees.pipe(z.number().min(0, { message: "must not be negative" })),
    balance: money,
    currency: z
      .string()
      .regex(/^[A-Z]{3}$/, { message: "must be a 3-letter currency code" })
      .nullish()
      .transform((value) => value ?? "INR"),
    cardTransactionType: z.enum(["CR", "DR"]),
    // Free text too (a card number there is masked like anywhere else), bounded as a code.
    type: z.string().trim().min(1).max(64).transform(maskDigitRuns),
    status: z.string().trim().min(1).max(64).transform(maskDigitRuns),
    declineReason: freeText,
    pgReferenceNumber: freeText,
    description: freeText,
    txnDate: text,
    createdOn: text,
    maskedCard: z
      .unknown()
      .optional()
      .transform((value) => readMaskedCardNumber(value)?.masked ?? null),
    txnDetails: merchant,
  })
  .transform((record, ctx) => {
    const transactionId =
      record.enKashTransactionId ?? record.enKashCardTransactionId ?? record.enkashCardTxnId;
    const enKashCardId = record.enKashCardId ?? record.enkashCardId;
    const occurredAt = readEnkashDateTime(record.txnDate) ?? readEnkashDateTime(record.createdOn);
    if (!enKashCardId) ctx.addIssue({ code: "custom", path: ["enKashCardId"], message: "is required" });
    if (!occurredAt)
      ctx.addIssue({
        code: "custom",
        path: ["txnDate"],
        message: "must be an ISO-8601 date-time (or createdOn EnKash's date text)",
      });
    if (!transactionId || !enKashCardId || !occurredAt) return z.NEVER;
    return { ...record, transactionId, enKashCardId, occurredAt };
  });

const statusRecord = z
  .object({
    enKashCardId: id.optional(),
    enkashCardId: id.optional(),
    companyId: id,
    cardAccountId: id.nullish(),
    blockCode: z.enum(BLOCK_CODES).optional(),
    cardStatus: named,
    modifiedOn: text,
  })
  .transform((record, ctx) => {
    const enKashCardId = record.enKashCardId ?? record.enkashCardId;
    const code = record.blockCode ?? record.cardStatus?.name;
    const occurredAt = readEnkashDateTime(record.modifiedOn);
    if (!enKashCardId) ctx.addIssue({ code: "custom", path: ["enKashCardId"], message: "is required" });
    if (!isBlockCode(code))
      ctx.addIssue({
        code: "custom",
        path: ["blockCode"],
        message: `must be one of ${BLOCK_CODES.join(", ")}`,
      });
    if (!occurredAt) ctx.addIssue({ code: "custom", path: ["modifiedOn"], message: "must be a date-time" });
    if (!enKashCardId || !isBlockCode(code) || !occurredAt) return z.NEVER;
    return { ...record, enKashCardId, status: code, occurredAt };
  });

function isBlockCode(value: unknown): value is BlockCode {
  return typeof value === "string" && (BLOCK_CODES as readonly string[]).includes(value);
}

/** Transaction states after which the balance did not move (EnKash lists only CREATED; the rest assumed). */
const FAILED_STATUSES = new Set(["DECLINED", "FAILED", "FAILURE", "REJECTED", "CANCELLED"]);

export type RecordResult =
  | { ok: true; events: CardEvent[] }
  | { ok: false; code: "UNKNOWN_WEBHOOK_RECORD" }
  | { ok: false; code: "INVALID_WEBHOOK_RECORD"; problems: FieldProblem[] };

const TRANSACTION_IDS = ["enKashTransactionId", "enKashCardTransactionId", "enkashCardTxnId"];

/** The events one webhook record stands for, or why it is refused (field names and rules only). */
export function eventsFromRecord(body: unknown, receivedAt: string): RecordResult {
  if (!body || typeof body !== "object" || Array.isArray(body))
    return { ok: false, code: "UNKNOWN_WEBHOOK_RECORD" };
  const fields = body as Record<string, unknown>;
  if (TRANSACTION_IDS.some((name) => fields[name] != null)) {
    const parsed = transactionRecord.safeParse(body, { reportInput: true });
    if (!parsed.success)
      return { ok: false, code: "INVALID_WEBHOOK_RECORD", problems: describeZodIssues(parsed.error.issues) };
    const record = parsed.data;
    const transaction: PostedTransaction = {
      transactionId: record.transactionId,
      direction: record.cardTransactionType,
      amount: record.principalAmount,
      currency: record.currency,
      type: record.type,
      status: record.status,
      declineReason: record.declineReason,
      balanceAfter: record.balance,
      referenceNumber: record.pgReferenceNumber,
      description: record.description,
      merchant: record.txnDetails,
      maskedCard: record.maskedCard,
    };
    const card = {
      companyId: record.companyId,
      cardAccountId: record.cardAccountId ?? null,
      enKashCardId: record.enKashCardId,
    };
    return {
      ok: true,
      events: transactionEvents(card, transaction, {
        occurredAt: record.occurredAt,
        receivedAt,
        source: "webhook",
      }),
    };
  }
  if (fields.blockCode != null || fields.cardStatus != null) {
    const parsed = statusRecord.safeParse(body, { reportInput: true });
    if (!parsed.success)
      return { ok: false, code: "INVALID_WEBHOOK_RECORD", problems: describeZodIssues(parsed.error.issues) };
    const record = parsed.data;
    return {
      ok: true,
      events: [
        statusChangedEvent(
          {
            companyId: record.companyId,
            cardAccountId: record.cardAccountId ?? null,
            enKashCardId: record.enKashCardId,
          },
          record.status,
          { occurredAt: record.occurredAt, receivedAt, source: "webhook" },
        ),
      ],
    };
  }
  return { ok: false, code: "UNKNOWN_WEBHOOK_RECORD" };
}

interface CardOfEvent {
  companyId: string;
  cardAccountId: string | null;
  enKashCardId: string;
}
interface When {
  occurredAt: string;
  receivedAt: string;
  source: EventSource;
}

/**
 * TRANSACTION_POSTED, and BALANCE_CHANGED when the balance after it is known and it did not fail.
 * Their IDs name the company and the transaction, so a webhook and this server's own report of one
 * load are one event each (whichever arrives first is recorded), and two companies' records that
 * share a transaction ID are two (EnKash does not say its IDs are unique across companies).
 */
export function transactionEvents(
  card: CardOfEvent,
  transaction: PostedTransaction,
  when: When,
): CardEvent[] {
  const events: CardEvent[] = [
    {
      eventId: `txn:${card.companyId}:${transaction.transactionId}`,
      type: "TRANSACTION_POSTED",
      ...card,
      ...when,
      transaction,
    },
  ];
  if (transaction.balanceAfter !== null && !FAILED_STATUSES.has(transaction.status.toUpperCase()))
    events.push({
      eventId: `balance:${card.companyId}:${transaction.transactionId}`,
      type: "BALANCE_CHANGED",
      ...card,
      ...when,
      balance: transaction.balanceAfter,
      transactionId: transaction.transactionId,
    });
  return events;
}

/**
 * STATUS_CHANGED. A status change has no ID of its own at EnKash: it is named by the card, the new
 * code and EnKash's time of the change (`modifiedOn`, to the second), which the webhook and this
 * server's read of the card after its own change both carry.
 */
export function statusChangedEvent(card: CardOfEvent, status: BlockCode, when: When): CardEvent {
  return {
    eventId: `status:${card.companyId}:${card.enKashCardId}:${status}:${when.occurredAt}`,
    type: "STATUS_CHANGED",
    ...card,
    ...when,
    status,
  };
}
