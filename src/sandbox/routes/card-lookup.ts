import { z } from "zod";
import { toRupees } from "../../shared/money.ts";
import type { Route } from "../http/route.ts";
import { success } from "../http/route.ts";
import { parseRequest } from "../http/validate.ts";
import { requireAccount, requireCard } from "../state/lookup.ts";
import { maskedNumberField } from "../state/masks.ts";
import { cardStatusObject, renderCard } from "../state/render.ts";
import { BLOCK_CODES } from "../state/types.ts";
import { cardRef, id } from "./fields.ts";
import { page, pageOf } from "./paging.ts";

const detailsSchema = z.object({ ...cardRef, clientReferenceId: z.string().max(64).nullish() });

/** Get Card Details (reference 7.16, newest path): one card object, envelope B. */
export const getCardDetails: Route = {
  name: "getCardDetails",
  method: "POST",
  path: "/api/v0/partner/enKashCard/wallet-details",
  kind: "card",
  body: "json",
  envelope: "B",
  handle({ state, body, options }) {
    const input = parseRequest(detailsSchema, body);
    const account = requireAccount(state, input.companyId, input.cardAccountId);
    return success(renderCard(state, requireCard(state, account, input.enKashCardId), options.masks));
  },
};

const searchSchema = z.object({
  companyId: id,
  cardAccountId: id,
  enKashCardId: id.optional(),
  // Assumed: EnKash's list variant shows no filters or paging; these are the sandbox's.
  cardStatus: z.enum(BLOCK_CODES).optional(),
  ...page,
});

/**
 * Get Card Details, older `/search` path: with `enKashCardId` one card object, without it a page
 * of the account's cards in issue order.
 */
export const searchCards: Route = {
  name: "searchCards",
  method: "POST",
  path: "/api/v0/partner/enKashCard/search",
  kind: "card",
  body: "json",
  envelope: "B",
  handle({ state, body, options }) {
    const input = parseRequest(searchSchema, body);
    const account = requireAccount(state, input.companyId, input.cardAccountId);
    if (input.enKashCardId)
      return success(renderCard(state, requireCard(state, account, input.enKashCardId), options.masks));
    const cards = state
      .cardsOf(account.cardAccountId)
      .filter((card) => !input.cardStatus || card.status === input.cardStatus);
    return success(pageOf(cards, input, (card) => renderCard(state, card, options.masks)));
  },
};

const balanceSchema = z.object({ companyId: id, cardAccountId: id, enKashCardId: id.optional() });

/**
 * Get Card Balance (reference 7.12; path from third-party code): a card's spendable balance, or
 * the account's balances when no card is named.
 */
export const getCardBalance: Route = {
  name: "getCardBalance",
  method: "POST",
  path: "/api/v0/partner/enKashCard/card-balance",
  kind: "card",
  body: "json",
  envelope: "A",
  handle({ state, body, options }) {
    const input = parseRequest(balanceSchema, body);
    const account = requireAccount(state, input.companyId, input.cardAccountId);
    if (!input.enKashCardId) {
      const onCards = state.cardsOf(account.cardAccountId).reduce((sum, card) => sum + card.balance, 0);
      return success({
        companyId: account.companyId,
        cardAccountId: account.cardAccountId,
        availableBalance: toRupees(account.availableBalance),
        availableCardBalance: toRupees(onCards),
      });
    }
    const card = requireCard(state, account, input.enKashCardId);
    return success({
      companyId: card.companyId,
      cardAccountId: card.cardAccountId,
      enKashCardId: card.enKashCardId,
      ...maskedNumberField(card, options.masks),
      otbBalance: toRupees(card.balance),
      holdBalance: toRupees(card.holdBalance),
      currency: "INR",
      cardStatus: cardStatusObject(card.status),
    });
  },
};
