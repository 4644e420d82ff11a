import { z } from "zod";
import { ID_PART, ID_PART_RULE } from "../domain/keys.ts";
import type { PgValidateResult } from "../enkash/wire/responses.ts";
import { readEnkashDateTime } from "../shared/enkash-dates.ts";
import { builder } from "./builder.ts";
import { type KnownRefusal, type UserError, userError } from "./errors.ts";
import { idempotencyKeyField, withIdempotency } from "./idempotency.ts";
import { MoneyRef } from "./money.ts";
import { attempt, userErrorsField } from "./mutation-support.ts";
import { otpSendRefusal, paymentOtpSubject, withOtpAttempt } from "./otp-guard.ts";

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

const notServed = () => userError("NOT_FOUND", "No such payment is served here", ["input", "paymentId"]);

function paymentOf(id: string, ctx: { access: { payments(): boolean } }): { paymentId: string } | UserError {
  if (!paymentId.safeParse(id).success)
    return userError("INVALID_INPUT", `paymentId ${ID_PART_RULE}`, ["input", "paymentId"]);
  // Refused exactly like a payment that does not exist: nothing leaks about what exists.
  return ctx.access.payments() ? { paymentId: id } : notServed();
}

const isRefused = (value: { paymentId: string } | UserError): value is UserError => "code" in value;

const ResendPaymentOtpInput = builder.inputType("ResendPaymentOtpInput", {
  description: "The payment whose OTP the payer did not get, let expire, or mistyped.",
  fields: (t) => ({
    paymentId: t.string({
      description: "EnKash's transaction ID of the payment (enkashTransactionId, the ekPayId).",
    }),
  }),
});

type ResendShape = { paymentId?: string; userErrors: UserError[] };

builder.mutationField("resendPaymentOtp", (t) =>
  t.field({
    authScopes: { scope: "payments:otp" },
    type: builder.objectRef<ResendShape>("ResendPaymentOtpPayload").implement({
      description: "The result of resendPaymentOtp.",
      fields: (f) => ({
        paymentId: f.string({
          nullable: true,
          description: "The payment whose payer was sent a new OTP; null when nothing was sent.",
          resolve: (payload) => payload.paymentId ?? null,
        }),
        userErrors: userErrorsField(f),
      }),
    }),
    description:
      "Sends the payer of an EnKash Payment Gateway payment a new OTP (to their registered mobile or email). Partner admins only (payments:otp). At most 5 sends per viewer and 10 from anyone per payment per 15 minutes.",
    args: { input: t.arg({ type: ResendPaymentOtpInput, description: "The payment." }) },
    resolve: async (_root, { input }, ctx) => {
      const payment = paymentOf(input.paymentId, ctx);
      if (isRefused(payment)) return { userErrors: [payment] };
      const limited = await otpSendRefusal(ctx, paymentOtpSubject(payment.paymentId));
      if (limited) return { userErrors: [limited] };
      return attempt(
        async () => {
          await ctx.enkash.call("pgResendOtp", { enkashTransactionId: payment.paymentId });
          return { paymentId: payment.paymentId };
        },
        { enkashTransactionId: ["input", "paymentId"] },
        PAYMENT_REFUSALS,
      );
    },
  }),
);

const ValidatePaymentOtpInput = builder.inputType("ValidatePaymentOtpInput", {
  description: "The payer's OTP for a payment waiting for it.",
  fields: (t) => ({
    idempotencyKey: idempotencyKeyField(t),
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

type ValidateShape = { result?: PgValidateResult; userErrors: UserError[] };

builder.mutationField("validatePaymentOtp", (t) =>
  t.field({
    authScopes: { scope: "payments:otp" },
    type: builder.objectRef<ValidateShape>("ValidatePaymentOtpPayload").implement({
      description: "The result of validatePaymentOtp.",
      fields: (f) => ({
        result: f.field({
          type: PaymentOtpResultRef,
          nullable: true,
          description: "EnKash's answer; null when the OTP was not accepted.",
          resolve: (payload) => payload.result ?? null,
        }),
        userErrors: userErrorsField(f),
      }),
    }),
    description:
      "Completes an EnKash Payment Gateway payment with the payer's OTP. Partner admins only (payments:otp). Wrong codes are bounded like a card's: 10 attempts per viewer and payment per 15 minutes, and after 5 wrong codes from anyone the payment refuses OTPs for 30 minutes (OTP_LOCKED); EnKash itself fails the payment after its own count of wrong codes.",
    args: { input: t.arg({ type: ValidatePaymentOtpInput, description: "Payment, OTP and checksum." }) },
    resolve: async (_root, { input }, ctx) => {
      const payment = paymentOf(input.paymentId, ctx);
      if (isRefused(payment)) return { userErrors: [payment] };
      const run = () =>
        withOtpAttempt(ctx, paymentOtpSubject(payment.paymentId), () =>
          attempt(
            async () => ({
              result: await ctx.enkash.call("pgValidateOtp", {
                ekPayId: payment.paymentId,
                otp: input.otp,
                ...(input.checkSum ? { checkSum: input.checkSum } : {}),
              }),
            }),
            { ekPayId: ["input", "paymentId"], otp: ["input", "otp"], checkSum: ["input", "checkSum"] },
            PAYMENT_REFUSALS,
          ),
        );
      // Recovery: sent again, the code completes a payment still waiting for it. A payment no longer
      // waiting was completed (or failed) by the lost first run, and this API cannot read which.
      const recover = async () => {
        const again = await run();
        if (!again.userErrors.some((error) => error.code === "TRANSITION_NOT_ALLOWED")) return again;
        return {
          userErrors: [
            userError(
              "OUTCOME_UNKNOWN",
              "The first validatePaymentOtp with this key reached EnKash and its answer was lost; the payment is no longer waiting for an OTP. Check its status in EnKash's Payment Gateway (Get Order Status).",
            ),
          ],
        };
      };
      return withIdempotency("validatePaymentOtp", input, ctx, run, recover);
    },
  }),
);
