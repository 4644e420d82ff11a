import { z } from "zod";
import { ACCOUNT_TYPES, OTP_ACTIONS } from "../../shared/enkash-vocabulary.ts";
import {
  accountRef,
  cardRef,
  email,
  enkashId,
  mobile,
  otpProof,
  otpWireFields,
  paise,
  positivePaise,
  toWireRupees,
} from "./common.ts";
import { countLimit, isoDate, pan, postalAddress, text } from "./rules.ts";

/**
 * What the client takes for each EnKash call, and the wire body it becomes. Every rule EnKash
 * documents is checked here, before anything leaves the process.
 */

const optionalText = (max = 255) => text(max).optional();

export const createCardAccountRequest = z.object({
  companyId: enkashId,
  companyName: text(),
  userId: enkashId.optional(),
  planMasterId: enkashId,
  email,
  mobile,
  accountTitle: text(),
  accountType: z.enum(ACCOUNT_TYPES),
});

export const accountRequest = z.object(accountRef);
export const cardRequest = z.object(cardRef);

const deliveryAddress = postalAddress;

const deliveryWire = (address: z.output<typeof deliveryAddress>) => ({
  deliveryAddress: address.line1,
  deliveryAddress2: address.line2,
  deliveryCity: address.city,
  deliveryState: address.state,
  deliveryCountry: address.country,
  deliveryPincode: address.pincode,
});

export const createCardRequest = z
  .object({
    ...accountRef,
    userId: enkashId.optional(),
    email: email.optional(),
    mobile: mobile.optional(),
    title: optionalText(20),
    firstName: optionalText(100),
    middleName: optionalText(100),
    lastName: optionalText(100),
    gender: z.enum(["M", "F", "O"]).optional(),
    /** Date of birth, yyyy-MM-dd; sent as EnKash's dd-MM-yyyy. */
    dateOfBirth: isoDate.optional(),
    address: postalAddress.optional(),
    pan: pan.optional(),
    primary: z.boolean().optional(),
    physicalCard: z.boolean().optional(),
    delivery: deliveryAddress.optional(),
    loadAmount: paise.optional(),
    remarks: optionalText(),
  })
  .transform((input) => ({
    companyId: input.companyId,
    cardAccountId: input.cardAccountId,
    userId: input.userId,
    email: input.email,
    mobile: input.mobile,
    title: input.title,
    firstName: input.firstName,
    middleName: input.middleName,
    lastName: input.lastName,
    gender: input.gender,
    specialDate: input.dateOfBirth ? input.dateOfBirth.split("-").reverse().join("-") : undefined,
    address: input.address?.line1,
    address2: input.address?.line2,
    city: input.address?.city,
    state: input.address?.state,
    country: input.address?.country,
    pincode: input.address?.pincode,
    documents: input.pan ? [{ docType: "PAN", docNo: input.pan }] : undefined,
    primaryEnKashCard: input.primary,
    physicalCard: input.physicalCard,
    physicalDeliveryAddressFlag: input.delivery ? true : undefined,
    ...(input.delivery ? deliveryWire(input.delivery) : {}),
    loadAmount: input.loadAmount === undefined ? undefined : toWireRupees(input.loadAmount),
    remarks: input.remarks,
  }));

export const setPinRequest = z
  .object({
    ...cardRef,
    pin: z.string().regex(/^\d{4}$/, { message: "must be exactly 4 digits" }),
    otp: otpProof.optional(),
  })
  .transform(({ pin, otp, ...ref }) => ({
    ...ref,
    pinBlock: pin,
    otpRequired: otp !== undefined,
    ...(otp ? otpWireFields(otp) : {}),
  }));

export const generateOtpRequest = z
  .object({
    cardAccountId: enkashId,
    enKashCardId: enkashId,
    action: z.enum(OTP_ACTIONS).default("TRANSACTION_OTP"),
  })
  .transform(({ action, ...ref }) => ({ cardOtpAction: action, ...ref }));

export const gatedCardRequest = z
  .object({ ...cardRef, otp: otpProof })
  .transform(({ otp, ...ref }) => ({ ...ref, ...otpWireFields(otp) }));

/**
 * Block Card sets the card's status: L locked, UL unlocked, BL blocked, AP activation in progress.
 * Without a proof the call goes as EnKash's page describes, `otpRequired: false` (its `otpMedium`
 * is still required, so MOBILE); who may do that is the server's policy, not the client's.
 */
export const blockCardRequest = z
  .object({
    ...cardRef,
    blockCode: z.enum(["L", "UL", "BL", "AP"]),
    reason: optionalText(),
    createdBy: optionalText(),
    otp: otpProof.optional(),
  })
  .transform(({ otp, ...rest }) => ({
    ...rest,
    ...(otp
      ? { ...otpWireFields(otp), otpRequired: true }
      : { otpMedium: "MOBILE" as const, otpRequired: false }),
  }));

export const replaceCardRequest = z
  .object({ ...cardRef, otp: otpProof })
  .transform(({ otp, ...ref }) => ({ ...ref, ...otpWireFields(otp), otpRequired: true }));

const limit = paise.nullable().optional();
const count = countLimit.nullable().optional();
const rupeesOrNull = (value: number | null | undefined) =>
  value === undefined ? undefined : value === null ? null : toWireRupees(value);

export const updateUsageControlsRequest = z
  .object({
    ...accountRef,
    enKashCardIds: z.array(enkashId).min(1).max(100),
    adminUser: z.boolean().optional(),
    posAllowed: z.boolean().optional(),
    onlineAllowed: z.boolean().optional(),
    atmAllowed: z.boolean().optional(),
    internationalAllowed: z.boolean().optional(),
    contactlessAllowed: z.boolean().optional(),
    /** Amount limits in paise; null removes the limit. */
    perTxnLimit: limit,
    dailyLimit: limit,
    monthlyLimit: limit,
    yearlyLimit: limit,
    posDailyLimit: limit,
    ecomDailyLimit: limit,
    contactlessDailyLimit: limit,
    dailyCount: count,
    monthlyCount: count,
    yearlyCount: count,
    posDailyCount: count,
    ecomDailyCount: count,
    contactlessDailyCount: count,
  })
  .transform((input) => ({
    companyId: input.companyId,
    cardAccountId: input.cardAccountId,
    enKashCardIds: input.enKashCardIds,
    adminUser: input.adminUser,
    posAllowed: input.posAllowed,
    onlineAllowed: input.onlineAllowed,
    atmAllowed: input.atmAllowed,
    internationalAllowed: input.internationalAllowed,
    contactlessAllowed: input.contactlessAllowed,
    perTxnLimit: rupeesOrNull(input.perTxnLimit),
    dtd: rupeesOrNull(input.dailyLimit),
    mtd: rupeesOrNull(input.monthlyLimit),
    ytd: rupeesOrNull(input.yearlyLimit),
    posDailyLimit: rupeesOrNull(input.posDailyLimit),
    ecomDailyLimit: rupeesOrNull(input.ecomDailyLimit),
    contactLessDailyLimit: rupeesOrNull(input.contactlessDailyLimit),
    dtdCount: input.dailyCount,
    mtdCount: input.monthlyCount,
    ytdCount: input.yearlyCount,
    posDailyLimitCount: input.posDailyCount,
    ecomDailyLimitCount: input.ecomDailyCount,
    contactLessDailyLimitCount: input.contactlessDailyCount,
  }));

export const orderPhysicalCardRequest = z
  .object({ ...cardRef, delivery: deliveryAddress })
  .transform(({ delivery, ...ref }) => ({ ...ref, ...deliveryWire(delivery) }));

export const loadCardRequest = z
  .object({
    ...cardRef,
    amount: positivePaise,
    /** Your reference for this load; EnKash refuses a repeat, which makes loads safe to reconcile. */
    uniqueReferenceNumber: text(64),
    description: optionalText(),
    remarks: optionalText(),
    createdBy: optionalText(),
  })
  .transform(({ amount, ...rest }) => ({
    ...rest,
    amount: toWireRupees(amount),
    transactionType: "CR" as const,
    type: "ALLOCATE_FUND" as const,
    transactionCode: "ALLOCATION",
  }));

const page = { page: z.number().int().min(0).optional(), size: z.number().int().min(1).max(100).optional() };

export const listCardsRequest = z
  .object({ ...accountRef, status: z.enum(["L", "UL", "BL", "AP"]).optional(), ...page })
  .transform(({ status, ...rest }) => ({ ...rest, cardStatus: status }));

const instant = z
  .union([z.date(), z.string().datetime({ offset: true, message: "must be an ISO-8601 date-time" })])
  .transform((value) => (typeof value === "string" ? new Date(value) : value).toISOString());

export const searchTransactionsRequest = z
  .object({
    ...accountRef,
    enKashCardId: enkashId.optional(),
    direction: z.enum(["CR", "DR"]).optional(),
    status: text(32).optional(),
    type: text(64).optional(),
    amountFrom: paise.optional(),
    amountTo: paise.optional(),
    from: instant.optional(),
    to: instant.optional(),
    transactionIds: z.array(enkashId).max(100).optional(),
    references: z.array(text(64)).max(100).optional(),
    ...page,
  })
  .refine(
    (input) =>
      input.amountFrom === undefined || input.amountTo === undefined || input.amountFrom <= input.amountTo,
    {
      message: "must not be greater than amountTo",
      path: ["amountFrom"],
    },
  )
  .transform((input) => ({
    companyId: input.companyId,
    cardAccountId: input.cardAccountId,
    enKashCardId: input.enKashCardId,
    cardTransactionType: input.direction,
    status: input.status,
    type: input.type,
    amountFrom: input.amountFrom === undefined ? undefined : toWireRupees(input.amountFrom),
    amountTo: input.amountTo === undefined ? undefined : toWireRupees(input.amountTo),
    txnDateFrom: input.from,
    txnDateTo: input.to,
    enKashTransactionIds: input.transactionIds,
    pgReferenceNumbers: input.references,
    page: input.page,
    size: input.size,
  }));

export const pgResendOtpRequest = z.object({ enkashTransactionId: text(64) });
export const pgValidateOtpRequest = z.object({
  ekPayId: text(64),
  otp: z.string().regex(/^\d{4,8}$/, { message: "must be 4 to 8 digits" }),
  checkSum: optionalText(512),
});
