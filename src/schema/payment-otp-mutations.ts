import { z } from "zod";
import type { Context } from "../context.ts";
import { ID_PART, ID_PART_RULE } from "../domain/keys.ts";
import type { PgValidateResult } from "../enkash/wire/responses.ts";
import { readEnkashDateTime } from "../shared/enkash-dates.ts";
import { builder } from "./builder.ts";
import { type KnownRefusal, type UserError, userError } from "./errors.ts";
import { MoneyRef } from "./money.ts";
import { defineMutation, type InputFields, payloadType } from "./mutation.ts";
import { otpSendRefusal, paymentOtpSubject } from "./otp-guard.ts";

/**
 * The OTP of an EnKash Payment Gateway payment (reference 7.20 Resend OTP, source 003; 7.21
 * Validate OTP). A payment waiting for its payer's OTP is named by EnKash's transaction ID (the
 * `ekPayId`). Payments belong to the partner's merchant account, not to a company, so only a
 * partner admin with the `payments:otp` scope may act on them (Access.payments). The OTP is
 * bounded like a card's (otp-guard.ts): sends and attempts per viewer and payment, and a lock
 * after five wrong codes from anyone.
 */

const paymentId = z.string().regex(ID_PART, { message: ID_PART_RULE });

/** EnKash's words for these calls, in ours; the rest go through the general rules. */
const PAYMENT_REFUSALS: KnownRefusal[] = [
  [
    /not awaiting an otp|not pending|already (completed|processed|failed)/i,
    userError(
      "TRANSITION_NOT_ALLOWED",
      "The payment is not waiting for an OTP (it has succeeded or failed already).",
    ),
  ],
  [/not found|no such/i, userError("NOT_FOUND", "EnKash has no such payment.")],
];

/** A payment named by its ID, if the viewer may act on payments (refused like one that does not exist). */
const paymentTarget = (input: { paymentId: string }, ctx: Context): { paymentId: string } | UserError =>
  ctx.access.payments()
    ? { paymentId: input.paymentId }
    : userError("NOT_FOUND", "No such payment is served here", ["input", "paymentId"]);

const paymentIdRules = z.object({ paymentId });

defineMutation({
  name: "resendPaymentOtp",
  description:
    "Sends the payer of an EnKash Payment Gateway payment a new OTP (to their registered mobile or email). Partner admins only (payments:otp). At most 5 sends per viewer and 10 from anyone per payment per 15 minutes.",
  scope: "payments:otp",
  idempotent: false,
  input: {
    description: "The payment whose OTP the payer did not get, let expire, or mistyped.",
    fields: (t: InputFields) => ({
      paymentId: t.string({
        description: "EnKash's transaction ID of the payment (enkashTransactionId, the ekPayId).",
      }),
    }),
  },
  payload: payloadType<{ paymentId?: string; userErrors: UserError[] }>(
    "ResendPaymentOtpPayload",
    "The result of resendPaymentOtp.",
    (t) => ({
      paymentId: t.string({
        nullable: true,
        description: "The payment whose payer was sent a new OTP; null when nothing was sent.",
        resolve: (payload) => payload.paymentId ?? null,
      }),
    }),
  ),
  validate: paymentIdRules,
  target: paymentTarget,
  // Counts the send against the payment's OTP bounds before anything is sent.
  check: ({ ctx, target }) => otpSendRefusal(ctx, paymentOtpSubject(target.paymentId)),
  refusals: PAYMENT_REFUSALS,
  run: async ({ ctx, target: { paymentId: id } }) => {
    await ctx.enkash.call("pgResendOtp", { enkashTransactionId: id });
    return { paymentId: id };
  },
});

const PaymentOtpResultRef = builder.objectRef<PgValidateResult>("PaymentOtpResult").implement({
  description:
    "What EnKash answered when the payment's OTP was accepted (its OTPResponse, reference 7.21). Every field is optional on EnKash's page, so each is null when EnKash leaves it out.",
  fields: (t) => ({
    transactionId: t.string({
      nullable: true,
      description: "EnKash's transaction ID (transactionId).",
      resolve: (r) => r.transactionId,
    }),
    uniqueTransactionId: t.string({
      nullable: true,
      description: "EnKash's unique transaction ID (uniqueTransactionId).",
      resolve: (r) => r.uniqueTransactionId,
    }),
    orderId: t.string({
      nullable: true,
      description: "Your order ID the payment was for (orderId).",
      resolve: (r) => r.orderId,
    }),
    amount: t.field({
      type: MoneyRef,
      nullable: true,
      description: "The amount paid (amount); null when absent or not rupees.",
      resolve: (r) => (r.currency === null || r.currency === "INR" ? r.amount : null),
    }),
    currency: t.string({
      nullable: true,
      description: "The currency as EnKash wrote it (currency), e.g. INR.",
      resolve: (r) => r.currency,
    }),
    status: t.string({
      nullable: true,
      description:
        "The payment's status as EnKash wrote it (txnStatus), e.g. SUCCESS. EnKash does not document the list, so it is passed through as text.",
      resolve: (r) => r.txnStatus,
    }),
    message: t.string({
      nullable: true,
      description: "EnKash's words about the outcome (txnMessage).",
      resolve: (r) => r.txnMessage,
    }),
    otpReferenceNumber: t.string({
      nullable: true,
      description: "EnKash's reference for the OTP check (otpReferenceNumber).",
      resolve: (r) => r.otpReferenceNumber,
    }),
    publicIdentifierKey: t.string({
      nullable: true,
      description: "EnKash's public identifier of the payment (publicIdentifierKey).",
      resolve: (r) => r.publicIdentifierKey,
    }),
    date: t.field({
      type: "DateTime",
      nullable: true,
      description: "When the payment was made (txnDate); null when absent or in a form not understood.",
      resolve: (r) => readEnkashDateTime(r.txnDate),
    }),
  }),
});

type Validated = { result?: PgValidateResult };

defineMutation({
  name: "validatePaymentOtp",
  description:
    "Completes an EnKash Payment Gateway payment with the payer's OTP. Partner admins only (payments:otp). Wrong codes are bounded like a card's: 10 attempts per viewer and payment per 15 minutes, and after 5 wrong codes from anyone the payment refuses OTPs for 30 minutes (OTP_LOCKED); EnKash itself fails the payment after its own count of wrong codes.",
  scope: "payments:otp",
  idempotent: true,
  input: {
    description: "The payer's OTP for a payment waiting for it.",
    fields: (t: InputFields) => ({
      paymentId: t.string({ description: "EnKash's transaction ID of the payment (the ekPayId)." }),
      otp: t.field({
        type: "Otp",
        description: "The code the payer received. Never logged, stored or echoed.",
      }),
      checkSum: t.string({
        required: false,
        description: "The checksum EnKash's Payment Gateway asks of your merchant integration, if it does.",
      }),
    }),
  },
  payload: payloadType<Validated & { userErrors: UserError[] }>(
    "ValidatePaymentOtpPayload",
    "The result of validatePaymentOtp.",
    (t) => ({
      result: t.field({
        type: PaymentOtpResultRef,
        nullable: true,
        description: "EnKash's answer; null when the OTP was not accepted.",
        resolve: (payload) => payload.result ?? null,
      }),
    }),
  ),
  validate: paymentIdRules,
  target: paymentTarget,
  provesCodeOf: ({ paymentId: id }) => paymentOtpSubject(id),
  refusals: PAYMENT_REFUSALS,
  run: async ({ ctx, input, target: { paymentId: id } }): Promise<Validated> => ({
    result: await ctx.enkash.call("pgValidateOtp", {
      ekPayId: id,
      otp: input.otp,
      ...(input.checkSum ? { checkSum: input.checkSum } : {}),
    }),
  }),
  // Recovery: sent again, the code completes a payment still waiting for it. A payment no longer
  // waiting was completed (or failed) by the lost first run, and this API cannot read which.
  recover: async ({ again }) => {
    const outcome = await again();
    if (!outcome.userErrors.some((error) => error.code === "TRANSITION_NOT_ALLOWED")) return outcome;
    return {
      userErrors: [
        userError(
          "OUTCOME_UNKNOWN",
          "The first validatePaymentOtp with this key reached EnKash and its answer was lost; the payment is no longer waiting for an OTP. Check its status in EnKash's Payment Gateway (Get Order Status).",
        ),
      ],
    };
  },
});
