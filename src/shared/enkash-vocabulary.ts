/**
 * EnKash's documented vocabulary (reference section 9.4): part of the wire contract, shared by the
 * client and the sandbox, so it lives here (like the payload encryption) rather than in enkash/,
 * which the sandbox does not import.
 */

/** `accountType` of a card account. */
export const ACCOUNT_TYPES = [
  "RELOADABLE_GPR",
  "CORPORATE",
  "GIFT",
  "MEAL",
  "FUEL",
  "VIRTUAL_ACCOUNT",
  "INVOICE_DISCOUNTING",
  "EMPLOYEE_REWARDS",
  "CHANNEL_INCENTIVE",
  "ENKASH_COIN",
  "PETTY_CASH",
  "FREEDOM_REWARDS",
  "PAYOUT",
  "E_RUPI_VOUCHER",
] as const;
export type AccountType = (typeof ACCOUNT_TYPES)[number];

/** Card states, the `blockCode` values of Block Card: Locked, UnLocked, Blocked, Activation InProgress. */
export const BLOCK_CODES = ["L", "UL", "BL", "AP"] as const;
export type BlockCode = (typeof BLOCK_CODES)[number];

/** `cardOtpAction`: TRANSACTION_OTP is documented; the others are assumed (see the README). */
export const OTP_ACTIONS = [
  "TRANSACTION_OTP",
  "SET_PIN",
  "BLOCK_CARD",
  "REPLACE_CARD",
  "VIEW_CARD_DETAILS",
  "VIEW_CVV",
] as const;
export type OtpAction = (typeof OTP_ACTIONS)[number];
