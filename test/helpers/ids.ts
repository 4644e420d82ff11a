import { CORPORATE_CARD, GIFT_CARD, PREPAID, PREPAID_CARD } from "./enkash.ts";

/** A global ID as the server writes it: base64 of `Type:key` (a card's key is company/account/card). */
export function globalId(type: string, key: string): string {
  return Buffer.from(`${type}:${key}`).toString("base64");
}

const keyOf = (parts: Record<string, string>) => Object.values(parts).join("/");

/** The seeded objects the tests use most, by their global IDs (their EnKash keys: helpers/enkash.ts). */
export const PREPAID_ACCOUNT_ID = globalId("CardAccount", keyOf(PREPAID));
export const PREPAID_CARD_ID = globalId("Card", keyOf(PREPAID_CARD));
export const GIFT_CARD_ID = globalId("Card", keyOf(GIFT_CARD));
export const CORPORATE_CARD_ID = globalId("Card", keyOf(CORPORATE_CARD));
