import type { RawEnkash, RawHandler } from "./raw.ts";

/**
 * The raw baseline's handlers, one per operation: the same EnKash calls, made with undici
 * directly, their payloads answered as JSON. The bench sends each the operation's variables (for
 * the dashboard, the plan of calls it worked out from the sandbox's data; for blockCard, the card
 * it created beforehand), so the raw process does no planning or set-up of its own.
 */
type Envelope = { payload: unknown };
const payload = (answer: unknown) => (answer as Envelope).payload;

export function rawHandlers(raw: RawEnkash): Record<string, RawHandler> {
  const account = (v: Record<string, unknown>) => ({
    companyId: v.companyId,
    cardAccountId: v.cardAccountId,
  });
  const card = (v: Record<string, unknown>) => ({ ...account(v), enKashCardId: v.enKashCardId });
  return {
    CardScreen: async (v) => {
      const [details, controls, transactions, acc] = await Promise.all([
        raw.call("getCardDetails", card(v)),
        raw.call("getUsageControls", card(v)),
        raw.call("searchTransactions", { ...card(v), size: 11 }),
        raw.call("getCardAccount", account(v)),
      ]);
      return {
        details: payload(details),
        controls: payload(controls),
        transactions: payload(transactions),
        account: payload(acc),
      };
    },
    AccountDashboard: async (v) => {
      const plan = v.plan as { pages: number; searched: string[] };
      const [acc, cards, ...transactions] = await Promise.all([
        raw.call("getCardAccount", account(v)),
        raw.call("listCards", { ...account(v), size: v.cards }),
        ...Array.from({ length: plan.pages }, (_, page) =>
          raw.call("searchTransactions", { ...account(v), page, size: 100 }),
        ),
        ...plan.searched.map((enKashCardId) =>
          raw.call("searchTransactions", { ...account(v), enKashCardId, size: 5 }),
        ),
      ]);
      return { account: payload(acc), cards: payload(cards), transactions: transactions.map(payload) };
    },
    TransactionsPage: async (v) => {
      const [acc, page] = await Promise.all([
        raw.call("getCardAccount", account(v)),
        raw.call("searchTransactions", { ...account(v), direction: "DR", amountFrom: 10_000, size: 100 }),
      ]);
      return { account: payload(acc), transactions: payload(page) };
    },
    // One page of the account's card list holds all 20.
    RefetchCards: async (v) => ({
      cards: (payload(await raw.call("listCards", { ...account(v), size: 100 })) as { content: unknown[] })
        .content,
    }),
    CreateCard: async (v) => ({
      card: payload(await raw.call("createCard", { ...account(v), firstName: "Bench", mobile: v.mobile })),
    }),
    BlockCard: async (v) => {
      await raw.call("blockCard", { ...card(v), blockCode: "BL", otp: { medium: "MFA", mfaCode: "123456" } });
      return { card: payload(await raw.call("getCardDetails", card(v))) };
    },
  };
}
