import type { Context } from "../context.ts";
import type { CardKey } from "../domain/keys.ts";
import type { UserError } from "./errors.ts";
import { capitalize, payloadType } from "./mutation.ts";
import { cardFromId } from "./mutation-support.ts";
import { CardRef } from "./refs.ts";

/** What most card mutations share: the card named in the input, and a payload with the fresh card. */

export type CardResult = { card?: CardKey };

/** A payload type with the card as it is now. */
export const cardPayload = (name: string) =>
  payloadType<CardResult & { userErrors: UserError[] }>(
    `${capitalize(name)}Payload`,
    `The result of ${name}.`,
    (t) => ({
      card: t.field({
        type: CardRef,
        nullable: true,
        description: "The card as it is now; null when the mutation failed.",
        resolve: (payload) => payload.card ?? null,
      }),
    }),
  );

/** A mutation's target: the card its `cardId` names, if it is one and the viewer may act on it. */
export const cardTarget = (input: { cardId: string | number }, ctx: Context) =>
  cardFromId(ctx, String(input.cardId), ["input", "cardId"]);

/** Clears what a change made stale, so the payload's card is read fresh from EnKash. */
export function fresh(ctx: Context, key: CardKey): { card: CardKey } {
  ctx.loaders.clearCard(key);
  return { card: key };
}
