import type { CardRecord } from "../enkash/wire/responses.ts";
import { readEnkashDate } from "../shared/enkash-dates.ts";
import { builder } from "./builder.ts";
import { maskEmail, maskMobile, maskPan, personal, seesPersonalData } from "./personal-data.ts";

/**
 * The person a card is issued to, and postal addresses. Personal data (contact details, date of
 * birth, gender, PAN, street and PIN code) shows in full only with the `cards:personal` scope;
 * without it, masked (see personal-data.ts).
 */
export interface PostalAddressValue {
  line1: string | null;
  line2: string | null;
  city: string | null;
  state: string | null;
  country: string | null;
  pincode: string | null;
}

export const PostalAddressRef = builder.objectRef<PostalAddressValue>("PostalAddress").implement({
  description:
    "A postal address as EnKash holds it. Without the cards:personal scope only the city, state and country show; the street lines and PIN code are null.",
  fields: (t) => ({
    line1: t.string({ nullable: true, description: "House, street.", resolve: (a) => a.line1 }),
    line2: t.string({ nullable: true, description: "Area, landmark.", resolve: (a) => a.line2 }),
    city: t.string({ nullable: true, description: "City.", resolve: (a) => a.city }),
    state: t.string({ nullable: true, description: "State or union territory.", resolve: (a) => a.state }),
    country: t.string({ nullable: true, description: "Country.", resolve: (a) => a.country }),
    pincode: t.string({ nullable: true, description: "6-digit PIN code.", resolve: (a) => a.pincode }),
  }),
});

/** An address for this viewer: null when EnKash holds none, the coarse parts only without the scope. */
export function addressFor(
  ctx: Parameters<typeof seesPersonalData>[0],
  address: PostalAddressValue,
): PostalAddressValue | null {
  if (Object.values(address).every((part) => part === null)) return null;
  return seesPersonalData(ctx) ? address : { ...address, line1: null, line2: null, pincode: null };
}

export const GenderEnum = builder.enumType("Gender", {
  description: "The cardholder's gender as EnKash records it.",
  values: { MALE: { description: "M." }, FEMALE: { description: "F." }, OTHER: { description: "O." } },
});
const GENDERS = { M: "MALE", F: "FEMALE", O: "OTHER" } as const;

export const CardholderRef = builder.objectRef<CardRecord>("Cardholder").implement({
  description:
    "The person the card is issued to. Contact details, date of birth, gender, PAN and street address show in full only with the cards:personal scope; without it they are masked or null.",
  fields: (t) => ({
    name: t.string({
      nullable: true,
      description: "Full name as on EnKash's record.",
      resolve: (card) =>
        [card.title, card.firstName, card.middleName, card.lastName].filter(Boolean).join(" ") || null,
    }),
    title: t.string({ nullable: true, description: "Mr, Ms, Dr…", resolve: (card) => card.title }),
    firstName: t.string({ nullable: true, description: "Given name.", resolve: (card) => card.firstName }),
    middleName: t.string({ nullable: true, description: "Middle name.", resolve: (card) => card.middleName }),
    lastName: t.string({ nullable: true, description: "Family name.", resolve: (card) => card.lastName }),
    gender: t.field({
      type: GenderEnum,
      nullable: true,
      description: "Gender; null without cards:personal, or when EnKash does not say.",
      resolve: (card, _args, ctx) =>
        seesPersonalData(ctx) ? (GENDERS[card.gender as keyof typeof GENDERS] ?? null) : null,
    }),
    dateOfBirth: t.string({
      nullable: true,
      description: "Date of birth (EnKash specialDate) as yyyy-MM-dd; null without cards:personal.",
      resolve: (card, _args, ctx) => (seesPersonalData(ctx) ? readEnkashDate(card.specialDate) : null),
    }),
    mobile: t.string({
      nullable: true,
      description: 'Mobile number: in full with cards:personal, else masked ("98XXXXXX10").',
      resolve: (card, _args, ctx) => personal(ctx, card.mobile, maskMobile),
    }),
    email: t.string({
      nullable: true,
      description: 'Email address: in full with cards:personal, else masked ("jo*****@example.in").',
      resolve: (card, _args, ctx) => personal(ctx, card.email, maskEmail),
    }),
    maskedMobile: t.string({
      nullable: true,
      description: 'Mobile number with the middle hidden: "98XXXXXX10".',
      resolve: (card) => maskMobile(card.mobile),
    }),
    maskedEmail: t.string({
      nullable: true,
      description: 'Email with most of the local part hidden: "jo*****@example.in".',
      resolve: (card) => maskEmail(card.email),
    }),
    pan: t.string({
      nullable: true,
      description: 'PAN (income-tax ID): in full with cards:personal, else its last four ("XXXXXX977R").',
      resolve: (card, _args, ctx) => personal(ctx, card.pan, maskPan),
    }),
    address: t.field({
      type: PostalAddressRef,
      nullable: true,
      description: "Home address; see PostalAddress for what shows without cards:personal.",
      resolve: (card, _args, ctx) =>
        addressFor(ctx, {
          line1: card.address,
          line2: card.address2,
          city: card.city,
          state: card.state,
          country: card.country,
          pincode: card.pincode,
        }),
    }),
    enKashUserId: t.string({
      nullable: true,
      description: "EnKash's user ID (EK…), for reconciliation.",
      resolve: (card) => card.userId,
    }),
  }),
});
