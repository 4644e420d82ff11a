import {
  type CardEvent,
  checkLogId,
  compareLogIds,
  type EventLog,
  type EventLogOptions,
  type LoggedEvent,
  logIdTime,
} from "./types.ts";

/**
 * The event log in this process's memory (no REDIS_URL): the same semantics as the Redis stream,
 * bounded. Events older than the retention window are dropped, and so are the oldest beyond
 * `maxEvents`; a de-duplication key lives as long as the retention window (at most `maxEvents` of
 * them). IDs are made as Redis makes them (`<ms>-<seq>`, always growing), so a client's position
 * means the same in either. Lost on restart.
 */
export class MemoryEventLog implements EventLog {
  private readonly events: LoggedEvent[] = [];
  private readonly seen = new Map<string, { id: string; expiresAt: number }>();
  private readonly waiters = new Set<() => void>();
  private last = { ms: 0, seq: -1 };
  /** The newest event dropped so far (by age or by the bound): a reader before it missed events. */
  private dropped: string | null = null;
  private closed = false;

  constructor(
    private readonly options: EventLogOptions & { maxEvents: number },
    private readonly now: () => number = Date.now,
  ) {}

  async append(event: CardEvent): Promise<{ id: string; duplicate: boolean }> {
    const now = this.now();
    this.trim(now);
    const known = this.seen.get(event.eventId);
    if (known && known.expiresAt > now) return { id: known.id, duplicate: true };
    const ms = Math.max(now, this.last.ms);
    const seq = ms === this.last.ms ? this.last.seq + 1 : 0;
    this.last = { ms, seq };
    const id = `${ms}-${seq}`;
    this.events.push({ id, event });
    // Re-inserted so the Map stays in expiry order (the oldest first) for trim().
    this.seen.delete(event.eventId);
    this.seen.set(event.eventId, { id, expiresAt: now + this.options.retentionMs });
    this.trim(now);
    for (const wake of [...this.waiters]) wake();
    return { id, duplicate: false };
  }

  private trim(now: number): void {
    const oldest = now - this.options.retentionMs;
    let drop = 0;
    while (drop < this.events.length && Number(this.events[drop]?.id.split("-")[0]) < oldest) drop++;
    drop = Math.max(drop, this.events.length - this.options.maxEvents);
    if (drop > 0) this.dropped = this.events.splice(0, drop).at(-1)?.id ?? this.dropped;
    for (const [key, entry] of this.seen) {
      if (entry.expiresAt > now && this.seen.size <= this.options.maxEvents) break;
      this.seen.delete(key);
    }
  }

  async readAfter(afterId: string | null, limit: number): Promise<LoggedEvent[]> {
    checkLogId(afterId);
    this.trim(this.now());
    const start = afterId === null ? 0 : this.indexAfter(afterId);
    return this.events.slice(start, start + Math.max(0, limit));
  }

  /** The index of the first event after `id` (binary search: IDs only grow). */
  private indexAfter(id: string): number {
    let [low, high] = [0, this.events.length];
    while (low < high) {
      const middle = (low + high) >>> 1;
      const entry = this.events[middle];
      if (entry && compareLogIds(entry.id, id) <= 0) low = middle + 1;
      else high = middle;
    }
    return low;
  }

  async *follow(afterId: string | null, options: { signal: AbortSignal }): AsyncIterable<LoggedEvent> {
    checkLogId(afterId);
    const { signal } = options;
    let cursor = afterId ?? (this.last.seq < 0 ? "0-0" : `${this.last.ms}-${this.last.seq}`);
    while (!signal.aborted && !this.closed) {
      const batch = await this.readAfter(cursor, 100);
      for (const entry of batch) {
        if (signal.aborted) return;
        cursor = entry.id;
        yield entry;
      }
      if (batch.length > 0) continue;
      // Aborted, or appended to, while the read above was settling: neither would wake a waiter
      // registered after it (the abort event and the append's wake-up have already happened).
      if (signal.aborted || this.closed) return;
      const newest = this.events.at(-1)?.id;
      if (newest !== undefined && compareLogIds(newest, cursor) > 0) continue;
      await new Promise<void>((resolve) => {
        const wake = () => {
          this.waiters.delete(wake);
          signal.removeEventListener("abort", wake);
          resolve();
        };
        this.waiters.add(wake);
        signal.addEventListener("abort", wake, { once: true });
      });
    }
  }

  async head(): Promise<string | null> {
    return this.last.seq < 0 ? null : `${this.last.ms}-${this.last.seq}`;
  }

  async covers(afterId: string): Promise<boolean> {
    checkLogId(afterId);
    const now = this.now();
    this.trim(now);
    if (logIdTime(afterId) < now - this.options.retentionMs) return false;
    return this.dropped === null || compareLogIds(afterId, this.dropped) >= 0;
  }

  async ping(): Promise<boolean> {
    return true;
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const wake of [...this.waiters]) wake();
  }

  /** Everything stored, for tests that prove no secret is kept. */
  dump(): string {
    return JSON.stringify({ events: this.events, seen: [...this.seen.keys()] });
  }
}
