import { z } from "zod";
import { parseRupees } from "../../shared/money.ts";

/** Request field rules shared by the routes. Custom messages name the rule, never the value. */

export const id = z.string().trim().min(1).max(64);
export const optionalText = z.string().max(255).nullish();

/** A rupee amount as a number or numeric string (EnKash sends both), parsed to paise. */
export const amount = z
  .union([z.number(), z.string()], { error: "must be a number or a numeric string" })
  .transform((value, ctx) => {
    const paise = parseRupees(value);
    if (paise === undefined) {
      ctx.addIssue({ code: "custom", message: "must be an amount in rupees with at most 2 decimals" });
      return z.NEVER;
    }
    return paise;
  });

export const positiveAmount = amount.refine((paise) => paise > 0, { message: "must be greater than 0" });

/** A limit: an amount, or null to clear it. */
export const limitAmount = z.union([amount, z.null()], { error: "must be an amount or null" });

/** A count limit: a whole number (or numeric string), or null to clear it. */
export const limitCount = z.union(
  [
    z.number().int().min(0),
    z
      .string()
      .regex(/^\d{1,9}$/, { message: "must be a whole number" })
      .transform(Number),
    z.null(),
  ],
  { error: "must be a whole number or null" },
);

export const email = z
  .string()
  .regex(/^[a-zA-Z0-9._%+-]+@[a-zA-Z0-9.-]+\.[a-zA-Z]{2,}$/, { message: "must be a valid email address" });
export const mobile = z.string().regex(/^\d{10}$/, { message: "must be exactly 10 digits" });

/** Common to the OTP-gated calls (Block Card, Replace Card and the view calls). */
export const otpProof = {
  otpMedium: z.enum(["MOBILE", "MFA"]),
  otpRequestId: z.string().max(64).optional(),
  otp: z.string().max(16).optional(),
  mfaCode: z.string().max(16).optional(),
  otpRequired: z.boolean().optional(),
};

/** The body of every call that names one card. */
export const cardRef = {
  companyId: id,
  cardAccountId: id,
  enKashCardId: id,
};
