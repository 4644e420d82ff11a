import { z } from "zod";
import { BusinessError } from "../http/errors.ts";
import type { Route } from "../http/route.ts";
import { success } from "../http/route.ts";
import { parseRequest } from "../http/validate.ts";
import { requireAccount, requireCard, requireNotBlocked } from "../state/lookup.ts";
import { consumeOtp, otpRequiredUnlessFalse, otpSettings } from "../state/otp.ts";
import { BLOCK_CODES, type BlockCode } from "../state/types.ts";
import { cardRef, otpProof } from "./fields.ts";

const blockSchema = z.object({
  ...cardRef,
  blockCode: z.enum(BLOCK_CODES),
  reason: z.string().max(255).nullish(),
  createdBy: z.string().max(255).nullish(),
  ...otpProof,
});

/**
 * Block Card (reference 7.14, source 004). One call sets the card's status: L locks, UL unlocks,
 * BL blocks for good, AP puts an active or locked card back into activation (its next Set PIN
 * activates it). OTP-gated unless `otpRequired` is false.
 */
export const blockCard: Route = {
  name: "blockCard",
  method: "POST",
  path: "/api/v0/partner/enKashCard/block",
  kind: "card",
  body: "json",
  envelope: "A",
  handle({ state, body, options }) {
    const input = parseRequest(blockSchema, body);
    const account = requireAccount(state, input.companyId, input.cardAccountId);
    const card = requireCard(state, account, input.enKashCardId);
    requireNotBlocked(card);
    requireTransition(card.status, input.blockCode);
    if (otpRequiredUnlessFalse(input)) consumeOtp(state, card, "BLOCK_CARD", input, otpSettings(options));
    card.status = input.blockCode;
    // Back in activation, the card waits for a PIN again, as a new physical card does.
    if (input.blockCode === "AP") card.cardActivated = false;
    card.blockReason = input.blockCode === "UL" ? null : (input.reason ?? null);
    card.statusChangedBy = input.createdBy ?? null;
    card.modifiedOn = state.now();
    state.statusChanged(card);
    return success("Success");
  },
};

/**
 * The moves Block Card allows from a card that is not blocked (BL is final, checked before):
 * UL <-> L, anything -> BL, UL or L -> AP; out of AP only by Set PIN (or BL). [I]
 */
function requireTransition(from: BlockCode, to: BlockCode): void {
  if (to === "BL") return;
  if (from === "AP") {
    throw new BusinessError(
      to === "AP"
        ? "Card activation is already in progress"
        : "Card activation is in progress; set a PIN to activate it first",
    );
  }
  if (from === to)
    throw new BusinessError(to === "L" ? "Card is already locked" : "Card is already unlocked");
}
