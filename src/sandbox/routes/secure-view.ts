import { z } from "zod";
import { deriveCardNumber, deriveCvv } from "../crypto.ts";
import type { Route } from "../http/route.ts";
import { success } from "../http/route.ts";
import { parseRequest } from "../http/validate.ts";
import { requireAccount, requireCard, requireNotBlocked } from "../state/lookup.ts";
import { consumeOtp, otpSettings } from "../state/otp.ts";
import { cardRef, otpProof } from "./fields.ts";

const viewSchema = z.object({ ...cardRef, ...otpProof });

/** The key card numbers and CVVs are derived with; the sandbox stores neither. */
function cardSecretKey(seed: number): string {
  return `enkash-sandbox-card-secrets:${seed}`;
}

/**
 * View Card Details (reference 7.6; path assumed): the full card number and expiry, OTP-gated.
 * A blocked card's details are not shown.
 */
export const viewCardDetails: Route = {
  name: "viewCardDetails",
  method: "POST",
  path: "/api/v0/partner/enKashCard/viewCardDetails",
  kind: "card",
  body: "json",
  envelope: "A",
  handle({ state, body, options }) {
    const input = parseRequest(viewSchema, body);
    const card = requireCard(
      state,
      requireAccount(state, input.companyId, input.cardAccountId),
      input.enKashCardId,
    );
    requireNotBlocked(card);
    consumeOtp(state, card, "VIEW_CARD_DETAILS", input, otpSettings(options));
    const holder = [card.holder.firstName, card.holder.lastName].filter(Boolean).join(" ");
    return success({
      enKashCardId: card.enKashCardId,
      cardNumber: deriveCardNumber(
        cardSecretKey(options.seed),
        card.enKashCardId,
        card.bin,
        card.last4,
        options.masks.digits,
      ),
      expiryMonth: card.expiryMonth,
      expiryYear: card.expiryYear,
      cardHolderName: holder || null,
    });
  },
};

/** View Card CVV (reference 7.6; path assumed): the CVV, OTP-gated. */
export const viewCardCvv: Route = {
  name: "viewCardCvv",
  method: "POST",
  path: "/api/v0/partner/enKashCard/viewCvv",
  kind: "card",
  body: "json",
  envelope: "A",
  handle({ state, body, options }) {
    const input = parseRequest(viewSchema, body);
    const card = requireCard(
      state,
      requireAccount(state, input.companyId, input.cardAccountId),
      input.enKashCardId,
    );
    requireNotBlocked(card);
    consumeOtp(state, card, "VIEW_CVV", input, otpSettings(options));
    return success({
      enKashCardId: card.enKashCardId,
      cvv: deriveCvv(cardSecretKey(options.seed), card.enKashCardId),
    });
  },
};
