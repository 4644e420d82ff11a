import type { Context } from "../context.ts";
import { type CardKey, cardKey } from "../domain/keys.ts";
import type { CardRecord } from "../enkash/wire/responses.ts";
import { queryError } from "./errors.ts";
import type { LookAhead } from "./look-ahead.ts";

/** The card's record from EnKash (one call per card per request, often primed by a list). */
export async function loadCard(ctx: Context, key: CardKey): Promise<CardRecord> {
  try {
    const record = await ctx.loaders.card.load(cardKey(key));
    if (!record) throw new Error(`card ${cardKey(key)} disappeared`);
    return record;
  } catch (error) {
    throw queryError(error);
  }
}

/**
 * Loads a card named by a client; null when it does not exist or is not served here. With a
 * look-ahead, the selected fields' EnKash calls start alongside the card's own.
 */
export async function findCard(ctx: Context, key: CardKey | null, at?: LookAhead): Promise<CardKey | null> {
  if (!key || !ctx.access.card(key)) return null;
  try {
    const record = ctx.loaders.card.load(cardKey(key));
    at?.prefetch(key, ctx);
    return (await record) ? key : null;
  } catch (error) {
    throw queryError(error);
  }
}

/** A resolver reading one value of the card's record. */
export const fromCardRecord =
  <T>(read: (card: CardRecord) => T) =>
  async (key: CardKey, _args: unknown, ctx: Context) =>
    read(await loadCard(ctx, key));
