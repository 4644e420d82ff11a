import type { CardRecord } from "../enkash/wire/responses.ts";
import { builder } from "./builder.ts";
import { loadCard } from "./card-record.ts";
import { CardRef } from "./refs.ts";

/**
 * How a card is set up, as EnKash's card object (source 002) says: its programme, identifiers,
 * channels, funding rules, terms and branding. Like card-details.ts, every value comes from the
 * one card record; null means EnKash did not say.
 */

const CardProgrammeRef = builder.objectRef<CardRecord>("CardProgramme").implement({
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

const CardIdentifiersRef = builder.objectRef<CardRecord>("CardIdentifiers").implement({
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

const CardChannelsRef = builder.objectRef<CardRecord>("CardChannels").implement({
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

const CardFundingRulesRef = builder.objectRef<CardRecord>("CardFundingRules").implement({
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

const CardTermsRef = builder.objectRef<CardRecord>("CardTerms").implement({
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

const CardBrandingRef = builder.objectRef<CardRecord>("CardBranding").implement({
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

/** The card's set-up, each part from the one card record. */
builder.objectFields(CardRef, (t) => ({
  programme: t.field({
    type: CardProgrammeRef,
    description: "Programme, switch, BIN and network.",
    resolve: (key, _args, ctx) => loadCard(ctx, key),
  }),
  identifiers: t.field({
    type: CardIdentifiersRef,
    description: "EnKash's other numbers for the card (kit, switch proxy, virtual account).",
    resolve: (key, _args, ctx) => loadCard(ctx, key),
  }),
  channels: t.field({
    type: CardChannelsRef,
    description: "The channel switches on the card object, with the admin's own switches.",
    resolve: (key, _args, ctx) => loadCard(ctx, key),
  }),
  fundingRules: t.field({
    type: CardFundingRulesRef,
    description: "How money may move between the card and its account.",
    resolve: (key, _args, ctx) => loadCard(ctx, key),
  }),
  terms: t.field({
    type: CardTermsRef,
    description: "Acceptance of the terms and conditions.",
    resolve: (key, _args, ctx) => loadCard(ctx, key),
  }),
  branding: t.field({
    type: CardBrandingRef,
    description: "Images and support contacts.",
    resolve: (key, _args, ctx) => loadCard(ctx, key),
  }),
}));
