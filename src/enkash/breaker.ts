/**
 * A circuit breaker for one EnKash origin. Closed, it counts outcomes in a sliding time window;
 * when at least `minimumCalls` calls in the window failed at a rate of `failureRatio` or more, it
 * opens and refuses calls for `coolDownMs`. Then it half-opens: one trial call goes through; its
 * success closes the breaker, its failure opens it again.
 */
export interface BreakerOptions {
  windowMs: number;
  minimumCalls: number;
  failureRatio: number;
  coolDownMs: number;
  now: () => number;
}

export type BreakerState = "closed" | "open" | "half-open";

export class CircuitBreaker {
  // The window's outcomes as a queue (from `head`) with a running failure count: recording is
  // O(1) however many calls the window holds (thousands at a few hundred calls per second).
  private outcomes: { at: number; failed: boolean }[] = [];
  private head = 0;
  private failures = 0;
  private openedAt: number | null = null;
  private trialInFlight = false;

  constructor(
    private readonly options: BreakerOptions,
    private readonly onStateChange: (state: BreakerState) => void = () => {},
  ) {}

  get state(): BreakerState {
    if (this.openedAt === null) return "closed";
    return this.options.now() - this.openedAt >= this.options.coolDownMs ? "half-open" : "open";
  }

  /** Whether a call may go out now; in half-open, only one trial at a time. */
  tryAcquire(): boolean {
    const state = this.state;
    if (state === "closed") return true;
    if (state === "open" || this.trialInFlight) return false;
    this.trialInFlight = true;
    return true;
  }

  /** Ends a trial that was acquired but never sent (the bulkhead or deadline stopped it). */
  release(): void {
    this.trialInFlight = false;
  }

  record(failed: boolean): void {
    const now = this.options.now();
    if (this.openedAt !== null) {
      // A half-open trial decides alone.
      this.trialInFlight = false;
      if (failed) {
        this.openedAt = now;
        this.onStateChange("open");
      } else {
        this.openedAt = null;
        this.forget();
        this.onStateChange("closed");
      }
      return;
    }
    this.outcomes.push({ at: now, failed });
    if (failed) this.failures++;
    const since = now - this.options.windowMs;
    for (
      let oldest = this.outcomes[this.head];
      oldest && oldest.at < since;
      oldest = this.outcomes[this.head]
    ) {
      if (oldest.failed) this.failures--;
      this.head++;
    }
    if (this.head > 1024 && this.head * 2 > this.outcomes.length) {
      this.outcomes = this.outcomes.slice(this.head);
      this.head = 0;
    }
    const calls = this.outcomes.length - this.head;
    if (calls >= this.options.minimumCalls && this.failures / calls >= this.options.failureRatio) {
      this.openedAt = now;
      this.forget();
      this.onStateChange("open");
    }
  }

  private forget(): void {
    this.outcomes = [];
    this.head = 0;
    this.failures = 0;
  }
}
