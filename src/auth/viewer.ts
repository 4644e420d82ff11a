import type { AccountKey, CardKey } from "../schema/ids.ts";

/** Who is calling, as authentication established it. */
export type Role = "PARTNER_ADMIN" | "COMPANY_ADMIN" | "CARDHOLDER";

export const SCOPES = [
  "cards:read",
  "cards:write",
  "cards:pin",
  "cards:block",
  "cards:load",
  "accounts:write",
] as const;
export type Scope = (typeof SCOPES)[number];

/** What each role may do when a token names no scopes. */
export const DEFAULT_SCOPES: Record<Role, readonly Scope[]> = {
  PARTNER_ADMIN: SCOPES,
  COMPANY_ADMIN: ["cards:read", "cards:write", "cards:pin", "cards:block", "cards:load"],
  CARDHOLDER: ["cards:read", "cards:pin", "cards:block"],
};

export interface Viewer {
  subject: string;
  role: Role;
  scopes: ReadonlySet<Scope>;
  /** Companies the viewer may see; every company for a partner admin. */
  companies: readonly string[] | "all";
  /** A cardholder's own cards (EnKash card IDs); null for other roles. */
  cards: readonly string[] | null;
}

/**
 * Tenant isolation in one place: an object outside the viewer's companies (or a cardholder's own
 * cards) must behave exactly like one that does not exist.
 */
export function canSeeCompany(viewer: Viewer, companyId: string): boolean {
  return viewer.companies === "all" || viewer.companies.includes(companyId);
}

export function canSeeAccount(viewer: Viewer, key: AccountKey): boolean {
  // A cardholder sees only their cards, not whole accounts.
  return viewer.role !== "CARDHOLDER" && canSeeCompany(viewer, key.companyId);
}

export function canSeeCard(viewer: Viewer, key: CardKey): boolean {
  if (!canSeeCompany(viewer, key.companyId)) return false;
  return viewer.role !== "CARDHOLDER" || (viewer.cards ?? []).includes(key.enKashCardId);
}
