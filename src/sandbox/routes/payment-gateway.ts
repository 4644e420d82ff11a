import { randomBytes } from "node:crypto";
import { z } from "zod";
import { formatRupees } from "../../shared/money.ts";
import { BusinessError } from "../http/errors.ts";
import type { Route } from "../http/route.ts";
import { success, text } from "../http/route.ts";
import { parseRequest } from "../http/validate.ts";
import { isoDate } from "../state/dates.ts";

/**
 * Payment Gateway OTP calls (reference 7.20, 7.21). Payments waiting for an OTP are seeded or made
 * with `POST /__sandbox/pg/payments`. EnKash's pages show no auth headers for these calls, so the
 * sandbox asks for none.
 */

/** Resend OTP: plain text, as documented. */
export const pgResendOtp: Route = {
  name: "pgResendOtp",
  method: "GET",
  path: "/pay/resend/otp/:enkashTransactionId",
  kind: "pg",
  body: "none",
  envelope: "B",
  handle({ state, params }) {
    const payment = state.pgPayments.get(params.enkashTransactionId ?? "");
    if (!payment) return text(404, "Transaction not found");
    if (payment.status !== "PENDING_OTP") return text(409, "Transaction is not awaiting an OTP");
    payment.resends++;
    // A resend opens a fresh set of attempts, as a new code would.
    payment.failedAttempts = 0;
    return text(200, "OTP sent successfully");
  },
};

const validateSchema = z.object({
  ekPayId: z.string().trim().min(1).max(64),
  otp: z.string().trim().min(1).max(16),
  checkSum: z.string().max(512).nullish(),
});

const MAX_ATTEMPTS = 3;

/** Validate OTP: completes the payment; three wrong codes fail it. Envelope B. */
export const pgValidateOtp: Route = {
  name: "pgValidateOtp",
  method: "POST",
  path: "/pay/otp/validate",
  kind: "pg",
  body: "json",
  envelope: "B",
  handle({ state, body, options }) {
    const input = parseRequest(validateSchema, body);
    const payment = state.pgPayments.get(input.ekPayId);
    if (!payment) throw new BusinessError("Transaction not found");
    if (payment.status !== "PENDING_OTP") throw new BusinessError("Transaction is not awaiting an OTP");
    if (input.otp !== options.otpCode) {
      payment.failedAttempts++;
      if (payment.failedAttempts >= MAX_ATTEMPTS) {
        payment.status = "FAILED";
        throw new BusinessError("Invalid OTP; attempts exceeded, transaction failed");
      }
      throw new BusinessError(`Invalid OTP; ${MAX_ATTEMPTS - payment.failedAttempts} attempt(s) left`);
    }
    payment.status = "SUCCESS";
    return success({
      uniqueTransactionId: payment.ekPayId,
      publicIdentifierKey: `PIK${randomBytes(6).toString("hex").toUpperCase()}`,
      transactionId: payment.ekPayId,
      amount: formatRupees(payment.amount),
      currency: "INR",
      otpReferenceNumber: `OTPREF${payment.ekPayId.slice(-6)}`,
      txnMessage: "Transaction successful",
      txnStatus: "SUCCESS",
      txnDate: isoDate(state.now()),
      orderId: payment.orderId,
    });
  },
};
