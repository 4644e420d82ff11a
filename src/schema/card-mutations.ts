import { mayChangeStatusWithoutOtp, type StatusChange } from "../auth/otp-policy.ts";
import { decryptPin } from "../auth/pin-encryption.ts";
import type { Context } from "../context.ts";
import { type CardKey, cardKey, transactionKey } from "../domain/keys.ts";
import { builder } from "./builder.ts";
import { GenderEnum } from "./cardholder.ts";
import { OtpActionEnum } from "./enums.ts";
import { type UserError, userError } from "./errors.ts";
import { idempotencyKeyField, referenceFromKey, withIdempotency } from "./idempotency.ts";
import {
  accountFromId,
  attempt,
  cardFromId,
  isUserError,
  OtpProofInput,
  otpProofOf,
  userErrorsField,
} from "./mutation-support.ts";
import { cardOtpSubject, otpSendRefusal, withOtpAttempt } from "./otp-guard.ts";
import { maskMobile } from "./personal-data.ts";
import { findCreatedCard, findLoad, readCardNow, recoverByCard } from "./recovery.ts";
import { CardRef, TransactionRef } from "./refs.ts";

/**
 * Card mutations. Each takes one input and returns one payload with the fresh card (its loader
 * entry cleared first) and `userErrors`. Nothing is sent to EnKash when the input is invalid.
 */

type CardPayload = { card?: CardKey; userErrors: UserError[] };

function cardPayload(
  name: string,
  description: string,
  extra?: (t: PothosSchemaTypes.ObjectFieldBuilder<never, CardPayload>) => object,
) {
  return builder.objectRef<CardPayload>(name).implement({
    description,
    fields: (t) => ({
      card: t.field({
        type: CardRef,
        nullable: true,
        description: "The card as it is now; null when the mutation failed.",
        resolve: (payload) => payload.card ?? null,
      }),
      userErrors: userErrorsField(t),
      ...(extra ? extra(t as never) : {}),
    }),
  });
}

/** Clears what the change made stale, so the payload's card is read fresh from EnKash. */
function fresh(ctx: Context, key: CardKey): { card: CardKey } {
  ctx.loaders.clearCard(key);
  return { card: key };
}

const AddressInput = builder.inputType("AddressInput", {
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

const CardholderInput = builder.inputType("CardholderInput", {
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

const CreateCardInput = builder.inputType("CreateCardInput", {
  description: "A new card. The account's type decides prepaid or gift; gift cards need an initial load.",
  fields: (t) => ({
    idempotencyKey: idempotencyKeyField(t),
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
});

const CREATE_CARD_PATHS: Record<string, string[]> = {
  ...Object.fromEntries(
    [
      "title",
      "firstName",
      "middleName",
      "lastName",
      "gender",
      "dateOfBirth",
      "mobile",
      "email",
      "pan",
      "address",
    ].map((field) => [field, ["input", "cardholder", field]]),
  ),
  userId: ["input", "cardholder", "enKashUserId"],
  delivery: ["input", "deliveryAddress"],
  loadAmount: ["input", "initialLoad"],
  remarks: ["input", "remarks"],
};

const toAddress = (address: typeof AddressInput.$inferInput) => ({
  line1: address.line1,
  ...(address.line2 ? { line2: address.line2 } : {}),
  city: address.city,
  state: address.state,
  country: address.country ?? "India",
  pincode: address.pincode,
});

builder.mutationField("createCard", (t) =>
  t.field({
    // An initial load moves money, as loadCard does: it needs cards:load as well.
    authScopes: (_parent, { input }, ctx) =>
      ctx.viewer.scopes.has("cards:write") &&
      (input.initialLoad == null || ctx.viewer.scopes.has("cards:load")),
    type: cardPayload("CreateCardPayload", "The result of createCard."),
    description:
      "Issues a card on an account: prepaid or gift by the account's type, virtual or also physical, with an optional initial load (required for gift cards).",
    args: { input: t.arg({ type: CreateCardInput, description: "The card to issue." }) },
    resolve: (_root, { input }, ctx) => {
      const account = accountFromId(ctx, input.accountId, ["input", "accountId"]);
      if (isUserError(account)) return { userErrors: [account] };
      const cardholder = input.cardholder ?? {};
      const run = async () => {
        const delivery = input.deliveryAddress ?? cardholder.address;
        if (input.physical && !delivery) {
          return {
            userErrors: [
              userError(
                "INVALID_INPUT",
                "deliveryAddress (or the cardholder's address) is required for a physical card",
                ["input", "deliveryAddress"],
              ),
            ],
          };
        }
        return attempt(
          async () => {
            const record = await ctx.enkash.call("createCard", {
              ...account,
              ...(cardholder.enKashUserId ? { userId: cardholder.enKashUserId } : {}),
              ...(cardholder.firstName ? { firstName: cardholder.firstName } : {}),
              ...(cardholder.mobile ? { mobile: cardholder.mobile } : {}),
              ...(cardholder.title ? { title: cardholder.title } : {}),
              ...(cardholder.middleName ? { middleName: cardholder.middleName } : {}),
              ...(cardholder.lastName ? { lastName: cardholder.lastName } : {}),
              ...(cardholder.gender
                ? { gender: ({ MALE: "M", FEMALE: "F", OTHER: "O" } as const)[cardholder.gender] }
                : {}),
              ...(cardholder.dateOfBirth ? { dateOfBirth: cardholder.dateOfBirth } : {}),
              ...(cardholder.email ? { email: cardholder.email } : {}),
              ...(cardholder.pan ? { pan: cardholder.pan } : {}),
              ...(cardholder.address ? { address: toAddress(cardholder.address) } : {}),
              physicalCard: input.physical ?? false,
              ...(input.physical && delivery ? { delivery: toAddress(delivery) } : {}),
              ...(input.initialLoad !== null && input.initialLoad !== undefined
                ? { loadAmount: input.initialLoad }
                : {}),
              ...(input.primary ? { primary: true } : {}),
              ...(input.remarks ? { remarks: input.remarks } : {}),
            });
            const key = { ...account, enKashCardId: record.enKashCardId };
            ctx.loaders.clearAccount(account);
            ctx.loaders.primeCard(record, account.companyId);
            return { card: key };
          },
          CREATE_CARD_PATHS,
          // EnKash's refusal of a gift card without a load is an input problem the client can fix.
          [
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
        );
      };
      // Recovery: EnKash does not de-duplicate creates; find the card the lost first run made (by
      // its cardholder, made since then). None, after reading every card: create it now. Unsure:
      // OUTCOME_UNKNOWN, never a second card (it could carry a second initial load).
      const recover = async (since: number) => {
        const search = await attempt(async () => ({
          result: await findCreatedCard(
            ctx,
            account,
            {
              mobile: cardholder.mobile,
              userId: cardholder.enKashUserId,
              firstName: cardholder.firstName,
              lastName: cardholder.lastName,
              email: cardholder.email,
            },
            since,
          ),
        }));
        if (!("result" in search)) return search;
        const { result } = search;
        if ("found" in result) {
          ctx.loaders.primeCard(result.found, account.companyId);
          return { card: { ...account, enKashCardId: result.found.enKashCardId }, userErrors: [] };
        }
        if ("absent" in result) return run();
        return {
          userErrors: [
            userError(
              "OUTCOME_UNKNOWN",
              "The first createCard with this key reached EnKash and its result was lost, and the card it may have made cannot be told apart: look for it in the account's cards before creating it again with a new key.",
            ),
          ],
        };
      };
      return withIdempotency("createCard", input, ctx, run, recover);
    },
  }),
);

const GenerateCardOtpInput = builder.inputType("GenerateCardOtpInput", {
  description: "Which card, and what the OTP will be used for.",
  fields: (t) => ({
    cardId: t.id({ description: "Global ID of the Card." }),
    action: t.field({
      type: OtpActionEnum,
      required: false,
      defaultValue: "TRANSACTION_OTP",
      description: "What the OTP will approve (default: any gated operation).",
    }),
  }),
});

type OtpPayloadShape = {
  otpRequestId?: string;
  maskedMobile?: string;
  expiresAt?: string;
  userErrors: UserError[];
};

const GenerateCardOtpPayload = builder.objectRef<OtpPayloadShape>("GenerateCardOtpPayload").implement({
  description: "The result of generateCardOtp.",
  fields: (t) => ({
    otpRequestId: t.string({
      nullable: true,
      description: "Pass this back with the code in OtpProofInput.",
      resolve: (payload) => payload.otpRequestId ?? null,
    }),
    maskedMobile: t.string({
      nullable: true,
      description: 'The number the SMS went to, masked: "60XXXXXX11".',
      resolve: (payload) => payload.maskedMobile ?? null,
    }),
    expiresAt: t.field({
      type: "DateTime",
      nullable: true,
      description:
        "When the OTP stops working (EnKash's OTP lifetime, 5 minutes unless configured otherwise). It also dies after 3 wrong codes.",
      resolve: (payload) => payload.expiresAt ?? null,
    }),
    userErrors: userErrorsField(t),
  }),
});

builder.mutationField("generateCardOtp", (t) =>
  t.field({
    authScopes: (_parent, _args, ctx) =>
      ctx.viewer.scopes.has("cards:pin") || ctx.viewer.scopes.has("cards:block"),
    type: GenerateCardOtpPayload,
    description:
      "Sends the cardholder an SMS OTP for one action on one card. Needed before setCardPin (when asked), lockCard, unlockCard, blockCard and requestCardReplacement.",
    args: { input: t.arg({ type: GenerateCardOtpInput, description: "Card and action." }) },
    resolve: async (_root, { input }, ctx) => {
      const card = cardFromId(ctx, input.cardId, ["input", "cardId"]);
      if (isUserError(card)) return { userErrors: [card] };
      const limited = await otpSendRefusal(ctx, cardOtpSubject(card));
      if (limited) return { userErrors: [limited] };
      return attempt(
        async () => {
          const otp = await ctx.enkash.call("generateOtp", {
            cardAccountId: card.cardAccountId,
            enKashCardId: card.enKashCardId,
            action: input.action ?? "TRANSACTION_OTP",
          });
          return {
            otpRequestId: otp.otpRequestId,
            // Masked again here: whatever EnKash sends, at most the first and last 2 digits show.
            maskedMobile: maskMobile(otp.mobileNumber),
            expiresAt: new Date(Date.now() + ctx.settings.otpTtlSeconds * 1000).toISOString(),
          };
        },
        {},
        [
          [
            /no mobile/i,
            userError(
              "NOT_ALLOWED",
              "This card has no mobile number to send an SMS OTP to; prove with an authenticator code instead",
            ),
          ],
        ],
      );
    },
  }),
);

const SetCardPinInput = builder.inputType("SetCardPinInput", {
  description:
    "A new PIN for a card: in clear (`pin`) or encrypted to the server's key (`encryptedPin`), exactly one.",
  fields: (t) => ({
    idempotencyKey: idempotencyKeyField(t),
    cardId: t.id({ description: "Global ID of the Card." }),
    pin: t.field({
      type: "Pin",
      required: false,
      description: "The new 4-digit PIN. Never logged, stored or echoed.",
    }),
    encryptedPin: t.string({
      required: false,
      description:
        "The new PIN encrypted with RSA-OAEP (SHA-256) to `pinEncryptionKey`, base64: the PIN never crosses the wire in clear.",
    }),
    otp: t.field({
      type: OtpProofInput,
      required: false,
      description: "The cardholder's approval; when given, EnKash checks it (otpRequired).",
    }),
  }),
});

builder.mutationField("setCardPin", (t) =>
  t.field({
    authScopes: { scope: "cards:pin" },
    type: cardPayload("SetCardPinPayload", "The result of setCardPin."),
    description:
      "Sets or changes the card's PIN. A card in ACTIVATION_IN_PROGRESS becomes ACTIVE. Not allowed on a BLOCKED card.",
    args: { input: t.arg({ type: SetCardPinInput, description: "Card, PIN and optional OTP proof." }) },
    resolve: (_root, { input }, ctx) => {
      const card = cardFromId(ctx, input.cardId, ["input", "cardId"]);
      if (isUserError(card)) return { userErrors: [card] };
      if ((input.pin == null) === (input.encryptedPin == null)) {
        return {
          userErrors: [
            userError("INVALID_INPUT", "give exactly one of pin and encryptedPin", ["input", "pin"]),
          ],
        };
      }
      const pin = input.pin ?? decryptPin(ctx.settings.pinKey, input.encryptedPin ?? "");
      if (!pin) {
        return {
          userErrors: [
            userError(
              "INVALID_INPUT",
              "encryptedPin must be a 4-digit PIN encrypted to the current pinEncryptionKey",
              ["input", "encryptedPin"],
            ),
          ],
        };
      }
      const otp = input.otp ? otpProofOf(input.otp, ["input", "otp"]) : undefined;
      if (isUserError(otp)) return { userErrors: [otp] };
      // The PIN itself counts in the idempotency hash (keyed), however it was sent.
      const request = { ...input, pin, encryptedPin: null };
      const set = () =>
        attempt(
          async () => {
            await ctx.enkash.call("setPin", { ...card, pin, ...(otp ? { otp } : {}) });
            return fresh(ctx, card);
          },
          { pin: ["input", "pin"], otp: ["input", "otp"] },
        );
      const run = () => (otp ? withOtpAttempt(ctx, cardOtpSubject(card), set) : set());
      // Recovery: setting the same PIN again is harmless; but the first run may have spent the OTP,
      // and then whether the PIN was set cannot be read (EnKash never shows it).
      const recover = async () => {
        const again = await run();
        return again.userErrors.some((error) => error.code === "OTP_INVALID" || error.code === "OTP_EXPIRED")
          ? {
              userErrors: [
                userError(
                  "OUTCOME_UNKNOWN",
                  "The first setCardPin with this key reached EnKash and its result was lost, and its OTP is spent: the PIN may be set. Set it again with a new OTP and a new key.",
                ),
              ],
            }
          : again;
      };
      return withIdempotency("setCardPin", request, ctx, run, recover);
    },
  }),
);

/**
 * A LOCKED card sent back to activation becomes spendable again with a new PIN, which an admin may
 * set without the cardholder: that would be an unlock without their OTP. So without an OTP, AP is
 * taken only from a card that is not LOCKED (read first: one more EnKash call, on this path only).
 */
async function lockedCardRefusal(ctx: Context, card: CardKey): Promise<UserError | null> {
  const record = await ctx.loaders.card.load(cardKey(card));
  if (record?.cardStatus.name !== "L") return null;
  return userError(
    "OTP_REQUIRED",
    "A locked card goes back to activation only with the cardholder's OTP: a new PIN would make it spendable again",
    ["input", "otp"],
  );
}

/** EnKash's `createdBy`: who asked, as authentication named them (bounded to EnKash's field). */
const createdByOf = (ctx: Context) => ctx.viewer.subject.slice(0, 255);

function statusMutation(options: {
  name: "lockCard" | "unlockCard" | "blockCard" | "resetCardActivation";
  blockCode: StatusChange;
  description: string;
  inputDescription: string;
}) {
  const { name, blockCode, description, inputDescription } = options;
  const protective = blockCode !== "UL";
  const capitalized = `${name.charAt(0).toUpperCase()}${name.slice(1)}`;
  const input = builder.inputType(`${capitalized}Input`, {
    description: inputDescription,
    fields: (t) => ({
      idempotencyKey: idempotencyKeyField(t),
      cardId: t.id({ description: "Global ID of the Card." }),
      reason: t.string({ required: false, description: "Why (lost, stolen, fraud…); kept by EnKash." }),
      otp: t.field({
        type: OtpProofInput,
        required: !protective,
        description: protective
          ? "The cardholder's approval (generateCardOtp first for SMS). Required of cardholders; an admin role named in PROTECTIVE_ACTIONS_WITHOUT_OTP (both admin roles by default) may leave it out, and EnKash is then told otpRequired false."
          : "The cardholder's approval (generateCardOtp first for SMS). Always required: making a card spendable again needs the cardholder.",
      }),
    }),
  });
  builder.mutationField(name, (t) =>
    t.field({
      authScopes: { scope: "cards:block" },
      type: cardPayload(`${capitalized}Payload`, `The result of ${name}.`),
      description,
      args: { input: t.arg({ type: input, description: inputDescription }) },
      resolve: (_root, { input: args }, ctx) => {
        const card = cardFromId(ctx, args.cardId, ["input", "cardId"]);
        if (isUserError(card)) return { userErrors: [card] };
        const otp = args.otp ? otpProofOf(args.otp, ["input", "otp"]) : undefined;
        if (isUserError(otp)) return { userErrors: [otp] };
        if (
          !otp &&
          !mayChangeStatusWithoutOtp(ctx.viewer, blockCode, ctx.settings.protectiveActionsWithoutOtp)
        )
          return {
            userErrors: [
              userError("OTP_REQUIRED", "The cardholder's OTP is required for this change", ["input", "otp"]),
            ],
          };
        const run = async () => {
          if (!otp && blockCode === "AP") {
            const checked = await attempt(async () => ({ refusal: await lockedCardRefusal(ctx, card) }));
            if (!("refusal" in checked)) return checked;
            if (checked.refusal) return { userErrors: [checked.refusal] };
          }
          const change = () =>
            attempt(
              async () => {
                await ctx.enkash.call("blockCard", {
                  ...card,
                  blockCode,
                  ...(args.reason ? { reason: args.reason } : {}),
                  createdBy: createdByOf(ctx),
                  ...(otp ? { otp } : {}),
                });
                return fresh(ctx, card);
              },
              { otp: ["input", "otp"], reason: ["input", "reason"] },
            );
          return otp ? withOtpAttempt(ctx, cardOtpSubject(card), change) : change();
        };
        // Recovery: the status EnKash shows says whether the lost first run's change was made.
        return withIdempotency(name, args, ctx, run, () =>
          recoverByCard(
            ctx,
            card,
            (record) => record.cardStatus.name === blockCode,
            () => ({ card }),
            run,
          ),
        );
      },
    }),
  );
}

const WITHOUT_OTP_NOTE =
  "OTP-gated for cardholders; an admin may act without the OTP (PROTECTIVE_ACTIONS_WITHOUT_OTP).";

statusMutation({
  name: "lockCard",
  blockCode: "L",
  description: `Freezes an ACTIVE card (EnKash L): spends are declined until unlockCard. Reversible. ${WITHOUT_OTP_NOTE}`,
  inputDescription: "The card to lock, and the cardholder's approval when needed.",
});
statusMutation({
  name: "unlockCard",
  blockCode: "UL",
  description: "Unfreezes a LOCKED card (EnKash UL). Always OTP-gated, for every role.",
  inputDescription: "The card to unlock, and the cardholder's approval.",
});
statusMutation({
  name: "blockCard",
  blockCode: "BL",
  description: `Blocks a card for good (EnKash BL), e.g. when lost or stolen. FINAL: a blocked card can never be unlocked, loaded or used again; requestCardReplacement issues a new one. ${WITHOUT_OTP_NOTE}`,
  inputDescription: "The card to block, why, and the cardholder's approval when needed.",
});
statusMutation({
  name: "resetCardActivation",
  blockCode: "AP",
  description: `Puts an ACTIVE or LOCKED card back to ACTIVATION_IN_PROGRESS (EnKash AP): spends are declined until a new PIN is set with setCardPin, which makes it ACTIVE again. For a PIN that may be known to someone else, or a plastic card not yet in the cardholder's hands. ${WITHOUT_OTP_NOTE}`,
  inputDescription: "The card to send back to activation, and the cardholder's approval when needed.",
});

const LoadCardInput = builder.inputType("LoadCardInput", {
  description: "Money to move from the card's account onto the card.",
  fields: (t) => ({
    idempotencyKey: idempotencyKeyField(t),
    cardId: t.id({ description: "Global ID of the Card (prepaid; gift cards cannot be reloaded)." }),
    amount: t.field({ type: "Decimal", description: "Rupees, at least 0.01." }),
    referenceNumber: t.string({
      required: false,
      description:
        "Your unique reference for this load (EnKash uniqueReferenceNumber). EnKash refuses a repeat, so a retry can never load twice. Derived from the idempotency key when absent; one of the two is required.",
    }),
    description: t.string({ required: false, description: "Shown on the transaction." }),
  }),
});

type LoadPayloadShape = CardPayload & { transactionId?: string };

builder.mutationField("loadCard", (t) =>
  t.field({
    authScopes: { scope: "cards:load" },
    type: builder.objectRef<LoadPayloadShape>("LoadCardPayload").implement({
      description: "The result of loadCard.",
      fields: (f) => ({
        card: f.field({
          type: CardRef,
          nullable: true,
          description: "The card with its new balance; null when the load failed.",
          resolve: (payload) => payload.card ?? null,
        }),
        transaction: f.field({
          type: TransactionRef,
          nullable: true,
          description: "The load's transaction (one more EnKash call when selected).",
          resolve: async (payload, _args, ctx) => {
            if (!payload.card || !payload.transactionId) return null;
            const key = transactionKey({ ...payload.card, enKashTransactionId: payload.transactionId });
            const record = await ctx.loaders.transaction.load(key);
            return record
              ? { ...record, companyId: payload.card.companyId, cardAccountId: payload.card.cardAccountId }
              : null;
          },
        }),
        userErrors: userErrorsField(f),
      }),
    }),
    description:
      "Moves money from the card's account onto a prepaid card. Refused (nothing moves) for gift or blocked cards, a short account balance, or a reference number already used.",
    args: { input: t.arg({ type: LoadCardInput, description: "Card, amount and your reference." }) },
    resolve: (_root, { input }, ctx) => {
      const card = cardFromId(ctx, input.cardId, ["input", "cardId"]);
      if (isUserError(card)) return { userErrors: [card] };
      // With an idempotency key, the reference comes from it: even a retry after OUTCOME_UNKNOWN
      // cannot move money twice, because EnKash refuses a repeated reference.
      const key = input.idempotencyKey ?? ctx.idempotencyKey;
      const reference = input.referenceNumber ?? (key ? referenceFromKey(ctx, key) : null);
      if (!reference) {
        return {
          userErrors: [
            userError("INVALID_INPUT", "referenceNumber or an idempotency key is required", [
              "input",
              "referenceNumber",
            ]),
          ],
        };
      }
      const load = () =>
        attempt(
          async () => {
            const result = await ctx.enkash.call("loadCardBalance", {
              ...card,
              amount: input.amount,
              uniqueReferenceNumber: reference,
              ...(input.description ? { description: input.description } : {}),
            });
            return { ...fresh(ctx, card), transactionId: result.enkashCardTxnId };
          },
          {
            amount: ["input", "amount"],
            uniqueReferenceNumber: ["input", "referenceNumber"],
            description: ["input", "description"],
          },
        );
      // EnKash de-duplicates by reference. With an idempotency key, a load refused as a duplicate is
      // this request's own earlier load (its answer lost, or its record lost with Redis's data):
      // that load, found by its reference, is the outcome. This is also the recovery rule.
      const loadOrFindIt = async () => {
        const sent = await load();
        if (!sent.userErrors.some((error) => error.code === "DUPLICATE_REFERENCE")) return sent;
        const found = await attempt(async () => ({ made: await findLoad(ctx, card, reference) }));
        if (!("made" in found)) return found;
        // The same reference on this card for another amount is another load: still a duplicate.
        if (found.made?.principalAmount !== input.amount) return sent;
        return { ...fresh(ctx, card), transactionId: found.made.enKashTransactionId, userErrors: [] };
      };
      return key ? withIdempotency("loadCard", input, ctx, loadOrFindIt, loadOrFindIt) : load();
    },
  }),
);

const LimitsInput = builder.inputType("CardLimitsInput", {
  description: "Limits to change; absent fields stay as they are, null removes a limit.",
  fields: (t) => ({
    perTransaction: t.field({
      type: "Decimal",
      required: false,
      description: "Most one spend may be (rupees).",
    }),
    daily: t.field({ type: "Decimal", required: false, description: "Most spent per day." }),
    monthly: t.field({ type: "Decimal", required: false, description: "Most spent per month." }),
    yearly: t.field({ type: "Decimal", required: false, description: "Most spent per year." }),
    posDaily: t.field({ type: "Decimal", required: false, description: "Most spent in stores per day." }),
    onlineDaily: t.field({ type: "Decimal", required: false, description: "Most spent online per day." }),
    contactlessDaily: t.field({
      type: "Decimal",
      required: false,
      description: "Most spent by tap per day.",
    }),
    dailyCount: t.int({ required: false, description: "Most spends per day." }),
    monthlyCount: t.int({ required: false, description: "Most spends per month." }),
    yearlyCount: t.int({ required: false, description: "Most spends per year." }),
    posDailyCount: t.int({ required: false, description: "Most store spends per day." }),
    onlineDailyCount: t.int({ required: false, description: "Most online spends per day." }),
    contactlessDailyCount: t.int({ required: false, description: "Most tap spends per day." }),
  }),
});

const UpdateCardControlsInput = builder.inputType("UpdateCardControlsInput", {
  description: "Channel switches and limits to change on a card; absent fields stay as they are.",
  fields: (t) => ({
    idempotencyKey: idempotencyKeyField(t),
    cardId: t.id({ description: "Global ID of the Card." }),
    pos: t.boolean({ required: false, description: "Allow in-store spends." }),
    online: t.boolean({ required: false, description: "Allow online spends." }),
    atm: t.boolean({ required: false, description: "Allow ATM withdrawals." }),
    international: t.boolean({ required: false, description: "Allow spends abroad." }),
    contactless: t.boolean({ required: false, description: "Allow tap-to-pay." }),
    limits: t.field({ type: LimitsInput, required: false, description: "Amount and count limits." }),
  }),
});

builder.mutationField("updateCardControls", (t) =>
  t.field({
    authScopes: { scope: "cards:write" },
    type: cardPayload("UpdateCardControlsPayload", "The result of updateCardControls."),
    description: "Changes where and how much a card may be used. Not allowed on a BLOCKED card.",
    args: { input: t.arg({ type: UpdateCardControlsInput, description: "The card and the changes." }) },
    resolve: (_root, { input }, ctx) => {
      const card = cardFromId(ctx, input.cardId, ["input", "cardId"]);
      if (isUserError(card)) return { userErrors: [card] };
      const run = async () => {
        const limits = input.limits ?? {};
        const changes = Object.fromEntries(
          Object.entries({
            posAllowed: input.pos,
            onlineAllowed: input.online,
            atmAllowed: input.atm,
            internationalAllowed: input.international,
            contactlessAllowed: input.contactless,
            perTxnLimit: limits.perTransaction,
            dailyLimit: limits.daily,
            monthlyLimit: limits.monthly,
            yearlyLimit: limits.yearly,
            posDailyLimit: limits.posDaily,
            ecomDailyLimit: limits.onlineDaily,
            contactlessDailyLimit: limits.contactlessDaily,
            dailyCount: limits.dailyCount,
            monthlyCount: limits.monthlyCount,
            yearlyCount: limits.yearlyCount,
            posDailyCount: limits.posDailyCount,
            ecomDailyCount: limits.onlineDailyCount,
            contactlessDailyCount: limits.contactlessDailyCount,
          }).filter(([, value]) => value !== undefined),
        );
        // A switch cannot be "removed"; null only clears limits.
        for (const flag of [
          "posAllowed",
          "onlineAllowed",
          "atmAllowed",
          "internationalAllowed",
          "contactlessAllowed",
        ]) {
          if (changes[flag] === null)
            return {
              userErrors: [
                userError("INVALID_INPUT", "must be true or false", ["input", flag.replace("Allowed", "")]),
              ],
            };
        }
        return attempt(
          async () => {
            await ctx.enkash.call("updateUsageControls", {
              companyId: card.companyId,
              cardAccountId: card.cardAccountId,
              enKashCardIds: [card.enKashCardId],
              ...changes,
            });
            return fresh(ctx, card);
          },
          Object.fromEntries(Object.keys(changes).map((field) => [field, ["input", "limits"]])),
        );
      };
      // Recovery: setting the same controls again gives the same controls.
      return withIdempotency("updateCardControls", input, ctx, run, run);
    },
  }),
);

const GatedCardInput = builder.inputType("RequestCardReplacementInput", {
  description: "The card to replace, and the cardholder's approval.",
  fields: (t) => ({
    idempotencyKey: idempotencyKeyField(t),
    cardId: t.id({ description: "Global ID of the Card to replace (not BLOCKED)." }),
    otp: t.field({ type: OtpProofInput, description: "The cardholder's approval." }),
  }),
});

type ReplacementShape = { replacedCard?: CardKey; newCard?: CardKey; userErrors: UserError[] };

builder.mutationField("requestCardReplacement", (t) =>
  t.field({
    authScopes: { scope: "cards:block" },
    type: builder.objectRef<ReplacementShape>("RequestCardReplacementPayload").implement({
      description: "The result of requestCardReplacement.",
      fields: (f) => ({
        replacedCard: f.field({
          type: CardRef,
          nullable: true,
          description: "The old card, now BLOCKED.",
          resolve: (payload) => payload.replacedCard ?? null,
        }),
        newCard: f.field({
          type: CardRef,
          nullable: true,
          description:
            "The new card, with the old card's balance and controls; null for a viewer who may not see it (a cardholder whose token does not name it yet).",
          resolve: (payload) => payload.newCard ?? null,
        }),
        userErrors: userErrorsField(f),
      }),
    }),
    description:
      "Issues a new card to the same cardholder, moves the balance and controls over, and blocks the old card for good. OTP-gated.",
    args: { input: t.arg({ type: GatedCardInput, description: "Card and approval." }) },
    resolve: (_root, { input }, ctx) => {
      const card = cardFromId(ctx, input.cardId, ["input", "cardId"]);
      if (isUserError(card)) return { userErrors: [card] };
      const otp = otpProofOf(input.otp, ["input", "otp"]);
      if (isUserError(otp)) return { userErrors: [otp] };
      const run = () =>
        withOtpAttempt(ctx, cardOtpSubject(card), () =>
          attempt(async () => {
            const record = await ctx.enkash.call("replaceCard", { ...card, otp });
            const newCard = {
              companyId: card.companyId,
              cardAccountId: card.cardAccountId,
              enKashCardId: record.enKashCardId,
            };
            ctx.loaders.clearCard(card);
            ctx.loaders.primeCard(record, card.companyId);
            return { replacedCard: card, newCard };
          }),
        );
      // Recovery: the old card still unblocked means no replacement was made: make it now. Blocked:
      // the new card is the cardholder's card made since the first run.
      const recover = async (since: number) => {
        const found = await attempt(async () => {
          const old = await readCardNow(ctx, card);
          if (old?.cardStatus.name !== "BL") return { search: null };
          const account = { companyId: card.companyId, cardAccountId: card.cardAccountId };
          const sought = { userId: old.userId, notCardId: card.enKashCardId };
          return { search: await findCreatedCard(ctx, account, sought, since) };
        });
        if (!("search" in found)) return found;
        if (found.search === null) return run();
        if ("found" in found.search) {
          ctx.loaders.primeCard(found.search.found, card.companyId);
          return {
            replacedCard: card,
            newCard: { ...card, enKashCardId: found.search.found.enKashCardId },
            userErrors: [],
          };
        }
        return {
          userErrors: [
            userError(
              "OUTCOME_UNKNOWN",
              "The first requestCardReplacement with this key blocked the card, and its new card cannot be told apart: look for the cardholder's newest card in the account.",
            ),
          ],
        };
      };
      return withIdempotency("requestCardReplacement", input, ctx, run, recover);
    },
  }),
);

const OrderPhysicalCardInput = builder.inputType("OrderPhysicalCardInput", {
  description: "A plastic card for a virtual card, and where to send it.",
  fields: (t) => ({
    idempotencyKey: idempotencyKeyField(t),
    cardId: t.id({ description: "Global ID of the (virtual) Card." }),
    deliveryAddress: t.field({ type: AddressInput, description: "Where to deliver it." }),
  }),
});

builder.mutationField("orderPhysicalCard", (t) =>
  t.field({
    authScopes: { scope: "cards:write" },
    type: cardPayload("OrderPhysicalCardPayload", "The result of orderPhysicalCard."),
    description:
      "Orders a plastic card for a virtual card. Refused when it already has one, is BLOCKED, or its account does not allow physical cards.",
    args: { input: t.arg({ type: OrderPhysicalCardInput, description: "Card and delivery address." }) },
    resolve: (_root, { input }, ctx) => {
      const card = cardFromId(ctx, input.cardId, ["input", "cardId"]);
      if (isUserError(card)) return { userErrors: [card] };
      const run = () =>
        attempt(
          async () => {
            await ctx.enkash.call("orderPhysicalCard", {
              ...card,
              delivery: toAddress(input.deliveryAddress),
            });
            return fresh(ctx, card);
          },
          { delivery: ["input", "deliveryAddress"] },
        );
      // Recovery: a card that shows a plastic (or its request) got it from the first run.
      return withIdempotency("orderPhysicalCard", input, ctx, run, () =>
        recoverByCard(
          ctx,
          card,
          (record) => record.physicalCard === true || record.physicalCardRequestDate !== null,
          () => ({ card }),
          run,
        ),
      );
    },
  }),
);
