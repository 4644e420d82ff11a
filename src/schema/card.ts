import type { Context } from "../context.ts";
import { accountKeyOf, type CardKey, cardKey, parseCardKey } from "../domain/keys.ts";
import type { CardRecord } from "../enkash/wire/responses.ts";
import type { MaskedCardNumber } from "../shared/card-number.ts";
import { readEnkashDateTime } from "../shared/enkash-dates.ts";
import { enkashIdArg } from "./args.ts";
import { builder } from "./builder.ts";
import { CardFundsRef, CardKycRef, CardSpendRef, kycStatusOf, PhysicalCardRef } from "./card-details.ts";
import {
  CardBrandingRef,
  CardChannelsRef,
  CardFundingRulesRef,
  CardIdentifiersRef,
  CardProgrammeRef,
  CardTermsRef,
} from "./card-settings.ts";
import { CardholderRef } from "./cardholder.ts";
import { type ConnectionArgs, offsetConnection } from "./connections.ts";
import { AccountTypeEnum, accountTypeOf, CardStatusEnum, cardStatusOf, KycStatusEnum } from "./enums.ts";
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

/** The card's record from EnKash (one call per card per request, often primed by a list). */
export async function loadCard(ctx: Context, key: CardKey): Promise<CardRecord> {
  try {
    const record = await ctx.loaders.card.load(cardKey(key));
    if (!record) throw new Error(`card ${cardKey(key)} disappeared`);
    return record;
  } catch (error) {
    throw queryError(error);
  }
}

/**
 * A resolver reading the card's masked number: from the parent when it knows it (a transaction's
 * record carries its card's mask), else from the card record. Synchronous in the first case, so a
 * long list of transactions makes no promise per row.
 */
function fromMask<T>(read: (mask: MaskedCardNumber | null) => T) {
  return (key: CardKey & { mask?: MaskedCardNumber | null }, _args: unknown, ctx: Context) =>
    key.mask !== undefined ? read(key.mask) : loadCard(ctx, key).then((card) => read(card.maskedNumber));
}

/**
 * Loads a card named by a client; null when it does not exist or is not served here. With a
 * look-ahead, the selected fields' EnKash calls start alongside the card's own.
 */
export async function findCard(ctx: Context, key: CardKey | null, at?: LookAhead): Promise<CardKey | null> {
  if (!key || !ctx.access.card(key)) return null;
  try {
    const record = ctx.loaders.card.load(cardKey(key));
    at?.prefetch(key, ctx);
    return (await record) ? key : null;
  } catch (error) {
    throw queryError(error);
  }
}

const CardKindEnum = builder.enumType("CardKind", {
  description: "Which product the card is; decided by its account's type.",
  values: {
    PREPAID: { description: "A reloadable prepaid card: loads are allowed while it is not blocked." },
    GIFT: { description: "A non-reloadable gift card: loaded once at issue, never again." },
  },
});

const CardNetworkEnum = builder.enumType("CardNetwork", {
  description: "The payment network the card runs on.",
  values: {
    RUPAY: { description: "RuPay." },
    VISA: { description: "Visa." },
    MASTERCARD: { description: "Mastercard." },
    OTHER: { description: "A network this server does not know." },
  },
});

const ExpiryRef = builder.objectRef<{ month: number; year: number }>("CardExpiry").implement({
  description: "The card's expiry month.",
  fields: (t) => ({
    month: t.exposeInt("month", { description: "1 to 12." }),
    year: t.exposeInt("year", { description: "Four digits." }),
    text: t.string({
      description: 'As printed on the card: "MM/YY".',
      resolve: (expiry) => `${String(expiry.month).padStart(2, "0")}/${String(expiry.year).slice(-2)}`,
    }),
  }),
});

type Controls = NonNullable<Awaited<ReturnType<Context["loaders"]["controls"]["load"]>>>;

const CardLimitsRef = builder.objectRef<Controls>("CardLimits").implement({
  description: "Spending limits; null means no limit.",
  fields: (t) => ({
    perTransaction: t.field({
      type: MoneyRef,
      nullable: true,
      description: "Most one spend may be.",
      resolve: (c) => c.perTxnLimit,
    }),
    daily: t.field({
      type: MoneyRef,
      nullable: true,
      description: "Most spent per day (IST).",
      resolve: (c) => c.dtd,
    }),
    monthly: t.field({
      type: MoneyRef,
      nullable: true,
      description: "Most spent per calendar month.",
      resolve: (c) => c.mtd,
    }),
    yearly: t.field({
      type: MoneyRef,
      nullable: true,
      description: "Most spent per calendar year.",
      resolve: (c) => c.ytd,
    }),
    posDaily: t.field({
      type: MoneyRef,
      nullable: true,
      description: "Most spent in stores per day.",
      resolve: (c) => c.posDailyLimit,
    }),
    onlineDaily: t.field({
      type: MoneyRef,
      nullable: true,
      description: "Most spent online per day.",
      resolve: (c) => c.ecomDailyLimit,
    }),
    contactlessDaily: t.field({
      type: MoneyRef,
      nullable: true,
      description: "Most spent by tap per day.",
      resolve: (c) => c.contactLessDailyLimit,
    }),
    dailyCount: t.int({ nullable: true, description: "Most spends per day.", resolve: (c) => c.dtdCount }),
    monthlyCount: t.int({
      nullable: true,
      description: "Most spends per month.",
      resolve: (c) => c.mtdCount,
    }),
    yearlyCount: t.int({ nullable: true, description: "Most spends per year.", resolve: (c) => c.ytdCount }),
    posDailyCount: t.int({
      nullable: true,
      description: "Most store spends per day.",
      resolve: (c) => c.posDailyLimitCount,
    }),
    onlineDailyCount: t.int({
      nullable: true,
      description: "Most online spends per day.",
      resolve: (c) => c.ecomDailyLimitCount,
    }),
    contactlessDailyCount: t.int({
      nullable: true,
      description: "Most tap spends per day.",
      resolve: (c) => c.contactLessDailyLimitCount,
    }),
  }),
});

export const CardControlsRef = builder.objectRef<Controls>("CardControls").implement({
  description: "Where and how much the card may be used.",
  fields: (t) => ({
    pos: t.boolean({
      nullable: true,
      description: "In-store (POS) spends allowed; null when EnKash does not say.",
      resolve: (c) => c.posAllowed,
    }),
    online: t.boolean({
      nullable: true,
      description: "Online (e-commerce) spends allowed.",
      resolve: (c) => c.onlineAllowed,
    }),
    atm: t.boolean({ nullable: true, description: "ATM withdrawals allowed.", resolve: (c) => c.atmAllowed }),
    international: t.boolean({
      nullable: true,
      description: "Spends abroad allowed.",
      resolve: (c) => c.internationalAllowed,
    }),
    contactless: t.boolean({
      nullable: true,
      description: "Tap-to-pay allowed.",
      resolve: (c) => c.contactlessAllowed,
    }),
    limits: t.field({ type: CardLimitsRef, description: "Amount and count limits.", resolve: (c) => c }),
  }),
});

builder.node(CardRef, {
  description: "A prepaid or gift card issued on a card account.",
  visibleTo: (key, ctx) => ctx.access.card(key),
  id: { resolve: (key) => cardKey(key), parse: (id) => id },
  loadOne: (id, ctx) => findCard(ctx, parseCardKey(id)),
  fields: (t) => {
    const fromRecord =
      <T>(read: (card: CardRecord) => T) =>
      async (key: CardKey, _args: unknown, ctx: Context) =>
        read(await loadCard(ctx, key));
    return {
      enKashCardId: t.exposeString("enKashCardId", {
        description: "EnKash's card ID (EKC…), for reconciliation.",
      }),
      kind: t.field({
        type: CardKindEnum,
        description: "Prepaid or gift, by the card's account type.",
        resolve: fromRecord((card) =>
          card.accountType?.name === "GIFT" || card.binType?.name === "GIFT_CARD" ? "GIFT" : "PREPAID",
        ),
      }),
      status: t.field({
        type: CardStatusEnum,
        description: "Where the card stands; see CardStatus for what may follow.",
        resolve: fromRecord((card) => cardStatusOf(card.cardStatus.name)),
      }),
      maskedNumber: t.string({
        nullable: true,
        description:
          'The card number masked: at most its first 6 and last 4 digits show, as EnKash sends them ("XXXX XXXX XXXX 3211", "2004 01XX XXXX XX87"). Null when EnKash sends none.',
        // Synchronous when the parent knows the number: no promise per row of a long list.
        resolve: fromMask((mask) => mask?.masked ?? null),
      }),
      last4: t.string({
        nullable: true,
        description:
          "The last 4 digits of the card number, when EnKash's mask shows all four; null otherwise (see visibleLastDigits).",
        resolve: fromMask((mask) => mask?.last4 ?? null),
      }),
      visibleLastDigits: t.string({
        nullable: true,
        description:
          'The last digits EnKash\'s mask shows, 0 to 4 of them: "87" for "2004 01XX XXXX XX87". Null when EnKash sends no mask.',
        resolve: fromMask((mask) => mask?.lastDigits ?? null),
      }),
      expiry: t.field({
        type: ExpiryRef,
        nullable: true,
        description: "Expiry month; null when EnKash does not report it.",
        resolve: fromRecord((card) =>
          card.expiryMonth && card.expiryYear
            ? { month: Number(card.expiryMonth), year: Number(card.expiryYear) }
            : null,
        ),
      }),
      network: t.field({
        type: CardNetworkEnum,
        nullable: true,
        description: "The payment network; null when EnKash does not say.",
        resolve: fromRecord((card) => {
          const name = card.kitType?.name;
          if (!name) return null;
          return (["RUPAY", "VISA", "MASTERCARD"] as const).find((network) => network === name) ?? "OTHER";
        }),
      }),
      physical: t.boolean({
        nullable: true,
        description: "Whether a plastic card was issued (false: virtual only).",
        resolve: fromRecord((card) => card.physicalCard),
      }),
      activated: t.boolean({
        nullable: true,
        description: "Whether the card was activated (its first PIN set).",
        resolve: fromRecord((card) => card.cardActivated),
      }),
      primary: t.boolean({
        nullable: true,
        description: "Whether this is its account's primary card.",
        resolve: fromRecord((card) => card.primaryCard),
      }),
      prepaid: t.boolean({
        nullable: true,
        description: "EnKash's prepaidCard flag, as sent (gift cards are prepaid cards too).",
        resolve: fromRecord((card) => card.prepaidCard),
      }),
      accountType: t.field({
        type: AccountTypeEnum,
        nullable: true,
        description: "The programme type of the card's account, as the card object reports it.",
        resolve: fromRecord((card) => accountTypeOf(card.accountType?.name)),
      }),
      kycStatus: t.field({
        type: KycStatusEnum,
        nullable: true,
        description: "The cardholder's KYC level (kyc has the details).",
        resolve: fromRecord(kycStatusOf),
      }),
      kyc: t.field({
        type: CardKycRef,
        description: "KYC and PAN validation.",
        resolve: (key, _args, ctx) => loadCard(ctx, key),
      }),
      cardholder: t.field({
        type: CardholderRef,
        description: "Who holds the card.",
        resolve: (key, _args, ctx) => loadCard(ctx, key),
      }),
      balance: t.field({
        type: MoneyRef,
        description: "Spendable balance (open to buy).",
        resolve: fromRecord((card) => card.otbBalance ?? 0),
      }),
      heldBalance: t.field({
        type: MoneyRef,
        nullable: true,
        description: "Amount on hold for pending spends; null when EnKash does not say.",
        resolve: fromRecord((card) => card.holdBalance),
      }),
      spentToday: t.field({
        type: MoneyRef,
        nullable: true,
        description: "Spent so far today (IST); `spent` has every period.",
        resolve: fromRecord((card) => card.usedDtd),
      }),
      spent: t.field({
        type: CardSpendRef,
        description: "Spent so far, by period.",
        resolve: (key, _args, ctx) => loadCard(ctx, key),
      }),
      funds: t.field({
        type: CardFundsRef,
        description: "Loads, allocations and holds around the balance.",
        resolve: (key, _args, ctx) => loadCard(ctx, key),
      }),
      physicalCard: t.field({
        type: PhysicalCardRef,
        description: "The plastic card and its delivery.",
        resolve: (key, _args, ctx) => loadCard(ctx, key),
      }),
      programme: t.field({
        type: CardProgrammeRef,
        description: "Programme, switch, BIN and network.",
        resolve: (key, _args, ctx) => loadCard(ctx, key),
      }),
      identifiers: t.field({
        type: CardIdentifiersRef,
        description: "EnKash's other numbers for the card (kit, switch proxy, virtual account).",
        resolve: (key, _args, ctx) => loadCard(ctx, key),
      }),
      channels: t.field({
        type: CardChannelsRef,
        description: "The channel switches on the card object, with the admin's own switches.",
        resolve: (key, _args, ctx) => loadCard(ctx, key),
      }),
      fundingRules: t.field({
        type: CardFundingRulesRef,
        description: "How money may move between the card and its account.",
        resolve: (key, _args, ctx) => loadCard(ctx, key),
      }),
      terms: t.field({
        type: CardTermsRef,
        description: "Acceptance of the terms and conditions.",
        resolve: (key, _args, ctx) => loadCard(ctx, key),
      }),
      branding: t.field({
        type: CardBrandingRef,
        description: "Images and support contacts.",
        resolve: (key, _args, ctx) => loadCard(ctx, key),
      }),
      companyName: t.string({
        nullable: true,
        description:
          "The issuing company's name as the card's record carries it (companyName): shown to cardholders too, who may not see `company`.",
        resolve: fromRecord((card) => card.companyName),
      }),
      remarks: t.string({
        nullable: true,
        description: "The note kept with the card.",
        resolve: fromRecord((card) => card.remarks),
      }),
      createdAt: t.field({
        type: "DateTime",
        nullable: true,
        description: "When EnKash created the card.",
        resolve: fromRecord((card) => readEnkashDateTime(card.createdOn)),
      }),
      modifiedAt: t.field({
        type: "DateTime",
        nullable: true,
        description: "When EnKash last changed the card.",
        resolve: fromRecord((card) => readEnkashDateTime(card.modifiedOn)),
      }),
      controls: t.field({
        type: CardControlsRef,
        description: "Channels and limits (one more EnKash call per card).",
        resolve: async (key, _args, ctx) => {
          try {
            const controls = await ctx.loaders.controls.load(cardKey(key));
            if (!controls) throw new Error(`controls of ${cardKey(key)} disappeared`);
            return controls;
          } catch (error) {
            throw queryError(error);
          }
        },
      }),
      account: t.field({
        type: CardAccountRef,
        nullable: true,
        description:
          "The card account it draws on; null for viewers who may not see the whole account (cardholders).",
        resolve: (key) => accountKeyOf(key),
      }),
      company: t.field({
        type: CompanyRef,
        nullable: true,
        description: "The company it belongs to; null for viewers who may not see the company (cardholders).",
        resolve: (key) => ({ companyId: key.companyId }),
      }),
      transactions: t.connection(
        {
          type: TransactionRef,
          description: "The card's transactions, newest first. `first`/`last` take 1 to 100.",
          args: {
            filter: t.arg({
              type: TransactionFilterInput,
              required: false,
              description: "Narrows the list.",
            }),
          },
          resolve: (key, args, ctx, info) => cardTransactions(key, args, ctx, LookAhead.of(info)),
        },
        { description: "A page of a card's transactions." },
        { description: "A transaction in a page of a card's transactions." },
      ),
    };
  },
});

/** A page of a card's transactions (the `transactions` field, and its prefetch). */
function cardTransactions(
  key: CardKey,
  args: ConnectionArgs & { filter?: TransactionFilterValue | null },
  ctx: Context,
  at: LookAhead,
) {
  const pageInfoSelected = at.fields("pageInfo").length > 0;
  return offsetConnection(args, { knowsTotal: false, pageInfoSelected }, async (offset, limit) => {
    const window = await ctx.loaders.transactionWindow.load({
      account: { companyId: key.companyId, cardAccountId: key.cardAccountId },
      enKashCardId: key.enKashCardId,
      filter: toTransactionFilter(args.filter),
      offset,
      limit,
    });
    return {
      items: window.items.map((txn) => ({
        ...txn,
        companyId: key.companyId,
        cardAccountId: key.cardAccountId,
      })),
      total: window.total,
    };
  });
}

// What a card screen needs besides the card record starts with the record's own call (look-ahead).
prefetchField(CardRef, "controls", (key, _args, ctx) => ctx.loaders.controls.load(cardKey(key)));
// (Each prefetch returns what it started, so that LookAhead can catch its failure.)
prefetchField(CardRef, "transactions", (key, args, ctx, below) =>
  isValidTransactionFilter(args.filter) ? cardTransactions(key, args, ctx, below) : null,
);
// The account's loads refuse (without a call) for viewers who may not see it.
prefetchField(CardRef, "account", (key, _args, ctx, below) => below.prefetch(accountKeyOf(key), ctx));

builder.queryFields((t) => ({
  card: t.field({
    authScopes: { scope: "cards:read" },
    type: CardRef,
    nullable: true,
    description: "A card by its EnKash IDs; null when it does not exist or is not served here.",
    args: {
      companyId: enkashIdArg(t.arg, "EnKash company ID."),
      cardAccountId: enkashIdArg(t.arg, "EnKash card account ID."),
      enKashCardId: enkashIdArg(t.arg, "EnKash card ID, e.g. EKC94AEX89."),
    },
    resolve: (_root, args, ctx, info) =>
      findCard(
        ctx,
        { companyId: args.companyId, cardAccountId: args.cardAccountId, enKashCardId: args.enKashCardId },
        LookAhead.of(info),
      ),
  }),
}));
