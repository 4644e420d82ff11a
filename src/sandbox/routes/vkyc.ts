import { randomBytes } from "node:crypto";
import { z } from "zod";
import { BusinessError } from "../http/errors.ts";
import type { Route } from "../http/route.ts";
import { success } from "../http/route.ts";
import { parseRequest } from "../http/validate.ts";
import { isoDate, istDay } from "../state/dates.ts";
import { requireAccount, requireCard, requireNotBlocked } from "../state/lookup.ts";
import { kycStatusObject } from "../state/render.ts";
import { cardRef } from "./fields.ts";

const LINK_TTL_MS = 24 * 60 * 60 * 1000;
const querySchema = z.object(cardRef);

/** EnKash runs video KYC 10:00-18:00 IST on working days. */
function withinVkycHours(now: number): boolean {
  const { weekday, minutes } = istDay(now);
  return weekday >= 1 && weekday <= 5 && minutes >= 10 * 60 && minutes < 18 * 60;
}

/**
 * VKYC Link Generation (reference 7.7; query names assumed): a time-limited video-KYC link for
 * the cardholder. Refused for gift cards (they need no full KYC) and for cards with full KYC.
 */
export const vkycLink: Route = {
  name: "vkycLink",
  method: "GET",
  path: "/api/v0/partner/enKashCard/vkyc/link",
  kind: "card",
  body: "none",
  envelope: "A",
  handle({ state, query, options }) {
    const input = parseRequest(querySchema, Object.fromEntries(query));
    const account = requireAccount(state, input.companyId, input.cardAccountId);
    const card = requireCard(state, account, input.enKashCardId);
    requireNotBlocked(card);
    if (account.accountType === "GIFT") throw new BusinessError("Video KYC is not available for gift cards");
    if (card.kycStatus === "FULL_KYC") throw new BusinessError("Card holder has already completed full KYC");
    const now = state.now();
    if (options.vkycBusinessHoursOnly && !withinVkycHours(now)) {
      throw new BusinessError("Video KYC is available between 10:00 and 18:00 IST on working days");
    }
    const expiresAt = now + LINK_TTL_MS;
    card.vkyc = { status: "LINK_GENERATED", linkExpiresAt: expiresAt };
    card.modifiedOn = now;
    return success({
      enKashCardId: card.enKashCardId,
      vkycLink: `https://vkyc-uat.enkash.in/session/${randomBytes(12).toString("base64url")}`,
      expiresAt: isoDate(expiresAt),
    });
  },
};

/** VKYC Status (reference 7.8; path and shape assumed): where the cardholder's KYC stands. */
export const vkycStatus: Route = {
  name: "vkycStatus",
  method: "GET",
  path: "/api/v0/partner/enKashCard/vkyc/status",
  kind: "card",
  body: "none",
  envelope: "A",
  handle({ state, query }) {
    const input = parseRequest(querySchema, Object.fromEntries(query));
    const card = requireCard(
      state,
      requireAccount(state, input.companyId, input.cardAccountId),
      input.enKashCardId,
    );
    const expired = card.vkyc.status === "LINK_GENERATED" && (card.vkyc.linkExpiresAt ?? 0) <= state.now();
    return success({
      enKashCardId: card.enKashCardId,
      vkycStatus: expired ? "LINK_EXPIRED" : card.vkyc.status,
      kycStatus: kycStatusObject(card.kycStatus),
    });
  },
};
