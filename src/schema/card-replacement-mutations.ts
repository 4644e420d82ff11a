import { z } from "zod";
import type { CardKey } from "../domain/keys.ts";
import { publishStatusChange } from "./card-events.ts";
import { AddressInput, addressRules, toAddress } from "./card-inputs.ts";
import { cardPayload, cardTarget, fresh } from "./card-payload.ts";
import { type UserError, userError } from "./errors.ts";
import { defineMutation, type InputFields, payloadType } from "./mutation.ts";
import { attempt } from "./mutation-support.ts";
import { cardOtpSubject } from "./otp-guard.ts";
import { findCreatedCard, readCardNow, recoverByCard } from "./recovery.ts";
import { CardRef } from "./refs.ts";

/** requestCardReplacement (reference 7.13) and orderPhysicalCard: a new card for an old one, a plastic for a virtual one. */

type Replacement = { replacedCard?: CardKey; newCard?: CardKey };

defineMutation({
  name: "requestCardReplacement",
  description:
    "Issues a new card to the same cardholder, moves the balance and controls over, and blocks the old card for good. OTP-gated.",
  scope: "cards:block",
  idempotent: true,
  input: {
    description: "The card to replace, and the cardholder's approval.",
    fields: (t: InputFields) => ({
      cardId: t.id({ description: "Global ID of the Card to replace (not BLOCKED)." }),
    }),
  },
  payload: payloadType<Replacement & { userErrors: UserError[] }>(
    "RequestCardReplacementPayload",
    "The result of requestCardReplacement.",
    (t) => ({
      replacedCard: t.field({
        type: CardRef,
        nullable: true,
        description: "The old card, now BLOCKED.",
        resolve: (payload) => payload.replacedCard ?? null,
      }),
      newCard: t.field({
        type: CardRef,
        nullable: true,
        description:
          "The new card, with the old card's balance and controls; null for a viewer who may not see it (a cardholder whose token does not name it yet).",
        resolve: (payload) => payload.newCard ?? null,
      }),
    }),
  ),
  target: cardTarget,
  otp: { required: true, description: "The cardholder's approval.", subject: cardOtpSubject },
  run: async ({ ctx, target: card, otp }): Promise<Replacement> => {
    const record = await ctx.enkash.call("replaceCard", { ...card, otp: otp as NonNullable<typeof otp> });
    ctx.loaders.clearCard(card);
    ctx.loaders.primeCard(record, card.companyId);
    // The old card is blocked for good: its STATUS_CHANGED, from the card as EnKash shows it now
    // (the read the payload's replacedCard makes). The balance moved over is two transactions whose
    // IDs EnKash's answer does not give: those come from EnKash's webhooks alone.
    await publishStatusChange(ctx, card);
    return { replacedCard: card, newCard: { ...card, enKashCardId: record.enKashCardId } };
  },
  // Recovery: the old card still unblocked means no replacement was made: make it now. Blocked: the
  // new card is the cardholder's card made since the first run.
  recover: async ({ ctx, target: card, since, again }) => {
    const found = await attempt(async () => {
      const old = await readCardNow(ctx, card);
      if (old?.cardStatus.name !== "BL") return { search: null };
      const account = { companyId: card.companyId, cardAccountId: card.cardAccountId };
      const sought = { userId: old.userId, notCardId: card.enKashCardId };
      return { search: await findCreatedCard(ctx, account, sought, since) };
    });
    if (!("search" in found)) return found;
    if (found.search === null) return again();
    if ("found" in found.search) {
      ctx.loaders.primeCard(found.search.found, card.companyId);
      // The lost first run blocked the old card and published nothing (the read above is reused).
      await publishStatusChange(ctx, card);
      return {
        replacedCard: card,
        newCard: { ...card, enKashCardId: found.search.found.enKashCardId },
        userErrors: [],
      };
    }
    return {
      userErrors: [
        userError(
          "OUTCOME_UNKNOWN",
          "The first requestCardReplacement with this key blocked the card, and its new card cannot be told apart: look for the cardholder's newest card in the account.",
        ),
      ],
    };
  },
});

defineMutation({
  name: "orderPhysicalCard",
  description:
    "Orders a plastic card for a virtual card. Refused when it already has one, is BLOCKED, or its account does not allow physical cards.",
  scope: "cards:write",
  idempotent: true,
  input: {
    description: "A plastic card for a virtual card, and where to send it.",
    fields: (t: InputFields) => ({
      cardId: t.id({ description: "Global ID of the (virtual) Card." }),
      deliveryAddress: t.field({ type: AddressInput, description: "Where to deliver it." }),
    }),
  },
  payload: cardPayload("orderPhysicalCard"),
  validate: z.object({ deliveryAddress: addressRules }),
  target: cardTarget,
  run: async ({ ctx, input, target: card }) => {
    await ctx.enkash.call("orderPhysicalCard", { ...card, delivery: toAddress(input.deliveryAddress) });
    return fresh(ctx, card);
  },
  // Recovery: a card that shows a plastic (or its request) got it from the first run.
  recover: ({ ctx, target: card, again }) =>
    recoverByCard(
      ctx,
      card,
      (record) => record.physicalCard === true || record.physicalCardRequestDate !== null,
      () => ({ card }),
      again,
    ),
});
