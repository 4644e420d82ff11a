import { z } from "zod";
import { email, enkashId, mobile } from "../enkash/wire/common.ts";
import { isoDate, pan, pincode, text } from "../enkash/wire/rules.ts";
import { builder } from "./builder.ts";
import { GenderEnum } from "./cardholder.ts";

/**
 * Input types the card mutations share (a postal address, a cardholder), and their rules, with the
 * inputs' own shape, so that a broken rule is reported at its path in the input (mutation.ts).
 * The rules are EnKash's, from the same module the client checks its calls with.
 */

export const AddressInput = builder.inputType("AddressInput", {
  description: "A postal address in India.",
  fields: (t) => ({
    line1: t.string({ description: "House, street." }),
    line2: t.string({ required: false, description: "Area, landmark." }),
    city: t.string({ description: "City." }),
    state: t.string({ description: "State or union territory." }),
    country: t.string({ required: false, defaultValue: "India", description: "Country (default India)." }),
    pincode: t.string({ description: "6-digit PIN code." }),
  }),
});
export type AddressValue = typeof AddressInput.$inferInput;

export const CardholderInput = builder.inputType("CardholderInput", {
  description:
    "Who the card is for. Every field is optional, as on EnKash's page (source 002); EnKash's rules apply to what is given: email pattern, 10-digit mobile, real dates. A card without a mobile cannot receive SMS OTPs (its changes then need an authenticator code or an admin).",
  fields: (t) => ({
    enKashUserId: t.string({
      required: false,
      description:
        "An existing EnKash user (userId, e.g. EKPBJ8L4) to issue the card to: EnKash then knows the cardholder already.",
    }),
    title: t.string({ required: false, description: "Mr, Ms, Mrs, Dr…" }),
    firstName: t.string({ required: false, description: "Given name." }),
    middleName: t.string({ required: false, description: "Middle name." }),
    lastName: t.string({ required: false, description: "Family name." }),
    gender: t.field({ type: GenderEnum, required: false, description: "Gender." }),
    dateOfBirth: t.string({ required: false, description: "Date of birth, yyyy-MM-dd." }),
    mobile: t.string({
      required: false,
      description: "10-digit Indian mobile number; SMS OTPs go here. One live card per mobile per account.",
    }),
    email: t.string({ required: false, description: "Email address." }),
    pan: t.string({ required: false, description: "PAN (AAAAA9999A); gives minimum KYC." }),
    address: t.field({ type: AddressInput, required: false, description: "Home address." }),
  }),
});
export type CardholderValue = typeof CardholderInput.$inferInput;

/** An optional input field: absent, null or empty means "not given"; anything else must pass `rule`. */
export const given = <T extends z.ZodType>(rule: T) =>
  z.preprocess((value) => (value === "" || value === null ? undefined : value), rule.optional());

export const addressRules = z.object({
  line1: text(),
  line2: given(text()),
  city: text(100),
  state: text(100),
  country: given(text(100)),
  pincode,
});

/** In EnKash's order of checks (reference 7.2), so the first broken rule reported is EnKash's first. */
export const cardholderRules = z.object({
  enKashUserId: given(enkashId),
  email: given(email),
  mobile: given(mobile),
  title: given(text(20)),
  firstName: given(text(100)),
  middleName: given(text(100)),
  lastName: given(text(100)),
  dateOfBirth: given(isoDate),
  address: given(addressRules),
  pan: given(pan),
});

/** An address as the EnKash client takes it. */
export const toAddress = (address: AddressValue) => ({
  line1: address.line1,
  ...(address.line2 ? { line2: address.line2 } : {}),
  city: address.city,
  state: address.state,
  country: address.country ?? "India",
  pincode: address.pincode,
});

/** The object without its absent, null or empty entries (what EnKash is not told). */
export function withoutEmpty<T extends Record<string, unknown>>(
  object: T,
): { [K in keyof T]?: NonNullable<T[K]> } {
  return Object.fromEntries(
    Object.entries(object).filter(([, value]) => value !== undefined && value !== null && value !== ""),
  ) as { [K in keyof T]?: NonNullable<T[K]> };
}
