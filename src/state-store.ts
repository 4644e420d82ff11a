/**
 * Shared state behind one interface: idempotency records, rate-limit counters and the encrypted
 * EnKash token, which several instances must share. In memory (the embedded default) or Redis (REDIS_URL, redis-store.ts).
 */
export interface StateStore {
  get(key: string): Promise<string | null>;
  /** Sets `key` only if it is absent (or expired); true when this call set it. */
  setIfAbsent(key: string, value: string, ttlMs: number): Promise<boolean>;
  set(key: string, value: string, ttlMs: number): Promise<void>;
  delete(key: string): Promise<void>;
  /** Deletes `key` only while it still holds `value` (releasing a lock, dropping a refused token). */
  deleteIfEquals(key: string, value: string): Promise<void>;
  /** Replaces `key`'s value only while it still holds `expected`; true when this call replaced it. */
  compareAndSet(key: string, expected: string, next: string, ttlMs: number): Promise<boolean>;
  /** Adds `by` (1 by default) to a counter that expires `ttlMs` after its first use; returns the new count. */
  increment(key: string, ttlMs: number, by?: number): Promise<number>;
  /** Adds a member to a set kept without expiry (the accounts created through this server). */
  addToSet(key: string, member: string): Promise<void>;
  setMembers(key: string): Promise<string[]>;
  /** How many members a set has: cheap, so a change can be noticed before the members are read. */
  setSize(key: string): Promise<number>;
  /** Whether the store answers (for readiness). */
  ping(): Promise<boolean>;
  close(): Promise<void>;
}

export class MemoryStateStore implements StateStore {
  private readonly entries = new Map<string, { value: string; expiresAt: number }>();
  private readonly sets = new Map<string, Set<string>>();

  constructor(private readonly now: () => number = Date.now) {}

  async get(key: string): Promise<string | null> {
    return this.read(key);
  }

  // Every operation reads synchronously, so a check and the write after it cannot interleave
  // with another caller (as Redis runs each command atomically).
  private read(key: string): string | null {
    const entry = this.entries.get(key);
    if (!entry) return null;
    if (entry.expiresAt <= this.now()) {
      this.entries.delete(key);
      return null;
    }
    return entry.value;
  }

  async setIfAbsent(key: string, value: string, ttlMs: number): Promise<boolean> {
    if (this.read(key) !== null) return false;
    this.entries.set(key, { value, expiresAt: this.now() + ttlMs });
    return true;
  }

  async set(key: string, value: string, ttlMs: number): Promise<void> {
    this.entries.set(key, { value, expiresAt: this.now() + ttlMs });
  }

  async delete(key: string): Promise<void> {
    this.entries.delete(key);
  }

  async deleteIfEquals(key: string, value: string): Promise<void> {
    if (this.read(key) === value) this.entries.delete(key);
  }

  async compareAndSet(key: string, expected: string, next: string, ttlMs: number): Promise<boolean> {
    if (this.read(key) !== expected) return false;
    this.entries.set(key, { value: next, expiresAt: this.now() + ttlMs });
    return true;
  }

  async increment(key: string, ttlMs: number, by = 1): Promise<number> {
    const previous = this.read(key);
    const current = Number(previous ?? "0") + by;
    const existing = this.entries.get(key);
    this.entries.set(key, {
      value: String(current),
      expiresAt: existing && previous !== null ? existing.expiresAt : this.now() + ttlMs,
    });
    return current;
  }

  async addToSet(key: string, member: string): Promise<void> {
    let set = this.sets.get(key);
    if (!set) {
      set = new Set();
      this.sets.set(key, set);
    }
    set.add(member);
  }

  async setMembers(key: string): Promise<string[]> {
    return [...(this.sets.get(key) ?? [])];
  }

  async setSize(key: string): Promise<number> {
    return this.sets.get(key)?.size ?? 0;
  }

  async ping(): Promise<boolean> {
    return true;
  }

  async close(): Promise<void> {}

  /** Everything stored, for tests that prove no secret is kept. */
  dump(): string {
    return JSON.stringify([
      ...this.entries.entries(),
      ...[...this.sets].map(([key, set]) => [key, [...set]]),
    ]);
  }
}
