import { z } from "zod";

/**
 * Field rules EnKash documents (reference 7.2 and the create-card page, source 002), shared by the
 * client's contracts (requests.ts) and the graph's input checks, so both say the same thing.
 */

/** Text EnKash stores: trimmed, not empty, bounded. */
export const text = (max = 255) => z.string().trim().min(1, { message: "must not be empty" }).max(max);

/** A calendar date as yyyy-MM-dd that really exists. */
export const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, { message: "must be a date as yyyy-MM-dd" })
  .refine(
    (value) => {
      const date = new Date(`${value}T00:00:00Z`);
      return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value);
    },
    { message: "must be a real calendar date" },
  );

export const pincode = z.string().regex(/^\d{6}$/, { message: "must be a 6-digit PIN code" });

export const pan = z.string().regex(/^[A-Z]{5}\d{4}[A-Z]$/, { message: "must be a PAN (AAAAA9999A)" });

/** A postal address in India: a cardholder's, or where a plastic card is delivered. */
export const postalAddress = z.object({
  line1: text(),
  line2: text().optional(),
  city: text(100),
  state: text(100),
  country: text(100),
  pincode,
});

/** A usage-control count limit (spends per day, month…). */
export const countLimit = z.number().int().min(0).max(1_000_000);
