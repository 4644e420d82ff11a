/** Who is calling, as authentication established it. */
export type Role = "PARTNER_ADMIN" | "COMPANY_ADMIN" | "CARDHOLDER";

export const SCOPES = [
  "cards:read",
  /** The cardholder's personal data in full (mobile, email, PAN, date of birth, addresses); masked without. */
  "cards:personal",
  "cards:write",
  "cards:pin",
  "cards:block",
  "cards:load",
  "accounts:write",
  /** Resending and validating the OTP of an EnKash Payment Gateway payment. */
  "payments:otp",
  /** The company's partner webhook endpoints: register, list, rotate, remove, and their deliveries. */
  "webhooks:manage",
] as const;
export type Scope = (typeof SCOPES)[number];

/** What each role may do when a token names no scopes. */
export const DEFAULT_SCOPES: Record<Role, readonly Scope[]> = {
  PARTNER_ADMIN: SCOPES,
  COMPANY_ADMIN: [
    "cards:read",
    "cards:personal",
    "cards:write",
    "cards:pin",
    "cards:block",
    "cards:load",
    "webhooks:manage",
  ],
  CARDHOLDER: ["cards:read", "cards:personal", "cards:pin", "cards:block"],
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
