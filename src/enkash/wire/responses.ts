import { z } from "zod";
import { readMaskedCardNumber } from "../../shared/card-number.ts";
import { BLOCK_CODES } from "../../shared/enkash-vocabulary.ts";
import { card } from "./card.ts";
import { namedValue, wireRupees } from "./common.ts";
import { money, named, text } from "./tolerant.ts";

/**
 * What the client reads from EnKash's answers. Strict on the fields the product uses, tolerant of
 * everything else: unknown fields are accepted and dropped (plain objects, which zod compiles to a
 * fast parser; loose objects that kept them parsed three times slower, the largest part of a big
 * page's CPU). Rupee amounts become paise.
 */

const nullableString = z
  .string()
  .nullish()
  .transform((value) => value ?? null);
/** A switch: unknown (null) when absent, never false. */
const flag = z
  .boolean()
  .nullish()
  .transform((value) => value ?? null);
/** Rupees as paise; unknown when absent or unreadable (tolerant.ts). */
const optionalRupees = money;
const optionalCount = z
  .unknown()
  .optional()
  .transform((value): number | null => {
    const number = typeof value === "string" && /^-?\d+$/.test(value) ? Number(value) : value;
    return typeof number === "number" && Number.isSafeInteger(number) ? number : null;
  });

/** The OAuth token answer (reference 3.1). */
export const tokenResponse = z.object({
  access_token: z.string().min(1),
  token_type: z.string(),
  expires_in: z.number().int().positive(),
});

/** EnKash's envelope, in either spelling (reference 5.1), normalised to `{code, message, payload}`. */
export const envelope = z
  .union([
    z.object({ code: z.number().int(), message: z.string().nullish(), payload: z.unknown() }),
    z.object({
      response_code: z.number().int(),
      response_message: z.string().nullish(),
      payload: z.unknown(),
    }),
  ])
  .transform((body): { code: number; message: string; payload: unknown } =>
    "code" in body
      ? {
          code: body.code as number,
          message: (body.message as string | null | undefined) ?? "",
          payload: body.payload,
        }
      : {
          code: body.response_code as number,
          message: (body.response_message as string | null | undefined) ?? "",
          payload: body.payload,
        },
  );

export { type CardRecord, card } from "./card.ts";

/** The card contract through zod's compiler, for the account's primary card (src/enkash/endpoints.ts says why). */
const compiledCard = z.compile(card);

/** Get Card Account Details (reference 7.15): every documented field; numbers may come as strings. */
export const cardAccount = z.object({
  cardAccountId: z.string(),
  companyId: z.string(),
  companyName: nullableString,
  accountTitle: nullableString,
  accountType: named,
  availableBalance: wireRupees,
  availableCardBalance: optionalRupees,
  totalCards: optionalCount,
  activeCards: optionalCount,
  // Credit and points (documented; what they mean beyond their names is not).
  creditLimit: optionalRupees,
  dynamicLimit: optionalRupees,
  usedCreditLimit: optionalRupees,
  totalAllocationPoint: optionalRupees,
  totalRedemptionPoint: optionalRupees,
  currentMonthAllocationPoint: optionalRupees,
  currentMonthRedemptionPoint: optionalRupees,
  // The documented example cuts the primary card off: its ID, and the whole card when it is whole;
  // the account is never lost over it.
  primaryEnKashCard: z
    .unknown()
    .optional()
    .transform((value) => {
      if (!value || typeof value !== "object") return null;
      const whole = compiledCard.safeParse(value);
      if (whole.success) return { enKashCardId: whole.data.enKashCardId, record: whole.data };
      const { enKashCardId } = value as { enKashCardId?: unknown };
      return typeof enKashCardId === "string" && enKashCardId ? { enKashCardId, record: null } : null;
    }),
});
export type CardAccountRecord = z.output<typeof cardAccount>;

export const successText = z.string();

export const otpResponse = z.object({
  otpRequestId: z.string().min(1),
  mobileNumber: z.string().regex(/^[0-9X*]{6,15}$/, { message: "must be a masked mobile number" }),
});

export const cardDetailsView = z.object({
  enKashCardId: z.string(),
  cardNumber: z.string().regex(/^\d{13,19}$/, { message: "must be 13 to 19 digits" }),
  expiryMonth: z.string(),
  expiryYear: z.string(),
  cardHolderName: nullableString,
});

export const cvvView = z.object({
  enKashCardId: z.string(),
  cvv: z.string().regex(/^\d{3,4}$/, { message: "must be 3 or 4 digits" }),
});

export const vkycLink = z.object({
  enKashCardId: z.string(),
  vkycLink: z.string().url(),
  expiresAt: nullableString,
});
export const vkycStatus = z.object({
  enKashCardId: z.string(),
  vkycStatus: z.string(),
  kycStatus: namedValue.nullish().transform((value) => value ?? null),
});

const limitValue = wireRupees.nullish().transform((value) => value ?? null);
const countValue = z
  .number()
  .int()
  .nullish()
  .transform((value) => value ?? null);

/** Get Card Usage Limits (reference 7.10): switches, and limits in paise (null = none). */
export const usageControls = z.object({
  enKashCardId: nullableString,
  posAllowed: flag,
  onlineAllowed: flag,
  atmAllowed: flag,
  internationalAllowed: flag,
  contactlessAllowed: flag,
  perTxnLimit: limitValue,
  dtd: limitValue,
  mtd: limitValue,
  ytd: limitValue,
  posDailyLimit: limitValue,
  ecomDailyLimit: limitValue,
  contactLessDailyLimit: limitValue,
  dtdCount: countValue,
  mtdCount: countValue,
  ytdCount: countValue,
  posDailyLimitCount: countValue,
  ecomDailyLimitCount: countValue,
  contactLessDailyLimitCount: countValue,
  modifiedOn: nullableString,
});

export const cardBalance = z.object({
  enKashCardId: z.string(),
  otbBalance: wireRupees,
  holdBalance: wireRupees.nullish().transform((value) => value ?? 0),
  cardStatus: namedValue
    .extend({ name: z.enum(BLOCK_CODES) })
    .nullish()
    .transform((value) => value ?? null),
});

export const accountBalance = z.object({
  cardAccountId: z.string(),
  availableBalance: wireRupees,
  availableCardBalance: wireRupees.nullish().transform((value) => value ?? null),
});

export const loadResult = z.object({
  enKashCardId: z.string(),
  enkashCardTxnId: z.string(),
  pgReferenceNumber: nullableString,
  otbBalance: wireRupees,
});

/** A transaction record (reference 9.3). */
export const transaction = z.object({
  enKashTransactionId: z.string(),
  enKashCardId: z.string(),
  cardAccountId: nullableString,
  companyId: nullableString,
  principalAmount: wireRupees,
  balance: wireRupees.nullish().transform((value) => value ?? null),
  currency: z
    .string()
    .nullish()
    .transform((value) => value ?? "INR"),
  cardTransactionType: z.enum(["CR", "DR"]),
  type: z.string(),
  status: z.string(),
  declineReason: nullableString,
  pgReferenceNumber: nullableString,
  description: nullableString,
  txnDate: z.string(),
  // The card's masked number [T]: when present, a transaction's card shows its last 4 without a
  // lookup. Optional and never fatal: an odd value is treated as absent.
  maskedCard: z
    .unknown()
    .optional()
    .transform((value) => readMaskedCardNumber(value)),
  txnDetails: z
    .object({
      merchantName: nullableString,
      mcc: nullableString,
      channel: nullableString,
      retrievalRefNo: nullableString,
    })
    .nullish()
    .transform((value) => value ?? null),
});
export type TransactionRecord = z.output<typeof transaction>;

const pageOf = <T extends z.ZodType>(item: T) =>
  z.object({
    content: z.array(item),
    page: z.number().int().min(0),
    size: z.number().int().min(1),
    totalElements: z.number().int().min(0),
    totalPages: z.number().int().min(0),
    last: z.boolean(),
  });

export const transactionPage = pageOf(transaction);
export const cardPage = pageOf(card);

/**
 * Validate OTP's `OTPResponse` (reference 7.21): ten fields, all strings and optional on the
 * page; read tolerantly (a number for a string), `amount` as paise.
 */
export const pgValidateResult = z.object({
  uniqueTransactionId: text,
  publicIdentifierKey: text,
  transactionId: text,
  amount: money,
  currency: text,
  otpReferenceNumber: text,
  txnMessage: text,
  txnStatus: text,
  txnDate: text,
  orderId: text,
});
export type PgValidateResult = z.output<typeof pgValidateResult>;
