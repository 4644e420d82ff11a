import { describe, expect, it } from "vitest";
import {
  CardListScan,
  cardPageMayScanTransactions,
  isFirstPage,
  planCardLookups,
  planTransactionLookups,
  planTransactionWindows,
  SCAN_MIN_CARDS,
  scanGoesOn,
  TransactionScan,
  type TransactionWindowKey,
  worthScanning,
} from "../../src/enkash/planner.ts";

/**
 * The query planner on its own: which EnKash calls a batch of lookups takes. Pure decisions,
 * checked against hand-worked examples; graphql-queries.test.ts and graphql-budgets.test.ts check
 * the calls the whole server makes with it.
 */
const A = { companyId: "CEKEP5GSGP", cardAccountId: "CABFIPS" };
const B = { companyId: "CEKEP5GSGP", cardAccountId: "CAA8W45" };
const card = (account: typeof A, enKashCardId: string) => ({ ...account, enKashCardId });
const everything = () => true;

/** Runs a scan over `pages` (what EnKash would answer, newest first), returning the pages read. */
function drive<R>(
  scan: { nextPage(): number | null; take(page: { content: R[]; last: boolean }): void },
  pages: R[][],
): number[] {
  const read: number[] = [];
  for (let page = scan.nextPage(); page !== null; page = scan.nextPage()) {
    read.push(page);
    scan.take({ content: pages[page] ?? [], last: page >= pages.length - 1 });
  }
  return read;
}

describe("when a scan may pay", () => {
  it(`takes ${SCAN_MIN_CARDS} cards or more`, () => {
    expect(SCAN_MIN_CARDS).toBe(3);
    expect([0, 1, 2, 3, 4, 50].map(worthScanning)).toEqual([false, false, false, true, true, true]);
  });

  it("reads a first page, never more than (cards - 1) pages, and stops when nothing is missing", () => {
    const base = { found: 0, missing: 5, lookupsSaved: 5 };
    expect(scanGoesOn({ ...base, pagesRead: 0, maxPages: 2 })).toBe(true);
    expect(scanGoesOn({ ...base, pagesRead: 0, maxPages: 0 })).toBe(false);
    expect(scanGoesOn({ pagesRead: 2, maxPages: 2, found: 40, missing: 1, lookupsSaved: 50 })).toBe(false);
    expect(scanGoesOn({ pagesRead: 1, maxPages: 9, found: 10, missing: 0, lookupsSaved: 0 })).toBe(false);
  });

  it("goes on only while the pages still needed are fewer than half the lookups they save", () => {
    // Nothing found yet: no rate to go by.
    expect(scanGoesOn({ pagesRead: 1, maxPages: 9, found: 0, missing: 10, lookupsSaved: 10 })).toBe(false);
    // 5 a page, 5 missing: one more page (2 < 5).
    expect(scanGoesOn({ pagesRead: 1, maxPages: 9, found: 5, missing: 5, lookupsSaved: 5 })).toBe(true);
    // 2 a page, 2 missing: one more page would cost as much as the 2 lookups it saves, in rounds.
    expect(scanGoesOn({ pagesRead: 1, maxPages: 9, found: 2, missing: 2, lookupsSaved: 2 })).toBe(false);
    // The 1,000-card dashboard: 5 of 250 records on the first page, 50 cards unfilled: 49 more
    // pages one after another against 50 searches at once: stop.
    expect(scanGoesOn({ pagesRead: 1, maxPages: 49, found: 5, missing: 245, lookupsSaved: 50 })).toBe(false);
    // A small account: 150 of 250 records on the first page: one more page (2 * 2 < 50).
    expect(scanGoesOn({ pagesRead: 1, maxPages: 49, found: 150, missing: 100, lookupsSaved: 50 })).toBe(true);
  });
});

describe("cards by key", () => {
  it("scans an account's card list for 3 or more of its cards, when the viewer may see the whole account", () => {
    const cards = [
      card(A, "EKC1"),
      card(B, "EKC9"),
      card(A, "EKC2"),
      card(A, "EKC3"),
      card(B, "EKC8"),
      card(B, "EKC7"),
    ];
    expect(planCardLookups(cards, everything)).toEqual([
      { account: A, cards: [card(A, "EKC1"), card(A, "EKC2"), card(A, "EKC3")] },
      { account: B, cards: [card(B, "EKC9"), card(B, "EKC8"), card(B, "EKC7")] },
    ]);
    // Two cards of B: looked up one by one. A's list is not the viewer's to read: no scan either.
    expect(
      planCardLookups(cards.slice(0, 5), (account) => account.cardAccountId !== A.cardAccountId),
    ).toEqual([]);
    expect(planCardLookups(cards.slice(0, 5), everything)).toEqual([
      { account: A, cards: [card(A, "EKC1"), card(A, "EKC2"), card(A, "EKC3")] },
    ]);
    expect(planCardLookups([], everything)).toEqual([]);
  });

  it("reads the card list page by page while it pays, and keeps the first record of each card", () => {
    const rec = (id: string, extra = 0) => ({ enKashCardId: id, extra });
    // All three on the first page: one page.
    const dense = new CardListScan<ReturnType<typeof rec>>(["C1", "C2", "C3"]);
    expect(drive(dense, [[rec("C1"), rec("X"), rec("C2"), rec("C3"), rec("C1", 1)], [rec("Z")]])).toEqual([
      0,
    ]);
    expect([...dense.found.values()]).toEqual([rec("C1"), rec("C2"), rec("C3")]);
    // None on the first page: stop, look them up.
    const sparse = new CardListScan(["C1", "C2", "C3"]);
    expect(drive(sparse, [[rec("X")], [rec("C1"), rec("C2"), rec("C3")]])).toEqual([0]);
    expect(sparse.found.size).toBe(0);
    // Half of ten on the first page: the second page pays (5 a page, 5 missing: 2 < 5); after it,
    // 4 a page with 2 missing: a third would cost as many rounds as the 2 lookups: stop.
    const ids = Array.from({ length: 10 }, (_, i) => `C${i}`);
    const half = new CardListScan(ids);
    expect(
      drive(half, [ids.slice(0, 5).map((id) => rec(id)), ids.slice(5, 8).map((id) => rec(id)), []]),
    ).toEqual([0, 1]);
    expect(half.found.size).toBe(8);
    // The list ends: stop whatever is missing.
    const short = new CardListScan(ids);
    expect(drive(short, [ids.slice(0, 5).map((id) => rec(id))])).toEqual([0]);
    // Three cards: once one turns up, a further page never pays (it would save at most 2 lookups).
    const three = new CardListScan(["C1", "C2", "C3"]);
    expect(drive(three, [[rec("C1"), rec("C2")], [rec("X")], [rec("C3")], [rec("Y")]])).toEqual([0]);
    const six = new CardListScan(["C1", "C2", "C3", "C4", "C5", "C6"]);
    expect(drive(six, [[rec("C1"), rec("C2"), rec("C3")], [rec("C4"), rec("C5")], [rec("C6")]])).toEqual([
      0, 1,
    ]);
  });
});

describe("transaction windows", () => {
  const window = (
    enKashCardId: string | undefined,
    overrides: Partial<TransactionWindowKey> = {},
  ): TransactionWindowKey => ({ account: A, enKashCardId, filter: {}, offset: 0, limit: 5, ...overrides });

  it("scans an account's transactions for the first pages of 3 or more of its cards with one filter", () => {
    const keys = [
      window("C1"),
      window("C2"),
      window("C3"),
      window("C1", { limit: 10 }),
      window("C4", { offset: 5 }),
      window(undefined),
      window("C5", { filter: { direction: "DR" } }),
      window("C6", { filter: { direction: "DR" } }),
      window("D1", { account: B }),
      window("D2", { account: B }),
      window("D3", { account: B }),
    ];
    expect(planTransactionWindows(keys, everything)).toEqual([
      { account: A, filter: {}, windows: [keys[0], keys[1], keys[2], keys[3]] },
      { account: B, filter: {}, windows: [keys[8], keys[9], keys[10]] },
    ]);
    expect(planTransactionWindows(keys, (account) => account.cardAccountId === B.cardAccountId)).toEqual([
      { account: B, filter: {}, windows: [keys[8], keys[9], keys[10]] },
    ]);
    // The same card three times is one card.
    expect(
      planTransactionWindows(
        [window("C1"), window("C1", { limit: 2 }), window("C1", { limit: 3 })],
        everything,
      ),
    ).toEqual([]);
  });

  it("fills each card's window from the account's pages, newest first, while that pays", () => {
    const txn = (card: string, n: number) => ({ enKashCardId: card, n });
    const keys = [window("C1", { limit: 2 }), window("C2", { limit: 2 }), window("C3", { limit: 1 })];
    const scan = new TransactionScan(keys);
    const pages = [
      [txn("C1", 1), txn("X", 2), txn("C1", 3), txn("C1", 4), txn("C2", 5)],
      [txn("C2", 6), txn("C3", 7)],
      [txn("C3", 8)],
    ];
    // After page 0: C1 is full; C2 has 1 of 2 and C3 none of 1. The unfilled cards turn up at 1
    // record a page and miss 2: two more pages, one after another, against 2 searches: stop.
    expect(drive(scan, pages)).toEqual([0]);
    const answers = scan.answers();
    expect(answers.get(keys[0] as TransactionWindowKey)).toEqual({
      items: [txn("C1", 1), txn("C1", 3)],
      total: null,
    });
    // Not filled, and the list did not end: left to a search by card.
    expect(answers.has(keys[1] as TransactionWindowKey)).toBe(false);
    expect(answers.has(keys[2] as TransactionWindowKey)).toBe(false);
  });

  it("answers every window when the account's list ends, with the total of those it could not fill", () => {
    const txn = (card: string, n: number) => ({ enKashCardId: card, n });
    const keys = [window("C1", { limit: 5 }), window("C2", { limit: 1 }), window("C3", { limit: 2 })];
    const scan = new TransactionScan(keys);
    expect(drive(scan, [[txn("C1", 1), txn("C2", 2), txn("C2", 3), txn("C3", 4)]])).toEqual([0]);
    const answers = scan.answers();
    expect(answers.get(keys[0] as TransactionWindowKey)).toEqual({ items: [txn("C1", 1)], total: 1 });
    expect(answers.get(keys[1] as TransactionWindowKey)).toEqual({ items: [txn("C2", 2)], total: null });
    expect(answers.get(keys[2] as TransactionWindowKey)).toEqual({ items: [txn("C3", 4)], total: 1 });
  });

  it("reads at most (cards - 1) pages, even while further pages would pay", () => {
    const txn = (card: string, n: number) => ({ enKashCardId: card, n });
    const keys = [window("C1"), window("C2"), window("C3")];
    const scan = new TransactionScan(keys);
    const four = (card: string) => [1, 2, 3, 4].map((n) => txn(card, n));
    // 12 of 15 records on the first page, none on the second (6 a page, 3 missing: 2 < 3 would go
    // on), but three cards are worth two pages at most.
    expect(
      drive(scan, [[...four("C1"), ...four("C2"), ...four("C3")], [txn("X", 5)], [txn("C1", 5)], []]),
    ).toEqual([0, 1]);
    expect(scan.answers().size).toBe(0);
  });

  it("collects the largest window asked for a card, and gives each window its own part", () => {
    const txn = (card: string, n: number) => ({ enKashCardId: card, n });
    const keys = [window("C1", { limit: 1 }), window("C1", { limit: 3 }), window("C2"), window("C3")];
    const scan = new TransactionScan(keys);
    const page = [1, 2, 3, 4, 5].flatMap((n) => [txn("C1", n), txn("C2", n), txn("C3", n)]);
    expect(drive(scan, [page, []])).toEqual([0]);
    const answers = scan.answers();
    expect(answers.get(keys[0] as TransactionWindowKey)?.items).toEqual([txn("C1", 1)]);
    expect(answers.get(keys[1] as TransactionWindowKey)?.items).toEqual([
      txn("C1", 1),
      txn("C1", 2),
      txn("C1", 3),
    ]);
    expect(answers.get(keys[2] as TransactionWindowKey)?.items).toHaveLength(5);
  });

  it("prefetches the scan's first page only for a first page of 3 cards or more, each with a first page", () => {
    expect(cardPageMayScanTransactions({ first: 50 })).toBe(true);
    expect(cardPageMayScanTransactions({ first: 3 })).toBe(true);
    expect(cardPageMayScanTransactions({ first: 2 })).toBe(false);
    expect(cardPageMayScanTransactions({})).toBe(false);
    expect(cardPageMayScanTransactions({ first: 50, after: "b2Zmc2V0OjA=" })).toBe(false);
    expect(cardPageMayScanTransactions({ last: 50 })).toBe(false);
    expect(isFirstPage({ first: 5 })).toBe(true);
    expect(isFirstPage({ first: 5, after: "b2Zmc2V0OjA=" })).toBe(false);
    expect(isFirstPage({ last: 5 })).toBe(false);
  });
});

describe("transactions by key", () => {
  it("searches each account by ID list, 100 IDs a search", () => {
    const ids = (account: typeof A, count: number) =>
      Array.from({ length: count }, (_, i) => ({ ...account, enKashTransactionId: `ECTR${i}` }));
    const a = ids(A, 250);
    const b = ids(B, 1);
    const plan = planTransactionLookups([...a.slice(0, 120), ...b, ...a.slice(120)]);
    expect(plan.map((search) => search.length)).toEqual([100, 100, 50, 1]);
    expect(plan.slice(0, 3).flat()).toEqual(a);
    expect(plan[3]).toEqual(b);
    expect(planTransactionLookups([])).toEqual([]);
  });
});
