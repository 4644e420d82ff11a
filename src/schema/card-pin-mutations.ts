import { decryptPin } from "../auth/pin-encryption.ts";
import type { Context } from "../context.ts";
import type { CardKey } from "../domain/keys.ts";
import { cardPayload, fresh } from "./card-payload.ts";
import { OtpActionEnum } from "./enums.ts";
import { type UserError, userError } from "./errors.ts";
import { defineMutation, type InputFields, payloadType } from "./mutation.ts";
import { cardFromId, isUserError } from "./mutation-support.ts";
import { cardOtpSubject, otpSendRefusal } from "./otp-guard.ts";
import { maskMobile } from "./personal-data.ts";

/** generateCardOtp and setCardPin: the cardholder's OTP (source 000) and PIN (source 001). */

type OtpSent = { otpRequestId?: string; maskedMobile?: string | null; expiresAt?: string };

defineMutation({
  name: "generateCardOtp",
  description:
    "Sends the cardholder an SMS OTP for one action on one card. Needed before setCardPin (when asked), lockCard, unlockCard, blockCard and requestCardReplacement.",
  scope: (_input, ctx) => ctx.viewer.scopes.has("cards:pin") || ctx.viewer.scopes.has("cards:block"),
  idempotent: false,
  input: {
    description: "Which card, and what the OTP will be used for.",
    fields: (t: InputFields) => ({
      cardId: t.id({ description: "Global ID of the Card." }),
      action: t.field({
        type: OtpActionEnum,
        required: false,
        defaultValue: "TRANSACTION_OTP",
        description: "What the OTP will approve (default: any gated operation).",
      }),
    }),
  },
  payload: payloadType<OtpSent & { userErrors: UserError[] }>(
    "GenerateCardOtpPayload",
    "The result of generateCardOtp.",
    (t) => ({
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
    }),
  ),
  target: (input, ctx) => cardFromId(ctx, String(input.cardId), ["input", "cardId"]),
  // Counts the send against the card's OTP bounds before anything is sent.
  check: ({ ctx, target }) => otpSendRefusal(ctx, cardOtpSubject(target)),
  refusals: [
    [
      /no mobile/i,
      userError(
        "NOT_ALLOWED",
        "This card has no mobile number to send an SMS OTP to; prove with an authenticator code instead",
      ),
    ],
  ],
  run: async ({ ctx, input, target: card }): Promise<OtpSent> => {
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
});

/** The card and its new PIN, in clear (`pin`) or decrypted from `encryptedPin`: exactly one given. */
function cardAndPin(
  input: { cardId: string | number; pin?: string | null; encryptedPin?: string | null },
  ctx: Context,
): { card: CardKey; pin: string } | UserError {
  const card = cardFromId(ctx, String(input.cardId), ["input", "cardId"]);
  if (isUserError(card)) return card;
  if ((input.pin == null) === (input.encryptedPin == null))
    return userError("INVALID_INPUT", "give exactly one of pin and encryptedPin", ["input", "pin"]);
  const pin = input.pin ?? decryptPin(ctx.settings.pinKey, input.encryptedPin ?? "");
  return pin
    ? { card, pin }
    : userError(
        "INVALID_INPUT",
        "encryptedPin must be a 4-digit PIN encrypted to the current pinEncryptionKey",
        ["input", "encryptedPin"],
      );
}

defineMutation({
  name: "setCardPin",
  description:
    "Sets or changes the card's PIN. A card in ACTIVATION_IN_PROGRESS becomes ACTIVE. Not allowed on a BLOCKED card.",
  scope: "cards:pin",
  idempotent: true,
  input: {
    description:
      "A new PIN for a card: in clear (`pin`) or encrypted to the server's key (`encryptedPin`), exactly one.",
    fields: (t: InputFields) => ({
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
    }),
  },
  payload: cardPayload("setCardPin"),
  target: cardAndPin,
  otp: {
    required: false,
    description: "The cardholder's approval; when given, EnKash checks it (otpRequired).",
    subject: ({ card }) => cardOtpSubject(card),
  },
  // The PIN itself counts in the idempotency hash (keyed), however it was sent.
  hashedInput: ({ input, target }) => ({ ...input, pin: target.pin, encryptedPin: null }),
  run: async ({ ctx, target: { card, pin }, otp }) => {
    await ctx.enkash.call("setPin", { ...card, pin, ...(otp ? { otp } : {}) });
    return fresh(ctx, card);
  },
  // Recovery: setting the same PIN again is harmless; but the first run may have spent the OTP,
  // and then whether the PIN was set cannot be read (EnKash never shows it).
  recover: async ({ again }) => {
    const outcome = await again();
    return outcome.userErrors.some((error) => error.code === "OTP_INVALID" || error.code === "OTP_EXPIRED")
      ? {
          userErrors: [
            userError(
              "OUTCOME_UNKNOWN",
              "The first setCardPin with this key reached EnKash and its result was lost, and its OTP is spent: the PIN may be set. Set it again with a new OTP and a new key.",
            ),
          ],
        }
      : outcome;
  },
});
