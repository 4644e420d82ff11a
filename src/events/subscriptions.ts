import { EventHub } from "./hub.ts";
import { checkLogId, compareLogIds, type EventLog, type LoggedEvent, logIdTime } from "./types.ts";

/**
 * What GraphQL subscriptions to card events need from the log (docs/events.md#subscriptions): a
 * bounded number of them, per viewer and per instance; a check of the position a client resumes
 * from; and the events after it, first what the log holds (readAfter, page by page), then as they
 * are recorded (one follower per instance, src/events/hub.ts), each once and in the log's order. Who may see which event is the
 * schema's business (src/schema/card-event-subscriptions.ts): this module knows no viewer but by
 * the key it counts under.
 */
export interface SubscriptionLimits {
  /** The most subscriptions one viewer holds on this instance. */
  maxPerViewer: number;
  /** The most subscriptions this instance holds, all viewers together. */
  maxPerInstance: number;
  /**
   * The most subscriptions to one company's cards and accounts on this instance, all its viewers
   * together (a company's many users, or many tokens of one integration); unbounded when absent.
   */
  maxPerCompany?: number;
}

/** Why a position cannot be resumed from: not a log ID (or one from the future), or older than the log keeps. */
export type CursorProblem = "invalid" | "expired";

/** A held subscription slot; `release` frees it (any number of calls, once counted). */
export interface SubscriptionSlot {
  release(): void;
}

/** A logged event as delivered: `fresh` when what it describes may have moved since the previous one. */
export interface DeliveredEvent extends LoggedEvent {
  fresh: boolean;
}

/**
 * Events a subscription may have waiting before it is dropped as too slow (it resumes after the
 * last one it took): at a few hundred bytes an event, a few hundred kB per subscription at most.
 */
const QUEUE_LIMIT = 1_000;
/** Events read per page while catching up. */
const PAGE = 100;
/** How far ahead of this clock a position may be (another instance's clock may run ahead). */
const FUTURE_SKEW_MS = 60_000;

export class EventSubscriptions {
  private readonly byViewer = new Map<string, number>();
  private readonly byCompany = new Map<string, number>();
  private total = 0;

  /** One follower of the log for every subscription of this instance. */
  private readonly hub: EventHub;
  /** Aborted by endAll(): every stream ends, and no new one starts. */
  private readonly ending = new AbortController();

  constructor(
    private readonly log: EventLog,
    private readonly limits: SubscriptionLimits,
    private readonly now: () => number = Date.now,
  ) {
    this.hub = new EventHub(log, { queueLimit: QUEUE_LIMIT });
  }

  /**
   * Subscriptions that events reach now: registered with the instance's follower while it runs.
   * An event appended once a subscription counts here reaches it (tests wait for this, not a clock).
   */
  get listening(): number {
    return this.hub.following ? this.hub.listening : 0;
  }

  /** Subscriptions held now: on this instance, or by one viewer. */
  active(viewer?: string): number {
    return viewer === undefined ? this.total : (this.byViewer.get(viewer) ?? 0);
  }

  /** Subscriptions to one company's events held now on this instance. */
  activeForCompany(company: string): number {
    return this.byCompany.get(company) ?? 0;
  }

  /** A slot for one more subscription of `viewer` to `company`'s events, or which limit refuses it. */
  acquire(
    viewer: string,
    company: string,
  ): SubscriptionSlot | { refused: "viewer" | "company" | "instance" } {
    // An instance shutting down takes none: the client resumes on another, or on this one restarted.
    if (this.ending.signal.aborted) return { refused: "instance" };
    if ((this.byViewer.get(viewer) ?? 0) >= this.limits.maxPerViewer) return { refused: "viewer" };
    if ((this.byCompany.get(company) ?? 0) >= (this.limits.maxPerCompany ?? Number.POSITIVE_INFINITY))
      return { refused: "company" };
    if (this.total >= this.limits.maxPerInstance) return { refused: "instance" };
    count(this.byViewer, viewer, 1);
    count(this.byCompany, company, 1);
    this.total++;
    let released = false;
    return {
      release: () => {
        if (released) return;
        released = true;
        this.total--;
        count(this.byViewer, viewer, -1);
        count(this.byCompany, company, -1);
      },
    };
  }

  /** Whether a client may resume after `after` (a position the log gave out, still covered); null when it may. */
  async checkCursor(after: string): Promise<CursorProblem | null> {
    try {
      checkLogId(after);
    } catch {
      return "invalid";
    }
    if (logIdTime(after) > this.now() + FUTURE_SKEW_MS) return "invalid";
    // Past the newest event the log holds: a position it never gave out. Resuming there would
    // silently skip every event recorded until the log's IDs passed it.
    if (compareLogIds(after, (await this.log.head()) ?? "0-0") > 0) return "invalid";
    return (await this.log.covers(after)) ? null : "expired";
  }

  /**
   * Every event after `after` (null: from now), until `signal` aborts: what the log holds first,
   * page by page, then as recorded. The cursor moves with every event handed out, so the follow
   * starts exactly where the pages ended: nothing lost, nothing twice.
   */
  async *events(after: string | null, until: AbortSignal): AsyncGenerator<DeliveredEvent> {
    const signal = AbortSignal.any([until, this.ending.signal]);
    let cursor = after;
    if (cursor !== null) {
      for (;;) {
        const page = await this.log.readAfter(cursor, PAGE);
        let first = true;
        for (const entry of page) {
          if (signal.aborted) return;
          cursor = entry.id;
          yield { ...entry, fresh: first };
          first = false;
        }
        if (page.length < PAGE) break;
      }
    }
    for await (const entry of this.hub.events(cursor, signal)) {
      if (signal.aborted) return;
      yield { ...entry, fresh: true };
    }
  }

  /**
   * Ends every subscription of this instance (shutdown): each stream completes after the last event
   * it delivered, so its client resumes with `after` elsewhere, and the drain is not held open for
   * its whole grace period by streams that never finish on their own.
   */
  endAll(): void {
    this.ending.abort();
  }
}

/** Adds `by` to a key's count; a count that reaches zero is removed (no map grows without bound). */
function count(counts: Map<string, number>, key: string, by: number): void {
  const next = (counts.get(key) ?? 0) + by;
  if (next > 0) counts.set(key, next);
  else counts.delete(key);
}
