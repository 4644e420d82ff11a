import type { Role, Viewer } from "./viewer.ts";

/**
 * Who must prove the cardholder's OTP to change a card's status.
 *
 * EnKash's Block Card takes `otpRequired` "to be passed as false": a partner back end may lock or
 * block a card without the cardholder, the way an operations team blocks a card reported stolen.
 * We allow that only in the protective directions (lock, block, back to activation in progress),
 * only for the roles configured (PROTECTIVE_ACTIONS_WITHOUT_OTP; both admin roles by default),
 * never for a cardholder, and never to unlock: making a card spendable again always needs the
 * cardholder's approval.
 */
export type StatusChange = "L" | "UL" | "BL" | "AP";

/** The directions that can only stop spending, never allow it. */
const PROTECTIVE: ReadonlySet<StatusChange> = new Set(["L", "BL", "AP"]);

export const DEFAULT_PROTECTIVE_ACTIONS_WITHOUT_OTP: readonly Role[] = ["PARTNER_ADMIN", "COMPANY_ADMIN"];

export function mayChangeStatusWithoutOtp(
  viewer: Pick<Viewer, "role">,
  change: StatusChange,
  rolesWithoutOtp: readonly Role[],
): boolean {
  return PROTECTIVE.has(change) && viewer.role !== "CARDHOLDER" && rolesWithoutOtp.includes(viewer.role);
}
