/**
 * Fixed-window counters in memory (one process; the shared store arrives with Redis). Keys name the
 * viewer, the card and the action, so aliases, batches and parallel requests all count.
 */
export interface RateLimitRule {
  limit: number;
  windowMs: number;
}

export class RateLimiter {
  private readonly windows = new Map<string, { start: number; count: number }>();

  constructor(
    private readonly now: () => number = Date.now,
    private readonly maxKeys = 100_000,
  ) {}

  /** Counts one use; false when the key is over its limit in the current window. */
  take(key: string, rule: RateLimitRule): boolean {
    const now = this.now();
    let window = this.windows.get(key);
    if (!window || now - window.start >= rule.windowMs) {
      window = { start: now, count: 0 };
      if (this.windows.size >= this.maxKeys) this.evict(now, rule.windowMs);
      this.windows.set(key, window);
    }
    window.count++;
    return window.count <= rule.limit;
  }

  private evict(now: number, windowMs: number): void {
    for (const [key, window] of this.windows) if (now - window.start >= windowMs) this.windows.delete(key);
    if (this.windows.size >= this.maxKeys) this.windows.clear();
  }
}

/** Defaults: OTPs sent and OTP-proved attempts per viewer and card. */
export const RATE_LIMITS = {
  sendOtp: { limit: 5, windowMs: 15 * 60_000 },
  useOtp: { limit: 10, windowMs: 15 * 60_000 },
} as const;
