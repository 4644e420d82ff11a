import type { Paise } from "../../shared/money.ts";
import type { PinHash } from "../crypto.ts";

export {
  ACCOUNT_TYPES,
  type AccountType,
  BLOCK_CODES,
  type BlockCode,
} from "../../shared/enkash-vocabulary.ts";

import type { AccountType, BlockCode } from "../../shared/enkash-vocabulary.ts";

/** Assumed KYC states; only NOT_UPLOADED is documented. */
const KYC_STATUSES = ["NOT_UPLOADED", "MIN_KYC", "UNDER_REVIEW", "FULL_KYC", "REJECTED"] as const;
export type KycStatus = (typeof KYC_STATUSES)[number];

export const CHANNELS = ["POS", "ECOM", "ATM"] as const;
export type Channel = (typeof CHANNELS)[number];

export type Direction = "CR" | "DR";
/** Assumed transaction states (EnKash documents only CREATED, without saying what it means). */
export type TransactionStatus = "SUCCESS" | "DECLINED";

export interface Company {
  companyId: string;
  companyName: string;
  email: string;
  mobile: string;
}

export interface Plan {
  planMasterId: string;
  description: string;
}

export interface CardAccount {
  cardAccountId: string;
  companyId: string;
  accountTitle: string;
  accountType: AccountType;
  planMasterId: string;
  email: string;
  mobile: string;
  availableBalance: Paise;
  primaryCardId: string | null;
  /** Whether the account issues physical cards at all (every seeded and created account does). */
  physicalCardAllowed: boolean;
  createdOn: number;
}

export interface Cardholder {
  userId: string;
  title: string | null;
  firstName: string | null;
  middleName: string | null;
  lastName: string | null;
  gender: string | null;
  email: string | null;
  mobile: string | null;
  /** ISO date (yyyy-MM-dd). */
  specialDate: string | null;
  address: string | null;
  address2: string | null;
  city: string | null;
  state: string | null;
  country: string | null;
  pincode: string | null;
  pan: string | null;
}

export interface DeliveryAddress {
  deliveryAddress: string | null;
  deliveryAddress2: string | null;
  deliveryCity: string | null;
  deliveryState: string | null;
  deliveryCountry: string | null;
  deliveryPincode: string | null;
}

/** Limit names as the velocity-rule API spells them; amounts in paise, counts as integers. */
export const AMOUNT_LIMITS = [
  "perTxnLimit",
  "dtd",
  "mtd",
  "ytd",
  "posDailyLimit",
  "ecomDailyLimit",
  "contactLessDailyLimit",
] as const;
export const COUNT_LIMITS = [
  "dtdCount",
  "mtdCount",
  "ytdCount",
  "posDailyLimitCount",
  "ecomDailyLimitCount",
  "contactLessDailyLimitCount",
] as const;
type AmountLimit = (typeof AMOUNT_LIMITS)[number];
type CountLimit = (typeof COUNT_LIMITS)[number];

export const CONTROL_FLAGS = [
  "posAllowed",
  "onlineAllowed",
  "atmAllowed",
  "internationalAllowed",
  "contactlessAllowed",
] as const;
type ControlFlag = (typeof CONTROL_FLAGS)[number];

export interface UsageControls {
  flags: Record<ControlFlag, boolean>;
  /** The administrator's copy of the POS/ATM/online switches (`*Admin` on the card object). */
  adminFlags: Record<"posAllowedAdmin" | "onlineAllowedAdmin" | "atmAllowedAdmin", boolean>;
  amountLimits: Record<AmountLimit, Paise | null>;
  countLimits: Record<CountLimit, number | null>;
  createdBy: string;
  createdOn: number;
  modifiedOn: number;
}

export interface Card {
  enKashCardId: string;
  cardAccountId: string;
  companyId: string;
  holder: Cardholder;
  token: string;
  /** The issuer-side entity reference EnKash shows on the card object (`EXT` + 10 characters). */
  extEntityId: string;
  /**
   * Only the first six (the BIN) and last four digits are kept, the parts a mask may show; the
   * full number is derived on demand (crypto.ts).
   */
  bin: string;
  last4: string;
  expiryMonth: string;
  expiryYear: string;
  status: BlockCode;
  cardActivated: boolean;
  kycStatus: KycStatus;
  primaryCard: boolean;
  physicalCard: boolean;
  physicalCardRequestDate: number | null;
  physicalDeliveryAddressFlag: boolean;
  delivery: DeliveryAddress;
  balance: Paise;
  holdBalance: Paise;
  loadAmount: Paise;
  lastAllocatedAmount: Paise;
  lastTransactionId: string | null;
  pin: PinHash | null;
  controls: UsageControls;
  remarks: string | null;
  blockReason: string | null;
  /** `createdBy` of the Block Card call that set the current status (a name or email, no secret). */
  statusChangedBy: string | null;
  replacedByCardId: string | null;
  replacementOfCardId: string | null;
  vkyc: {
    status: "NOT_INITIATED" | "LINK_GENERATED" | "COMPLETED" | "REJECTED";
    linkExpiresAt: number | null;
  };
  createdOn: number;
  modifiedOn: number;
}

export interface Merchant {
  name: string;
  mcc: string;
  channel: Channel;
  city: string;
}

export interface Transaction {
  enKashTransactionId: string;
  enKashCardId: string;
  cardAccountId: string;
  companyId: string;
  amount: Paise;
  direction: Direction;
  type: string;
  transactionCode: string | null;
  status: TransactionStatus;
  pgReferenceNumber: string | null;
  description: string;
  at: number;
  balanceAfter: Paise;
  merchant: Merchant | null;
  international: boolean;
  contactless: boolean;
  declineReason: string | null;
  retrievalRefNo: string;
  traceNo: string;
}

export interface OtpRequest {
  otpRequestId: string;
  enKashCardId: string;
  cardAccountId: string;
  action: string;
  expiresAt: number;
  failedAttempts: number;
  used: boolean;
}

export interface PgPayment {
  ekPayId: string;
  orderId: string;
  amount: Paise;
  status: "PENDING_OTP" | "SUCCESS" | "FAILED";
  failedAttempts: number;
  resends: number;
  createdOn: number;
}
