/**
 * Caps the EnKash calls in flight. Callers beyond the cap wait until a slot frees or their signal
 * aborts. Waiting callers are grouped in lanes (one per company) served in turn, first come first
 * served within a lane: a company that queues thousands of calls delays another company's next
 * call by one turn, not by its whole queue.
 */
interface Waiter {
  /** Hands the waiter a slot already taken for it. */
  grant: (release: () => void) => void;
  abandon: () => void;
}

export class Bulkhead {
  private active = 0;
  private peakActive = 0;
  private waitingCount = 0;
  /** Lanes with waiters, in turn order (a Map keeps insertion order: served lanes move to the end). */
  private readonly lanes = new Map<string, Waiter[]>();

  constructor(private readonly limit: number) {}

  get inFlight(): number {
    return this.active;
  }

  /** The most calls that were ever in flight at once. */
  get peak(): number {
    return this.peakActive;
  }

  get queued(): number {
    return this.waitingCount;
  }

  async acquire(signal: AbortSignal, lane = ""): Promise<() => void> {
    if (signal.aborted) throw signal.reason;
    if (this.active < this.limit && this.waitingCount === 0) return this.take();
    return new Promise<() => void>((resolve, reject) => {
      const entry: Waiter = {
        grant: (release) => {
          signal.removeEventListener("abort", onAbort);
          resolve(release);
        },
        abandon: () => reject(signal.reason),
      };
      const onAbort = () => {
        const queue = this.lanes.get(lane);
        const index = queue?.indexOf(entry) ?? -1;
        if (queue && index >= 0) {
          queue.splice(index, 1);
          this.waitingCount--;
          if (queue.length === 0) this.lanes.delete(lane);
        }
        entry.abandon();
      };
      signal.addEventListener("abort", onAbort, { once: true });
      const queue = this.lanes.get(lane);
      if (queue) queue.push(entry);
      else this.lanes.set(lane, [entry]);
      this.waitingCount++;
    });
  }

  private take(): () => void {
    this.active++;
    this.peakActive = Math.max(this.peakActive, this.active);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.active--;
      this.grantNext();
    };
  }

  /**
   * Gives the freed slot to the first waiter of the lane whose turn it is; the slot is taken for it
   * now, so no newcomer can take it in between.
   */
  private grantNext(): void {
    const next = this.lanes.entries().next();
    if (next.done) return;
    const [lane, queue] = next.value;
    const waiter = queue.shift() as Waiter;
    this.waitingCount--;
    this.lanes.delete(lane);
    if (queue.length > 0) this.lanes.set(lane, queue);
    waiter.grant(this.take());
  }
}
