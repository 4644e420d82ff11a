import { toRupees } from "../../shared/money.ts";
import type { MaskOptions } from "../options.ts";
import { isoDate, javaDate } from "./dates.ts";
import { maskCardNumber, maskedNumberField } from "./masks.ts";
import type { SandboxState } from "./store.ts";
import type { AccountType, BlockCode, Card, CardAccount, KycStatus, Transaction } from "./types.ts";
import { usageTotals } from "./usage.ts";

/** Turns state into the JSON objects EnKash returns. */

const STATUS_LABELS: Record<BlockCode, string> = {
  UL: "UnLocked",
  L: "Locked",
  BL: "Blocked",
  AP: "Activation InProgress",
};

const KYC_LABELS: Record<KycStatus, string> = {
  NOT_UPLOADED: "Not Uploaded",
  MIN_KYC: "Min KYC",
  UNDER_REVIEW: "Under Review",
  FULL_KYC: "Full KYC",
  REJECTED: "Rejected",
};

export function cardStatusObject(status: BlockCode): { name: BlockCode; label: string } {
  return { name: status, label: STATUS_LABELS[status] };
}

export function kycStatusObject(status: KycStatus): { name: KycStatus; label: string } {
  return { name: status, label: KYC_LABELS[status] };
}

function accountTypeObject(type: AccountType): {
  name: AccountType;
  label: string;
  description: string;
} {
  const label = type
    .toLowerCase()
    .split("_")
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join(" ");
  return { name: type, label, description: label };
}

/**
 * Drops null-valued fields. Source 002's card omits `pan`, `physicalCardRequestDate` and
 * `middleName`, which are null for that card although the page marks the first two required:
 * EnKash's serializer leaves nulls out, as Gson does by default (its `createdOn` text is Gson's
 * default date format too). [I]
 */
function withoutNulls(object: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(object).filter(([, value]) => value !== null));
}

/**
 * `blockCode` on the card object. Source 002 shows "A" beside cardStatus UL (unexplained; "active"
 * at the card switch, presumably); for the other states the sandbox repeats the status. [I]
 */
function cardBlockCode(status: BlockCode): string {
  return status === "UL" ? "A" : status;
}

/** The card object of source 002 (reference 13.1): every documented field, nulls left out. */
export function renderCard(state: SandboxState, card: Card, masks: MaskOptions): Record<string, unknown> {
  const account = state.accounts.get(card.cardAccountId);
  const company = state.companies.get(card.companyId);
  const used = usageTotals(state.transactionsOfCard(card.enKashCardId), state.now());
  const gift = account?.accountType === "GIFT";
  const { holder, delivery, controls } = card;
  return withoutNulls({
    enKashCardId: card.enKashCardId,
    userId: holder.userId,
    cardAccountId: card.cardAccountId,
    token: card.token,
    ...maskedNumberField(card, masks),
    expiryMonth: card.expiryMonth,
    expiryYear: card.expiryYear,
    email: holder.email,
    mobile: holder.mobile,
    title: holder.title,
    firstName: holder.firstName,
    middleName: holder.middleName,
    lastName: holder.lastName,
    gender: holder.gender,
    specialDate: holder.specialDate,
    address: holder.address,
    address2: holder.address2,
    city: holder.city,
    state: holder.state,
    country: holder.country,
    pincode: holder.pincode,
    usedMtd: toRupees(used.mtd),
    usedDtd: toRupees(used.dtd),
    usedYtd: toRupees(used.ytd),
    usedLtd: toRupees(used.ltd),
    otbBalance: toRupees(card.balance),
    primaryCard: card.primaryCard,
    // Every EnKash card is a prepaid instrument: source 002's gift card says true. binType and
    // accountType are what tell a gift card from a reloadable one.
    prepaidCard: true,
    physicalCard: card.physicalCard,
    deleted: false,
    closedLoopCard: false,
    createdOn: javaDate(card.createdOn),
    modifiedOn: javaDate(card.modifiedOn),
    cardStatus: cardStatusObject(card.status),
    kycStatus: kycStatusObject(card.kycStatus),
    cardProgramme: "TRANSCORP",
    useAccountFunds: false,
    blockCode: cardBlockCode(card.status),
    remarks: card.remarks,
    partnerLogo: "https://imagesbox.enkash.in/IMAGES/EnkashLogo.png",
    pan: holder.pan,
    physicalCardRequestDate:
      card.physicalCardRequestDate === null ? null : javaDate(card.physicalCardRequestDate),
    physicalDeliveryAddressFlag: card.physicalDeliveryAddressFlag,
    ...delivery,
    cardActivated: card.cardActivated,
    binType: gift
      ? { name: "GIFT_CARD", label: "Gift Card" }
      : { name: "PREPAID_CARD", label: "Prepaid Card" },
    loadAmount: toRupees(card.loadAmount),
    companyId: card.companyId,
    cardKitMasterId: 2,
    extEntityId: card.extEntityId,
    switchProvider: "M2P_TRANSCORP",
    accountBalance: account ? toRupees(account.availableBalance) : 0,
    // Whether this card may still order a plastic (Order Physical Card). Source 002's virtual gift
    // card says false: a gift card is physical or virtual from its issue. [I]
    physicalCardAllowed: !gift && (account?.physicalCardAllowed ?? false),
    kitType: { name: "RUPAY", label: "Rupay" },
    surchargeAmt: 0,
    panValidated: holder.pan !== null,
    latestTnCVersionAccepted: true,
    latestKeyFactAccepted: false,
    latestTnCVersionAcceptedForPrimaryCard: true,
    latestKeyFactAcceptedCardForPrimaryCard: true,
    tncVersionMasterId: "TVMLP1VK8X",
    tncUrl: "https://ekpayout-uat.enkash.in/tu/0xl5b7ci",
    partnerTncUrl: "https://ekpayout-uat.enkash.in/tu/0xl5b7ci",
    virtualAccountNumber: `ENKASHEDTC${card.enKashCardId}`,
    limitAllocatedLtd: 0,
    posAllowed: controls.flags.posAllowed,
    posAllowedAdmin: controls.adminFlags.posAllowedAdmin,
    atmAllowed: controls.flags.atmAllowed,
    atmAllowedAdmin: controls.adminFlags.atmAllowedAdmin,
    onlineAllowed: controls.flags.onlineAllowed,
    onlineAllowedAdmin: controls.adminFlags.onlineAllowedAdmin,
    liveImage: false,
    cKycEnabled: false,
    unallocateFundAllowed: false,
    useParentFundAllowed: false,
    defaultCardImage: "https://imagesbox.enkash.in/IMAGES/enkash_ppi.png",
    minKycOtpVerified: card.kycStatus !== "NOT_UPLOADED",
    enKashSupportEmail: "support@enkash.com",
    enKashSupportMobile: "1234567890",
    companyName: company?.companyName ?? null,
    vKycAllowed: !gift,
    accountType: account ? accountTypeObject(account.accountType) : null,
    lastAllocatedAmount: toRupees(card.lastAllocatedAmount),
    holdBalance: toRupees(card.holdBalance),
    enkashCardTxnId: card.lastTransactionId,
    unAllocateHoldBalance: 0,
    tncUnAllocateAllowed: false,
    tncUnAllocateAccepted: false,
  });
}

interface AccountTotals {
  allocated: number;
  redeemed: number;
  allocatedThisMonth: number;
  redeemedThisMonth: number;
}

// Running totals per account, so that rendering an account of 200,000 transactions does not sum
// them all on every call: transactions are only ever appended, so each is added once.
const totalsByState = new WeakMap<
  SandboxState,
  Map<string, { counted: number; monthStart: number; totals: AccountTotals }>
>();

function accountTotals(state: SandboxState, cardAccountId: string): AccountTotals {
  // This calendar month (UTC), as bounds.
  const today = new Date(state.now());
  const monthStart = Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), 1);
  const monthEnd = Date.UTC(today.getUTCFullYear(), today.getUTCMonth() + 1, 1);
  const cache = totalsByState.get(state) ?? new Map();
  totalsByState.set(state, cache);
  let entry = cache.get(cardAccountId);
  if (!entry || entry.monthStart !== monthStart) {
    entry = {
      counted: 0,
      monthStart,
      totals: { allocated: 0, redeemed: 0, allocatedThisMonth: 0, redeemedThisMonth: 0 },
    };
    cache.set(cardAccountId, entry);
  }
  const transactions = state.transactionsOfAccount(cardAccountId);
  const totals = entry.totals;
  for (let i = entry.counted; i < transactions.length; i++) {
    const txn = transactions[i];
    if (!txn || txn.status !== "SUCCESS") continue;
    const thisMonth = txn.at >= monthStart && txn.at < monthEnd;
    if (txn.direction === "CR" && txn.type !== "REFUND") {
      totals.allocated += txn.amount;
      if (thisMonth) totals.allocatedThisMonth += txn.amount;
    } else if (txn.direction === "DR" && txn.type === "SALE") {
      totals.redeemed += txn.amount;
      if (thisMonth) totals.redeemedThisMonth += txn.amount;
    }
  }
  entry.counted = transactions.length;
  return totals;
}

/** Get Card Account Details payload (reference section 7.15). */
export function renderAccount(
  state: SandboxState,
  account: CardAccount,
  masks: MaskOptions,
): Record<string, unknown> {
  const company = state.companies.get(account.companyId);
  const cards = state.cardsOf(account.cardAccountId);
  const onCards = cards.reduce((sum, card) => sum + card.balance, 0);
  const { allocated, redeemed, allocatedThisMonth, redeemedThisMonth } = accountTotals(
    state,
    account.cardAccountId,
  );
  const primary = account.primaryCardId ? state.cards.get(account.primaryCardId) : undefined;
  return {
    cardAccountId: account.cardAccountId,
    companyId: account.companyId,
    companyName: company?.companyName ?? null,
    accountTitle: account.accountTitle,
    accountType: accountTypeObject(account.accountType),
    planMasterId: account.planMasterId,
    creditLimit: 0,
    dynamicLimit: 0,
    // EnKash's example satisfies usedCreditLimit = -(availableBalance + availableCardBalance).
    usedCreditLimit: toRupees(-(account.availableBalance + onCards)),
    availableBalance: toRupees(account.availableBalance),
    availableCardBalance: toRupees(onCards),
    totalCards: cards.length,
    activeCards: cards.filter((card) => card.status === "UL").length,
    totalAllocationPoint: toRupees(allocated),
    totalRedemptionPoint: toRupees(redeemed),
    currentMonthAllocationPoint: toRupees(allocatedThisMonth),
    currentMonthRedemptionPoint: toRupees(redeemedThisMonth),
    primaryEnKashCard: primary ? renderCard(state, primary, masks) : null,
  };
}

/** A transaction record, shaped after EnKash's card-transaction webhook (reference section 9.3). */
export function renderTransaction(
  state: SandboxState,
  txn: Transaction,
  masks: MaskOptions,
): Record<string, unknown> {
  const card = state.cards.get(txn.enKashCardId);
  const company = state.companies.get(txn.companyId);
  const holder = card?.holder;
  const name = [holder?.firstName, holder?.lastName].filter(Boolean).join(" ");
  return {
    enKashTransactionId: txn.enKashTransactionId,
    enKashCardId: txn.enKashCardId,
    userId: holder?.userId ?? null,
    companyId: txn.companyId,
    companyName: company?.companyName ?? null,
    cardAccountId: txn.cardAccountId,
    cardHolderName: name || null,
    // Named maskedCard whatever masks.field says: that is the name of the card object's field.
    maskedCard: card ? maskCardNumber(card, masks) : null,
    cardKitNumber: card ? `KIT${card.enKashCardId.slice(3)}` : null,
    principalAmount: toRupees(txn.amount),
    fcyAmount: toRupees(txn.amount),
    balance: toRupees(txn.balanceAfter),
    currency: "INR",
    fcyCurrency: "INR",
    cardTransactionType: txn.direction,
    type: txn.type,
    transactionCode: txn.transactionCode,
    status: txn.status,
    declineReason: txn.declineReason,
    pgReferenceNumber: txn.pgReferenceNumber,
    description: txn.description,
    txnDate: isoDate(txn.at),
    createdOn: javaDate(txn.at),
    modifiedOn: javaDate(txn.at),
    txnDetails: {
      id: txn.enKashTransactionId,
      txnRefNo: txn.pgReferenceNumber ?? txn.retrievalRefNo,
      merchantName: txn.merchant?.name ?? null,
      merchantCity: txn.merchant?.city ?? null,
      transactionType: txn.merchant ? txn.merchant.channel : "WALLET",
      mcc: txn.merchant?.mcc ?? null,
      channel: txn.merchant?.channel ?? null,
      international: txn.international,
      contactless: txn.contactless,
      retrievalRefNo: txn.retrievalRefNo,
      traceNo: txn.traceNo,
      txnCurrency: "INR",
      network: "RUPAY",
      transactionFees: 0,
    },
  };
}
