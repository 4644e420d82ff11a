import { z } from "zod";
import { formatRupees, type Paise, parseSignedRupees } from "../../shared/money.ts";

/** Field types shared by the request and response contracts. */

export const enkashId = z.string().trim().min(1, { message: "must not be empty" }).max(64);

/** An amount in paise, as the client takes it: a non-negative safe integer. */
export const paise = z
  .number()
  .int({ message: "must be a whole number of paise" })
  .min(0)
  .max(Number.MAX_SAFE_INTEGER);
export const positivePaise = paise.min(1, { message: "must be at least 1 paisa" });

/** Paise to the rupee JSON number EnKash takes (exact: an integer over 100 prints as its decimal). */
export const toWireRupees = (amount: Paise): number => Number(formatRupees(amount));

/** A rupee amount from EnKash (number or numeric string, up to 2 decimals) as paise. */
export const wireRupees = z.union([z.number(), z.string()]).transform((value, ctx) => {
  const parsed = parseSignedRupees(value);
  if (parsed === undefined) {
    ctx.addIssue({ code: "custom", message: "must be a rupee amount with at most 2 decimals" });
    return z.NEVER;
  }
  return parsed;
});

export const email = z
  .string()
  .regex(/^[a-zA-Z0-9._%+-]+@[a-zA-Z0-9.-]+\.[a-zA-Z]{2,}$/, { message: "must be a valid email address" });
export const mobile = z.string().regex(/^\d{10}$/, { message: "must be exactly 10 digits" });

/** Proof of an OTP for a gated call: an SMS OTP against its request, or an authenticator code. */
export const otpProof = z.discriminatedUnion("medium", [
  z.object({
    medium: z.literal("MOBILE"),
    otpRequestId: enkashId,
    otp: z.string().regex(/^\d{4,8}$/, { message: "must be 4 to 8 digits" }),
  }),
  z.object({
    medium: z.literal("MFA"),
    mfaCode: z.string().regex(/^\d{4,8}$/, { message: "must be 4 to 8 digits" }),
  }),
]);
export type OtpProof = z.input<typeof otpProof>;

/** The OTP fields of EnKash's gated calls, from a proof. */
export function otpWireFields(proof: z.output<typeof otpProof>) {
  return proof.medium === "MOBILE"
    ? { otpMedium: "MOBILE" as const, otpRequestId: proof.otpRequestId, otp: proof.otp }
    : { otpMedium: "MFA" as const, mfaCode: proof.mfaCode };
}

export const cardRef = { companyId: enkashId, cardAccountId: enkashId, enKashCardId: enkashId };
export const accountRef = { companyId: enkashId, cardAccountId: enkashId };

/** `{name, label}` objects of the card payload. */
export const namedValue = z.object({ name: z.string(), label: z.string().optional() });
