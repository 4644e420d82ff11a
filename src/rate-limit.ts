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
    return (await this.reserve(key, rule)).count <= rule.limit;
  }

  /**
   * Counts one use and returns the count in this window, with a way to give the use back (an
   * attempt that turned out not to count, like a correct OTP). The window is part of the counter's
   * name, so giving back after the window turned never touches the next one.
   */
  async reserve(key: string, rule: RateLimitRule): Promise<{ count: number; giveBack(): Promise<void> }> {
    const counter = `rate:${key}:${Math.floor(this.now() / rule.windowMs)}`;
    const count = await this.store.increment(counter, rule.windowMs);
    return { count, giveBack: async () => void (await this.store.increment(counter, rule.windowMs, -1)) };
  }
}

/**
 * OTP limits. Per viewer and card: OTPs sent and OTP-proved attempts. Per card, whoever asks and on
 * whichever instance: OTPs sent, and wrong codes (src/schema/otp-guard.ts); when a card's wrong
 * codes run out it refuses OTP-gated attempts for OTP_LOCK_MS.
 */
export const RATE_LIMITS = {
  sendOtp: { limit: 5, windowMs: 15 * 60_000 },
  useOtp: { limit: 10, windowMs: 15 * 60_000 },
  sendOtpPerCard: { limit: 10, windowMs: 15 * 60_000 },
  wrongOtpPerCard: { limit: 5, windowMs: 15 * 60_000 },
} as const;

/** How long a card whose wrong OTP codes ran out refuses OTP-gated attempts. */
export const OTP_LOCK_MS = 30 * 60_000;
