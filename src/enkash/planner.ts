import {
  type AccountKey,
  accountKey,
  accountKeyOf,
  type CardKey,
  type TransactionKey,
} from "../domain/keys.ts";
import { MAX_PAGE_SIZE } from "./paging.ts";

/**
 * Query planning: which EnKash calls answer what one DataLoader batch asks for. Pure: it is given
 * the keys of a batch (and, during a scan, each page as it arrives) and says which calls to make;
 * the loaders (loaders.ts) make them. No I/O, no clock, no GraphQL.
 *
 * Several cards of one account (a page of transactions naming their cards, a `nodes` refetch), or
 * the first transactions of several cards of one account (a page of cards, each with its latest
 * transactions), can be read two ways:
 * - one lookup per card, all at once: one round, a call per card;
 * - a scan of the account (its card list; its transactions, newest first): fewer calls when the
 *   cards are dense in the account, but each page is a round of its own, since each page shows
 *   whether the next is needed.
 * A scan is tried for {@link SCAN_MIN_CARDS} cards or more, reads at most (cards - 1) pages, and
 * stops as soon as the pages it would still need, at the rate the cards still missing have turned
 * up so far, are at least half as many as the lookups they would save. Half, because each further
 * page is a round trip of its own while the lookups go out together: in an account of 1,000 cards
 * the 50 on screen fill at about 5 records a page, and the scan stops after its first page instead
 * of running 49 pages one after another. What a scan did not find is then looked up one by one.
 */

/** Transaction filters, in the client's terms (amounts in paise, instants as ISO text). */
export interface TransactionFilter {
  direction?: "CR" | "DR";
  status?: string;
  type?: string;
  amountFrom?: number;
  amountTo?: number;
  from?: string;
  to?: string;
}

/** A window of a list: what a connection shows. */
export interface Window<T> {
  items: T[];
  /** Total matching, when EnKash said (or a scan reached the end). */
  total: number | null;
}

/** A window of transactions: an account's (no card) or one card's. */
export interface TransactionWindowKey {
  account: AccountKey;
  enKashCardId: string | undefined;
  filter: TransactionFilter;
  offset: number;
  limit: number;
  /** The window must say the list's length (a `last` page's probe): a scan cannot, a search can. */
  countsTotal?: boolean;
}

/** A page of a list as the planner reads it. */
export interface ScannedPage<R> {
  content: readonly R[];
  /** No page after this one. */
  last: boolean;
}

/** An account-wide scan (of transactions, or of the card list) is used only for this many cards or more. */
export const SCAN_MIN_CARDS = 3;

/** Whether reading an account-wide list may pay for `cards` cards of the account. */
export function worthScanning(cards: number): boolean {
  return cards >= SCAN_MIN_CARDS;
}

/**
 * Whether a scan should read one more page. `found` is how many wanted items the pages read so far
 * held; `missing` how many are still wanted; `lookupsSaved` the calls the next pages would spare if
 * they found the rest. Never past (cards - 1) pages (`maxPages`).
 */
export function scanGoesOn(progress: {
  pagesRead: number;
  maxPages: number;
  found: number;
  missing: number;
  lookupsSaved: number;
}): boolean {
  const { pagesRead, maxPages, found, missing, lookupsSaved } = progress;
  if (pagesRead === 0) return maxPages > 0;
  if (pagesRead >= maxPages || missing === 0) return false;
  const perPage = found / pagesRead;
  if (perPage === 0) return false;
  return Math.ceil(missing / perPage) * 2 < lookupsSaved;
}

// ---------------------------------------------------------------------------------------------
// Cards by key

/** Accounts whose card list is read first, with the cards wanted from each (in batch order). */
export interface CardListScanPlan<K extends CardKey> {
  account: AccountKey;
  cards: K[];
}

/**
 * Which accounts' card lists to scan for a batch of card lookups: those with enough cards asked
 * for, whose whole list the viewer may see (`mayListAccount`). Every other card, and every card a
 * scan does not find, is looked up by itself. `cards` are the cards the viewer may see.
 */
export function planCardLookups<K extends CardKey>(
  cards: readonly K[],
  mayListAccount: (account: AccountKey) => boolean,
): CardListScanPlan<K>[] {
  const byAccount = new Map<string, K[]>();
  for (const card of cards) {
    const group = accountKey(card);
    byAccount.set(group, [...(byAccount.get(group) ?? []), card]);
  }
  return [...byAccount.values()].flatMap((group) => {
    const account = accountKeyOf(group[0] as K);
    return worthScanning(new Set(group.map((card) => card.enKashCardId)).size) && mayListAccount(account)
      ? [{ account, cards: group }]
      : [];
  });
}

/**
 * A scan of an account's card list (pages of 100) for some of its cards. Ask `nextPage()` which
 * page to read (null: stop), hand each page to `take()`, then read `found` (by EnKash card ID).
 */
export class CardListScan<R extends { enKashCardId: string }> {
  readonly found = new Map<string, R>();
  private readonly wanted: ReadonlySet<string>;
  private pagesRead = 0;
  private ended = false;

  constructor(enKashCardIds: Iterable<string>) {
    this.wanted = new Set(enKashCardIds);
  }

  nextPage(): number | null {
    if (this.ended) return null;
    const missing = this.wanted.size - this.found.size;
    const goesOn = scanGoesOn({
      pagesRead: this.pagesRead,
      maxPages: this.wanted.size - 1,
      found: this.found.size,
      missing,
      lookupsSaved: missing,
    });
    return goesOn ? this.pagesRead : null;
  }

  take(page: ScannedPage<R>): void {
    this.pagesRead++;
    for (const record of page.content)
      if (this.wanted.has(record.enKashCardId) && !this.found.has(record.enKashCardId))
        this.found.set(record.enKashCardId, record);
    if (page.last) this.ended = true;
  }
}

// ---------------------------------------------------------------------------------------------
// Transaction windows

/** First pages of several cards' transactions (one account, one filter), read by one scan. */
export interface TransactionScanPlan<K extends TransactionWindowKey> {
  account: AccountKey;
  filter: TransactionFilter;
  windows: K[];
}

/**
 * Which windows of a batch an account-wide scan of transactions serves: the first pages of at
 * least {@link SCAN_MIN_CARDS} cards of one account with one filter, when the viewer may see the
 * whole account (`mayScanAccount`). Every other window, and every one a scan leaves unfilled, is
 * searched by itself.
 */
export function planTransactionWindows<K extends TransactionWindowKey>(
  windows: readonly K[],
  mayScanAccount: (account: AccountKey) => boolean,
): TransactionScanPlan<K>[] {
  const groups = new Map<string, K[]>();
  for (const window of windows) {
    if (window.enKashCardId && window.offset === 0 && !window.countsTotal) {
      const group = JSON.stringify([window.account, window.filter]);
      groups.set(group, [...(groups.get(group) ?? []), window]);
    }
  }
  return [...groups.values()].flatMap((group) => {
    const first = group[0] as K;
    return worthScanning(new Set(group.map((window) => window.enKashCardId)).size) &&
      mayScanAccount(first.account)
      ? [{ account: first.account, filter: first.filter, windows: group }]
      : [];
  });
}

/**
 * A scan of an account's transactions, newest first (pages of 100), for the first pages of several
 * of its cards. Ask `nextPage()` which page to read (null: stop), hand each page to `take()`, then
 * `answers()` gives the windows the scan could fill; the rest are searched card by card.
 */
export class TransactionScan<K extends TransactionWindowKey, R extends { enKashCardId: string }> {
  /** Most records wanted per card (the largest window asked for it). */
  private readonly wanted = new Map<string, number>();
  private readonly collected = new Map<string, R[]>();
  private pagesRead = 0;
  private exhausted = false;
  private stopped = false;

  constructor(private readonly windows: readonly K[]) {
    for (const window of windows) {
      const id = window.enKashCardId as string;
      this.wanted.set(id, Math.max(this.wanted.get(id) ?? 0, window.limit));
      this.collected.set(id, []);
    }
  }

  nextPage(): number | null {
    if (this.exhausted || this.stopped) return null;
    let unfilled = 0;
    let missing = 0;
    let found = 0;
    for (const [id, limit] of this.wanted) {
      const have = this.collected.get(id)?.length ?? 0;
      if (have >= limit) continue;
      unfilled++;
      missing += limit - have;
      found += have;
    }
    const goesOn = scanGoesOn({
      pagesRead: this.pagesRead,
      maxPages: this.wanted.size - 1,
      found,
      missing,
      lookupsSaved: unfilled,
    });
    if (!goesOn) this.stopped = true;
    return goesOn ? this.pagesRead : null;
  }

  take(page: ScannedPage<R>): void {
    this.pagesRead++;
    for (const record of page.content) {
      const list = this.collected.get(record.enKashCardId);
      if (list && list.length < (this.wanted.get(record.enKashCardId) ?? 0)) list.push(record);
    }
    if (page.last) this.exhausted = true;
  }

  /** The windows the pages read fill (all of them when the account's list ended). */
  answers(): Map<K, Window<R>> {
    const answers = new Map<K, Window<R>>();
    for (const window of this.windows) {
      const list = this.collected.get(window.enKashCardId as string) ?? [];
      if (this.exhausted || list.length >= window.limit) {
        answers.set(window, {
          items: list.slice(0, window.limit),
          total: this.exhausted && list.length < window.limit ? list.length : null,
        });
      }
    }
    return answers;
  }
}

/** Connection arguments, as far as planning cares. */
export interface PageArgs {
  first?: unknown;
  after?: unknown;
  last?: unknown;
}

/**
 * Whether a page of an account's cards may be served, for its cards' latest transactions, by an
 * account-wide transaction scan (so that the scan's first page can be asked for with the account,
 * before the cards are known: look-ahead): a first page of at least {@link SCAN_MIN_CARDS} cards.
 */
export function cardPageMayScanTransactions(cards: PageArgs): boolean {
  const first = typeof cards.first === "number" ? cards.first : null;
  return first !== null && worthScanning(first) && !cards.after && !cards.last;
}

/** Whether a connection asks for its first page, the only one a scan serves. */
export function isFirstPage(page: PageArgs): boolean {
  return !page.after && !page.last;
}

// ---------------------------------------------------------------------------------------------
// Transactions by key

/**
 * The searches that look up a batch of transactions by ID: one per account, by ID list, in chunks
 * of at most 100 IDs (EnKash's page size).
 */
export function planTransactionLookups<K extends TransactionKey>(keys: readonly K[]): K[][] {
  const byAccount = new Map<string, K[]>();
  for (const key of keys) {
    const group = accountKey(key);
    byAccount.set(group, [...(byAccount.get(group) ?? []), key]);
  }
  return [...byAccount.values()].flatMap((group) => chunk(group, MAX_PAGE_SIZE));
}

function chunk<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
