import type { CardRecord } from "../enkash/wire/responses.ts";
import { readEnkashDateTime } from "../shared/enkash-dates.ts";
import { builder } from "./builder.ts";
import { addressFor, PostalAddressRef } from "./cardholder.ts";
import { KycStatusEnum } from "./enums.ts";
import { MoneyRef } from "./money.ts";

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

export const CardKycRef = builder.objectRef<CardRecord>("CardKyc").implement({
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

export const PhysicalCardRef = builder.objectRef<CardRecord>("PhysicalCardStatus").implement({
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

export const CardSpendRef = builder.objectRef<CardRecord>("CardSpend").implement({
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

export const CardFundsRef = builder.objectRef<CardRecord>("CardFunds").implement({
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

export const CardProgrammeRef = builder.objectRef<CardRecord>("CardProgramme").implement({
  description: "The programme the card is issued under, and how it reaches the card network.",
  fields: (t) => ({
    name: t.string({
      nullable: true,
      description: 'The programme, e.g. "TRANSCORP" (cardProgramme).',
      resolve: (c) => c.cardProgramme,
    }),
    switchProvider: t.string({
      nullable: true,
      description: 'The card switch, e.g. "M2P_TRANSCORP".',
      resolve: (c) => c.switchProvider,
    }),
    bin: t.string({
      nullable: true,
      description: 'The BIN range type, e.g. "GIFT_CARD" (binType).',
      resolve: (c) => c.binType?.name ?? null,
    }),
    network: t.string({
      nullable: true,
      description: 'The network as EnKash names it, e.g. "RUPAY" (kitType).',
      resolve: (c) => c.kitType?.name ?? null,
    }),
    closedLoop: t.boolean({
      nullable: true,
      description: "Whether it spends only at chosen merchants (closedLoopCard).",
      resolve: (c) => c.closedLoopCard,
    }),
  }),
});

export const CardIdentifiersRef = builder.objectRef<CardRecord>("CardIdentifiers").implement({
  description:
    "EnKash's other numbers for the card, for reconciliation with EnKash and the switch. The card's token at the switch is never shown.",
  fields: (t) => ({
    kitMasterId: t.string({
      nullable: true,
      description: "The card kit (plastic design) ID (cardKitMasterId).",
      resolve: (c) => c.cardKitMasterId,
    }),
    externalEntityId: t.string({
      nullable: true,
      description: "The card's ID at the switch (extEntityId, its proxy number).",
      resolve: (c) => c.extEntityId,
    }),
    virtualAccountNumber: t.string({
      nullable: true,
      description: "The virtual account number that funds the card (virtualAccountNumber).",
      resolve: (c) => c.virtualAccountNumber,
    }),
    issueTransactionId: t.string({
      nullable: true,
      description: "EnKash's transaction ID of the load at issue (enkashCardTxnId).",
      resolve: (c) => c.enkashCardTxnId,
    }),
    blockCode: t.string({
      nullable: true,
      description: 'EnKash\'s blockCode field, as sent (its meaning is not documented; e.g. "A").',
      resolve: (c) => c.blockCode,
    }),
  }),
});

export const CardChannelsRef = builder.objectRef<CardRecord>("CardChannels").implement({
  description:
    "The channel switches as they stand on the card object, with the admin's own switch for each (the *AllowedAdmin fields); `controls` has the full set and the limits.",
  fields: (t) => ({
    pos: t.boolean({ nullable: true, description: "In-store spends allowed.", resolve: (c) => c.posAllowed }),
    posByAdmin: t.boolean({
      nullable: true,
      description: "The admin allows in-store spends (posAllowedAdmin).",
      resolve: (c) => c.posAllowedAdmin,
    }),
    atm: t.boolean({ nullable: true, description: "ATM withdrawals allowed.", resolve: (c) => c.atmAllowed }),
    atmByAdmin: t.boolean({
      nullable: true,
      description: "The admin allows ATM withdrawals (atmAllowedAdmin).",
      resolve: (c) => c.atmAllowedAdmin,
    }),
    online: t.boolean({
      nullable: true,
      description: "Online spends allowed.",
      resolve: (c) => c.onlineAllowed,
    }),
    onlineByAdmin: t.boolean({
      nullable: true,
      description: "The admin allows online spends (onlineAllowedAdmin).",
      resolve: (c) => c.onlineAllowedAdmin,
    }),
  }),
});

export const CardFundingRulesRef = builder.objectRef<CardRecord>("CardFundingRules").implement({
  description: "How money may move between the card and its account.",
  fields: (t) => ({
    unallocationAllowed: t.boolean({
      nullable: true,
      description: "Whether money may be moved back from the card to the account (unallocateFundAllowed).",
      resolve: (c) => c.unallocateFundAllowed,
    }),
    usesAccountFunds: t.boolean({
      nullable: true,
      description: "Whether the card spends the account's funds directly (useAccountFunds).",
      resolve: (c) => c.useAccountFunds,
    }),
    usesParentFunds: t.boolean({
      nullable: true,
      description: "Whether the card may draw on its parent's funds (useParentFundAllowed).",
      resolve: (c) => c.useParentFundAllowed,
    }),
    deleted: t.boolean({
      nullable: true,
      description: "Whether EnKash marks the card deleted.",
      resolve: (c) => c.deleted,
    }),
  }),
});

export const CardTermsRef = builder.objectRef<CardRecord>("CardTerms").implement({
  description:
    "The cardholder's acceptance of the terms and conditions. EnKash says a card must not be treated as usable until the latest terms are accepted and minimum KYC is done.",
  fields: (t) => ({
    accepted: t.boolean({
      nullable: true,
      description: "The latest terms version is accepted (latestTnCVersionAccepted).",
      resolve: (c) => c.latestTnCVersionAccepted,
    }),
    keyFactsAccepted: t.boolean({
      nullable: true,
      description: "The key fact statement is accepted (latestKeyFactAccepted).",
      resolve: (c) => c.latestKeyFactAccepted,
    }),
    acceptedForPrimaryCard: t.boolean({
      nullable: true,
      description: "The latest terms are accepted for the primary card.",
      resolve: (c) => c.latestTnCVersionAcceptedForPrimaryCard,
    }),
    keyFactsAcceptedForPrimaryCard: t.boolean({
      nullable: true,
      description: "The key facts are accepted for the primary card.",
      resolve: (c) => c.latestKeyFactAcceptedCardForPrimaryCard,
    }),
    versionId: t.string({
      nullable: true,
      description: "The terms version (tncVersionMasterId).",
      resolve: (c) => c.tncVersionMasterId,
    }),
    url: t.string({
      nullable: true,
      description: "Where the cardholder reads and accepts them (tncUrl, or partnerTncUrl).",
      resolve: (c) => c.tncUrl ?? c.partnerTncUrl,
    }),
    unallocationTermsAllowed: t.boolean({
      nullable: true,
      description: "Whether terms for moving money back apply (tncUnAllocateAllowed).",
      resolve: (c) => c.tncUnAllocateAllowed,
    }),
    unallocationTermsAccepted: t.boolean({
      nullable: true,
      description: "Whether those are accepted (tncUnAllocateAccepted).",
      resolve: (c) => c.tncUnAllocateAccepted,
    }),
  }),
});

export const CardBrandingRef = builder.objectRef<CardRecord>("CardBranding").implement({
  description: "Images and EnKash support contacts to show with the card.",
  fields: (t) => ({
    partnerLogoUrl: t.string({
      nullable: true,
      description: "The partner's logo.",
      resolve: (c) => c.partnerLogo,
    }),
    cardImageUrl: t.string({
      nullable: true,
      description: "The card's default image.",
      resolve: (c) => c.defaultCardImage,
    }),
    supportEmail: t.string({
      nullable: true,
      description: "EnKash support email.",
      resolve: (c) => c.enKashSupportEmail,
    }),
    supportMobile: t.string({
      nullable: true,
      description: "EnKash support phone.",
      resolve: (c) => c.enKashSupportMobile,
    }),
  }),
});
