import type { BlockCode } from "../shared/enkash-vocabulary.ts";

/**
 * Card events: what happened to a card, normalised from EnKash's webhooks or published by this
 * server's own mutations, and recorded once in the event log (docs/events.md).
 *
 * Every event names its card (companyId, cardAccountId when known, enKashCardId), carries an
 * `eventId` that says which change it is (two reports of one change share it, so the second is a
 * duplicate), and when the change happened at EnKash (`occurredAt`, ISO-8601). Amounts are paise.
 * Card numbers appear only masked (at most the first 6 and last 4 digits); nothing else of the
 * card's secrets, nor the cardholder's personal data, is ever in an event.
 */
export type CardEventType = "TRANSACTION_POSTED" | "BALANCE_CHANGED" | "STATUS_CHANGED";

/** Where an event came from: EnKash's webhook, or a mutation made through this server. */
export type EventSource = "webhook" | "mutation";

interface EventBase {
  /** The change's identity, the de-duplication key: `txn:<id>`, `balance:<id>`, `status:<card>:<code>:<time>`. */
  eventId: string;
  companyId: string;
  cardAccountId: string | null;
  enKashCardId: string;
  /** When the change happened at EnKash (ISO-8601 UTC): the record's txnDate or modifiedOn. */
  occurredAt: string;
  /** When this server recorded it (ISO-8601 UTC). */
  receivedAt: string;
  source: EventSource;
}

export interface PostedTransaction {
  /** EnKash's transaction ID (enKashTransactionId). */
  transactionId: string;
  /** CR (money onto the card) or DR (off it). */
  direction: "CR" | "DR";
  /** Paise, positive. */
  amount: number;
  currency: string;
  /** EnKash's `type` (SALE, ALLOCATE_FUND, LOAD_MONEY, REFUND, …), as sent. */
  type: string;
  /** EnKash's `status` (CREATED, SUCCESS, DECLINED, …), as sent. */
  status: string;
  declineReason: string | null;
  /** The card's balance after the transaction, paise, when the record carries it. */
  balanceAfter: number | null;
  /** The load's `uniqueReferenceNumber` (pgReferenceNumber), when any. */
  referenceNumber: string | null;
  description: string | null;
  merchant: { name: string | null; mcc: string | null; channel: string | null; city: string | null } | null;
  /** The card number as masked by src/shared/card-number.ts (first 6 and last 4 at most). */
  maskedCard: string | null;
}

export type CardEvent =
  | (EventBase & { type: "TRANSACTION_POSTED"; transaction: PostedTransaction })
  | (EventBase & {
      type: "BALANCE_CHANGED";
      /** Paise: the card's available (open-to-buy) balance after the change. */
      balance: number;
      /** The transaction that changed it. */
      transactionId: string;
    })
  | (EventBase & { type: "STATUS_CHANGED"; status: BlockCode });

/** An event as recorded: its position in the log (a Redis stream ID, `<ms>-<seq>`) and the event. */
export interface LoggedEvent {
  id: string;
  event: CardEvent;
}

/**
 * The durable, ordered log of card events, shared by every instance (Redis Streams with
 * REDIS_URL, memory otherwise). Order is arrival order; IDs only grow.
 */
export interface EventLog {
  /**
   * Records an event unless one with its eventId was recorded within the retention window: then
   * nothing is written and `duplicate` is true, `id` being the first record's.
   */
  append(event: CardEvent): Promise<{ id: string; duplicate: boolean }>;
  /** Up to `limit` events recorded after `afterId` (null: from the oldest kept), oldest first. */
  readAfter(afterId: string | null, limit: number): Promise<LoggedEvent[]>;
  /**
   * Every event recorded after `afterId` (null: after the newest now), as they are recorded,
   * until `signal` aborts (the iteration then ends without an error).
   */
  follow(afterId: string | null, options: { signal: AbortSignal }): AsyncIterable<LoggedEvent>;
  /**
   * Whether the log still holds every event recorded after `afterId`: false once the retention
   * window (or, in memory, the bound on events) has dropped one, so a reader resuming there would
   * miss events.
   */
  covers(afterId: string): Promise<boolean>;
  /** The ID of the newest event recorded; null when the log holds none. */
  head(): Promise<string | null>;
  /** Whether the log answers (for readiness). */
  ping(): Promise<boolean>;
  close(): Promise<void>;
}

export interface EventLogOptions {
  /** How long events (and their de-duplication keys) are kept. */
  retentionMs: number;
}

/** A log position as Redis writes it: milliseconds, a dash, a sequence number. */
const LOG_ID = /^\d{1,15}-\d{1,15}$/;

/** The milliseconds part of a log ID. */
export function logIdTime(id: string): number {
  return Number(id.split("-")[0]);
}

export function compareLogIds(a: string, b: string): number {
  const [am = 0, as = 0] = a.split("-").map(Number);
  const [bm = 0, bs = 0] = b.split("-").map(Number);
  return am - bm || as - bs;
}

/** The largest sequence a log ID may carry (LOG_ID: 15 digits); Redis accepts it as a position. */
const MAX_SEQUENCE = 999_999_999_999_999;

/**
 * The position just before `id`: resuming after it delivers `id` again. For a reader that must
 * give back an event it could not finish and has no earlier position of its own.
 */
export function logIdBefore(id: string): string {
  const [ms = 0, seq = 0] = id.split("-").map(Number);
  return seq > 0 ? `${ms}-${seq - 1}` : `${ms - 1}-${MAX_SEQUENCE}`;
}

class InvalidLogId extends Error {
  constructor() {
    super("not an event log ID (<milliseconds>-<sequence>)");
    this.name = "InvalidLogId";
  }
}

export function checkLogId(id: string | null): void {
  if (id !== null && !LOG_ID.test(id)) throw new InvalidLogId();
}
