import type { Context } from "../context.ts";
import { type AccountKey, type CardKey, cardKey } from "../domain/keys.ts";
import type { CardRecord } from "../enkash/wire/responses.ts";
import { readEnkashDateTime } from "../shared/enkash-dates.ts";
import type { UserError } from "./errors.ts";
import { attempt } from "./mutation-support.ts";

/**
 * What a retry reads at EnKash to learn what a first run did when that run sent its write and never
 * stored its result (see idempotency-lease.ts and docs/operations.md, "Recovery by mutation"). Each
 * reader answers from EnKash's state only, and says so when it cannot tell.
 */

/** The card as EnKash holds it now (the request's cached copy dropped first). */
export async function readCardNow(ctx: Context, card: CardKey): Promise<CardRecord | null> {
  ctx.loaders.clearCard(card);
  return ctx.loaders.card.load(cardKey(card));
}

/** The load EnKash made with this reference on this card, if any (EnKash keeps references unique). */
export async function findLoad(
  ctx: Context,
  card: CardKey,
  reference: string,
): Promise<{ enKashTransactionId: string; principalAmount: number; balance: number | null } | null> {
  const page = await ctx.enkash.call("searchTransactions", {
    companyId: card.companyId,
    cardAccountId: card.cardAccountId,
    enKashCardId: card.enKashCardId,
    references: [reference],
    size: 1,
  });
  return page.content[0] ?? null;
}

/** Who a card was asked for, by what EnKash keeps of it. */
export interface CardholderSought {
  mobile?: string | null | undefined;
  userId?: string | null | undefined;
  firstName?: string | null | undefined;
  lastName?: string | null | undefined;
  email?: string | null | undefined;
  /** A card that is not the one sought (a replaced card, of the same cardholder). */
  notCardId?: string;
}

/** Most pages of 100 a recovery reads to find a card; an account with more is answered "unknown". */
const MAX_PAGES = 20;
/** Slack for the two clocks (this server's and EnKash's card timestamps) when matching by time. */
const CLOCK_SLACK_MS = 60_000;

export type CardSearch = { found: CardRecord } | { absent: true } | { unknown: true };

/**
 * The card a lost createCard made, among the account's cards: created no earlier than the first
 * run (less slack), for the same cardholder. A mobile identifies a live card in an account (EnKash
 * allows one per mobile); without one, the EnKash user, or the names and email, all of them. It is
 * `absent` only when every card of the account was read and none matches; several matches, an
 * account too large to read, or nothing to match by are `unknown`.
 */
export async function findCreatedCard(
  ctx: Context,
  account: AccountKey,
  sought: CardholderSought,
  since: number,
): Promise<CardSearch> {
  const identifies = sought.mobile || sought.userId || sought.firstName || sought.email;
  if (!identifies) return { unknown: true };
  const matches: CardRecord[] = [];
  let page = 0;
  let complete = false;
  for (; page < MAX_PAGES; page++) {
    const answer = await ctx.enkash.call("listCards", { ...account, page, size: 100 });
    for (const card of answer.content) if (isSought(card, sought, since)) matches.push(card);
    if (answer.last || page + 1 >= answer.totalPages) {
      complete = true;
      break;
    }
  }
  const [only, ...others] = matches;
  if (only && others.length === 0) return { found: only };
  if (matches.length === 0 && complete) return { absent: true };
  return { unknown: true };
}

function isSought(card: CardRecord, sought: CardholderSought, since: number): boolean {
  if (card.enKashCardId === sought.notCardId) return false;
  const created = Date.parse(readEnkashDateTime(card.createdOn) ?? "");
  if (!Number.isNaN(created) && created < since - CLOCK_SLACK_MS) return false;
  if (sought.mobile) return card.mobile === sought.mobile && card.cardStatus.name !== "BL";
  if (sought.userId) return card.userId === sought.userId;
  return (
    (card.firstName ?? null) === (sought.firstName ?? null) &&
    (card.lastName ?? null) === (sought.lastName ?? null) &&
    (card.email ?? null) === (sought.email ?? null)
  );
}

type Payload = { userErrors: UserError[] };

/**
 * Recovery by the card's state: when EnKash's card shows the change, the original outcome (`done`);
 * otherwise the first write did not happen (or was refused), and the change is made now (`again`).
 */
export async function recoverByCard<R extends object>(
  ctx: Context,
  card: CardKey,
  reached: (record: CardRecord) => boolean,
  done: () => R | Promise<R>,
  again: () => Promise<(R & Payload) | Payload>,
): Promise<(R & Payload) | Payload> {
  const read = await attempt(async () => ({ record: await readCardNow(ctx, card) }));
  if (!("record" in read)) return read;
  return read.record && reached(read.record) ? { ...(await done()), userErrors: [] } : again();
}
