import { describe, expect, it } from "vitest";
import {
  AccountDashboardDocument,
  CardScreenDocument,
  CompaniesDocument,
  RefetchCardsDocument,
  TransactionsPageDocument,
} from "../../operations/generated.ts";
import { useHarness } from "../helpers/harness.ts";

const h = useHarness();

describe("queries against the sandbox", () => {
  it("CardScreen: the whole card screen in one request, in 4 EnKash calls", async () => {
    const { result, calls, total } = await h.upstream(() => h.gql(CardScreenDocument, {}));
    expect(result.errors).toBeUndefined();
    const card = result.data?.card;
    expect(card).toMatchObject({
      enKashCardId: "EKCMB7KAEW",
      kind: "PREPAID",
      status: "ACTIVE",
      maskedNumber: expect.stringMatching(/^XXXX XXXX XXXX \d{4}$/),
      network: "RUPAY",
      balance: {
        currency: "INR",
        amount: expect.stringMatching(/^\d+\.\d{2}$/),
        formatted: expect.stringMatching(/^₹[\d,]+\.\d{2}$/),
      },
      cardholder: { maskedMobile: expect.stringMatching(/^\d{2}X{6}\d{2}$/) },
      controls: { pos: true, limits: { perTransaction: null } },
      account: { title: "Anay Reloadable Prepaid", type: "RELOADABLE_GPR" },
    });
    expect(card?.last4).toBe(card?.maskedNumber?.slice(-4));
    expect(card?.transactions.edges).toHaveLength(10);
    const times = card?.transactions.edges.map((edge) => Date.parse(edge.node.time)) ?? [];
    expect([...times].sort((a, b) => b - a)).toEqual(times);
    expect(card?.transactions.pageInfo.hasNextPage).toBe(true);
    // Budget: card details, usage controls, the card's transactions, the account (title, type).
    expect(calls).toEqual({ getCardDetails: 1, getUsageControls: 1, transactions: 1, getCardAccount: 1 });
    expect(total).toBe(4);
    expect(result.extensions?.upstreamCalls).toEqual({
      total: 4,
      byOperation: { getCardAccount: 1, getCardDetails: 1, getUsageControls: 1, searchTransactions: 1 },
    });
  });

  it("AccountDashboard: cards with balance, status and last 5 transactions, without one call per card", async () => {
    const { result, calls, total } = await h.upstream(() => h.gql(AccountDashboardDocument, {}));
    expect(result.errors).toBeUndefined();
    const account = result.data?.cardAccount;
    expect(account).toMatchObject({
      title: "Vikram Corporate Expenses",
      type: "CORPORATE",
      availableBalance: { formatted: "₹8,98,138.00" },
      balanceOnCards: { formatted: "₹92,415.44" },
    });
    const cards = account?.cards.edges ?? [];
    expect(cards.length).toBe(account?.cards.totalCount);
    expect(cards.length).toBeGreaterThanOrEqual(16);
    expect(cards.every((edge) => edge.node.transactions.edges.length <= 5)).toBe(true);
    // The scan gives each card exactly what a per-card search would.
    const first = cards[0]?.node;
    const alone = await h.gql(
      `query One { node(id: "${first?.id}") { ... on Card { transactions(first: 5) { edges { node { id } } } } } }`,
    );
    expect(
      (
        alone.data as { node: { transactions: { edges: { node: { id: string } }[] } } }
      ).node.transactions.edges.map((edge) => edge.node.id),
    ).toEqual(first?.transactions.edges.map((edge) => edge.node.id));
    // Budget: the account, one page of cards, and an account-wide scan of transactions that is
    // never more than (cards - 1) pages; here far fewer than one search per card.
    expect(calls.getCardAccount).toBe(1);
    expect(calls.searchCards).toBe(1);
    expect(calls.transactions).toBeLessThanOrEqual(3);
    expect(total).toBeLessThanOrEqual(5);
  });

  it("CardScreen's four calls go out together: one EnKash round (look-ahead)", async () => {
    const { result, rounds } = await h.upstreamRounds(() => h.gql(CardScreenDocument, {}));
    expect(result.data?.card?.account?.title).toBe("Anay Reloadable Prepaid");
    expect(rounds).toBe(1);
  });

  it("a missing card is null, and look-ahead costs at most the calls the screen would have made", async () => {
    const { result, total } = await h.upstream(() =>
      h.gql(CardScreenDocument, { enKashCardId: "EKCNOSUCH1" }),
    );
    expect(result.errors).toBeUndefined();
    expect(result.data?.card).toBeNull();
    expect(total).toBeLessThanOrEqual(4);
  });

  it("TransactionsPage: the account check and the search go out together, in one round", async () => {
    const { rounds } = await h.upstreamRounds(() => h.gql(TransactionsPageDocument, { first: 100 }));
    expect(rounds).toBe(1);
  });

  it("TransactionsPage: 100 filtered transactions with their cards, paged by cursor", async () => {
    const { result, calls } = await h.upstream(() => h.gql(TransactionsPageDocument, { first: 100 }));
    expect(result.errors).toBeUndefined();
    const page = result.data?.cardAccount?.transactions;
    expect(page?.edges).toHaveLength(100);
    expect(
      page?.edges.every((edge) => edge.node.direction === "DEBIT" && Number(edge.node.amount.amount) >= 100),
    ).toBe(true);
    expect(page?.pageInfo.hasNextPage).toBe(true);
    // Budget: account check and one search page; each transaction names its card's masked number,
    // so the cards' last 4 need no lookup.
    expect(calls).toEqual({ getCardAccount: 1, transactions: 1 });
    // EKCQMY9BQ0's mask is EnKash's documented "2004 01XX XXXX XX87": its last four are not shown.
    const last4Of = (edge: NonNullable<typeof page>["edges"][number]) =>
      Buffer.from(edge.node.card.id, "base64").toString().endsWith("/EKCQMY9BQ0")
        ? edge.node.card.last4 === null
        : /^\d{4}$/.test(edge.node.card.last4 ?? "");
    expect(page?.edges.every(last4Of)).toBe(true);

    const next = await h.gql(TransactionsPageDocument, { first: 100, after: page?.pageInfo.endCursor });
    const ids = new Set(page?.edges.map((edge) => edge.node.id));
    expect(next.data?.cardAccount?.transactions.edges.some((edge) => ids.has(edge.node.id))).toBe(false);
  });

  it("RefetchCards: 20 cards by global ID in one call", async () => {
    const dashboard = await h.gql(AccountDashboardDocument, { cards: 20 });
    const ids = dashboard.data?.cardAccount?.cards.edges.map((edge) => edge.node.id) ?? [];
    const { result, calls } = await h.upstream(() =>
      h.gql(RefetchCardsDocument, { ids: [...ids, ids[0] ?? ""] }),
    );
    expect(result.data?.nodes).toHaveLength(ids.length + 1);
    expect(result.data?.nodes.every((node) => node !== null)).toBe(true);
    expect(calls).toEqual({ searchCards: 1 });
  });

  it("Companies: the served companies and accounts, one call per account", async () => {
    const { result, calls } = await h.upstream(() => h.gql(CompaniesDocument, {}));
    expect(
      result.data?.companies.map((company) => [
        company.companyId,
        company.name,
        company.cardAccounts.map((account) => account.cardAccountId),
      ]),
    ).toEqual([
      ["CEKEP5GSGP", "Anay Gift", ["CAA8W45", "CABFIPS", "CAC7975"]],
      ["CEK7T1WMC6", "Vikram Singh", ["CAVBMRFE8"]],
    ]);
    // EnKash has no call listing accounts with their details: one per account, shared with `name`.
    expect(calls).toEqual({ getCardAccount: 4 });
  });

  it("node fetches every type again by its global ID; unknown and unserved objects are null", async () => {
    const screen = await h.gql(CardScreenDocument, {});
    const card = screen.data?.card;
    const txn = card?.transactions.edges[0]?.node;
    const ids = [card?.id, card?.account?.id, txn?.id];
    const result = await h.gql(
      `query Nodes($ids: [ID!]!) { nodes(ids: $ids) { __typename id ... on Card { enKashCardId } ... on CardAccount { cardAccountId } ... on Transaction { amount { amount } } } }`,
      { ids },
    );
    expect(
      (result.data as { nodes: { __typename: string; id: string }[] }).nodes.map((node) => [
        node.__typename,
        node.id,
      ]),
    ).toEqual([
      ["Card", ids[0]],
      ["CardAccount", ids[1]],
      ["Transaction", ids[2]],
    ]);
    const encode = (text: string) => Buffer.from(text).toString("base64");
    const missing = await h.gql(`query Missing($ids: [ID!]!) { nodes(ids: $ids) { id } }`, {
      ids: [
        encode("Card:CEKEP5GSGP/CABFIPS/EKCNOPE000"),
        encode("CardAccount:CEKEP5GSGP/CANOTSERVED"),
        encode("Company:CEKNOPE000"),
      ],
    });
    expect((missing.data as { nodes: unknown[] }).nodes).toEqual([null, null, null]);
    const raw = await h.gql(
      `query Raw { card(companyId: "CEK7T1WMC6", cardAccountId: "CABFIPS", enKashCardId: "EKCMB7KAEW") { id } }`,
    );
    expect(raw.data).toEqual({ card: null });
  });

  it("filters a card's transactions and pages backwards; page sizes are bounded", async () => {
    const query = `query F($filter: TransactionFilter, $first: Int, $last: Int, $before: String) {
      card(companyId: "CEK7T1WMC6", cardAccountId: "CAVBMRFE8", enKashCardId: "EKCQMY9BQ0") {
        transactions(first: $first, last: $last, before: $before, filter: $filter) {
          edges { cursor node { direction status amount { amount } time } }
          pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
        }
      }
    }`;
    type Page = {
      card: {
        transactions: {
          edges: {
            cursor: string;
            node: { direction: string; status: string; amount: { amount: string } };
          }[];
          pageInfo: { endCursor: string };
        };
      };
    };
    const credits = (await h.gql(query, { first: 20, filter: { direction: "CREDIT", status: "SUCCESS" } }))
      .data as Page;
    expect(credits.card.transactions.edges.length).toBeGreaterThan(0);
    expect(
      credits.card.transactions.edges.every(
        (edge) => edge.node.direction === "CREDIT" && edge.node.status === "SUCCESS",
      ),
    ).toBe(true);
    const window = (await h.gql(query, { first: 10, filter: { minAmount: "100", maxAmount: "2000.50" } }))
      .data as Page;
    expect(
      window.card.transactions.edges.every(
        (edge) => Number(edge.node.amount.amount) >= 100 && Number(edge.node.amount.amount) <= 2000.5,
      ),
    ).toBe(true);
    const tenth = window.card.transactions.edges[9]?.cursor;
    const back = (
      await h.gql(query, { last: 3, before: tenth, filter: { minAmount: "100", maxAmount: "2000.50" } })
    ).data as Page;
    expect(back.card.transactions.edges.map((edge) => edge.cursor)).toEqual(
      window.card.transactions.edges.slice(6, 9).map((edge) => edge.cursor),
    );
    const tooMany = await h.gql(query, { first: 101 });
    expect(tooMany.errors?.[0]).toMatchObject({
      message: "first must be between 1 and 100",
      extensions: { code: "BAD_USER_INPUT" },
    });
    const zero = await h.gql(query, { last: 0 });
    expect(zero.errors?.[0]?.message).toBe("last must be between 1 and 100");
  });

  it("a card's last transactions are the same in a page of cards (one account scan) as alone", async () => {
    // `last` without `before` needs the list's length: the scan that serves many cards' first
    // pages does not know it, so that probe must not be answered by the scan.
    const page = (await h.gql(
      `query L { cardAccount(companyId: "CEK7T1WMC6", cardAccountId: "CAVBMRFE8") { cards(first: 5) { edges { node { enKashCardId transactions(last: 2) { edges { cursor node { id } } } } } } } }`,
    )) as {
      data: {
        cardAccount: { cards: { edges: { node: { enKashCardId: string; transactions: unknown } }[] } };
      };
    };
    const cards = page.data.cardAccount.cards.edges.map((edge) => edge.node);
    expect(cards.length).toBeGreaterThanOrEqual(3);
    for (const card of cards) {
      const alone = (await h.gql(
        `query A($id: String!) { card(companyId: "CEK7T1WMC6", cardAccountId: "CAVBMRFE8", enKashCardId: $id) { transactions(last: 2) { edges { cursor node { id } } } } }`,
        { id: card.enKashCardId },
      )) as { data: { card: { transactions: { edges: unknown[] } } } };
      expect(card.transactions, card.enKashCardId).toEqual(alone.data.card.transactions);
    }
    expect(cards.some((card) => (card.transactions as { edges: unknown[] }).edges.length === 2)).toBe(true);
  });

  it("filters an account's cards by status", async () => {
    const result = await h.gql(
      `query S { cardAccount(companyId: "CEK7T1WMC6", cardAccountId: "CAVBMRFE8") { cards(first: 100, status: BLOCKED) { totalCount edges { node { status } } } } }`,
    );
    const cards = (
      result.data as { cardAccount: { cards: { totalCount: number; edges: { node: { status: string } }[] } } }
    ).cardAccount.cards;
    expect(cards.edges.length).toBe(cards.totalCount);
    expect(cards.edges.every((edge) => edge.node.status === "BLOCKED")).toBe(true);
  });

  it("GraphiQL is served, preloaded with the named example operations", async () => {
    const { exampleOperations } = await import("../../src/app.ts");
    const operations = exampleOperations();
    for (const name of [
      "query CardScreen",
      "query AccountDashboard",
      "mutation BlockCard",
      "mutation CreateCard",
    ])
      expect(operations).toContain(name);
  });

  it("EnKash being down is a typed, retryable error on queries", async () => {
    h.sandbox.faults.configure({
      faults: { http503: 1, routes: ["getCardDetails"] },
    });
    const result = await h.gql(
      `query Down { card(companyId: "CEKEP5GSGP", cardAccountId: "CABFIPS", enKashCardId: "EKCMB7KAEW") { status } }`,
    );
    h.sandbox.faults.configure({
      faults: {},
    });
    expect(result.errors?.[0]).toMatchObject({
      message: "EnKash is unavailable right now; try again later.",
      extensions: { code: "UPSTREAM_UNAVAILABLE", retryable: true },
    });
  });
});
