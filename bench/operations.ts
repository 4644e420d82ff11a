import { print } from "graphql";
import {
  AccountDashboardDocument,
  BlockCardDocument,
  CardScreenDocument,
  CreateCardDocument,
  RefetchCardsDocument,
  TransactionsPageDocument,
} from "../operations/generated.ts";
import * as hive from "./hive-documents.ts";
import type { RemoteSandbox } from "./remote-sandbox.ts";
import type { Stack } from "./stack.ts";
import * as values from "./values.ts";

export type Variables = Record<string, unknown>;

export interface Operation {
  name: string;
  /** Fewest EnKash calls the API allows for it, and why. */
  minimumUpstreamCalls: number;
  /** Works out the minimum from the sandbox's data, where it depends on it. */
  measureMinimum?(): Promise<void>;
  why: string;
  /** Dependent EnKash rounds on the critical path. */
  criticalRounds: number;
  /**
   * The variables of one run. Set-up (the card a blockCard blocks) happens here, in the bench
   * process: it is no server's CPU, and the EnKash calls are counted after it.
   */
  variables(): Promise<Variables>;
  /** Our document (operations/*.graphql); the Apollo peers run it unchanged. */
  document: string;
  /** The raw baseline's body (bench/raw-operations.ts), when it needs more than the variables. */
  rawVariables?(variables: Variables): Variables;
  /** The same data from Hive Gateway's generated schema (bench/hive-documents.ts); absent: the peers skip it. */
  hive?: hive.HiveOperation;
  /** The values compared across servers: from our schema's answer, and from EnKash-shaped data (Hive, raw). */
  compare: { graphql(data: unknown, v: Variables): unknown; wire(data: unknown, v: Variables): unknown };
}

const CORP = { companyId: "CEK7T1WMC6", cardAccountId: "CAVBMRFE8" };
const accountGlobalId = Buffer.from("CardAccount:CEK7T1WMC6/CAVBMRFE8").toString("base64");
const cardGlobalId = (id: string) => Buffer.from(`Card:CEK7T1WMC6/CAVBMRFE8/${id}`).toString("base64");
const DASHBOARD_CARDS = 50;

/** The benchmark's operations, against the corporate account CAVBMRFE8 of the sandbox. */
export function benchmarkOperations(stack: Stack, sandbox: RemoteSandbox): Operation[] {
  const { enkash, raw } = stack;
  let mobile = 9_400_000_000;
  const screen = { ...CORP, enKashCardId: sandbox.corporateCards[0] as string };
  const dashboardCards = Math.min(DASHBOARD_CARDS, sandbox.corporateCards.length);
  const refetched = sandbox.corporateCards.slice(0, 20);
  const fixed = (v: Variables) => () => Promise.resolve(v);

  // The dashboard's last 5 transactions of 50 cards: EnKash filters transactions by one card or by
  // none, so the choice is one search per card or a scan of the account's pages, newest first,
  // until every card has its 5 (or the history ends). How many pages that takes depends on data.
  // The cheapest plan, worked out by measureMinimum; the raw baseline makes the same calls.
  const plan = { pages: 1, searched: [] as string[] };
  const dashboard: Operation = {
    name: "AccountDashboard",
    minimumUpstreamCalls: 3,
    why: "",
    criticalRounds: 2,
    measureMinimum: async () => {
      // The cheapest plan of the form "scan the first k pages, then search each card still short
      // of 5 on its own", by the sandbox's data: k + (cards still short after k pages).
      const cards = sandbox.corporateCards.slice(0, dashboardCards);
      const seen = new Map<string, number>();
      const shortAfter = [cards.length];
      const shortCards: string[][] = [cards];
      for (let page = 0; page < cards.length; page++) {
        const answer = (await raw.call("searchTransactions", { ...CORP, page, size: 100 })) as {
          payload: { content: { enKashCardId: string }[]; last: boolean };
        };
        const { content, last } = answer.payload;
        for (const txn of content) seen.set(txn.enKashCardId, (seen.get(txn.enKashCardId) ?? 0) + 1);
        // After the last page every card's history is known: none needs a search of its own.
        const short = last ? [] : cards.filter((id) => (seen.get(id) ?? 0) < 5);
        shortAfter.push(short.length);
        shortCards.push(short);
        if (last || shortAfter.at(-1) === 0) break;
      }
      const cost = (pages: number) => pages + (shortAfter[pages] ?? 0);
      let best = 0;
      for (let pages = 1; pages < shortAfter.length; pages++) if (cost(pages) < cost(best)) best = pages;
      const searches = shortAfter[best] ?? 0;
      plan.pages = best;
      plan.searched = shortCards[best] ?? [];
      dashboard.minimumUpstreamCalls = 2 + cost(best);
      // The first page can go with the account and the card list; each further page waits for the
      // one before (it shows whether the next is needed); the per-card searches wait for the card
      // list (or the last page) and then go out together.
      dashboard.criticalRounds = best === 0 ? 2 : best + (searches > 0 ? 1 : 0);
      dashboard.why =
        best === 0
          ? `the account, one page of ${dashboardCards} cards, and one transaction search per card (${searches}): in an account of ${sandbox.corporateCards.length} cards, scanning the account's history would take more calls`
          : `the account, one page of ${dashboardCards} cards, and the fewest transaction calls that hold each card's last 5: here ${best} pages of the account's transactions, newest first${searches > 0 ? `, then ${searches} searches for cards still short` : ""} (one search per card would take ${dashboardCards}); each page shows whether the next is needed, so the pages are ${best} dependent rounds, the first alongside the account and card list`;
    },
    variables: fixed({ ...CORP, cards: dashboardCards }),
    document: print(AccountDashboardDocument),
    rawVariables: (v) => ({ ...v, plan }),
    hive: hive.accountDashboard,
    compare: { graphql: values.dashboardFromGraphql, wire: values.dashboardFromWire },
  };

  return [
    {
      name: "CardScreen",
      minimumUpstreamCalls: 4,
      why: "card details, usage controls, the card's transactions and the account (title, type) are four endpoints; none carries another's data, and each needs only IDs the query gives",
      criticalRounds: 1,
      variables: fixed(screen),
      document: print(CardScreenDocument),
      hive: hive.cardScreen,
      compare: { graphql: values.cardScreenFromGraphql, wire: values.cardScreenFromWire },
    },
    dashboard,
    {
      name: "TransactionsPage",
      minimumUpstreamCalls: 2,
      why: "the account check and one search page of 100 (each transaction carries its card's masked number, so the cards' last 4 digits need no lookup); the two are independent",
      criticalRounds: 1,
      variables: fixed({ ...CORP, first: 100 }),
      document: print(TransactionsPageDocument),
      hive: hive.transactionsPage,
      compare: { graphql: values.transactionsFromGraphql, wire: values.transactionsFromWire },
    },
    {
      name: "RefetchCards",
      minimumUpstreamCalls: 1,
      why: "one page of the account's card list holds all 20",
      criticalRounds: 1,
      variables: fixed({ ids: refetched.map(cardGlobalId) }),
      document: print(RefetchCardsDocument),
      rawVariables: () => CORP,
      hive: hive.refetchCards(CORP, refetched),
      compare: { graphql: values.refetchFromGraphql, wire: values.refetchFromWire(refetched) },
    },
    {
      name: "CreateCard",
      minimumUpstreamCalls: 1,
      why: "the create call answers with the whole card object",
      criticalRounds: 1,
      variables: async () => ({
        input: { accountId: accountGlobalId, cardholder: { firstName: "Bench", mobile: String(mobile++) } },
      }),
      document: print(CreateCardDocument),
      rawVariables: (v) => ({
        ...CORP,
        mobile: (v.input as { cardholder: { mobile: string } }).cardholder.mobile,
      }),
      compare: {
        graphql: (data) => values.statusFromGraphql(data, "createCard"),
        wire: values.statusFromWire,
      },
    },
    {
      name: "BlockCard",
      minimumUpstreamCalls: 2,
      why: 'the block call answers only "Success", so the fresh card needs one read (each timed iteration also creates the card it blocks, in both the GraphQL and the raw run: one more round)',
      criticalRounds: 3,
      variables: async () => {
        const created = await enkash.call("createCard", {
          ...CORP,
          firstName: "Block",
          mobile: String(mobile++),
        });
        return {
          input: {
            cardId: cardGlobalId(created.enKashCardId),
            reason: "bench",
            otp: { medium: "AUTHENTICATOR", code: "123456" },
          },
          enKashCardId: created.enKashCardId,
        };
      },
      document: print(BlockCardDocument),
      rawVariables: (v) => ({ ...CORP, enKashCardId: v.enKashCardId }),
      compare: {
        graphql: (data) => values.statusFromGraphql(data, "blockCard"),
        wire: values.statusFromWire,
      },
    },
  ];
}
