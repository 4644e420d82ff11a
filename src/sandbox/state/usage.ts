import type { Paise } from "../../shared/money.ts";
import { istDay } from "./dates.ts";
import type { Transaction } from "./types.ts";

/** What a card has spent in the current IST day, month and year, and over its life. */
export interface UsageTotals {
  dtd: Paise;
  mtd: Paise;
  ytd: Paise;
  ltd: Paise;
  dtdCount: number;
  mtdCount: number;
  ytdCount: number;
  posToday: { amount: Paise; count: number };
  ecomToday: { amount: Paise; count: number };
  contactlessToday: { amount: Paise; count: number };
}

/** Sums successful spends (DR SALE); loads, refunds and declines do not use up limits. */
export function usageTotals(transactions: readonly Transaction[], now: number): UsageTotals {
  const today = istDay(now);
  const totals: UsageTotals = {
    dtd: 0,
    mtd: 0,
    ytd: 0,
    ltd: 0,
    dtdCount: 0,
    mtdCount: 0,
    ytdCount: 0,
    posToday: { amount: 0, count: 0 },
    ecomToday: { amount: 0, count: 0 },
    contactlessToday: { amount: 0, count: 0 },
  };
  for (const txn of transactions) {
    if (txn.direction !== "DR" || txn.type !== "SALE" || txn.status !== "SUCCESS") continue;
    totals.ltd += txn.amount;
    const day = istDay(txn.at);
    if (day.year !== today.year) continue;
    totals.ytd += txn.amount;
    totals.ytdCount++;
    if (day.month !== today.month) continue;
    totals.mtd += txn.amount;
    totals.mtdCount++;
    if (day.day !== today.day) continue;
    totals.dtd += txn.amount;
    totals.dtdCount++;
    // A contactless tap is a POS spend too: it counts against both daily limits.
    if (txn.merchant?.channel === "POS") add(totals.posToday, txn.amount);
    if (txn.merchant?.channel === "ECOM") add(totals.ecomToday, txn.amount);
    if (txn.contactless) add(totals.contactlessToday, txn.amount);
  }
  return totals;
}

function add(bucket: { amount: Paise; count: number }, amount: Paise): void {
  bucket.amount += amount;
  bucket.count++;
}
