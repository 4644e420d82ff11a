import type { Context } from "../context.ts";
import { accountKeyOf, type CardKey, cardKey, parseCardKey } from "../domain/keys.ts";
import type { MaskedCardNumber } from "../shared/card-number.ts";
import { readEnkashDateTime } from "../shared/enkash-dates.ts";
import { enkashIdArg } from "./args.ts";
import { builder } from "./builder.ts";
import { CardControlsRef } from "./card-controls.ts";
import { kycStatusOf } from "./card-details.ts";
import { findCard, fromCardRecord, loadCard } from "./card-record.ts";
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

/**
 * A resolver reading the card's masked number: from the parent when it knows it (a transaction's
 * record carries its card's mask), else from the card record. Synchronous in the first case, so a
 * long list of transactions makes no promise per row.
 */
function fromMask<T>(read: (mask: MaskedCardNumber | null) => T) {
  return (key: CardKey & { mask?: MaskedCardNumber | null }, _args: unknown, ctx: Context) =>
    key.mask !== undefined ? read(key.mask) : loadCard(ctx, key).then((card) => read(card.maskedNumber));
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

builder.node(CardRef, {
  description: "A prepaid or gift card issued on a card account.",
  visibleTo: (key, ctx) => ctx.access.card(key),
  id: { resolve: (key) => cardKey(key), parse: (id) => id },
  loadOne: (id, ctx) => findCard(ctx, parseCardKey(id)),
  fields: (t) => {
    return {
      enKashCardId: t.exposeString("enKashCardId", {
        description: "EnKash's card ID (EKC…), for reconciliation.",
      }),
      kind: t.field({
        type: CardKindEnum,
        description: "Prepaid or gift, by the card's account type.",
        resolve: fromCardRecord((card) =>
          card.accountType?.name === "GIFT" || card.binType?.name === "GIFT_CARD" ? "GIFT" : "PREPAID",
        ),
      }),
      status: t.field({
        type: CardStatusEnum,
        description: "Where the card stands; see CardStatus for what may follow.",
        resolve: fromCardRecord((card) => cardStatusOf(card.cardStatus.name)),
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
        resolve: fromCardRecord((card) =>
          card.expiryMonth && card.expiryYear
            ? { month: Number(card.expiryMonth), year: Number(card.expiryYear) }
            : null,
        ),
      }),
      network: t.field({
        type: CardNetworkEnum,
        nullable: true,
        description: "The payment network; null when EnKash does not say.",
        resolve: fromCardRecord((card) => {
          const name = card.kitType?.name;
          if (!name) return null;
          return (["RUPAY", "VISA", "MASTERCARD"] as const).find((network) => network === name) ?? "OTHER";
        }),
      }),
      physical: t.boolean({
        nullable: true,
        description: "Whether a plastic card was issued (false: virtual only).",
        resolve: fromCardRecord((card) => card.physicalCard),
      }),
      activated: t.boolean({
        nullable: true,
        description: "Whether the card was activated (its first PIN set).",
        resolve: fromCardRecord((card) => card.cardActivated),
      }),
      primary: t.boolean({
        nullable: true,
        description: "Whether this is its account's primary card.",
        resolve: fromCardRecord((card) => card.primaryCard),
      }),
      prepaid: t.boolean({
        nullable: true,
        description: "EnKash's prepaidCard flag, as sent (gift cards are prepaid cards too).",
        resolve: fromCardRecord((card) => card.prepaidCard),
      }),
      accountType: t.field({
        type: AccountTypeEnum,
        nullable: true,
        description: "The programme type of the card's account, as the card object reports it.",
        resolve: fromCardRecord((card) => accountTypeOf(card.accountType?.name)),
      }),
      kycStatus: t.field({
        type: KycStatusEnum,
        nullable: true,
        description: "The cardholder's KYC level (kyc has the details).",
        resolve: fromCardRecord(kycStatusOf),
      }),
      cardholder: t.field({
        type: CardholderRef,
        description: "Who holds the card.",
        resolve: (key, _args, ctx) => loadCard(ctx, key),
      }),
      balance: t.field({
        type: MoneyRef,
        description: "Spendable balance (open to buy).",
        resolve: fromCardRecord((card) => card.otbBalance ?? 0),
      }),
      heldBalance: t.field({
        type: MoneyRef,
        nullable: true,
        description: "Amount on hold for pending spends; null when EnKash does not say.",
        resolve: fromCardRecord((card) => card.holdBalance),
      }),
      spentToday: t.field({
        type: MoneyRef,
        nullable: true,
        description: "Spent so far today (IST); `spent` has every period.",
        resolve: fromCardRecord((card) => card.usedDtd),
      }),
      companyName: t.string({
        nullable: true,
        description:
          "The issuing company's name as the card's record carries it (companyName): shown to cardholders too, who may not see `company`.",
        resolve: fromCardRecord((card) => card.companyName),
      }),
      remarks: t.string({
        nullable: true,
        description: "The note kept with the card.",
        resolve: fromCardRecord((card) => card.remarks),
      }),
      createdAt: t.field({
        type: "DateTime",
        nullable: true,
        description: "When EnKash created the card.",
        resolve: fromCardRecord((card) => readEnkashDateTime(card.createdOn)),
      }),
      modifiedAt: t.field({
        type: "DateTime",
        nullable: true,
        description: "When EnKash last changed the card.",
        resolve: fromCardRecord((card) => readEnkashDateTime(card.modifiedOn)),
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
  return offsetConnection(args, { knowsTotal: false, pageInfoSelected }, async (offset, limit, need) => {
    const window = await ctx.loaders.transactionWindow.load({
      ...need,
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
