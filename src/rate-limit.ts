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
