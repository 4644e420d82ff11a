/**
 * The local part of each node's global ID: everything EnKash needs to fetch the object, joined by
 * "/". Relay wraps it with the type name and base64 (opaque to clients).
 */
export interface AccountKey {
  companyId: string;
  cardAccountId: string;
}
export interface CardKey extends AccountKey {
  enKashCardId: string;
}
export interface TransactionKey extends AccountKey {
  enKashTransactionId: string;
}

const PART = /^[A-Za-z0-9_-]{1,64}$/;

function split(id: string, count: number): string[] | null {
  const parts = id.split("/");
  return parts.length === count && parts.every((part) => PART.test(part)) ? parts : null;
}

/** The account part of a card's (or transaction's) key. */
export const accountKeyOf = (key: AccountKey): AccountKey => ({
  companyId: key.companyId,
  cardAccountId: key.cardAccountId,
});
export const accountKey = (key: AccountKey): string => `${key.companyId}/${key.cardAccountId}`;
export const cardKey = (key: CardKey): string => `${key.companyId}/${key.cardAccountId}/${key.enKashCardId}`;
export const transactionKey = (key: TransactionKey): string =>
  `${key.companyId}/${key.cardAccountId}/${key.enKashTransactionId}`;

export function parseAccountKey(id: string): AccountKey | null {
  const parts = split(id, 2);
  return parts ? { companyId: parts[0] as string, cardAccountId: parts[1] as string } : null;
}

export function parseCardKey(id: string): CardKey | null {
  const parts = split(id, 3);
  return parts
    ? { companyId: parts[0] as string, cardAccountId: parts[1] as string, enKashCardId: parts[2] as string }
    : null;
}

export function parseTransactionKey(id: string): TransactionKey | null {
  const parts = split(id, 3);
  return parts
    ? {
        companyId: parts[0] as string,
        cardAccountId: parts[1] as string,
        enKashTransactionId: parts[2] as string,
      }
    : null;
}

export function parseCompanyKey(id: string): string | null {
  return split(id, 1)?.[0] ?? null;
}
