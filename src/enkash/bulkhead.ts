/**
 * Caps the EnKash calls in flight. Callers beyond the cap wait in line (first come, first served)
 * until a slot frees or their signal aborts.
 */
export class Bulkhead {
  private active = 0;
  private peakActive = 0;
  private readonly waiting: { grant: () => void; abandon: () => void }[] = [];

  constructor(private readonly limit: number) {}

  get inFlight(): number {
    return this.active;
  }

  /** The most calls that were ever in flight at once. */
  get peak(): number {
    return this.peakActive;
  }

  get queued(): number {
    return this.waiting.length;
  }

  async acquire(signal: AbortSignal): Promise<() => void> {
    if (signal.aborted) throw signal.reason;
    if (this.active < this.limit) return this.take();
    await new Promise<void>((resolve, reject) => {
      const entry = {
        grant: () => {
          signal.removeEventListener("abort", onAbort);
          resolve();
        },
        abandon: () => reject(signal.reason),
      };
      const onAbort = () => {
        const index = this.waiting.indexOf(entry);
        if (index >= 0) this.waiting.splice(index, 1);
        entry.abandon();
      };
      signal.addEventListener("abort", onAbort, { once: true });
      this.waiting.push(entry);
    });
    return this.take();
  }

  private take(): () => void {
    this.active++;
    this.peakActive = Math.max(this.peakActive, this.active);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.active--;
      this.waiting.shift()?.grant();
    };
  }
}
