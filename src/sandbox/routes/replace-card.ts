import { z } from "zod";
import { notFound } from "../http/errors.ts";
import type { Route } from "../http/route.ts";
import { success } from "../http/route.ts";
import { parseRequest } from "../http/validate.ts";
import { buildCard, makePrimary } from "../state/cards.ts";
import { recordTransaction } from "../state/ledger.ts";
import { requireAccount, requireCard, requireNotBlocked } from "../state/lookup.ts";
import { consumeOtp, otpRequiredUnlessFalse, otpSettings } from "../state/otp.ts";
import { renderCard } from "../state/render.ts";
import { id, otpProof } from "./fields.ts";

const replaceSchema = z.object({
  enKashCardId: id,
  // Optional in EnKash's table; the card's own account is used when absent.
  cardAccountId: id.optional(),
  companyId: id.optional(),
  ...otpProof,
});

/**
 * Request Card Replacement (reference 7.13). Issues a new card to the same cardholder with the
 * same controls, moves the balance across (as TRANSFER_OUT / TRANSFER_IN transactions), and
 * blocks the old card. OTP-gated unless `otpRequired` is false (G2: "pass false"). A blocked card
 * cannot be replaced: nothing changes a BL card.
 */
export const replaceCard: Route = {
  name: "replaceCard",
  method: "POST",
  path: "/api/v0/partner/enKashCard/replaceCard",
  kind: "card",
  body: "json",
  envelope: "A",
  handle({ state, body, options }) {
    const input = parseRequest(replaceSchema, body);
    const accountId = input.cardAccountId ?? state.cards.get(input.enKashCardId)?.cardAccountId;
    if (!accountId) throw notFound(`Card not found for enKashCardId: ${input.enKashCardId}`);
    const account = requireAccount(state, input.companyId, accountId);
    const old = requireCard(state, account, input.enKashCardId);
    requireNotBlocked(old);
    if (otpRequiredUnlessFalse(input)) consumeOtp(state, old, "REPLACE_CARD", input, otpSettings(options));

    const now = state.now();
    const replacement = buildCard(state, {
      account,
      holder: old.holder,
      createdOn: now,
      physicalCard: old.physicalCard,
      physicalDeliveryAddressFlag: old.physicalDeliveryAddressFlag,
      delivery: old.delivery,
      primaryCard: false,
      // Same programme, same BIN; a new number otherwise.
      bin: old.bin,
      remarks: `Replacement for ${old.enKashCardId}`,
      kycStatus: old.kycStatus,
    });
    replacement.controls = { ...structuredClone(old.controls), modifiedOn: now };
    replacement.replacementOfCardId = old.enKashCardId;
    state.addCard(replacement);
    if (old.primaryCard) makePrimary(state, replacement);

    const balance = old.balance;
    if (balance > 0) {
      const description = `Balance moved on replacement of ${old.enKashCardId} by ${replacement.enKashCardId}`;
      recordTransaction(state, {
        card: old,
        amount: balance,
        direction: "DR",
        type: "TRANSFER_OUT",
        status: "SUCCESS",
        at: now,
        description,
      });
      recordTransaction(state, {
        card: replacement,
        amount: balance,
        direction: "CR",
        type: "TRANSFER_IN",
        status: "SUCCESS",
        at: now,
        description,
      });
    }
    old.status = "BL";
    old.blockReason = "Card replaced";
    old.replacedByCardId = replacement.enKashCardId;
    old.modifiedOn = now;
    state.statusChanged(old);
    return success(renderCard(state, replacement, options.masks));
  },
};
