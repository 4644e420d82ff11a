import type { Context } from "../context.ts";
import { type CardKey, cardKey } from "../domain/keys.ts";
import { maskDigitRuns, statusChangedEvent, transactionEvents } from "../events/records.ts";
import { readEnkashDateTime } from "../shared/enkash-dates.ts";

/**
 * The card events a mutation causes, published when EnKash has made the change (docs/events.md).
 * Their event IDs are the ones EnKash's webhook for the same change gets, so whichever arrives
 * first is recorded and the other is a duplicate. Publishing never fails a mutation: the change is
 * made, and EnKash's webhook reports it too.
 */

/**
 * STATUS_CHANGED from the card as EnKash shows it after the change (its status and `modifiedOn`,
 * which name the change). The read is the one the payload's card makes (the same DataLoader
 * entry), so it costs an EnKash call only when the payload does not select the card.
 */
export async function publishStatusChange(ctx: Context, card: CardKey): Promise<void> {
  if (!ctx.events) return;
  try {
    const record = await ctx.loaders.card.load(cardKey(card));
    const occurredAt = readEnkashDateTime(record?.modifiedOn);
    if (!record || !occurredAt) return;
    await ctx.events.publish([
      statusChangedEvent(card, record.cardStatus.name, {
        occurredAt,
        receivedAt: new Date().toISOString(),
        source: "mutation",
      }),
    ]);
  } catch {
    ctx.log.warn({ operation: "publishStatusChange" }, "card status event not published");
  }
}

/**
 * TRANSACTION_POSTED and BALANCE_CHANGED of a load EnKash answered, or found by its reference
 * after its answer was lost (then BALANCE_CHANGED only if the record says the balance after it).
 */
export async function publishLoad(
  ctx: Context,
  card: CardKey,
  load: {
    transactionId: string;
    amount: number;
    balanceAfter: number | null;
    referenceNumber: string;
    description: string | null;
  },
): Promise<void> {
  if (!ctx.events) return;
  const now = new Date().toISOString();
  await ctx.events.publish(
    transactionEvents(
      card,
      {
        transactionId: load.transactionId,
        direction: "CR",
        amount: load.amount,
        currency: "INR",
        // EnKash's load answer names neither: what its Load Card Balance records by default.
        type: "ALLOCATE_FUND",
        status: "SUCCESS",
        declineReason: null,
        balanceAfter: load.balanceAfter,
        referenceNumber: load.referenceNumber,
        description: load.description === null ? null : maskDigitRuns(load.description).slice(0, 255),
        merchant: null,
        maskedCard: null,
      },
      // EnKash's load answer carries no time: the time it answered.
      { occurredAt: now, receivedAt: now, source: "mutation" },
    ),
  );
}
