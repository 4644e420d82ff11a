import { print } from "graphql";
import {
  AccountDashboardDocument,
  BlockCardDocument,
  CardScreenDocument,
  CreateCardDocument,
  RefetchCardsDocument,
  TransactionsPageDocument,
} from "../operations/generated.ts";
import type { RemoteSandbox } from "./remote-sandbox.ts";
import type { GraphqlAnswer, Stack } from "./stack.ts";

export interface Operation {
  name: string;
  /** Fewest EnKash calls the API allows for it, and why. */
  minimumUpstreamCalls: number;
  /** Works out the minimum from the sandbox's data, where it depends on it. */
  measureMinimum?(): Promise<void>;
  why: string;
  /** Dependent EnKash rounds on the critical path. */
  criticalRounds: number;
  run(): Promise<GraphqlAnswer>;
  /** The raw baseline: the same EnKash calls made with undici directly, the same JSON serialized. */
  baseline(): Promise<unknown>;
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
  const queries = {
    screen: print(CardScreenDocument),
    dashboard: print(AccountDashboardDocument),
    transactions: print(TransactionsPageDocument),
    refetch: print(RefetchCardsDocument),
    create: print(CreateCardDocument),
    block: print(BlockCardDocument),
  };
  const createBlockTarget = () =>
    enkash.call("createCard", { ...CORP, firstName: "Block", mobile: String(mobile++) });

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
    run: () => stack.gql(queries.dashboard, { ...CORP, cards: dashboardCards }),
    baseline: async () => {
      const [account, cards, ...pages] = await Promise.all([
        raw.call("getCardAccount", CORP),
        raw.call("listCards", { ...CORP, size: dashboardCards }),
        ...Array.from({ length: plan.pages }, (_, page) =>
          raw.call("searchTransactions", { ...CORP, page, size: 100 }),
        ),
        ...plan.searched.map((enKashCardId) =>
          raw.call("searchTransactions", { ...CORP, enKashCardId, size: 5 }),
        ),
      ]);
      return { account, cards, pages };
    },
  };

  return [
    {
      name: "CardScreen",
      minimumUpstreamCalls: 4,
      why: "card details, usage controls, the card's transactions and the account (title, type) are four endpoints; none carries another's data, and each needs only IDs the query gives",
      criticalRounds: 1,
      run: () => stack.gql(queries.screen, screen),
      baseline: () =>
        Promise.all([
          raw.call("getCardDetails", screen),
          raw.call("getUsageControls", screen),
          raw.call("searchTransactions", { ...screen, size: 11 }),
          raw.call("getCardAccount", CORP),
        ]),
    },
    dashboard,
    {
      name: "TransactionsPage",
      minimumUpstreamCalls: 2,
      why: "the account check and one search page of 100 (each transaction carries its card's masked number, so the cards' last 4 digits need no lookup); the two are independent",
      criticalRounds: 1,
      run: () => stack.gql(queries.transactions, { ...CORP, first: 100 }),
      baseline: async () => {
        const [account, page] = await Promise.all([
          raw.call("getCardAccount", CORP),
          raw.call("searchTransactions", { ...CORP, direction: "DR", amountFrom: 10_000, size: 100 }),
        ]);
        return { account, page };
      },
    },
    {
      name: "RefetchCards",
      minimumUpstreamCalls: 1,
      why: "one page of the account's card list holds all 20",
      criticalRounds: 1,
      run: () => stack.gql(queries.refetch, { ids: sandbox.corporateCards.slice(0, 20).map(cardGlobalId) }),
      baseline: () => raw.call("listCards", { ...CORP, size: 100 }),
    },
    {
      name: "CreateCard",
      minimumUpstreamCalls: 1,
      why: "the create call answers with the whole card object",
      criticalRounds: 1,
      run: () =>
        stack.gql(queries.create, {
          input: { accountId: accountGlobalId, cardholder: { firstName: "Bench", mobile: String(mobile++) } },
        }),
      baseline: () => raw.call("createCard", { ...CORP, firstName: "Bench", mobile: String(mobile++) }),
    },
    {
      name: "BlockCard",
      minimumUpstreamCalls: 2,
      why: 'the block call answers only "Success", so the fresh card needs one read (each timed iteration also creates the card it blocks, in both the GraphQL and the raw run: one more round)',
      criticalRounds: 3,
      run: async () => {
        const created = await createBlockTarget();
        return stack.gql(queries.block, {
          input: {
            cardId: cardGlobalId(created.enKashCardId),
            reason: "bench",
            otp: { medium: "AUTHENTICATOR", code: "123456" },
          },
        });
      },
      baseline: async () => {
        const created = await createBlockTarget();
        const ref = { ...CORP, enKashCardId: created.enKashCardId };
        await raw.call("blockCard", { ...ref, blockCode: "BL", otp: { medium: "MFA", mfaCode: "123456" } });
        return raw.call("getCardDetails", ref);
      },
    },
  ];
}
