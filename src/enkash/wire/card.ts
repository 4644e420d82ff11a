import { z } from "zod";
import { readMaskedCardNumber } from "../../shared/card-number.ts";
import { BLOCK_CODES, type BlockCode } from "../../shared/enkash-vocabulary.ts";
import { bool, money, type Named, named, text } from "./tolerant.ts";

/**
 * EnKash's card object (source 002, reference 13.1): every documented field, typed. Tolerant of
 * what EnKash may send besides the documented example, without losing the call:
 *
 * - a masked number in any form, named `maskedNumber` or `maskedCardNumber` (shared/card-number.ts);
 * - `cardStatus` (and the other `{name, label}` objects) as an object or a bare string;
 * - numbers as numeric strings, text as numbers (a PIN code sent as a number);
 * - anything absent or unreadable is null: unknown, never `false` or 0.
 *
 * Secrets among the documented fields: `token` (the card's token at the switch) is read so that
 * nothing is lost, but the graph never shows it.
 */

/** The card's status: a documented block code, from an object or a string; required on a card. */
const cardStatus = named.pipe(
  z.custom<Named & { name: BlockCode }>(
    (value) => value !== null && (BLOCK_CODES as readonly string[]).includes((value as Named).name),
    { message: "must be a card status (L, UL, BL or AP)" },
  ),
);

/** Either field name of the masked number, read into what it reveals (null when unreadable). */
const masked = z
  .unknown()
  .optional()
  .transform((value) => readMaskedCardNumber(value));

/** Every field of the card object but the identifying ones, all optional: what a partial card has. */
const cardFields = {
  userId: text,
  companyId: text,
  companyName: text,
  token: text,
  expiryMonth: text,
  expiryYear: text,
  // The cardholder.
  email: text,
  mobile: text,
  title: text,
  firstName: text,
  middleName: text,
  lastName: text,
  gender: text,
  specialDate: text,
  address: text,
  address2: text,
  city: text,
  state: text,
  country: text,
  pincode: text,
  pan: text,
  panValidated: bool,
  kycStatus: named,
  minKycOtpVerified: bool,
  cKycEnabled: bool,
  vKycAllowed: bool,
  liveImage: bool,
  // Money (paise).
  otbBalance: money,
  holdBalance: money,
  unAllocateHoldBalance: money,
  accountBalance: money,
  loadAmount: money,
  lastAllocatedAmount: money,
  limitAllocatedLtd: money,
  surchargeAmt: money,
  usedDtd: money,
  usedMtd: money,
  usedYtd: money,
  usedLtd: money,
  // Kind, state and programme.
  primaryCard: bool,
  prepaidCard: bool,
  physicalCard: bool,
  cardActivated: bool,
  deleted: bool,
  closedLoopCard: bool,
  useAccountFunds: bool,
  useParentFundAllowed: bool,
  blockCode: text,
  accountType: named,
  binType: named,
  kitType: named,
  cardProgramme: text,
  switchProvider: text,
  cardKitMasterId: text,
  extEntityId: text,
  virtualAccountNumber: text,
  remarks: text,
  createdOn: text,
  modifiedOn: text,
  enkashCardTxnId: text,
  // Physical card and delivery.
  physicalCardAllowed: bool,
  physicalCardRequestDate: text,
  physicalDeliveryAddressFlag: bool,
  deliveryAddress: text,
  deliveryAddress2: text,
  deliveryCity: text,
  deliveryState: text,
  deliveryCountry: text,
  deliveryPincode: text,
  // Switches (the usage controls' own call has the limits).
  posAllowed: bool,
  posAllowedAdmin: bool,
  atmAllowed: bool,
  atmAllowedAdmin: bool,
  onlineAllowed: bool,
  onlineAllowedAdmin: bool,
  unallocateFundAllowed: bool,
  // Terms and conditions.
  latestTnCVersionAccepted: bool,
  latestKeyFactAccepted: bool,
  latestTnCVersionAcceptedForPrimaryCard: bool,
  latestKeyFactAcceptedCardForPrimaryCard: bool,
  tncVersionMasterId: text,
  tncUrl: text,
  partnerTncUrl: text,
  tncUnAllocateAllowed: bool,
  tncUnAllocateAccepted: bool,
  // EnKash's branding and support contacts.
  partnerLogo: text,
  defaultCardImage: text,
  enKashSupportEmail: text,
  enKashSupportMobile: text,
};

/** The documented name of the masked number, whichever name EnKash used. */
const withMaskedNumber = (value: unknown) =>
  value && typeof value === "object" && !("maskedNumber" in value) && "maskedCardNumber" in value
    ? { ...value, maskedNumber: (value as { maskedCardNumber: unknown }).maskedCardNumber }
    : value;

/** The card object (reference 13.1). `enKashCardId`, `cardAccountId`, `cardStatus` are required. */
export const card = z.preprocess(
  withMaskedNumber,
  z.object({
    enKashCardId: z.string().min(1),
    cardAccountId: z.string().min(1),
    cardStatus,
    maskedNumber: masked,
    ...cardFields,
  }),
);
export type CardRecord = z.output<typeof card>;

/** The card object's documented field names (source 002), for tests that nothing is lost. */
export const CARD_FIELDS = [
  "enKashCardId",
  "cardAccountId",
  "cardStatus",
  "maskedNumber",
  ...Object.keys(cardFields),
] as const;
