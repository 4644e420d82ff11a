import { describe, expect, it } from "vitest";
import {
  AccountDashboardDocument,
  BlockCardDocument,
  CreateCardAccountDocument,
  CreateCardDocument,
  GenerateCardOtpDocument,
  LoadCardDocument,
  LockCardDocument,
  OrderPhysicalCardDocument,
  RequestCardReplacementDocument,
  SetCardPinDocument,
  UnlockCardDocument,
  UpdateCardControlsDocument,
} from "../../operations/generated.ts";
import { useHarness } from "../helpers/harness.ts";
import { PREPAID_ACCOUNT_ID as PREPAID_ACCOUNT } from "../helpers/ids.ts";

/**
 * Upstream-call budgets of the named mutations in operations/ (the queries' are in
 * graphql-queries.test.ts), from the sandbox's call log: the write itself, plus one read for each
 * part of the fresh object the operation selects that the write's answer does not carry.
 */
const h = useHarness();
const MFA = { medium: "AUTHENTICATOR" as const, code: "123456" };

describe("mutation budgets", () => {
  it("each named mutation makes exactly the EnKash calls it needs", async () => {
    const created = await h.upstream(() =>
      h.gql(CreateCardDocument, {
        input: {
          accountId: PREPAID_ACCOUNT,
          cardholder: { firstName: "Budget", mobile: "9222222222" },
          initialLoad: "100",
        },
      }),
    );
    // createCard answers with the whole card object, which primes the loader.
    expect(created.calls).toEqual({ createCard: 1 });
    const cardId = created.result.data?.createCard.card?.id ?? "";

    const otp = await h.upstream(() => h.gql(GenerateCardOtpDocument, { input: { cardId } }));
    expect(otp.calls).toEqual({ generateOtp: 1 });

    const pin = await h.upstream(() => h.gql(SetCardPinDocument, { input: { cardId, pin: "1470" } }));
    expect(pin.calls).toEqual({ setPin: 1, getCardDetails: 1 });

    const lock = await h.upstream(() => h.gql(LockCardDocument, { input: { cardId, otp: MFA } }));
    expect(lock.calls).toEqual({ blockCard: 1, getCardDetails: 1 });
    const unlock = await h.upstream(() => h.gql(UnlockCardDocument, { input: { cardId, otp: MFA } }));
    expect(unlock.calls).toEqual({ blockCard: 1, getCardDetails: 1 });

    const load = await h.upstream(() =>
      h.gql(LoadCardDocument, { input: { cardId, amount: "50", referenceNumber: "BUDGET-1" } }),
    );
    expect(load.calls).toEqual({ loadCardBalance: 1, getCardDetails: 1, transactions: 1 });

    const controls = await h.upstream(() =>
      h.gql(UpdateCardControlsDocument, { input: { cardId, atm: false } }),
    );
    expect(controls.calls).toEqual({ updateUsageControls: 1, getUsageControls: 1 });

    const order = await h.upstream(() =>
      h.gql(OrderPhysicalCardDocument, {
        input: {
          cardId,
          deliveryAddress: { line1: "1 MG Road", city: "Pune", state: "Maharashtra", pincode: "411001" },
        },
      }),
    );
    expect(order.calls).toEqual({ orderPhysicalCard: 1, getCardDetails: 1 });

    const replaced = await h.upstream(() =>
      h.gql(RequestCardReplacementDocument, { input: { cardId, otp: MFA } }),
    );
    // The new card comes whole in the answer; the old one is read again for its new status.
    expect(replaced.calls).toEqual({ replaceCard: 1, getCardDetails: 1 });
    const newCardId = replaced.result.data?.requestCardReplacement.newCard?.id ?? "";

    const block = await h.upstream(() =>
      h.gql(BlockCardDocument, { input: { cardId: newCardId, reason: "Budget test", otp: MFA } }),
    );
    expect(block.calls).toEqual({ blockCard: 1, getCardDetails: 1 });

    const account = await h.upstream(() =>
      h.gql(CreateCardAccountDocument, {
        input: {
          companyId: "CEKEP5GSGP",
          companyName: "Anay Gift",
          planMasterId: "PMGAZ7L5A",
          title: "Budget",
          type: "GIFT",
          adminEmail: "a@example.in",
          adminMobile: "9000000000",
        },
      }),
    );
    expect(account.calls).toEqual({ createCardAccount: 1 });
  });

  it("a refused input costs nothing upstream", async () => {
    const refused = await h.upstream(() =>
      h.gql(LockCardDocument, { input: { cardId: "not-an-id", otp: MFA } }),
    );
    expect(refused.total).toBe(0);
  });
});

describe("an account of 50+ cards", () => {
  const big = useHarness({ size: { cardsPerAccount: 50, transactionsPerCard: 20 } });

  it("AccountDashboard reads 50 cards with their last 5 transactions in a handful of calls", async () => {
    const { result, calls, total } = await big.upstream(() =>
      big.gql(AccountDashboardDocument, { cards: 50 }),
    );
    const cards = result.data?.cardAccount?.cards.edges ?? [];
    expect(cards).toHaveLength(50);
    expect(cards.every((edge) => edge.node.transactions.edges.length === 5)).toBe(true);
    // The account, one page of 50 cards, and an account-wide transaction scan, far below the
    // 50 per-card searches a naive resolver would make: exactly the pages (of 100, newest first)
    // that it takes, by the sandbox's own data, to reach 5 transactions of each of these cards.
    const shown = new Set(
      big.sandbox.state
        .cardsOf("CAVBMRFE8")
        .slice(0, 50)
        .map((card) => card.enKashCardId),
    );
    const newestFirst = [...big.sandbox.state.transactionsOfAccount("CAVBMRFE8")].reverse();
    const seen = new Map<string, number>();
    let pagesNeeded = 0;
    while ([...shown].some((id) => (seen.get(id) ?? 0) < 5)) {
      for (const txn of newestFirst.slice(pagesNeeded * 100, pagesNeeded * 100 + 100))
        seen.set(txn.enKashCardId, (seen.get(txn.enKashCardId) ?? 0) + 1);
      pagesNeeded++;
    }
    expect(pagesNeeded).toBeGreaterThan(1);
    expect(calls).toEqual({ getCardAccount: 1, searchCards: 1, transactions: pagesNeeded });
    expect(total).toBe(2 + pagesNeeded);
  });

  it("the first transaction page goes out with the account and its cards (look-ahead)", async () => {
    const { result, rounds } = await big.upstreamRounds(() =>
      big.gql(AccountDashboardDocument, { cards: 50 }),
    );
    expect(result.data?.cardAccount?.cards.edges).toHaveLength(50);
    const { total } = await big.upstream(() => big.gql(AccountDashboardDocument, { cards: 50 }));
    // One round for the account, the card page and page 0; then one per further page of the scan
    // (each page shows whether the next is needed).
    expect(rounds).toBe(total - 2);
  });
});

describe("an account of 1,000 cards", () => {
  // Room for all 50 searches at once (the default bulkhead of 32 would send them in two waves).
  const huge = useHarness({ size: { cardsPerAccount: 1_000, transactionsPerCard: 5 } }, { maxInFlight: 64 });

  it("the dashboard searches its 50 cards' transactions together instead of scanning 1,000 cards' history", async () => {
    const { result, rounds } = await huge.upstreamRounds(() =>
      huge.gql(AccountDashboardDocument, { cards: 50 }),
    );
    const cards = result.data?.cardAccount?.cards.edges ?? [];
    expect(cards).toHaveLength(50);
    // Every card shows its own newest (up to 5) transactions, as a per-card search would.
    for (const edge of cards) {
      const enKashCardId = Buffer.from(edge.node.id, "base64").toString().split("/").at(-1);
      const newest = [...huge.sandbox.state.transactionsOfCard(enKashCardId ?? "")]
        .reverse()
        .slice(0, 5)
        .map((txn) => txn.enKashTransactionId);
      const shown = edge.node.transactions.edges.map((txnEdge) =>
        Buffer.from(txnEdge.node.id, "base64").toString().split("/").at(-1),
      );
      expect(shown).toEqual(newest);
    }
    const { calls } = await huge.upstream(() => huge.gql(AccountDashboardDocument, { cards: 50 }));
    // The account, the card page and the first transaction page (look-ahead, before the account's
    // size is known), then at most one search per card, all in one more round.
    expect(calls.getCardAccount).toBe(1);
    expect(calls.searchCards).toBe(1);
    expect(calls.transactions).toBeLessThanOrEqual(51);
    expect(rounds).toBe(2);
  });
});
