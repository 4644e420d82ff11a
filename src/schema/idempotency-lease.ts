import { randomUUID } from "node:crypto";
import type { StateStore } from "../state-store.ts";

/**
 * The record behind one idempotency key, and the lease that guards it while its mutation runs.
 *
 * A record lives 24 hours (replays), but a `running` record holds only a short lease: its owner
 * renews it while the work is alive, and once it lapses (the instance was killed, lost its node,
 * or cannot reach the store), the next retry with the same key takes the record over. The record
 * says which step was reached: `claimed` (nothing sent to EnKash yet: the retry simply runs) or
 * `sent` (a write went to EnKash: its outcome is unknown, so the retry recovers by the mutation's
 * rule instead of writing again). Every change is a compare-and-set on the whole record, so two
 * instances can never both own it, and an owner that lost its lease cannot mark it or finish it.
 *
 * The lease outlives a request's EnKash deadline, so when it lapses, whatever the dead owner sent
 * has had its answer (or its deadline) at EnKash before the retry looks.
 */
const RECORD_TTL_MS = 24 * 60 * 60 * 1000;
export const DEFAULT_LEASE_MS = 20_000;

type Step = "claimed" | "sent";

interface RunningRecord {
  state: "running";
  inputHash: string;
  step: Step;
  /** When the first run claimed the record (epoch ms): what it made at EnKash is no older. */
  since: number;
  owner: string;
  /** Epoch ms; 0 when the owner gave up (the outcome is unknown: the next retry recovers). */
  leaseUntil: number;
}

interface DoneRecord<R> {
  state: "done";
  inputHash: string;
  result: R;
}

export type Claim<R> =
  | { kind: "reused" }
  | { kind: "replay"; result: R }
  | { kind: "busy"; retryAfterMs: number }
  | { kind: "owned"; lease: Lease<R>; previousStep: Step | null };

/** The owner lost the record to a retry that took it over; it must not send anything more. */
export class LeaseLostError extends Error {
  constructor() {
    super("the idempotency lease was taken over");
    this.name = "LeaseLostError";
  }
}

/** This process, in owners' names: a record owned by a dead process is recognisable in logs. */
const PROCESS_ID = randomUUID();

/** Claims the record for `inputHash`: a fresh one, a lapsed one (taken over), or none (see Claim). */
export async function claimRecord<R>(
  store: StateStore,
  key: string,
  inputHash: string,
  leaseMs: number,
  now: () => number = Date.now,
): Promise<Claim<R>> {
  const fresh: RunningRecord = {
    state: "running",
    inputHash,
    step: "claimed",
    since: now(),
    owner: `${PROCESS_ID}:${randomUUID()}`,
    leaseUntil: now() + leaseMs,
  };
  const freshText = JSON.stringify(fresh);
  if (await store.setIfAbsent(key, freshText, RECORD_TTL_MS))
    return {
      kind: "owned",
      lease: new Lease<R>(store, key, fresh, freshText, leaseMs, now),
      previousStep: null,
    };
  const text = await store.get(key);
  // Gone between the two calls (expired or released): claim it again from the start.
  if (text === null) return claimRecord(store, key, inputHash, leaseMs, now);
  const record = JSON.parse(text) as RunningRecord | DoneRecord<R>;
  if (record.inputHash !== inputHash) return { kind: "reused" };
  if (record.state === "done") return { kind: "replay", result: record.result };
  const left = record.leaseUntil - now();
  if (left > 0) return { kind: "busy", retryAfterMs: left };
  const takeover: RunningRecord = { ...fresh, step: record.step, since: record.since };
  const takeoverText = JSON.stringify(takeover);
  if (!(await store.compareAndSet(key, text, takeoverText, RECORD_TTL_MS)))
    return { kind: "busy", retryAfterMs: leaseMs };
  return {
    kind: "owned",
    lease: new Lease<R>(store, key, takeover, takeoverText, leaseMs, now),
    previousStep: record.step,
  };
}

/** An owned `running` record. Its changes run one at a time, each a compare-and-set. */
class Lease<R> {
  private queue: Promise<unknown> = Promise.resolve();
  private lost = false;

  constructor(
    private readonly store: StateStore,
    private readonly key: string,
    private record: RunningRecord,
    private text: string,
    private readonly leaseMs: number,
    private readonly now: () => number,
  ) {}

  get step(): Step {
    return this.record.step;
  }

  /** When the first run claimed the record. */
  get since(): number {
    return this.record.since;
  }

  /** Before the first write to EnKash: the record says the outcome may now be at EnKash. */
  markSent(): Promise<void> {
    return this.change(async () => {
      if (this.record.step === "sent") return;
      if (!(await this.replace({ ...this.record, step: "sent", leaseUntil: this.now() + this.leaseMs })))
        throw new LeaseLostError();
    });
  }

  /** Renews the lease every third of its length until the returned function is called. */
  keepAlive(): () => void {
    const timer = setInterval(() => {
      void this.change(async () => {
        if (this.lost) return;
        await this.replace({ ...this.record, leaseUntil: this.now() + this.leaseMs });
      }).catch(() => {
        // The store is away: the lease may lapse, and a retry then recovers (see above).
      });
    }, this.leaseMs / 3);
    timer.unref();
    return () => clearInterval(timer);
  }

  /** The work ended with a result to replay. */
  finish(result: R): Promise<void> {
    const done: DoneRecord<R> = { state: "done", inputHash: this.record.inputHash, result };
    return this.settle(async () => {
      await this.store.compareAndSet(this.key, this.text, JSON.stringify(done), RECORD_TTL_MS);
    });
  }

  /** Nothing happened at EnKash: the key is free again. */
  release(): Promise<void> {
    return this.settle(() => this.store.deleteIfEquals(this.key, this.text));
  }

  /** The outcome is unknown: the lease ends now, so the next retry takes over and recovers. */
  giveUp(): Promise<void> {
    return this.settle(async () => {
      await this.replace({ ...this.record, leaseUntil: 0 });
    });
  }

  private async replace(next: RunningRecord): Promise<boolean> {
    const nextText = JSON.stringify(next);
    if (!(await this.store.compareAndSet(this.key, this.text, nextText, RECORD_TTL_MS))) {
      this.lost = true;
      return false;
    }
    this.record = next;
    this.text = nextText;
    return true;
  }

  private change<T>(work: () => Promise<T>): Promise<T> {
    const next = this.queue.then(work);
    this.queue = next.catch(() => {});
    return next;
  }

  /** A last change: if the store is away, the lease lapses by itself and a retry recovers. */
  private settle(work: () => Promise<unknown>): Promise<void> {
    return this.change(async () => {
      if (this.lost) return;
      try {
        await work();
      } catch {
        // See above.
      }
    });
  }
}
