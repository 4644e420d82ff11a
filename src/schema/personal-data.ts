import type { Context } from "../context.ts";

/**
 * The cardholder's personal data, by scope. With `cards:personal` (every role has it by default; a
 * token may be issued without it, e.g. for an auditor or a support desk) a viewer sees it in full;
 * without it, masked: enough to recognise, not enough to use. Names and the masked forms are
 * shown either way.
 */
export const seesPersonalData = (ctx: Context): boolean => ctx.viewer.scopes.has("cards:personal");

/** "98XXXXXX10": the first and last two digits. */
export function maskMobile(mobile: string | null): string | null {
  if (!mobile) return null;
  return mobile.length <= 4
    ? "X".repeat(mobile.length)
    : `${mobile.slice(0, 2)}${"X".repeat(mobile.length - 4)}${mobile.slice(-2)}`;
}

/** "jo*****@example.in": the first two characters of the local part, and the domain. */
export function maskEmail(email: string | null): string | null {
  if (!email) return null;
  const [local = "", domain = ""] = email.split("@");
  return `${local.slice(0, 2)}${"*".repeat(Math.max(1, local.length - 2))}@${domain}`;
}

/** "XXXXXX977R": a PAN's last four characters. */
export function maskPan(pan: string | null): string | null {
  if (!pan) return null;
  return `${"X".repeat(Math.max(0, pan.length - 4))}${pan.slice(-4)}`;
}

/** The value in full with the scope, else its mask (or null where nothing of it may show). */
export function personal<T>(ctx: Context, value: T, masked: (value: T) => T | null): T | null {
  return seesPersonalData(ctx) ? value : masked(value);
}
