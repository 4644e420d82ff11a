import type { StateStore } from "./state-store.ts";

/**
 * A per-company rate of EnKash calls, counted in the shared state store so that every instance
 * counts together: the partner's EnKash capacity is shared by all its companies, and one company
 * (a tenant's token, however many requests it sends) must not use it all. Fixed windows of one
 * minute.
 *
 * Calls a request starts together (a DataLoader batch, a round of look-ahead) are counted in one
 * store operation (INCRBY), so a card screen costs one Redis round trip, not one per EnKash call.
 * If the store fails, calls are let through: the rate protects capacity, it is not a security
 * boundary, and reads must keep working while Redis is away.
 */
export class TenantCallRate {
  private readonly pending = new Map<string, ((allowed: boolean) => void)[]>();

  constructor(
    private readonly store: Pick<StateStore, "increment">,
    /** Calls per company per minute. */
    readonly perMinute: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Counts one call for `tenant`; false when the tenant is over its rate in this window. */
  take(tenant: string): Promise<boolean> {
    return new Promise((resolve) => {
      const waiting = this.pending.get(tenant);
      if (waiting) {
        waiting.push(resolve);
        return;
      }
      this.pending.set(tenant, [resolve]);
      // After the promise jobs of this turn (as DataLoader batches), so a round counts once.
      void Promise.resolve().then(() => process.nextTick(() => void this.flush(tenant)));
    });
  }

  private async flush(tenant: string): Promise<void> {
    const waiting = this.pending.get(tenant) ?? [];
    this.pending.delete(tenant);
    const windowMs = 60_000;
    const window = Math.floor(this.now() / windowMs);
    let allowed = waiting.length;
    try {
      const count = await this.store.increment(`enkash-calls:${tenant}:${window}`, windowMs, waiting.length);
      allowed = Math.max(0, Math.min(waiting.length, this.perMinute - (count - waiting.length)));
    } catch {
      // The store is away: let the calls through (see above).
    }
    for (const [index, resolve] of waiting.entries()) resolve(index < allowed);
  }
}
