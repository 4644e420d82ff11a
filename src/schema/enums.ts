import type { AccountType, BlockCode, OtpAction } from "../shared/enkash-vocabulary.ts";
import { builder } from "./builder.ts";

/** Enums shared by several noun files, with EnKash's codes behind them. */

export const CARD_STATUS = {
  ACTIVE: {
    code: "UL" as BlockCode,
    description: "Usable (EnKash UL, unlocked). Can be locked (lockCard) or blocked for good (blockCard).",
  },
  LOCKED: {
    code: "L" as BlockCode,
    description:
      "Temporarily frozen by the cardholder or admin (EnKash L): spends are declined. unlockCard makes it ACTIVE again; blockCard blocks it for good.",
  },
  BLOCKED: {
    code: "BL" as BlockCode,
    description:
      "Blocked for good (EnKash BL), e.g. lost or stolen. Final: no unlock, load, PIN, control change or spend. requestCardReplacement is the way on.",
  },
  ACTIVATION_IN_PROGRESS: {
    code: "AP" as BlockCode,
    description:
      "Waiting for a PIN (EnKash AP, activation in progress): a new physical card, or a card sent back by resetCardActivation. Spends are declined; setCardPin makes it ACTIVE. It can be blocked but not locked.",
  },
} as const;
export type CardStatus = keyof typeof CARD_STATUS;

export const CardStatusEnum = builder.enumType("CardStatus", {
  description: "Where a card stands, and what may happen next.",
  values: Object.fromEntries(
    Object.entries(CARD_STATUS).map(([name, { description }]) => [name, { description }]),
  ) as Record<CardStatus, { description: string }>,
});

export function cardStatusOf(code: BlockCode): CardStatus {
  const found = Object.entries(CARD_STATUS).find(([, status]) => status.code === code);
  return (found?.[0] as CardStatus | undefined) ?? "ACTIVE";
}

const ACCOUNT_TYPE_DESCRIPTIONS: Record<AccountType, string> = {
  RELOADABLE_GPR: "General-purpose reloadable prepaid cards.",
  CORPORATE: "Corporate expense cards.",
  GIFT: "Non-reloadable gift cards: loaded once at issue.",
  MEAL: "Meal cards (food and grocery spends).",
  FUEL: "Fuel cards.",
  VIRTUAL_ACCOUNT: "A virtual account.",
  INVOICE_DISCOUNTING: "Invoice discounting.",
  EMPLOYEE_REWARDS: "Employee rewards.",
  CHANNEL_INCENTIVE: "Channel partner incentives.",
  ENKASH_COIN: "EnKash coins.",
  PETTY_CASH: "Petty cash cards.",
  FREEDOM_REWARDS: "Freedom rewards.",
  PAYOUT: "Payouts.",
  E_RUPI_VOUCHER: "e-RUPI vouchers.",
};

export const AccountTypeEnum = builder.enumType("CardAccountType", {
  description:
    "The kind of card programme an account runs (EnKash accountType). GIFT accounts issue gift cards; every other type issues prepaid cards.",
  values: Object.fromEntries(
    Object.entries(ACCOUNT_TYPE_DESCRIPTIONS).map(([name, description]) => [name, { description }]),
  ) as Record<AccountType, { description: string }>,
});

/** An account type EnKash names, or null for one this server does not know. */
export function accountTypeOf(name: string | null | undefined): AccountType | null {
  return name && name in ACCOUNT_TYPE_DESCRIPTIONS ? (name as AccountType) : null;
}

export const DirectionEnum = builder.enumType("TransactionDirection", {
  description: "Which way money moved on the card.",
  values: {
    CREDIT: { description: "Money onto the card (EnKash CR): loads, refunds, transfers in." },
    DEBIT: { description: "Money off the card (EnKash DR): spends, recoveries, transfers out." },
  },
});

export const TransactionStatusEnum = builder.enumType("TransactionStatus", {
  description: "The outcome of a transaction.",
  values: {
    SUCCESS: { description: "Completed; the balance moved." },
    DECLINED: { description: "Refused (see declineReason); no money moved." },
    PENDING: { description: "Recorded but not completed yet (EnKash CREATED)." },
    OTHER: { description: "A status this server does not know; see rawStatus." },
  },
});

export function transactionStatusOf(raw: string): "SUCCESS" | "DECLINED" | "PENDING" | "OTHER" {
  if (raw === "SUCCESS" || raw === "DECLINED") return raw;
  if (raw === "CREATED") return "PENDING";
  return "OTHER";
}

export const KycStatusEnum = builder.enumType("KycStatus", {
  description:
    "How far the cardholder's KYC (know your customer) checks have gone; it bounds what the card may do.",
  values: {
    NOT_UPLOADED: { description: "No KYC documents yet." },
    MIN_KYC: { description: "Minimum KYC (e.g. a PAN): limited use." },
    UNDER_REVIEW: { description: "Documents or video KYC under review." },
    FULL_KYC: { description: "Full KYC done (e.g. video KYC): full limits." },
    REJECTED: { description: "KYC was rejected." },
    OTHER: { description: "A status this server does not know." },
  },
});

const OTP_ACTION_DESCRIPTIONS: Record<OtpAction, string> = {
  TRANSACTION_OTP: "Any OTP-gated operation (EnKash's documented action).",
  SET_PIN: "Setting a PIN only.",
  BLOCK_CARD: "Locking, unlocking or blocking only.",
  REPLACE_CARD: "Requesting a replacement only.",
  VIEW_CARD_DETAILS: "Viewing the card number only.",
  VIEW_CVV: "Viewing the CVV only.",
};

export const OtpActionEnum = builder.enumType("OtpAction", {
  description: "What an OTP will be good for. An OTP proves one action on one card, once.",
  values: Object.fromEntries(
    Object.entries(OTP_ACTION_DESCRIPTIONS).map(([name, description]) => [name, { description }]),
  ) as Record<OtpAction, { description: string }>,
});
