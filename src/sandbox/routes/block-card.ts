import { z } from "zod";
import { BusinessError } from "../http/errors.ts";
import type { Route } from "../http/route.ts";
import { success } from "../http/route.ts";
import { parseRequest } from "../http/validate.ts";
import { requireAccount, requireCard, requireNotBlocked } from "../state/lookup.ts";
import { consumeOtp, otpSettings } from "../state/otp.ts";
import { BLOCK_CODES } from "../state/types.ts";
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
 * BL blocks for good. AP is the issuer's own state and cannot be requested. Always OTP-gated.
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
    if (input.blockCode === "AP")
      throw new BusinessError("Block code AP is set by the issuer and cannot be requested");
    if (card.status === "AP" && input.blockCode !== "BL") {
      throw new BusinessError("Card activation is in progress; set a PIN to activate it first");
    }
    if (card.status === input.blockCode) {
      throw new BusinessError(
        input.blockCode === "L" ? "Card is already locked" : "Card is already unlocked",
      );
    }
    consumeOtp(state, card, "BLOCK_CARD", input, otpSettings(options));
    card.status = input.blockCode;
    card.blockReason = input.blockCode === "UL" ? null : (input.reason ?? null);
    card.modifiedOn = state.now();
    return success("Success");
  },
};
