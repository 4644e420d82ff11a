import { z } from "zod";
import { BusinessError } from "../http/errors.ts";
import type { Route } from "../http/route.ts";
import { success } from "../http/route.ts";
import { parseRequest } from "../http/validate.ts";
import { requireAccount, requireCard, requireNotBlocked } from "../state/lookup.ts";
import { OTP_ACTIONS, openOtpRequest, otpSettings } from "../state/otp.ts";
import { id } from "./fields.ts";

const otpSchema = z.object({
  cardOtpAction: z.enum(OTP_ACTIONS),
  // The documented request carries no companyId; one is accepted and checked when sent.
  companyId: id.optional(),
  cardAccountId: id,
  enKashCardId: id,
});

/** Generate OTP (reference 7.5, source 000): opens an OTP request and "texts" the cardholder. */
export const generateOtp: Route = {
  name: "generateOtp",
  method: "POST",
  path: "/api/v0/partner/enKashCard/otp",
  kind: "card",
  body: "json",
  envelope: "A",
  handle({ state, body, options }) {
    const input = parseRequest(otpSchema, body);
    const account = requireAccount(state, input.companyId, input.cardAccountId);
    const card = requireCard(state, account, input.enKashCardId);
    requireNotBlocked(card);
    const mobile = card.holder.mobile;
    if (!mobile) throw new BusinessError("No mobile number is registered for this card");
    const request = openOtpRequest(state, card, input.cardOtpAction, otpSettings(options));
    return success({
      otpRequestId: request.otpRequestId,
      // Masked as in EnKash's example: first two and last two digits.
      mobileNumber: `${mobile.slice(0, 2)}${"X".repeat(mobile.length - 4)}${mobile.slice(-2)}`,
    });
  },
};
