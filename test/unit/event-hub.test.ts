import { describe, expect, it } from "vitest";
import { EventHub, SubscriberTooSlowError } from "../../src/events/hub.ts";
import { MemoryEventLog } from "../../src/events/memory-log.ts";
import type { EventLog, LoggedEvent } from "../../src/events/types.ts";
import { statusEvent } from "../helpers/event-log.ts";
import { until } from "../helpers/until.ts";

/** One follower of the log per instance, fanned out to its subscriptions (src/events/hub.ts). */

/** The memory log, counting the followers started on it. */
function countingLog(): { log: EventLog; follows: () => number; memory: MemoryEventLog } {
  const memory = new MemoryEventLog({ retentionMs: 60_000, maxEvents: 10_000 });
  let follows = 0;
  const log: EventLog = {
    append: (event) => memory.append(event),
    readAfter: (after, limit) => memory.readAfter(after, limit),
    follow: (after, options) => {
      follows++;
      return memory.follow(after, options);
    },
    covers: (after) => memory.covers(after),
    head: () => memory.head(),
    ping: () => memory.ping(),
    close: () => memory.close(),
  };
  return { log, follows: () => follows, memory };
}

/** Takes `count` events from a stream (an iterator kept open between calls). */
async function take(iterator: AsyncIterator<LoggedEvent>, count: number): Promise<string[]> {
  const ids: string[] = [];
  while (ids.length < count) {
    const next = await iterator.next();
    if (next.done) break;
    ids.push(next.value.id);
  }
  return ids;
}

describe("the event hub", () => {
  it("serves every subscription from one follower, started with the first and stopped after the last", async () => {
    const { log, follows } = countingLog();
    const hub = new EventHub(log, { queueLimit: 100 });
    const a = new AbortController();
    const b = new AbortController();
    const first = hub.events(null, a.signal)[Symbol.asyncIterator]();
    const second = hub.events(null, b.signal)[Symbol.asyncIterator]();
    const firstTaken = take(first, 3);
    const secondTaken = take(second, 3);
    await until(() => hub.listening === 2 && hub.following);
    const ids: string[] = [];
    for (let n = 0; n < 3; n++) ids.push((await log.append(statusEvent(n))).id);
    expect(await firstTaken).toEqual(ids);
    expect(await secondTaken).toEqual(ids);
    expect(follows()).toBe(1);
    a.abort();
    await first.return?.(undefined);
    expect(hub.following).toBe(true);
    b.abort();
    await second.return?.(undefined);
    expect(hub.listening).toBe(0);
    expect(hub.following).toBe(false);
  });

  it("a subscription behind the follower gets what lies between from the log, then the follower's, each once", async () => {
    const { log } = countingLog();
    const hub = new EventHub(log, { queueLimit: 100 });
    const before: string[] = [];
    for (let n = 0; n < 5; n++) before.push((await log.append(statusEvent(n))).id);
    // Another subscription keeps the follower running, ahead of the one that resumes.
    const keep = new AbortController();
    const kept = hub.events(null, keep.signal)[Symbol.asyncIterator]();
    const keptTaken = take(kept, 2);
    await until(() => hub.following);
    const during = [(await log.append(statusEvent(5))).id];
    const resume = new AbortController();
    const resumed = hub.events(before[1] ?? null, resume.signal)[Symbol.asyncIterator]();
    const resumedTaken = take(resumed, 5);
    during.push((await log.append(statusEvent(6))).id);
    expect(await resumedTaken).toEqual([...before.slice(2), ...during]);
    expect(await keptTaken).toEqual(during);
    keep.abort();
    resume.abort();
    await Promise.all([kept.return?.(undefined), resumed.return?.(undefined)]);
  });

  it("drops a subscriber that falls behind by more than its queue, naming what to resume after, and no other", async () => {
    const { log } = countingLog();
    const hub = new EventHub(log, { queueLimit: 3 });
    const slow = new AbortController();
    const fast = new AbortController();
    const slowStream = hub.events(null, slow.signal)[Symbol.asyncIterator]();
    const fastStream = hub.events(null, fast.signal)[Symbol.asyncIterator]();
    const slowFirst = take(slowStream, 1);
    const fastTaken = take(fastStream, 6);
    await until(() => hub.listening === 2 && hub.following);
    const ids: string[] = [];
    for (let n = 0; n < 6; n++) {
      ids.push((await log.append(statusEvent(n))).id);
      // Let the follower hand each event out before the next (the slow one takes only the first).
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    expect(await slowFirst).toEqual([ids[0]]);
    await expect(slowStream.next()).rejects.toSatisfy(
      (error) => error instanceof SubscriberTooSlowError && error.resumeAfter === ids[0],
    );
    expect(await fastTaken).toEqual(ids);
    // Resuming after what it was told loses nothing.
    const again = new AbortController();
    const resumed = hub.events(ids[0] ?? null, again.signal)[Symbol.asyncIterator]();
    expect(await take(resumed, 5)).toEqual(ids.slice(1));
    for (const controller of [slow, fast, again]) controller.abort();
    await Promise.all([fastStream.return?.(undefined), resumed.return?.(undefined)]);
  });
});
