import { compareLogIds, type EventLog, type LoggedEvent } from "./types.ts";

/**
 * One follower of the event log per instance, fanned out in process to every subscription on it.
 * Following the log holds a connection (a blocked XREAD on Redis), so a follower per subscription
 * cost a Redis connection each; here the instance holds one while anyone listens, and none after.
 *
 * Each subscription has a queue of the events it has not taken yet. A subscriber that does not
 * keep up (its queue passes `queueLimit`) is dropped with `SubscriberTooSlowError`, which names the
 * last event it was given, so it can resume after it: nothing is buffered without bound and
 * nothing is lost.
 */
export class SubscriberTooSlowError extends Error {
  constructor(readonly resumeAfter: string | null) {
    super("The subscriber did not keep up with the events");
    this.name = "SubscriberTooSlowError";
  }
}

interface Listener {
  queue: LoggedEvent[];
  /** The last event handed to the subscriber (what it resumes after when dropped). */
  taken: string | null;
  wake: (() => void) | null;
  failure: Error | null;
}

/** Events read per page while a subscriber catches up to the follower. */
const PAGE = 100;

export class EventHub {
  private readonly listeners = new Set<Listener>();
  private follower: AbortController | null = null;
  private starting: Promise<void> | null = null;
  /** The follower's position: the last event it handed out, or where it started. */
  private position = "0-0";

  constructor(
    private readonly log: EventLog,
    private readonly options: { queueLimit: number },
  ) {}

  /** Subscriptions listening now (tests read it to see a follower's end). */
  get listening(): number {
    return this.listeners.size;
  }

  /** Whether the shared follower is running. */
  get following(): boolean {
    return this.follower !== null;
  }

  /**
   * Every event after `after` (null: from now), until `signal` aborts: the events the log holds
   * between `after` and the follower's position, then the follower's, each once and in order.
   */
  async *events(after: string | null, signal: AbortSignal): AsyncGenerator<LoggedEvent> {
    const listener: Listener = { queue: [], taken: after, wake: null, failure: null };
    // Registered before the follower is (re)started and its position read: every event after that
    // position reaches the queue, and one that reached it earlier is skipped below by its ID.
    this.listeners.add(listener);
    const onAbort = () => listener.wake?.();
    signal.addEventListener("abort", onAbort, { once: true });
    try {
      await this.start();
      const joinedAt = this.position;
      let last = after ?? joinedAt;
      listener.taken = last;
      // Behind the follower: what lies between comes from the log itself, up to where it joined.
      while (compareLogIds(last, joinedAt) < 0 && !signal.aborted) {
        const page = await this.log.readAfter(last, PAGE);
        const upTo = page.filter((entry) => compareLogIds(entry.id, joinedAt) <= 0);
        for (const entry of upTo) {
          last = entry.id;
          listener.taken = last;
          yield entry;
          if (signal.aborted) return;
        }
        if (upTo.length < page.length || page.length < PAGE) break;
      }
      while (!signal.aborted) {
        const entry = listener.queue.shift();
        if (entry) {
          if (compareLogIds(entry.id, last) <= 0) continue;
          last = entry.id;
          listener.taken = last;
          yield entry;
          continue;
        }
        if (listener.failure) throw listener.failure;
        await new Promise<void>((resolve) => {
          listener.wake = resolve;
        });
        listener.wake = null;
      }
    } finally {
      signal.removeEventListener("abort", onAbort);
      this.listeners.delete(listener);
      if (this.listeners.size === 0) this.stop();
    }
  }

  /** Starts the shared follower from the newest event, if it is not running. */
  private start(): Promise<void> {
    if (this.follower) return Promise.resolve();
    this.starting ??= (async () => {
      try {
        const controller = new AbortController();
        this.position = (await this.log.head()) ?? "0-0";
        this.follower = controller;
        void this.follow(controller);
      } finally {
        this.starting = null;
      }
    })();
    return this.starting;
  }

  private async follow(controller: AbortController): Promise<void> {
    try {
      for await (const entry of this.log.follow(this.position, { signal: controller.signal })) {
        this.position = entry.id;
        for (const listener of this.listeners) {
          if (listener.failure) continue;
          if (listener.queue.length >= this.options.queueLimit) {
            listener.failure = new SubscriberTooSlowError(listener.taken);
            listener.queue.length = 0;
          } else listener.queue.push(entry);
          listener.wake?.();
        }
      }
    } catch {
      // The log failed under the follower: every subscription ends, and resumes with its last ID.
      for (const listener of this.listeners) {
        listener.failure ??= new Error("the event log stopped answering");
        listener.wake?.();
      }
    } finally {
      if (this.follower === controller) this.follower = null;
    }
  }

  private stop(): void {
    this.follower?.abort();
    this.follower = null;
  }
}
