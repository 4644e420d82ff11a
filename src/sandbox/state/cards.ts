import { createHash } from "node:crypto";
import type { SandboxState } from "./store.ts";
import type {
  BlockCode,
  Card,
  CardAccount,
  Cardholder,
  DeliveryAddress,
  KycStatus,
  UsageControls,
} from "./types.ts";

/** Building new cards and users, shared by seeding and the create/replace routes. */

/** The first six digits of the sandbox's card numbers (a RuPay-style BIN, 65…). */
const SANDBOX_BIN = "652150";

function defaultControls(now: number, createdBy: string, gift: boolean): UsageControls {
  return {
    // Gift cards are for shops, not cash: ATM starts off for them.
    flags: {
      posAllowed: true,
      onlineAllowed: true,
      atmAllowed: !gift,
      internationalAllowed: false,
      contactlessAllowed: true,
    },
    adminFlags: { posAllowedAdmin: true, onlineAllowedAdmin: true, atmAllowedAdmin: !gift },
    amountLimits: {
      perTxnLimit: null,
      dtd: null,
      mtd: null,
      ytd: null,
      posDailyLimit: null,
      ecomDailyLimit: null,
      contactLessDailyLimit: null,
    },
    countLimits: {
      dtdCount: null,
      mtdCount: null,
      ytdCount: null,
      posDailyLimitCount: null,
      ecomDailyLimitCount: null,
      contactLessDailyLimitCount: null,
    },
    createdBy,
    createdOn: now,
    modifiedOn: now,
  };
}

export const NO_DELIVERY: DeliveryAddress = {
  deliveryAddress: null,
  deliveryAddress2: null,
  deliveryCity: null,
  deliveryState: null,
  deliveryCountry: null,
  deliveryPincode: null,
};

export interface NewCard {
  account: CardAccount;
  holder: Cardholder;
  createdOn: number;
  physicalCard: boolean;
  physicalDeliveryAddressFlag: boolean;
  delivery: DeliveryAddress;
  primaryCard: boolean;
  remarks: string | null;
  status?: BlockCode;
  kycStatus?: KycStatus;
  enKashCardId?: string;
  token?: string;
  extEntityId?: string;
  bin?: string;
  last4?: string;
  expiry?: { month: string; year: string };
}

/**
 * A card as EnKash issues it. Physical cards start in AP (activation in progress) until the
 * cardholder sets a PIN; virtual cards are usable (UL) at once.
 */
export function buildCard(state: SandboxState, input: NewCard): Card {
  const random = state.random;
  const created = new Date(input.createdOn);
  const expiry = input.expiry ?? {
    month: String(created.getUTCMonth() + 1).padStart(2, "0"),
    year: String(created.getUTCFullYear() + 5),
  };
  const gift = input.account.accountType === "GIFT";
  const enKashCardId = input.enKashCardId ?? state.ids.next("EKC", 7);
  return {
    enKashCardId,
    cardAccountId: input.account.cardAccountId,
    companyId: input.account.companyId,
    holder: input.holder,
    token: input.token ?? random.chars("0123456789abcdef", 20),
    extEntityId: input.extEntityId ?? extEntityIdFor(enKashCardId),
    bin: input.bin ?? SANDBOX_BIN,
    last4: input.last4 ?? random.digits(4),
    expiryMonth: expiry.month,
    expiryYear: expiry.year,
    status: input.status ?? (input.physicalCard ? "AP" : "UL"),
    cardActivated: false,
    kycStatus: input.kycStatus ?? "NOT_UPLOADED",
    primaryCard: input.primaryCard,
    physicalCard: input.physicalCard,
    physicalCardRequestDate: input.physicalCard ? input.createdOn : null,
    physicalDeliveryAddressFlag: input.physicalDeliveryAddressFlag,
    delivery: input.delivery,
    balance: 0,
    holdBalance: 0,
    loadAmount: 0,
    lastAllocatedAmount: 0,
    lastTransactionId: null,
    pin: null,
    controls: defaultControls(input.createdOn, input.account.email, gift),
    remarks: input.remarks,
    blockReason: null,
    statusChangedBy: null,
    replacedByCardId: null,
    replacementOfCardId: null,
    vkyc: { status: "NOT_INITIATED", linkExpiresAt: null },
    createdOn: input.createdOn,
    modifiedOn: input.createdOn,
  };
}

/**
 * `EXT` + 10 characters, the shape of source 002's `EXT58EDZTA1U1`. Derived from the card ID
 * rather than drawn, so that adding it moved no other seeded value.
 */
function extEntityIdFor(enKashCardId: string): string {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
  const digest = createHash("sha256").update(`ext:${enKashCardId}`).digest();
  let id = "EXT";
  for (let i = 0; i < 10; i++) id += alphabet[(digest[i] ?? 0) % alphabet.length];
  return id;
}

/** Makes `card` the account's primary card, taking the flag from the previous one. */
export function makePrimary(state: SandboxState, card: Card): void {
  const account = state.accounts.get(card.cardAccountId);
  if (!account) return;
  const previous = account.primaryCardId ? state.cards.get(account.primaryCardId) : undefined;
  if (previous && previous !== card) previous.primaryCard = false;
  card.primaryCard = true;
  account.primaryCardId = card.enKashCardId;
}

export function isGiftAccount(account: CardAccount): boolean {
  return account.accountType === "GIFT";
}
