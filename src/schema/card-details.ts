import type { CardRecord } from "../enkash/wire/responses.ts";
import { readEnkashDateTime } from "../shared/enkash-dates.ts";
import { builder } from "./builder.ts";
import { loadCard } from "./card-record.ts";
import { addressFor, PostalAddressRef } from "./cardholder.ts";
import { KycStatusEnum } from "./enums.ts";
import { MoneyRef } from "./money.ts";
import { CardRef } from "./refs.ts";

/**
 * The parts of EnKash's card object (source 002), each its own type so that a screen asks only for
 * what it shows. Every value comes from the card record (one EnKash call, shared by every field);
 * null means EnKash did not say.
 */

const KYC_STATUSES = ["NOT_UPLOADED", "MIN_KYC", "UNDER_REVIEW", "FULL_KYC", "REJECTED"] as const;
export const kycStatusOf = (card: CardRecord) => {
  const name = card.kycStatus?.name;
  if (!name) return null;
  return KYC_STATUSES.find((status) => status === name) ?? ("OTHER" as const);
};

const CardKycRef = builder.objectRef<CardRecord>("CardKyc").implement({
  description: "How far the cardholder's KYC (know your customer) checks have gone.",
  fields: (t) => ({
    status: t.field({
      type: KycStatusEnum,
      nullable: true,
      description: "The KYC level.",
      resolve: kycStatusOf,
    }),
    statusLabel: t.string({
      nullable: true,
      description: "EnKash's label for the level, as sent.",
      resolve: (card) => card.kycStatus?.label ?? null,
    }),
    panValidated: t.boolean({
      nullable: true,
      description: "Whether the PAN was validated.",
      resolve: (card) => card.panValidated,
    }),
    minKycOtpVerified: t.boolean({
      nullable: true,
      description: "Whether the minimum-KYC OTP step was done.",
      resolve: (card) => card.minKycOtpVerified,
    }),
    centralKycEnabled: t.boolean({
      nullable: true,
      description: "Whether central KYC (CKYC) is on for the card (EnKash cKycEnabled).",
      resolve: (card) => card.cKycEnabled,
    }),
    videoKycAllowed: t.boolean({
      nullable: true,
      description: "Whether video KYC may be started for the card (EnKash vKycAllowed).",
      resolve: (card) => card.vKycAllowed,
    }),
    liveImage: t.boolean({
      nullable: true,
      description: "Whether a live image was captured (EnKash liveImage).",
      resolve: (card) => card.liveImage,
    }),
  }),
});

const PhysicalCardRef = builder.objectRef<CardRecord>("PhysicalCardStatus").implement({
  description: "The plastic card: whether there is one, may be one, and where it goes.",
  fields: (t) => ({
    issued: t.boolean({
      nullable: true,
      description: "Whether a plastic card was issued (false: virtual only).",
      resolve: (card) => card.physicalCard,
    }),
    allowed: t.boolean({
      nullable: true,
      description: "Whether the card may have a plastic card (EnKash physicalCardAllowed).",
      resolve: (card) => card.physicalCardAllowed,
    }),
    requestedAt: t.field({
      type: "DateTime",
      nullable: true,
      description: "When the plastic card was requested.",
      resolve: (card) => readEnkashDateTime(card.physicalCardRequestDate),
    }),
    deliverToSeparateAddress: t.boolean({
      nullable: true,
      description: "Whether it goes to the delivery address rather than home (physicalDeliveryAddressFlag).",
      resolve: (card) => card.physicalDeliveryAddressFlag,
    }),
    deliveryAddress: t.field({
      type: PostalAddressRef,
      nullable: true,
      description:
        "Where the plastic card is delivered; see PostalAddress for what shows without cards:personal.",
      resolve: (card, _args, ctx) =>
        addressFor(ctx, {
          line1: card.deliveryAddress,
          line2: card.deliveryAddress2,
          city: card.deliveryCity,
          state: card.deliveryState,
          country: card.deliveryCountry,
          pincode: card.deliveryPincode,
        }),
    }),
  }),
});

const CardSpendRef = builder.objectRef<CardRecord>("CardSpend").implement({
  description: "Spent so far on the card, by period (EnKash usedDtd, usedMtd, usedYtd, usedLtd).",
  fields: (t) => ({
    today: t.field({
      type: MoneyRef,
      nullable: true,
      description: "Today (IST).",
      resolve: (c) => c.usedDtd,
    }),
    thisMonth: t.field({
      type: MoneyRef,
      nullable: true,
      description: "This calendar month.",
      resolve: (c) => c.usedMtd,
    }),
    thisYear: t.field({
      type: MoneyRef,
      nullable: true,
      description: "This calendar year.",
      resolve: (c) => c.usedYtd,
    }),
    lifetime: t.field({
      type: MoneyRef,
      nullable: true,
      description: "Since the card was issued.",
      resolve: (c) => c.usedLtd,
    }),
  }),
});

const CardFundsRef = builder.objectRef<CardRecord>("CardFunds").implement({
  description: "The money around the card besides its balance, as EnKash reports it.",
  fields: (t) => ({
    initialLoad: t.field({
      type: MoneyRef,
      nullable: true,
      description: "The load at issue (EnKash loadAmount).",
      resolve: (c) => c.loadAmount,
    }),
    lastAllocation: t.field({
      type: MoneyRef,
      nullable: true,
      description: "The last amount moved onto the card (lastAllocatedAmount).",
      resolve: (c) => c.lastAllocatedAmount,
    }),
    allocatedLifetime: t.field({
      type: MoneyRef,
      nullable: true,
      description: "All allocated to the card so far (limitAllocatedLtd).",
      resolve: (c) => c.limitAllocatedLtd,
    }),
    accountBalance: t.field({
      type: MoneyRef,
      nullable: true,
      description: "The card account's balance when EnKash answered (accountBalance).",
      resolve: (c) => c.accountBalance,
    }),
    heldForUnallocation: t.field({
      type: MoneyRef,
      nullable: true,
      description: "Held while being moved back to the account (unAllocateHoldBalance).",
      resolve: (c) => c.unAllocateHoldBalance,
    }),
    surcharge: t.field({
      type: MoneyRef,
      nullable: true,
      description: "Surcharge charged on the card (surchargeAmt).",
      resolve: (c) => c.surchargeAmt,
    }),
  }),
});

/** The card's KYC, spend, funds and physical card, each from the one card record. */
builder.objectFields(CardRef, (t) => ({
  kyc: t.field({
    type: CardKycRef,
    description: "KYC and PAN validation.",
    resolve: (key, _args, ctx) => loadCard(ctx, key),
  }),
  spent: t.field({
    type: CardSpendRef,
    description: "Spent so far, by period.",
    resolve: (key, _args, ctx) => loadCard(ctx, key),
  }),
  funds: t.field({
    type: CardFundsRef,
    description: "Loads, allocations and holds around the balance.",
    resolve: (key, _args, ctx) => loadCard(ctx, key),
  }),
  physicalCard: t.field({
    type: PhysicalCardRef,
    description: "The plastic card and its delivery.",
    resolve: (key, _args, ctx) => loadCard(ctx, key),
  }),
}));
