import type { StateStore } from "./state-store.ts";

/**
 * Fixed-window counters in the state store (so every instance counts together). Keys name the
 * viewer, the card and the action, so aliases, batches and parallel requests all count.
 */
export interface RateLimitRule {
  limit: number;
  windowMs: number;
}

export class RateLimiter {
  constructor(
    private readonly store: StateStore,
    private readonly now: () => number = Date.now,
  ) {}

  /** Counts one use; false when the key is over its limit in the current window. */
  async take(key: string, rule: RateLimitRule): Promise<boolean> {
    const window = Math.floor(this.now() / rule.windowMs);
    return (await this.store.increment(`rate:${key}:${window}`, rule.windowMs)) <= rule.limit;
  }
}

/** Defaults: OTPs sent and OTP-proved attempts per viewer and card. */
export const RATE_LIMITS = {
  sendOtp: { limit: 5, windowMs: 15 * 60_000 },
  useOtp: { limit: 10, windowMs: 15 * 60_000 },
} as const;
