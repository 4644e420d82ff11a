import type { StateStore } from "./state-store.ts";

/**
 * A rate of EnKash calls per key (a company; a viewer within it), counted in the shared state store
 * so that every instance counts together: the partner's EnKash capacity is shared by all its
 * companies, and one company must not use it all, nor one viewer (a cardholder, say) all of its
 * company's. Fixed windows of one minute.
 *
 * Calls a request starts together (a DataLoader batch, a round of look-ahead) are counted in one
 * store operation (INCRBY), so a card screen costs one Redis round trip, not one per EnKash call.
 * If the store fails, calls are let through: the rate protects capacity, it is not a security
 * boundary, and reads must keep working while Redis is away.
 */
export class CallRate {
  private readonly pending = new Map<string, ((allowed: boolean) => void)[]>();

  constructor(
    private readonly store: Pick<StateStore, "increment">,
    /** What is counted, for the counters' names (e.g. "company", "viewer"). */
    private readonly kind: string,
    /** Calls per key per minute. */
    readonly perMinute: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Counts one call for `key`; false when the key is over its rate in this window. */
  take(key: string): Promise<boolean> {
    return new Promise((resolve) => {
      const waiting = this.pending.get(key);
      if (waiting) {
        waiting.push(resolve);
        return;
      }
      this.pending.set(key, [resolve]);
      // After the promise jobs of this turn (as DataLoader batches), so a round counts once.
      void Promise.resolve().then(() => process.nextTick(() => void this.flush(key)));
    });
  }

  private async flush(key: string): Promise<void> {
    const waiting = this.pending.get(key) ?? [];
    this.pending.delete(key);
    const windowMs = 60_000;
    const window = Math.floor(this.now() / windowMs);
    let allowed = waiting.length;
    try {
      const count = await this.store.increment(
        `enkash-calls:${this.kind}:${key}:${window}`,
        windowMs,
        waiting.length,
      );
      allowed = Math.max(0, Math.min(waiting.length, this.perMinute - (count - waiting.length)));
    } catch {
      // The store is away: let the calls through (see above).
    }
    for (const [index, resolve] of waiting.entries()) resolve(index < allowed);
  }
}
