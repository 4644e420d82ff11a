import { BusinessError, notFound } from "../http/errors.ts";
import type { SandboxState } from "./store.ts";
import type { Card, CardAccount } from "./types.ts";

/** Finding what a request names, with EnKash's documented not-found answers. */

export function requireAccount(
  state: SandboxState,
  companyId: string | undefined,
  cardAccountId: string,
): CardAccount {
  const account = state.accounts.get(cardAccountId);
  if (!account || (companyId !== undefined && account.companyId !== companyId)) {
    throw notFound(
      `Card account not found for companyId: ${companyId ?? account?.companyId ?? ""} and cardAccountId: ${cardAccountId}`,
    );
  }
  return account;
}

export function requireCard(state: SandboxState, account: CardAccount, enKashCardId: string): Card {
  const card = state.cards.get(enKashCardId);
  if (!card || card.cardAccountId !== account.cardAccountId) {
    throw notFound(
      `Card not found for cardAccountId: ${account.cardAccountId} and enKashCardId: ${enKashCardId}`,
    );
  }
  return card;
}

/** Blocked is final: nothing may change a BL card. */
export function requireNotBlocked(card: Card): void {
  if (card.status === "BL") throw new BusinessError("Card is blocked; no further changes are allowed");
}
