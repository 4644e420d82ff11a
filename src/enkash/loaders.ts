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
import type { BlockCode } from "../shared/enkash-vocabulary.ts";
import { EnkashNotFoundError } from "./errors.ts";
import { fetchWindow, MAX_PAGE_SIZE } from "./paging.ts";
import {
  CardListScan,
  planCardLookups,
  planTransactionLookups,
  planTransactionWindows,
  type TransactionFilter,
  TransactionScan,
  type TransactionWindowKey,
  type Window,
} from "./planner.ts";
import type { EnkashSession } from "./session.ts";
import type { CardAccountRecord, CardRecord, TransactionRecord } from "./wire/responses.ts";

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
  // account's card list first when the planner expects that to take fewer calls (planner.ts).
  const card: DataLoader<string, CardRecord | null, string> = new DataLoader(async (keys) => {
    const asked = keys.map((key) => must(parseCardKey(key))).filter((parsed) => visible.card(parsed));
    const found = new Map<string, CardRecord>();
    await Promise.all(
      // Reading the whole card list is for viewers who may see the whole account.
      planCardLookups(asked, (account) => visible.account(account))
        .map(async ({ account: ref, cards }) => {
          const scan = new CardListScan<CardRecord>(cards.map((wanted) => wanted.enKashCardId));
          try {
            for (let page = scan.nextPage(); page !== null; page = scan.nextPage())
              scan.take(
                only(await enkash.call("listCards", { ...ref, page, size: MAX_PAGE_SIZE }), (record) =>
                  inAccount(record, ref),
                ),
              );
          } finally {
            // What the pages read so far found counts even when a later page failed.
            for (const [enKashCardId, record] of scan.found)
              found.set(cardKey({ ...ref, enKashCardId }), record);
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
      // First pages of several cards of one account with one filter: one account-wide scan, when
      // the planner expects it to pay (planner.ts). It reads every card's records: only for
      // viewers who may see them all.
      for (const { account: ref, filter, windows } of planTransactionWindows(keys, (account) =>
        visible.account(account),
      )) {
        const scanned = scanTransactions(new TransactionScan(windows), (page) =>
          accountTransactionPage.load({ account: ref, filter, page }),
        );
        for (const key of windows)
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
    const asked = keys
      .map((key) => must(parseTransactionKey(key)))
      .filter((parsed) => visible.transaction(parsed));
    const found = new Map<string, TransactionRecord>();
    const failed = new Map<string, Error>();
    await Promise.all(
      planTransactionLookups(asked).map(async (ids) => {
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

/** Runs a transaction scan: reads the pages it asks for, one after another; the windows it filled. */
async function scanTransactions(
  scan: TransactionScan<TransactionWindowKey, TransactionRecord>,
  fetchPage: (page: number) => Promise<TransactionPage>,
): Promise<Map<TransactionWindowKey, Window<TransactionRecord>>> {
  for (let page = scan.nextPage(); page !== null; page = scan.nextPage()) scan.take(await fetchPage(page));
  return scan.answers();
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
