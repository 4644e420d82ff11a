import { z } from "zod";
import type { AccountKey } from "../domain/keys.ts";
import { paise } from "../enkash/wire/common.ts";
import { text } from "../enkash/wire/rules.ts";
import {
  AddressInput,
  addressRules,
  CardholderInput,
  type CardholderValue,
  cardholderRules,
  given,
  toAddress,
  withoutEmpty,
} from "./card-inputs.ts";
import { cardPayload } from "./card-payload.ts";
import { userError } from "./errors.ts";
import { defineMutation, type InputFields } from "./mutation.ts";
import { accountFromId, attempt } from "./mutation-support.ts";
import { findCreatedCard } from "./recovery.ts";

/** createCard: EnKash's Create Reloadable Prepaid Card / Non Reloadable Gift Card (source 002). */

const GENDER = { MALE: "M", FEMALE: "F", OTHER: "O" } as const;

/** What the EnKash client is asked for: the input in EnKash's terms, without what was not given. */
function createCardCall(
  account: AccountKey,
  input: {
    cardholder?: CardholderValue | null;
    physical?: boolean | null;
    deliveryAddress?: typeof AddressInput.$inferInput | null;
    initialLoad?: number | null;
    primary?: boolean | null;
    remarks?: string | null;
  },
) {
  const holder = input.cardholder ?? {};
  const delivery = input.deliveryAddress ?? holder.address;
  return {
    ...account,
    ...withoutEmpty({
      userId: holder.enKashUserId,
      firstName: holder.firstName,
      mobile: holder.mobile,
      title: holder.title,
      middleName: holder.middleName,
      lastName: holder.lastName,
      gender: holder.gender ? GENDER[holder.gender] : undefined,
      dateOfBirth: holder.dateOfBirth,
      email: holder.email,
      pan: holder.pan,
      address: holder.address ? toAddress(holder.address) : undefined,
      delivery: input.physical && delivery ? toAddress(delivery) : undefined,
      loadAmount: input.initialLoad,
      primary: input.primary || undefined,
      remarks: input.remarks,
    }),
    physicalCard: input.physical ?? false,
  };
}

defineMutation({
  name: "createCard",
  description:
    "Issues a card on an account: prepaid or gift by the account's type, virtual or also physical, with an optional initial load (required for gift cards).",
  // An initial load moves money, as loadCard does: it needs cards:load as well.
  scope: (input, ctx) =>
    ctx.viewer.scopes.has("cards:write") &&
    (input.initialLoad == null || ctx.viewer.scopes.has("cards:load")),
  idempotent: true,
  input: {
    description: "A new card. The account's type decides prepaid or gift; gift cards need an initial load.",
    fields: (t: InputFields) => ({
      accountId: t.id({ description: "Global ID of the CardAccount to issue on." }),
      cardholder: t.field({
        type: CardholderInput,
        required: false,
        description: "Who the card is for; may be left out (EnKash requires none of it).",
      }),
      physical: t.boolean({
        required: false,
        defaultValue: false,
        description: "Also issue a plastic card (it starts ACTIVATION_IN_PROGRESS until its first PIN).",
      }),
      deliveryAddress: t.field({
        type: AddressInput,
        required: false,
        description: "Where to send the plastic; the home address when absent.",
      }),
      initialLoad: t.field({
        type: "Decimal",
        required: false,
        description:
          "Rupees to move from the account onto the card at issue. Required for gift cards. Moving money needs the cards:load scope, and a createCard with an initial load counts as the request's one money-moving mutation.",
      }),
      primary: t.boolean({
        required: false,
        defaultValue: false,
        description: "Make it the account's primary card.",
      }),
      remarks: t.string({ required: false, description: "A note kept with the card." }),
    }),
  },
  payload: cardPayload("createCard"),
  validate: z.object({
    cardholder: given(cardholderRules),
    deliveryAddress: given(addressRules),
    initialLoad: given(paise),
    remarks: given(text()),
  }),
  target: (input, ctx) => accountFromId(ctx, String(input.accountId), ["input", "accountId"]),
  check: ({ input }) =>
    input.physical && !(input.deliveryAddress ?? input.cardholder?.address)
      ? userError(
          "INVALID_INPUT",
          "deliveryAddress (or the cardholder's address) is required for a physical card",
          ["input", "deliveryAddress"],
        )
      : null,
  refusals: [
    // EnKash's refusal of a gift card without a load is an input problem the client can fix.
    [
      /load amount is mandatory/i,
      userError("INVALID_INPUT", "initialLoad is required for gift cards", ["input", "initialLoad"]),
    ],
    [
      /user not found/i,
      userError("INVALID_INPUT", "enKashUserId must name an existing EnKash user of this company", [
        "input",
        "cardholder",
        "enKashUserId",
      ]),
    ],
  ],
  run: async ({ ctx, input, target: account }) => {
    const record = await ctx.enkash.call("createCard", createCardCall(account, input));
    ctx.loaders.clearAccount(account);
    ctx.loaders.primeCard(record, account.companyId);
    return { card: { ...account, enKashCardId: record.enKashCardId } };
  },
  // Recovery: EnKash does not de-duplicate creates; find the card the lost first run made (by its
  // cardholder, made since then). None, after reading every card: create it now. Unsure:
  // OUTCOME_UNKNOWN, never a second card (it could carry a second initial load).
  recover: async ({ ctx, input, target: account, since, again }) => {
    const holder = input.cardholder ?? {};
    const sought = {
      mobile: holder.mobile,
      userId: holder.enKashUserId,
      firstName: holder.firstName,
      lastName: holder.lastName,
      email: holder.email,
    };
    const search = await attempt(async () => ({
      result: await findCreatedCard(ctx, account, sought, since),
    }));
    if (!("result" in search)) return search;
    const { result } = search;
    if ("absent" in result) return again();
    if ("found" in result) {
      ctx.loaders.primeCard(result.found, account.companyId);
      return { card: { ...account, enKashCardId: result.found.enKashCardId }, userErrors: [] };
    }
    return {
      userErrors: [
        userError(
          "OUTCOME_UNKNOWN",
          "The first createCard with this key reached EnKash and its result was lost, and the card it may have made cannot be told apart: look for it in the account's cards before creating it again with a new key.",
        ),
      ],
    };
  },
});
