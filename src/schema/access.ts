import { canSeeAccount, canSeeCard, canSeeCompany } from "../auth/viewer.ts";
import type { Context } from "../context.ts";
import type { AccountKey, CardKey } from "./ids.ts";

/**
 * Whether this request may see an object: it must be served here (the account directory) and lie
 * within the viewer's companies (and, for a cardholder, be one of their cards). Anything else is
 * treated as missing, so nothing leaks about what exists.
 */
export function servesCompany(ctx: Context, companyId: string): boolean {
  return (
    ctx.directory.hasCompany(companyId) &&
    canSeeCompany(ctx.viewer, companyId) &&
    ctx.viewer.role !== "CARDHOLDER"
  );
}

export function servesAccount(ctx: Context, key: AccountKey): boolean {
  return ctx.directory.hasAccount(key.companyId, key.cardAccountId) && canSeeAccount(ctx.viewer, key);
}

export function servesCard(ctx: Context, key: CardKey): boolean {
  return ctx.directory.hasAccount(key.companyId, key.cardAccountId) && canSeeCard(ctx.viewer, key);
}
