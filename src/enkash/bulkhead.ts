/**
 * Caps the EnKash calls in flight. Callers beyond the cap wait until a slot frees or their signal
 * aborts. Callers are grouped in lanes (one per company; the partner's own calls in the lane ""),
 * and no company's lane may hold every slot: an eighth of them (at least one) is always left to the
 * others, so a company whose calls are slow cannot make another company's next call wait for them.
 * Waiting lanes are served in turn, first come first served within a lane, so one company's queue
 * delays another's call by one turn, not by its whole queue. The line itself is bounded (eight
 * waiters per slot by default): when EnKash is slow or down, calls beyond it fail at once instead of
 * piling up until their deadlines.
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
  private readonly activeByLane = new Map<string, number>();
  /** Lanes with waiters, in turn order (a Map keeps insertion order: served lanes move to the end). */
  private readonly lanes = new Map<string, Waiter[]>();
  /** The most slots one lane may hold. */
  private readonly laneLimit: number;

  constructor(
    private readonly limit: number,
    /** Most callers waiting at once; beyond it a call is refused at once rather than queued. */
    private readonly maxWaiting = limit * 8,
  ) {
    this.laneLimit = limit > 1 ? limit - Math.max(1, Math.floor(limit / 8)) : limit;
  }

  /** Whether the waiting line is at its bound (an outage or a flood): a new call should not wait. */
  get full(): boolean {
    return this.waitingCount >= this.maxWaiting && this.active >= this.limit;
  }

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

  acquire(signal: AbortSignal, lane = ""): Promise<() => void> {
    if (signal.aborted) return Promise.reject(signal.reason);
    const granted = new Promise<() => void>((resolve, reject) => {
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
    this.drain();
    return granted;
  }

  private take(lane: string): () => void {
    this.active++;
    this.peakActive = Math.max(this.peakActive, this.active);
    this.activeByLane.set(lane, (this.activeByLane.get(lane) ?? 0) + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.active--;
      const left = (this.activeByLane.get(lane) ?? 1) - 1;
      if (left === 0) this.activeByLane.delete(lane);
      else this.activeByLane.set(lane, left);
      this.drain();
    };
  }

  /**
   * Gives free slots to waiters, lane by lane in turn, skipping lanes at their limit. Each slot is
   * taken for its waiter now, so no newcomer can take it in between.
   */
  private drain(): void {
    while (this.active < this.limit) {
      const lane = [...this.lanes.keys()].find(
        (name) => name === "" || (this.activeByLane.get(name) ?? 0) < this.laneLimit,
      );
      if (lane === undefined) return;
      const queue = this.lanes.get(lane) as Waiter[];
      const waiter = queue.shift() as Waiter;
      this.waitingCount--;
      this.lanes.delete(lane);
      if (queue.length > 0) this.lanes.set(lane, queue);
      waiter.grant(this.take(lane));
    }
  }
}
