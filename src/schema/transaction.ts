import { z } from "zod";
import { parseTransactionKey, transactionKey } from "../domain/keys.ts";
import type { TransactionFilter } from "../enkash/planner.ts";
import { builder } from "./builder.ts";
import { DirectionEnum, TransactionStatusEnum, transactionStatusOf } from "./enums.ts";
import { queryError } from "./errors.ts";
import { MoneyRef } from "./money.ts";
import { CardRef, TransactionRef } from "./refs.ts";

builder.node(TransactionRef, {
  description:
    "A movement of money on a card: a load, a spend (approved or declined), a refund or a transfer.",
  visibleTo: (txn, ctx) => ctx.access.transaction(txn),
  id: {
    resolve: (txn) => transactionKey(txn),
    parse: (id) => id,
  },
  loadOne: async (id, ctx) => {
    // The key names the card, so the check runs before EnKash is asked.
    const key = parseTransactionKey(id);
    if (!key || !ctx.access.transaction(key)) return null;
    try {
      const record = await ctx.loaders.transaction.load(transactionKey(key));
      if (!record) return null;
      return { ...record, companyId: key.companyId, cardAccountId: key.cardAccountId };
    } catch (error) {
      throw queryError(error);
    }
  },
  fields: (t) => ({
    enKashTransactionId: t.string({
      description: "EnKash's transaction ID (ECTR…), for reconciliation.",
      resolve: (parent) => parent.enKashTransactionId,
    }),
    amount: t.field({
      type: MoneyRef,
      description: "How much moved (or would have, if declined).",
      resolve: (txn) => txn.principalAmount,
    }),
    direction: t.field({
      type: DirectionEnum,
      description: "Onto the card (CREDIT) or off it (DEBIT).",
      resolve: (txn) => (txn.cardTransactionType === "CR" ? "CREDIT" : "DEBIT"),
    }),
    type: t.string({
      description: "EnKash's transaction type, e.g. SALE, ALLOCATE_FUND, REFUND, RECOVERY, TRANSFER_IN.",
      resolve: (parent) => parent.type,
    }),
    status: t.field({
      type: TransactionStatusEnum,
      description: "Outcome.",
      resolve: (txn) => transactionStatusOf(txn.status),
    }),
    rawStatus: t.string({
      description: "EnKash's status text, as sent.",
      resolve: (parent) => parent.status,
    }),
    declineReason: t.string({
      nullable: true,
      description: "Why a declined spend was refused; null otherwise.",
      resolve: (parent) => parent.declineReason,
    }),
    description: t.string({
      nullable: true,
      description: "EnKash's description of the transaction.",
      resolve: (parent) => parent.description,
    }),
    merchant: t.field({
      type: MerchantRef,
      nullable: true,
      description: "Where the card was used; null for loads, refunds and transfers.",
      resolve: (txn) => (txn.txnDetails?.merchantName ? txn.txnDetails : null),
    }),
    time: t.field({
      type: "DateTime",
      description: "When it happened.",
      resolve: (txn) => new Date(txn.txnDate).toISOString(),
    }),
    balanceAfter: t.field({
      type: MoneyRef,
      nullable: true,
      description: "The card's balance right after; null when EnKash does not say.",
      resolve: (txn) => txn.balance,
    }),
    referenceNumber: t.string({
      nullable: true,
      description:
        "Your reference for a load (EnKash pgReferenceNumber = the load's uniqueReferenceNumber); null for others.",
      resolve: (parent) => parent.pgReferenceNumber,
    }),
    card: t.field({
      type: CardRef,
      description: "The card it happened on.",
      resolve: (txn) => ({
        companyId: txn.companyId,
        cardAccountId: txn.cardAccountId,
        enKashCardId: txn.enKashCardId,
        // Absent from the record: the card is looked up for its number.
        ...(txn.maskedCard ? { mask: txn.maskedCard } : {}),
      }),
    }),
  }),
});

type TxnDetails = NonNullable<import("../enkash/wire/responses.ts").TransactionRecord["txnDetails"]>;
const MerchantRef = builder.objectRef<TxnDetails>("Merchant").implement({
  description: "The merchant of a card spend.",
  fields: (t) => ({
    name: t.string({
      description: "Merchant name as the network reports it.",
      resolve: (merchant) => merchant.merchantName ?? "",
    }),
    mcc: t.string({
      nullable: true,
      description: "Merchant category code (4 digits, e.g. 5812 for restaurants).",
      resolve: (parent) => parent.mcc,
    }),
    channel: t.string({
      nullable: true,
      description: "POS (in store), ECOM (online) or ATM.",
      resolve: (parent) => parent.channel,
    }),
  }),
});

/**
 * The rules of a filter as a whole: its ranges must not be inverted. Loose: the validation plugin
 * passes on what the schema returns, so the fields it does not name must be kept.
 */
const FILTER_RANGES = z
  .looseObject({
    from: z.string().nullish(),
    to: z.string().nullish(),
    minAmount: z.number().nullish(),
    maxAmount: z.number().nullish(),
    type: z.string().max(64).nullish(),
  })
  .refine((filter) => !filter.from || !filter.to || filter.from <= filter.to, {
    message: "must not be after `to`",
    path: ["from"],
  })
  .refine(
    (filter) => filter.minAmount == null || filter.maxAmount == null || filter.minAmount <= filter.maxAmount,
    { message: "must not be above `maxAmount`", path: ["minAmount"] },
  );

/**
 * Whether a filter passes the rules the validation plugin applies to the argument. Look-ahead
 * starts a field's EnKash calls before the field's own arguments are validated, so it asks this
 * first: a filter that will be refused starts nothing.
 */
export const isValidTransactionFilter = (filter: unknown): boolean =>
  filter == null || FILTER_RANGES.safeParse(filter).success;

export const TransactionFilterInput = builder.inputType("TransactionFilter", {
  description: "Narrows a list of transactions; every field is optional and they combine with AND.",
  // Ranges EnKash would refuse are refused here first (BAD_USER_INPUT, no call).
  validate: FILTER_RANGES,
  fields: (t) => ({
    from: t.field({ type: "DateTime", required: false, description: "Only at or after this instant." }),
    to: t.field({ type: "DateTime", required: false, description: "Only at or before this instant." }),
    direction: t.field({ type: DirectionEnum, required: false, description: "Only credits or only debits." }),
    status: t.field({ type: TransactionStatusEnum, required: false, description: "Only this outcome." }),
    type: t.string({
      required: false,
      description: "Only this EnKash type, e.g. SALE (at most 64 characters).",
      validate: z.string().max(64, { message: "must be at most 64 characters" }),
    }),
    minAmount: t.field({
      type: "Decimal",
      required: false,
      description: "Only amounts of at least this many rupees.",
    }),
    maxAmount: t.field({
      type: "Decimal",
      required: false,
      description: "Only amounts of at most this many rupees.",
    }),
  }),
});

export type TransactionFilterValue = typeof TransactionFilterInput.$inferInput;
type FilterInput = TransactionFilterValue;

/** The GraphQL filter in the client's terms (a stable object, used in loader keys). */
export function toTransactionFilter(filter: FilterInput | null | undefined): TransactionFilter {
  if (!filter) return {};
  const status =
    filter.status === "PENDING" ? "CREATED" : filter.status === "OTHER" ? undefined : filter.status;
  const out: TransactionFilter = {};
  if (filter.direction) out.direction = filter.direction === "CREDIT" ? "CR" : "DR";
  if (status) out.status = status;
  if (filter.type) out.type = filter.type;
  if (filter.minAmount !== null && filter.minAmount !== undefined) out.amountFrom = filter.minAmount;
  if (filter.maxAmount !== null && filter.maxAmount !== undefined) out.amountTo = filter.maxAmount;
  if (filter.from) out.from = filter.from;
  if (filter.to) out.to = filter.to;
  return out;
}
