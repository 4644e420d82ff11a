import type { Context } from "../context.ts";
import { type AccountKey, accountKey, accountKeyOf, parseAccountKey } from "../domain/keys.ts";
import { cardPageMayScanTransactions, isFirstPage } from "../enkash/planner.ts";
import type { CardAccountRecord } from "../enkash/wire/responses.ts";
import { enkashIdArg } from "./args.ts";
import { builder } from "./builder.ts";
import { type ConnectionArgs, offsetConnection } from "./connections.ts";
import { AccountTypeEnum, accountTypeOf, CARD_STATUS, CardStatusEnum } from "./enums.ts";
import { queryError } from "./errors.ts";
import { LookAhead, prefetchField } from "./look-ahead.ts";
import { MoneyRef } from "./money.ts";
import { CardAccountRef, CardRef, CompanyRef, TransactionRef } from "./refs.ts";
import {
  isValidTransactionFilter,
  TransactionFilterInput,
  type TransactionFilterValue,
  toTransactionFilter,
} from "./transaction.ts";

/** The account's record from EnKash (one call per account per request, shared by every field). */
async function loadAccount(ctx: Context, key: AccountKey): Promise<CardAccountRecord> {
  try {
    const record = await ctx.loaders.account.load(accountKey(key));
    if (!record) throw new Error(`card account ${accountKey(key)} disappeared`);
    return record;
  } catch (error) {
    throw queryError(error);
  }
}

const CardCountsRef = builder.objectRef<CardAccountRecord>("CardCounts").implement({
  description: "How many cards an account has.",
  fields: (t) => ({
    total: t.int({
      nullable: true,
      description: "All cards, blocked ones included; null when EnKash does not say.",
      resolve: (record) => record.totalCards,
    }),
    active: t.int({
      nullable: true,
      description: "Cards that can be used now (ACTIVE).",
      resolve: (record) => record.activeCards,
    }),
  }),
});

const AccountCreditRef = builder.objectRef<CardAccountRecord>("CardAccountCredit").implement({
  description:
    "The account's credit line (reference 7.15: creditLimit, dynamicLimit, usedCreditLimit). EnKash documents the names, not their meaning; the values are shown as sent.",
  fields: (t) => ({
    limit: t.field({
      type: MoneyRef,
      nullable: true,
      description: "The credit limit (EnKash creditLimit).",
      resolve: (a) => a.creditLimit,
    }),
    dynamicLimit: t.field({
      type: MoneyRef,
      nullable: true,
      description: "The limit as it stands now, if EnKash varies it (EnKash dynamicLimit).",
      resolve: (a) => a.dynamicLimit,
    }),
    used: t.field({
      type: MoneyRef,
      nullable: true,
      description: "Credit used so far (EnKash usedCreditLimit; its example shows a negative value).",
      resolve: (a) => a.usedCreditLimit,
    }),
  }),
});

const AccountPointsRef = builder.objectRef<CardAccountRecord>("CardAccountPoints").implement({
  description: "Allocations to the account's cards and redemptions from them, in rupees (reference 7.15).",
  fields: (t) => ({
    allocated: t.field({
      type: MoneyRef,
      nullable: true,
      description: "All ever allocated to the account's cards (totalAllocationPoint).",
      resolve: (a) => a.totalAllocationPoint,
    }),
    redeemed: t.field({
      type: MoneyRef,
      nullable: true,
      description: "All ever redeemed or spent by the cardholders (totalRedemptionPoint).",
      resolve: (a) => a.totalRedemptionPoint,
    }),
    allocatedThisMonth: t.field({
      type: MoneyRef,
      nullable: true,
      description: "Allocated this month (currentMonthAllocationPoint).",
      resolve: (a) => a.currentMonthAllocationPoint,
    }),
    redeemedThisMonth: t.field({
      type: MoneyRef,
      nullable: true,
      description: "Redeemed this month (currentMonthRedemptionPoint).",
      resolve: (a) => a.currentMonthRedemptionPoint,
    }),
  }),
});

builder.node(CardAccountRef, {
  description:
    "A card programme account under a company: it is funded, and money moves from it onto its cards.",
  visibleTo: (key, ctx) => ctx.access.account(key),
  id: { resolve: (key) => accountKey(key), parse: (id) => id },
  loadOne: async (id, ctx) => {
    const key = parseAccountKey(id);
    if (!key || !ctx.access.account(key)) return null;
    try {
      return (await ctx.loaders.account.load(id)) ? key : null;
    } catch (error) {
      throw queryError(error);
    }
  },
  fields: (t) => ({
    cardAccountId: t.exposeString("cardAccountId", {
      description: "EnKash's card account ID (CA…), for reconciliation.",
    }),
    title: t.string({
      nullable: true,
      description: "The account's display title; null when EnKash does not report one.",
      resolve: async (key, _args, ctx) => (await loadAccount(ctx, key)).accountTitle,
    }),
    type: t.field({
      type: AccountTypeEnum,
      nullable: true,
      description:
        "The programme type (GIFT issues gift cards; the others prepaid cards); null when EnKash does not report it.",
      resolve: async (key, _args, ctx) => accountTypeOf((await loadAccount(ctx, key)).accountType?.name),
    }),
    availableBalance: t.field({
      type: MoneyRef,
      description: "Money in the account, available to load onto cards.",
      resolve: async (key, _args, ctx) => (await loadAccount(ctx, key)).availableBalance,
    }),
    balanceOnCards: t.field({
      type: MoneyRef,
      nullable: true,
      description: "The sum of the balances on the account's cards; null when EnKash does not report it.",
      resolve: async (key, _args, ctx) => (await loadAccount(ctx, key)).availableCardBalance,
    }),
    credit: t.field({
      type: AccountCreditRef,
      description: "The account's credit line, as EnKash reports it.",
      resolve: (key, _args, ctx) => loadAccount(ctx, key),
    }),
    points: t.field({
      type: AccountPointsRef,
      description: "What was allocated to and redeemed from the account's cards.",
      resolve: (key, _args, ctx) => loadAccount(ctx, key),
    }),
    cardCounts: t.field({
      type: CardCountsRef,
      description: "How many cards the account has.",
      resolve: (key, _args, ctx) => loadAccount(ctx, key),
    }),
    company: t.field({
      type: CompanyRef,
      description: "The company the account belongs to.",
      resolve: (key) => ({ companyId: key.companyId }),
    }),
    primaryCard: t.field({
      type: CardRef,
      nullable: true,
      description: "The account's primary card, if it has one.",
      resolve: async (key, _args, ctx) => {
        const primary = (await loadAccount(ctx, key)).primaryEnKashCard;
        if (!primary) return null;
        // A whole card saves its own lookup; a truncated one is looked up when its fields are asked.
        if (primary.record) ctx.loaders.primeCard(primary.record, key.companyId);
        return { ...key, enKashCardId: primary.enKashCardId };
      },
    }),
    cards: t.connection(
      {
        type: CardRef,
        description:
          "The account's cards in issue order, optionally only those in one status. `first`/`last` take 1 to 100.",
        args: {
          status: t.arg({ type: CardStatusEnum, required: false, description: "Only cards in this status." }),
        },
        resolve: (key, args, ctx) => accountCards(key, args, ctx),
      },
      {
        description: "A page of cards.",
        fields: (t) => ({
          totalCount: t.int({
            nullable: true,
            description: "How many cards match, over all pages.",
            resolve: (connection) => connection.totalCount ?? null,
          }),
        }),
      },
      { description: "A card in a page of cards." },
    ),
    transactions: t.connection(
      {
        type: TransactionRef,
        description:
          "Transactions on all of the account's cards, newest first. `first`/`last` take 1 to 100.",
        args: {
          filter: t.arg({ type: TransactionFilterInput, required: false, description: "Narrows the list." }),
        },
        resolve: (key, args, ctx) => accountTransactions(key, args, ctx),
      },
      {
        description: "A page of transactions.",
        fields: (t) => ({
          totalCount: t.int({
            nullable: true,
            description:
              "How many transactions match, over all pages; null when not known without extra calls.",
            resolve: (connection) => connection.totalCount ?? null,
          }),
        }),
      },
      { description: "A transaction in a page of transactions." },
    ),
  }),
});

/** A page of the account's cards (the `cards` field, and its prefetch). */
function accountCards(
  key: AccountKey,
  args: ConnectionArgs & { status?: keyof typeof CARD_STATUS | null },
  ctx: Context,
) {
  return offsetConnection(args, { knowsTotal: true }, async (offset, limit) => {
    const window = await ctx.loaders.cardWindow.load({
      account: accountKeyOf(key),
      status: args.status ? CARD_STATUS[args.status].code : undefined,
      offset,
      limit,
    });
    return {
      items: window.items.map((card) => ({ ...key, enKashCardId: card.enKashCardId })),
      total: window.total,
    };
  });
}

/** A page of the account's transactions (the `transactions` field, and its prefetch). */
function accountTransactions(
  key: AccountKey,
  args: ConnectionArgs & { filter?: TransactionFilterValue | null },
  ctx: Context,
) {
  return offsetConnection(args, { knowsTotal: true }, async (offset, limit) => {
    const window = await ctx.loaders.transactionWindow.load({
      account: accountKeyOf(key),
      enKashCardId: undefined,
      filter: toTransactionFilter(args.filter),
      offset,
      limit,
    });
    return { items: window.items.map((txn) => ({ ...txn, ...key })), total: window.total };
  });
}

// Look-ahead: the account's own fields share one call; its lists start with it.
for (const field of ["title", "type", "availableBalance", "balanceOnCards", "cardCounts", "primaryCard"])
  prefetchField(CardAccountRef, field, (key, _args, ctx) => ctx.loaders.account.load(accountKey(key)));
prefetchField(CardAccountRef, "transactions", (key, args, ctx) =>
  isValidTransactionFilter(args.filter) ? accountTransactions(key, args, ctx) : null,
);
prefetchField(CardAccountRef, "cards", (key, args, ctx, below) => {
  const started = accountCards(key, args, ctx);
  // A page of cards that each show their latest transactions may be served by scanning the
  // account's transactions (planner.ts); its first page needs only the account, so it starts now too.
  if (!cardPageMayScanTransactions(args)) return started;
  for (const edges of below.fields("edges"))
    for (const node of edges.below.fields("node"))
      for (const transactions of node.below.fields("transactions")) {
        const txnArgs = transactions.args as ConnectionArgs & { filter?: TransactionFilterValue | null };
        if (!isFirstPage(txnArgs) || !isValidTransactionFilter(txnArgs.filter)) continue;
        ctx.loaders.accountTransactionPage
          .load({ account: accountKeyOf(key), filter: toTransactionFilter(txnArgs.filter), page: 0 })
          .catch(() => {});
      }
  return started;
});

builder.queryFields((t) => ({
  cardAccount: t.field({
    authScopes: { scope: "cards:read" },
    type: CardAccountRef,
    nullable: true,
    description: "A card account by its EnKash IDs; null when it does not exist or is not served here.",
    args: {
      companyId: enkashIdArg(t.arg, "EnKash company ID, e.g. CEKEP5GSGP."),
      cardAccountId: enkashIdArg(t.arg, "EnKash card account ID, e.g. CABFIPS."),
    },
    resolve: async (_root, args, ctx, info) => {
      if (!ctx.access.account(args)) return null;
      try {
        const key = accountKeyOf(args);
        const record = ctx.loaders.account.load(accountKey(key));
        LookAhead.of(info).prefetch(key, ctx);
        return (await record) ? key : null;
      } catch (error) {
        throw queryError(error);
      }
    },
  }),
}));
