import { formatRupees, type Paise } from "../../shared/money.ts";
import { recordTransaction } from "./ledger.ts";
import type { SandboxState } from "./store.ts";
import type { Card, Merchant, Transaction } from "./types.ts";
import { usageTotals } from "./usage.ts";

export interface PurchaseRequest {
  amount: Paise;
  merchant: Merchant;
  international: boolean;
  contactless: boolean;
}

/**
 * Card-network authorisation as the sandbox plays it: the reasons a real issuer declines a
 * spend, checked in the order a cardholder would want them reported. Returns the reason to
 * decline, or null to approve.
 */
function declineReason(
  state: SandboxState,
  card: Card,
  request: PurchaseRequest,
  now: number,
): string | null {
  if (card.status === "BL") return "Card is blocked";
  if (card.status === "L") return "Card is locked";
  if (card.status === "AP") return "Card activation is in progress";
  const { flags, adminFlags, amountLimits: limit, countLimits: count } = card.controls;
  const { channel } = request.merchant;
  if (channel === "POS" && !(flags.posAllowed && adminFlags.posAllowedAdmin))
    return "POS transactions are disabled";
  if (channel === "ECOM" && !(flags.onlineAllowed && adminFlags.onlineAllowedAdmin))
    return "Online transactions are disabled";
  if (channel === "ATM" && !(flags.atmAllowed && adminFlags.atmAllowedAdmin))
    return "ATM transactions are disabled";
  if (request.contactless && !flags.contactlessAllowed) return "Contactless transactions are disabled";
  if (request.international && !flags.internationalAllowed) return "International transactions are disabled";
  const amount = request.amount;
  if (limit.perTxnLimit !== null && amount > limit.perTxnLimit) return "Per transaction limit exceeded";

  const used = usageTotals(state.transactionsOfCard(card.enKashCardId), now);
  const over = (cap: Paise | null, spent: Paise) => cap !== null && spent + amount > cap;
  const atCount = (cap: number | null, spent: number) => cap !== null && spent + 1 > cap;
  if (over(limit.dtd, used.dtd) || atCount(count.dtdCount, used.dtdCount)) return "Daily limit exceeded";
  if (over(limit.mtd, used.mtd) || atCount(count.mtdCount, used.mtdCount)) return "Monthly limit exceeded";
  if (over(limit.ytd, used.ytd) || atCount(count.ytdCount, used.ytdCount)) return "Yearly limit exceeded";
  if (
    channel === "POS" &&
    (over(limit.posDailyLimit, used.posToday.amount) ||
      atCount(count.posDailyLimitCount, used.posToday.count))
  ) {
    return "POS daily limit exceeded";
  }
  if (
    channel === "ECOM" &&
    (over(limit.ecomDailyLimit, used.ecomToday.amount) ||
      atCount(count.ecomDailyLimitCount, used.ecomToday.count))
  ) {
    return "Online daily limit exceeded";
  }
  if (
    request.contactless &&
    (over(limit.contactLessDailyLimit, used.contactlessToday.amount) ||
      atCount(count.contactLessDailyLimitCount, used.contactlessToday.count))
  ) {
    return "Contactless daily limit exceeded";
  }
  if (amount > card.balance) return "Insufficient balance";
  return null;
}

/** Authorises and records a spend: a SUCCESS debit, or a DECLINED record that moves nothing. */
export function purchase(
  state: SandboxState,
  card: Card,
  request: PurchaseRequest,
  now: number,
): Transaction {
  const reason = declineReason(state, card, request, now);
  return recordTransaction(state, {
    card,
    amount: request.amount,
    direction: "DR",
    type: "SALE",
    status: reason === null ? "SUCCESS" : "DECLINED",
    at: now,
    description: `${request.merchant.name} ${request.merchant.channel} purchase of INR ${formatRupees(request.amount)}`,
    merchant: request.merchant,
    international: request.international,
    contactless: request.contactless,
    declineReason: reason,
  });
}
