import { z } from "zod";
import type { Context } from "../context.ts";
import { type CardKey, transactionKey } from "../domain/keys.ts";
import { text } from "../enkash/wire/rules.ts";
import { publishLoad } from "./card-events.ts";
import { type CardResult, fresh } from "./card-payload.ts";
import { toUserError, type UserError, userError } from "./errors.ts";
import { referenceFromKey } from "./idempotency.ts";
import { defineMutation, type InputFields, payloadType } from "./mutation.ts";
import { cardFromId, isUserError } from "./mutation-support.ts";
import { findLoad } from "./recovery.ts";
import { CardRef, TransactionRef } from "./refs.ts";

/** loadCard: EnKash's Load Card Balance (reference 7.11). */

type Loaded = CardResult & { transactionId?: string };

/**
 * The card, and the load's reference: the caller's, or derived from the idempotency key, so that
 * even a retry after OUTCOME_UNKNOWN cannot move money twice (EnKash refuses a repeated reference).
 */
function cardAndReference(
  input: { cardId: string | number; referenceNumber?: string | null; idempotencyKey?: string | null },
  ctx: Context,
): { card: CardKey; reference: string; keyed: boolean } | UserError {
  const card = cardFromId(ctx, String(input.cardId), ["input", "cardId"]);
  if (isUserError(card)) return card;
  const key = input.idempotencyKey ?? ctx.idempotencyKey;
  const reference = input.referenceNumber ?? (key ? referenceFromKey(ctx, key) : null);
  if (!reference)
    return userError("INVALID_INPUT", "referenceNumber or an idempotency key is required", [
      "input",
      "referenceNumber",
    ]);
  return { card, reference, keyed: key !== null && key !== undefined };
}

defineMutation({
  name: "loadCard",
  description:
    "Moves money from the card's account onto a prepaid card. Refused (nothing moves) for gift or blocked cards, a short account balance, or a reference number already used.",
  scope: "cards:load",
  idempotent: true,
  input: {
    description: "Money to move from the card's account onto the card.",
    fields: (t: InputFields) => ({
      cardId: t.id({ description: "Global ID of the Card (prepaid; gift cards cannot be reloaded)." }),
      amount: t.field({ type: "Decimal", description: "Rupees, at least 0.01." }),
      referenceNumber: t.string({
        required: false,
        description:
          "Your unique reference for this load (EnKash uniqueReferenceNumber). EnKash refuses a repeat, so a retry can never load twice. Derived from the idempotency key when absent; one of the two is required.",
      }),
      description: t.string({ required: false, description: "Shown on the transaction." }),
    }),
  },
  payload: payloadType<Loaded & { userErrors: UserError[] }>(
    "LoadCardPayload",
    "The result of loadCard.",
    (t) => ({
      card: t.field({
        type: CardRef,
        nullable: true,
        description: "The card with its new balance; null when the load failed.",
        resolve: (payload) => payload.card ?? null,
      }),
      transaction: t.field({
        type: TransactionRef,
        nullable: true,
        description: "The load's transaction (one more EnKash call when selected).",
        resolve: async (payload, _args, ctx) => {
          if (!payload.card || !payload.transactionId) return null;
          const key = transactionKey({ ...payload.card, enKashTransactionId: payload.transactionId });
          const record = await ctx.loaders.transaction.load(key);
          return record
            ? { ...record, companyId: payload.card.companyId, cardAccountId: payload.card.cardAccountId }
            : null;
        },
      }),
    }),
  ),
  // EnKash's own limits, checked before the call so the error names the field (reference 7.14).
  validate: z.object({ referenceNumber: text(64).nullish(), description: text().nullish() }),
  target: cardAndReference,
  run: async ({ ctx, input, target: { card, reference, keyed } }): Promise<Loaded> => {
    try {
      const result = await ctx.enkash.call("loadCardBalance", {
        ...card,
        amount: input.amount,
        uniqueReferenceNumber: reference,
        ...(input.description ? { description: input.description } : {}),
      });
      await publishLoad(ctx, card, {
        transactionId: result.enkashCardTxnId,
        amount: input.amount,
        balanceAfter: result.otbBalance,
        referenceNumber: reference,
        description: input.description ?? null,
      });
      return { ...fresh(ctx, card), transactionId: result.enkashCardTxnId };
    } catch (error) {
      // With an idempotency key, a load refused as a duplicate of its reference is this request's
      // own earlier load (its answer lost, or its record lost with Redis's data): that load, found
      // by its reference on this card for this amount, is the outcome. This is also the recovery.
      if (!keyed || toUserError(error)?.code !== "DUPLICATE_REFERENCE") throw error;
      const made = await findLoad(ctx, card, reference);
      if (made?.principalAmount !== input.amount) throw error;
      // Its events too: the first run, whose answer was lost, published none.
      await publishLoad(ctx, card, {
        transactionId: made.enKashTransactionId,
        amount: input.amount,
        balanceAfter: made.balance,
        referenceNumber: reference,
        description: input.description ?? null,
      });
      return { ...fresh(ctx, card), transactionId: made.enKashTransactionId };
    }
  },
  recover: ({ again }) => again(),
});
