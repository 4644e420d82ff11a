import { z } from "zod";
import { hashPin } from "../crypto.ts";
import type { Route } from "../http/route.ts";
import { success } from "../http/route.ts";
import { parseRequest } from "../http/validate.ts";
import { requireAccount, requireCard, requireNotBlocked } from "../state/lookup.ts";
import { consumeOtp, otpSettings } from "../state/otp.ts";
import { cardRef, otpProof } from "./fields.ts";

const setPinSchema = z.object({
  ...cardRef,
  // EnKash's example sends the PIN as a number (9078); the schema says string. Both are taken.
  pinBlock: z
    .union([z.string(), z.number().int()], { error: "must be a 4-digit PIN" })
    .refine((pin) => /^\d{4}$/.test(String(pin)), {
      message: "must be a 4-digit PIN",
    }),
  // Documented as required, but EnKash's own example omits it: absent means false.
  otpRequired: z.boolean().optional(),
  otpMedium: otpProof.otpMedium.optional(),
  otpRequestId: otpProof.otpRequestId,
  otp: otpProof.otp,
  mfaCode: otpProof.mfaCode,
});

/**
 * Set Card PIN (reference 7.4). Keeps only a salted hash. Setting the first PIN activates the
 * card; a card in AP (physical, activation in progress) becomes UL.
 */
export const setPin: Route = {
  name: "setPin",
  method: "POST",
  path: "/api/v0/partner/enKashCard/setPin",
  kind: "card",
  body: "json",
  envelope: "A",
  handle({ state, body, options }) {
    const input = parseRequest(setPinSchema, body);
    const account = requireAccount(state, input.companyId, input.cardAccountId);
    const card = requireCard(state, account, input.enKashCardId);
    requireNotBlocked(card);
    if (input.otpRequired) {
      consumeOtp(state, card, "SET_PIN", input, otpSettings(options));
    }
    card.pin = hashPin(String(input.pinBlock));
    card.cardActivated = true;
    const activated = card.status === "AP";
    if (activated) card.status = "UL";
    card.modifiedOn = state.now();
    if (activated) state.statusChanged(card);
    return success("Success");
  },
};
