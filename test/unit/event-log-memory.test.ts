import { describe, expect, it } from "vitest";
import { MemoryEventLog } from "../../src/events/memory-log.ts";
import { appendsOnceAndReadsAfter, followWakesOnAppend, statusEvent } from "../helpers/event-log.ts";

/** The in-memory event log (no REDIS_URL): the stream's semantics, bounded. */
describe("the memory event log", () => {
  it("records an event once, in arrival order, and reads after an ID", async () => {
    await appendsOnceAndReadsAfter(new MemoryEventLog({ retentionMs: 60_000, maxEvents: 100 }));
  });

  it("wakes a waiting follower on append, resumes after an ID, ends on abort", async () => {
    const log = new MemoryEventLog({ retentionMs: 60_000, maxEvents: 100 });
    await followWakesOnAppend(log, log);
  });

  it("drops events and their IDs after the retention window: a repeat after it is recorded again", async () => {
    let now = 1_750_000_000_000;
    const log = new MemoryEventLog({ retentionMs: 10_000, maxEvents: 100 }, () => now);
    await log.append(statusEvent(1));
    now += 5_000;
    await log.append(statusEvent(2));
    expect((await log.append(statusEvent(1))).duplicate).toBe(true);
    now += 5_001;
    expect((await log.readAfter(null, 10)).map((entry) => entry.event.eventId)).toEqual([
      statusEvent(2).eventId,
    ]);
    expect((await log.append(statusEvent(1))).duplicate).toBe(false);
  });

  it("keeps at most maxEvents events and IDs, the newest", async () => {
    const log = new MemoryEventLog({ retentionMs: 60_000, maxEvents: 3 });
    for (let n = 1; n <= 5; n++) await log.append(statusEvent(n));
    const kept = await log.readAfter(null, 10);
    expect(kept.map((entry) => entry.event.eventId)).toEqual([3, 4, 5].map((n) => statusEvent(n).eventId));
    expect(JSON.parse(log.dump()).seen).toHaveLength(3);
    // IDs keep growing within one millisecond.
    expect(new Set(kept.map((entry) => entry.id)).size).toBe(3);
  });
});
