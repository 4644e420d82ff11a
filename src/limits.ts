/**
 * How much of EnKash one caller may use. The per-request ceiling comes from the heaviest
 * legitimate operation: the 50-card account dashboard on an account of 10,000 cards makes 53 EnKash
 * calls (the account, a page of cards, a page of the account's transactions, then one search per
 * card still short; measured in BENCHMARKS.md and test/security-budget.test.ts), so 64 leaves room
 * for it and refuses anything that would cost more (a 100-card dashboard on a large account: ask
 * for two pages of 50). EnKash does not document its own rate limits; the per-company rate is an
 * assumption to tune per partner.
 */
export interface RequestLimits {
  /** Most EnKash calls one GraphQL request may make (ENKASH_MAX_CALLS_PER_REQUEST). */
  maxEnkashCallsPerRequest: number;
  /** EnKash calls per company per minute, across all instances (ENKASH_TENANT_CALLS_PER_MINUTE). */
  tenantEnkashCallsPerMinute: number;
  /**
   * EnKash calls per viewer (token subject) per minute within its company, across all instances
   * (ENKASH_VIEWER_CALLS_PER_MINUTE): one cardholder cannot spend the whole company's share.
   */
  viewerEnkashCallsPerMinute: number;
}

export const DEFAULT_LIMITS: RequestLimits = {
  maxEnkashCallsPerRequest: 64,
  tenantEnkashCallsPerMinute: 3_000,
  viewerEnkashCallsPerMinute: 600,
};
