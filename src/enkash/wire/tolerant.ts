import { z } from "zod";
import { wireRupees } from "./common.ts";

/**
 * Readers for answer fields that EnKash's pages type loosely or that real answers may send in
 * another form: each reads what it can and gives null (unknown) for the rest, never a default
 * that could be mistaken for data (`false`, 0, "").
 */

/** Text, also from a number (a PIN code sent as a number); empty is unknown. */
export const text = z
  .union([z.string(), z.number()])
  .nullish()
  .transform((value) => (value == null || value === "" ? null : String(value)));

/** A boolean, also as "true"/"false"; anything else is unknown (null). */
export const bool = z
  .unknown()
  .optional()
  .transform((value): boolean | null => {
    if (typeof value === "boolean") return value;
    if (value === "true") return true;
    if (value === "false") return false;
    return null;
  });

/** Rupees (number or numeric string) as paise; unknown when absent or unreadable. */
export const money = z
  .unknown()
  .optional()
  .transform((value): number | null => {
    if (value == null || value === "") return null;
    const parsed = wireRupees.safeParse(value);
    return parsed.success ? parsed.data : null;
  });

export interface Named {
  name: string;
  label: string | null;
  description: string | null;
}

/** EnKash's `{name, label}` objects (`description` on accountType), or the name alone as a string. */
export const named = z
  .unknown()
  .optional()
  .transform((value): Named | null => {
    if (typeof value === "string" && value !== "") return { name: value, label: null, description: null };
    if (value && typeof value === "object" && typeof (value as { name?: unknown }).name === "string") {
      const { name, label, description } = value as { name: string; label?: unknown; description?: unknown };
      return {
        name,
        label: typeof label === "string" ? label : null,
        description: typeof description === "string" ? description : null,
      };
    }
    return null;
  });
