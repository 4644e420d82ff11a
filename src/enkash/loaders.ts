import DataLoader from "dataloader";
import {
  type AccountKey,
  accountKey,
  accountKeyOf,
  type CardKey,
  cardKey,
  parseAccountKey,
  parseCardKey,
  parseTransactionKey,
  type TransactionKey,
  transactionKey,
} from "../domain/keys.ts";
import { EnkashNotFoundError } from "./errors.ts";
import { fetchWindow, MAX_PAGE_SIZE } from "./paging.ts";
import type { EnkashSession } from "./session.ts";
import type { CardAccountRecord, CardRecord, TransactionRecord } from "./wire/responses.ts";
import type { BlockCode } from "./wire/vocabulary.ts";

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

export interface Window<T> {
  items: T[];
  /** Total matching, when EnKash said (or a scan reached the end). */
  total: number | null;
}

interface CardWindowKey {
  account: AccountKey;
  status: BlockCode | undefined;
  offset: number;
  limit: number;
}
interface AccountPageKey {
  account: AccountKey;
  filter: TransactionFilter;
  page: number;
}
type TransactionPage = { content: TransactionRecord[]; last: boolean };

interface TransactionWindowKey {
  account: AccountKey;
  enKashCardId: string | undefined;
  filter: TransactionFilter;
  offset: number;
  limit: number;
}

export type Loaders = ReturnType<typeof createLoaders>;

/**
 * What the viewer may see (auth/access.ts). Every loader asks it before any EnKash call: a refused
 * object loads as null and a refused list fails as a missing account's would, exactly as if it did
 * not exist, so no path through the graph can fetch what the viewer may not see.
 */
export interface Visibility {
  account(key: AccountKey): boolean;
  card(key: CardKey): boolean;
  transaction(key: TransactionKey): boolean;
}

/** An account-wide scan (of transactions, or of the card list) is used only for this many cards or more. */
export const SCAN_MIN_CARDS = 3;

/**
 * One set of DataLoaders per GraphQL request. Identical lookups in one operation go upstream once;
 * list answers prime the per-item loaders; mutations clear what they changed. A missing object
 * loads as null; other failures reject the slot with the client's typed error.
 */
export function createLoaders(enkash: EnkashSession, visible: Visibility) {
  const account = new DataLoader<string, CardAccountRecord | null, string>((keys) =>
    settleEach(
      keys.map(async (key) => {
        const ref = must(parseAccountKey(key));
        return visible.account(ref) ? nullIfNotFound(enkash.call("getCardAccount", ref)) : null;
      }),
    ),
  );

  // Several cards of one account at once (a page of transactions, a `nodes` refetch): read the
  // account's card list instead, when that takes fewer calls than one lookup per card.
  const card: DataLoader<string, CardRecord | null, string> = new DataLoader(async (keys) => {
    const byAccount = new Map<string, string[]>();
    for (const key of keys) {
      const parsed = must(parseCardKey(key));
      if (!visible.card(parsed)) continue;
      const group = accountKey(parsed);
      byAccount.set(group, [...(byAccount.get(group) ?? []), key]);
    }
    const found = new Map<string, CardRecord>();
    await Promise.all(
      [...byAccount.entries()]
        // Reading the whole card list is for viewers who may see the whole account.
        .filter(
          ([group, wanted]) =>
            wanted.length >= SCAN_MIN_CARDS && visible.account(must(parseAccountKey(group))),
        )
        .map(async ([group, wantedKeys]) => {
          const ref = must(parseAccountKey(group));
          const wanted = new Set(wantedKeys);
          let foundHere = 0;
          for (let page = 0; page < wanted.size - 1; page++) {
            const result = only(
              await enkash.call("listCards", { ...ref, page, size: MAX_PAGE_SIZE }),
              (record) => inAccount(record, ref),
            );
            for (const record of result.content) {
              const key = cardKey({ ...ref, enKashCardId: record.enKashCardId });
              if (wanted.has(key) && !found.has(key)) {
                found.set(key, record);
                foundHere++;
              }
            }
            const missing = wanted.size - foundHere;
            if (result.last || missing === 0) break;
            // Stop once the pages still expected (at the rate cards turned up so far) cost at least
            // half as many calls as looking the missing cards up, which go out all at once: in a
            // large account, cards named by ID are rarely on its first pages.
            const perPage = foundHere / (page + 1);
            if (perPage === 0 || Math.ceil(missing / perPage) * 2 >= missing) break;
          }
        })
        // A failed scan only means the cards it did not reach are looked up one by one below.
        .map((scan) => scan.catch(() => {})),
    );
    return settleEach(
      keys.map(async (key) => {
        const parsed = must(parseCardKey(key));
        if (!visible.card(parsed)) return null;
        const record = found.get(key) ?? (await nullIfNotFound(enkash.call("getCardDetails", parsed)));
        return record && belongsTo(record, parsed) ? record : null;
      }),
    );
  });

  const controls = new DataLoader<string, Awaited<ReturnType<typeof fetchControls>> | null, string>((keys) =>
    settleEach(
      keys.map(async (key) => {
        const parsed = must(parseCardKey(key));
        return visible.card(parsed) ? nullIfNotFound(fetchControls(enkash, parsed)) : null;
      }),
    ),
  );

  const primeCard = (record: CardRecord, companyId: string) => {
    card.prime(
      cardKey({ companyId, cardAccountId: record.cardAccountId, enKashCardId: record.enKashCardId }),
      record,
    );
  };

  const cardWindow = new DataLoader<CardWindowKey, Window<CardRecord>, string>(
    (keys) =>
      settleEach(
        keys.map(async ({ account: ref, status, offset, limit }) => {
          if (!visible.account(ref)) throw refused("listCards");
          const window = await fetchWindow(offset, limit, (page) =>
            enkash
              .call("listCards", { ...ref, ...(status ? { status } : {}), ...page })
              .then((answer) => only(answer, (record) => inAccount(record, ref))),
          );
          for (const record of window.items) primeCard(record, ref.companyId);
          return window;
        }),
      ),
    { cacheKeyFn: (key) => JSON.stringify(key) },
  );

  const searchWindow = async (key: TransactionWindowKey) => {
    const allowed = key.enKashCardId
      ? visible.card({ ...key.account, enKashCardId: key.enKashCardId })
      : visible.account(key.account);
    if (!allowed) throw refused("searchTransactions");
    return fetchWindow(key.offset, key.limit, (page) =>
      enkash
        .call("searchTransactions", {
          ...key.account,
          ...(key.enKashCardId ? { enKashCardId: key.enKashCardId } : {}),
          ...key.filter,
          ...page,
        })
        .then((answer) =>
          only(
            answer,
            (record) =>
              inAccount(record, key.account) &&
              (!key.enKashCardId || record.enKashCardId === key.enKashCardId),
          ),
        ),
    );
  };

  // Pages (of 100, newest first) of an account's transactions, as the account-wide scan reads them.
  // A loader of their own so that look-ahead can ask for the first page before the scan starts.
  const accountTransactionPage = new DataLoader<AccountPageKey, TransactionPage, string>(
    (keys) =>
      settleEach(
        keys.map(async (key) => {
          if (!visible.account(key.account)) throw refused("searchTransactions");
          const answer = await enkash.call("searchTransactions", {
            ...key.account,
            ...key.filter,
            page: key.page,
            size: MAX_PAGE_SIZE,
          });
          return only(answer, (record) => inAccount(record, key.account));
        }),
      ),
    {
      cacheKeyFn: (key) =>
        JSON.stringify([key.account.companyId, key.account.cardAccountId, key.filter, key.page]),
    },
  );

  const transactionWindow = new DataLoader<TransactionWindowKey, Window<TransactionRecord>, string>(
    async (keys) => {
      const results = new Map<TransactionWindowKey, Promise<Window<TransactionRecord>>>();
      // First pages of several cards of one account with one filter: try one account-wide scan.
      const groups = new Map<string, TransactionWindowKey[]>();
      for (const key of keys) {
        if (key.enKashCardId && key.offset === 0) {
          const group = JSON.stringify([key.account, key.filter]);
          groups.set(group, [...(groups.get(group) ?? []), key]);
        }
      }
      for (const group of groups.values()) {
        if (new Set(group.map((key) => key.enKashCardId)).size < SCAN_MIN_CARDS) continue;
        // The account-wide scan reads every card's records: only for viewers who may see them all.
        if (!visible.account(group[0]?.account as AccountKey)) continue;
        const scanned = scanAccount(group, (page) =>
          accountTransactionPage.load({
            account: group[0]?.account as AccountKey,
            filter: group[0]?.filter ?? {},
            page,
          }),
        );
        for (const key of group)
          results.set(
            key,
            scanned.then((found) => found.get(key) ?? searchWindow(key)),
          );
      }
      return settleEach(keys.map((key) => results.get(key) ?? searchWindow(key)));
    },
    { cacheKeyFn: (key) => JSON.stringify(key) },
  );

  const transaction = new DataLoader<string, TransactionRecord | null, string>(async (keys) => {
    // One search per account, by ID list (up to 100 IDs each).
    const byAccount = new Map<string, TransactionKey[]>();
    for (const key of keys) {
      const parsed = must(parseTransactionKey(key));
      if (!visible.transaction(parsed)) continue;
      const group = accountKey(parsed);
      byAccount.set(group, [...(byAccount.get(group) ?? []), parsed]);
    }
    const found = new Map<string, TransactionRecord>();
    const failed = new Map<string, Error>();
    await Promise.all(
      [...byAccount.values()].flatMap((group) =>
        chunk(group, MAX_PAGE_SIZE).map(async (ids) => {
          const first = ids[0] as TransactionKey;
          const page = await enkash
            .call("searchTransactions", {
              companyId: first.companyId,
              cardAccountId: first.cardAccountId,
              transactionIds: ids.map((id) => id.enKashTransactionId),
              size: MAX_PAGE_SIZE,
            })
            .catch((error: unknown) => {
              for (const id of ids) failed.set(transactionKey(id), asError(error));
              return { content: [] };
            });
          for (const record of page.content) {
            if (!inAccount(record, first)) continue;
            const ref = { ...accountKeyOf(first), enKashTransactionId: record.enKashTransactionId };
            // Found under the key it was asked by: with its card (checked against the record) or without.
            found.set(transactionKey({ ...ref, enKashCardId: record.enKashCardId }), record);
            found.set(transactionKey(ref), record);
          }
        }),
      ),
    );
    return keys.map((key) => found.get(key) ?? failed.get(key) ?? null);
  });

  return {
    account,
    card,
    controls,
    cardWindow,
    transactionWindow,
    accountTransactionPage,
    transaction,
    primeCard,
    /** Forgets everything known about a card (after a mutation changed it). */
    clearCard(key: CardKey): void {
      card.clear(cardKey(key));
      controls.clear(cardKey(key));
      account.clear(accountKey(key));
      cardWindow.clearAll();
      transactionWindow.clearAll();
      accountTransactionPage.clearAll();
    },
    clearAccount(key: AccountKey): void {
      account.clear(accountKey(key));
      cardWindow.clearAll();
    },
  };
}

function fetchControls(enkash: EnkashSession, key: CardKey) {
  return enkash.call("getUsageControls", key);
}

/**
 * Fetches the first pages of several cards' transactions by scanning the account's transactions
 * newest first. Cards the scan could not fill are left out of the answer: the caller searches
 * them one by one, all at once. The scan goes on only while it is expected to be cheaper than
 * that: never past (cards - 1) pages, and it stops as soon as the pages it would still need, at
 * the rate the unfilled cards have shown so far, are at least half as many as those cards. Half,
 * because each further page is a round trip of its own while the searches go out together: in an
 * account of 1,000 cards the 50 on screen fill at about 5 records a page, and the scan stops after
 * its first page instead of running 49 pages one after another.
 */
async function scanAccount(
  keys: TransactionWindowKey[],
  fetchPage: (page: number) => Promise<TransactionPage>,
): Promise<Map<TransactionWindowKey, Window<TransactionRecord>>> {
  const wanted = new Map<string, number>();
  for (const key of keys)
    wanted.set(key.enKashCardId as string, Math.max(wanted.get(key.enKashCardId as string) ?? 0, key.limit));
  const collected = new Map<string, TransactionRecord[]>([...wanted.keys()].map((id) => [id, []]));
  const budget = wanted.size - 1;
  let exhausted = false;
  for (let page = 0; page < budget; page++) {
    const result = await fetchPage(page);
    for (const record of result.content) {
      const list = collected.get(record.enKashCardId);
      if (list && list.length < (wanted.get(record.enKashCardId) ?? 0)) list.push(record);
    }
    if (result.last) {
      exhausted = true;
      break;
    }
    let unfilled = 0;
    let missing = 0;
    let foundForUnfilled = 0;
    for (const [id, limit] of wanted) {
      const have = collected.get(id)?.length ?? 0;
      if (have >= limit) continue;
      unfilled++;
      missing += limit - have;
      foundForUnfilled += have;
    }
    if (unfilled === 0) break;
    const perPage = foundForUnfilled / (page + 1);
    const pagesStillNeeded = perPage > 0 ? Math.ceil(missing / perPage) : Number.POSITIVE_INFINITY;
    if (pagesStillNeeded * 2 >= unfilled) break;
  }
  const answers = new Map<TransactionWindowKey, Window<TransactionRecord>>();
  for (const key of keys) {
    const list = collected.get(key.enKashCardId as string) ?? [];
    if (exhausted || list.length >= key.limit) {
      answers.set(key, {
        items: list.slice(0, key.limit),
        total: exhausted && list.length < key.limit ? list.length : null,
      });
    }
  }
  return answers;
}

/**
 * Whether an answer is the object asked for: EnKash is asked with the account the viewer may see,
 * and whatever it answers must belong to that account (a card ID of another company's account
 * named under one's own must never come back as a card one may see).
 */
function inAccount(
  record: { cardAccountId?: string | null; companyId?: string | null },
  key: AccountKey,
): boolean {
  return (
    (record.cardAccountId == null || record.cardAccountId === key.cardAccountId) &&
    (record.companyId == null || record.companyId === key.companyId)
  );
}

function belongsTo(record: CardRecord, key: CardKey): boolean {
  return record.enKashCardId === key.enKashCardId && inAccount(record, key);
}

/** A page of an answer with only the records that pass `keep`. */
function only<P extends { content: unknown[] }>(page: P, keep: (record: P["content"][number]) => boolean): P {
  return page.content.every(keep) ? page : { ...page, content: page.content.filter(keep) };
}

/**
 * A batch's answers, with a failure in the slot of each key that failed (DataLoader rejects just
 * that key) rather than one failure for the whole batch.
 */
function settleEach<T>(answers: Promise<T>[]): Promise<(T | Error)[]> {
  return Promise.all(answers.map((answer) => answer.catch(asError)));
}

const asError = (error: unknown): Error => (error instanceof Error ? error : new Error(String(error)));

/** What a refused list looks like: the same failure as a list of something missing. */
function refused(operation: string): EnkashNotFoundError {
  return new EnkashNotFoundError("Not found", { operation });
}

async function nullIfNotFound<T>(promise: Promise<T>): Promise<T | null> {
  try {
    return await promise;
  } catch (error) {
    if (error instanceof EnkashNotFoundError) return null;
    throw error;
  }
}

/** Loader keys are built by this server from parsed IDs; a malformed one is a bug. */
function must<T>(value: T | null): T {
  if (value === null) throw new Error("malformed loader key");
  return value;
}

function chunk<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
