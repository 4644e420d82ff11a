/**
 * The keys of the graph's nouns: everything EnKash needs to fetch an object, and the local part of
 * its global ID (joined by "/"; Relay wraps it with the type name and base64, opaque to clients).
 * Every layer may import this module; it imports nothing.
 */
export interface AccountKey {
  companyId: string;
  cardAccountId: string;
}
export interface CardKey extends AccountKey {
  enKashCardId: string;
}
/**
 * A transaction names its card, so that who may see it is known before it is fetched. Keys made
 * before the card was part of them (three parts) have no card; only a viewer who may see the whole
 * account may look those up.
 */
export interface TransactionKey extends AccountKey {
  enKashCardId?: string;
  enKashTransactionId: string;
}

/** One EnKash ID: 1 to 64 letters, digits, `-` or `_` (EnKash's own are 7 to 12 characters). */
export const ID_PART = /^[A-Za-z0-9_-]{1,64}$/;
export const ID_PART_RULE = "must be 1 to 64 letters, digits, - or _";

export const isIdPart = (value: string): boolean => ID_PART.test(value);

function split(id: string, count: number): string[] | null {
  const parts = id.split("/");
  return parts.length === count && parts.every(isIdPart) ? parts : null;
}

/** The account part of a card's (or transaction's) key. */
export const accountKeyOf = (key: AccountKey): AccountKey => ({
  companyId: key.companyId,
  cardAccountId: key.cardAccountId,
});
export const accountKey = (key: AccountKey): string => `${key.companyId}/${key.cardAccountId}`;
export const cardKey = (key: CardKey): string => `${key.companyId}/${key.cardAccountId}/${key.enKashCardId}`;
export const transactionKey = (key: TransactionKey): string =>
  key.enKashCardId
    ? `${key.companyId}/${key.cardAccountId}/${key.enKashCardId}/${key.enKashTransactionId}`
    : `${key.companyId}/${key.cardAccountId}/${key.enKashTransactionId}`;

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
  const parts = split(id, 4) ?? split(id, 3);
  if (!parts) return null;
  const [companyId, cardAccountId] = parts as [string, string];
  return parts.length === 4
    ? { companyId, cardAccountId, enKashCardId: parts[2] as string, enKashTransactionId: parts[3] as string }
    : { companyId, cardAccountId, enKashTransactionId: parts[2] as string };
}

export function parseCompanyKey(id: string): string | null {
  return split(id, 1)?.[0] ?? null;
}
