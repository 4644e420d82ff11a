import { PREPAID_CARD } from "./enkash.ts";

/**
 * A card purchase made at the sandbox's helper (`POST /__sandbox/purchase`, docs/sandbox.md), as a
 * merchant's terminal would make it: it changes the card and sends the sandbox's webhooks.
 * Resolves to the transaction's ID; refuses (throws) when the sandbox did not approve it, so a test
 * counting on the purchase's events learns at once why none came.
 */
export async function sandboxPurchase(
  sandboxUrl: string,
  amount: number,
  merchant: { enKashCardId?: string; merchantName?: string; mcc?: string; channel?: string } = {},
): Promise<string> {
  const answer = await fetch(`${sandboxUrl}/__sandbox/purchase`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      enKashCardId: merchant.enKashCardId ?? PREPAID_CARD.enKashCardId,
      amount,
      merchantName: merchant.merchantName ?? "BigBasket",
      mcc: merchant.mcc ?? "5411",
      channel: merchant.channel ?? "POS",
    }),
  });
  const body = (await answer.json()) as {
    approved?: boolean;
    transaction?: { enKashTransactionId: string; declineReason?: string | null };
  };
  if (!body.approved || !body.transaction)
    throw new Error(`the sandbox did not approve the purchase (HTTP ${answer.status})`);
  return body.transaction.enKashTransactionId;
}
