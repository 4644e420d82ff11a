import { z } from "zod";
import { BusinessError } from "../http/errors.ts";
import type { Route } from "../http/route.ts";
import { success } from "../http/route.ts";
import { parseRequest } from "../http/validate.ts";
import { isGiftAccount } from "../state/cards.ts";
import { requireAccount, requireCard, requireNotBlocked } from "../state/lookup.ts";
import { renderCard } from "../state/render.ts";
import { cardRef } from "./fields.ts";

const line = z.string().trim().min(1).max(255);

const orderSchema = z.object({
  ...cardRef,
  deliveryAddress: line,
  deliveryAddress2: z.string().max(255).nullish(),
  deliveryCity: line,
  deliveryState: line,
  deliveryCountry: line,
  deliveryPincode: z.string().regex(/^\d{6}$/, { message: "must be a 6-digit PIN code" }),
});

/**
 * Order Physical Card (reference 7.19; path and body assumed): a plastic for a virtual card,
 * delivered to the given address. The card stays usable online; it needs a PIN for the plastic.
 * Not for gift cards: they are issued physical or virtual (source 002's physicalCardAllowed). [I]
 */
export const orderPhysicalCard: Route = {
  name: "orderPhysicalCard",
  method: "POST",
  path: "/api/v0/partner/enKashCard/physicalCard",
  kind: "card",
  body: "json",
  envelope: "A",
  handle({ state, body, options }) {
    const input = parseRequest(orderSchema, body);
    const account = requireAccount(state, input.companyId, input.cardAccountId);
    const card = requireCard(state, account, input.enKashCardId);
    requireNotBlocked(card);
    if (isGiftAccount(account))
      throw new BusinessError(
        "Ordering a physical card is not allowed for gift cards; choose physicalCard when issuing one",
      );
    if (!account.physicalCardAllowed)
      throw new BusinessError("Physical cards are not allowed for this card account");
    if (card.physicalCard) throw new BusinessError("A physical card has already been issued for this card");
    const now = state.now();
    card.physicalCard = true;
    card.physicalCardRequestDate = now;
    card.physicalDeliveryAddressFlag = true;
    card.delivery = {
      deliveryAddress: input.deliveryAddress,
      deliveryAddress2: input.deliveryAddress2 ?? null,
      deliveryCity: input.deliveryCity,
      deliveryState: input.deliveryState,
      deliveryCountry: input.deliveryCountry,
      deliveryPincode: input.deliveryPincode,
    };
    card.modifiedOn = now;
    return success(renderCard(state, card, options.masks));
  },
};
