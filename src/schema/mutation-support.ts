import type { Context } from "../context.ts";
import { type AccountKey, type CardKey, parseAccountKey, parseCardKey } from "../domain/keys.ts";
import type { OtpProof } from "../enkash/wire/common.ts";
import { type BuilderTypes, builder } from "./builder.ts";
import { type KnownRefusal, toUserError, type UserError, UserErrorRef, userError } from "./errors.ts";
import { decodeGlobalId } from "./global-ids.ts";

/** What every mutation shares: ID resolution, the OTP proof input, and turning failures into userErrors. */

const OtpMediumEnum = builder.enumType("OtpMedium", {
  description: "How the cardholder proves an OTP-gated operation.",
  values: {
    SMS: {
      description: "A code EnKash sent by SMS after generateCardOtp (EnKash MOBILE); needs otpRequestId.",
    },
    AUTHENTICATOR: { description: "A code from the cardholder's authenticator app (EnKash MFA)." },
  },
});

export const OtpProofInput = builder.inputType("OtpProofInput", {
  description: "Proof that the cardholder approved this operation.",
  fields: (t) => ({
    medium: t.field({
      type: OtpMediumEnum,
      required: false,
      defaultValue: "SMS",
      description: "Where the code came from (default SMS).",
    }),
    otpRequestId: t.string({
      required: false,
      description: "The otpRequestId generateCardOtp returned (SMS only).",
    }),
    code: t.field({ type: "Otp", description: "The code the cardholder received or read." }),
  }),
});

type OtpProofShape = typeof OtpProofInput.$inferInput;

/** The client's OTP proof, or a user error naming the missing field. */
export function otpProofOf(proof: OtpProofShape, path: string[]): OtpProof | UserError {
  if ((proof.medium ?? "SMS") === "AUTHENTICATOR") return { medium: "MFA", mfaCode: proof.code };
  if (!proof.otpRequestId)
    return userError("INVALID_INPUT", "otpRequestId is required for an SMS OTP", [...path, "otpRequestId"]);
  return { medium: "MOBILE", otpRequestId: proof.otpRequestId, otp: proof.code };
}

export function isUserError(value: unknown): value is UserError {
  return (
    typeof value === "object" && value !== null && "code" in value && "message" in value && "field" in value
  );
}

/** A card named by a global ID in an input, if it is one and is served here. */
export function cardFromId(ctx: Context, id: string, field: string[]): CardKey | UserError {
  const key = decodeAs("Card", id, parseCardKey);
  if (!key) return userError("INVALID_INPUT", "must be the global ID of a Card", field);
  if (!ctx.access.card(key)) return userError("NOT_FOUND", "No such card is served here", field);
  return key;
}

export function accountFromId(ctx: Context, id: string, field: string[]): AccountKey | UserError {
  const key = decodeAs("CardAccount", id, parseAccountKey);
  if (!key) return userError("INVALID_INPUT", "must be the global ID of a CardAccount", field);
  if (!ctx.access.account(key)) return userError("NOT_FOUND", "No such card account is served here", field);
  return key;
}

function decodeAs<T>(typename: string, id: string, parse: (local: string) => T | null): T | null {
  try {
    const decoded = decodeGlobalId(id);
    return decoded.typename === typename ? parse(decoded.id) : null;
  } catch {
    return null;
  }
}

/**
 * Runs a mutation's EnKash work. Expected failures come back as `{ userErrors: [...] }`; anything
 * else is thrown (and masked by Yoga).
 */
export async function attempt<T extends object>(
  work: () => Promise<T>,
  fieldPaths: Record<string, string[]> = {},
  known: readonly KnownRefusal[] = [],
): Promise<(T & { userErrors: UserError[] }) | { userErrors: UserError[] }> {
  try {
    return { ...(await work()), userErrors: [] };
  } catch (error) {
    const mapped = toUserError(error, fieldPaths, known);
    if (mapped) return { userErrors: [mapped] };
    throw error;
  }
}

/** The `userErrors` field every mutation payload has. */
export function userErrorsField<Payload extends { userErrors: UserError[] }>(
  t: PothosSchemaTypes.ObjectFieldBuilder<BuilderTypes, Payload>,
) {
  return t.field({
    type: [UserErrorRef],
    description: "Why the mutation did not do what was asked; empty on success.",
    resolve: (payload) => payload.userErrors,
  });
}
