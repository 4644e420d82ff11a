import { describe, expect, it } from "vitest";
import { MemoryEventLog } from "../../src/events/memory-log.ts";
import { EventSubscriptions } from "../../src/events/subscriptions.ts";
import { compareLogIds, logIdBefore } from "../../src/events/types.ts";
import { statusEvent, subscriptionResumesOnceAndEnds } from "../helpers/event-log.ts";

/** Subscriptions' slots, resume positions and streams (src/events/subscriptions.ts), on the memory log. */
describe("event subscriptions", () => {
  it("holds at most the viewer's and the instance's limits, and a release frees a slot once", () => {
    const subscriptions = new EventSubscriptions(
      new MemoryEventLog({ retentionMs: 60_000, maxEvents: 100 }),
      {
        maxPerViewer: 2,
        maxPerInstance: 3,
      },
    );
    const a1 = subscriptions.acquire("a", "CO1");
    const a2 = subscriptions.acquire("a", "CO1");
    expect(subscriptions.acquire("a", "CO1")).toEqual({ refused: "viewer" });
    const b1 = subscriptions.acquire("b", "CO1");
    expect(subscriptions.acquire("c", "CO1")).toEqual({ refused: "instance" });
    expect(subscriptions.active()).toBe(3);
    if ("refused" in a1 || "refused" in a2 || "refused" in b1) throw new Error("refused");
    a1.release();
    a1.release();
    expect(subscriptions.active()).toBe(2);
    expect(subscriptions.active("a")).toBe(1);
    expect("release" in subscriptions.acquire("c", "CO1")).toBe(true);
    a2.release();
    b1.release();
    expect(subscriptions.active("a")).toBe(0);
  });

  it("resumes after an ID: what the log holds, then what is appended, each once; ends on abort", async () => {
    await subscriptionResumesOnceAndEnds(new MemoryEventLog({ retentionMs: 60_000, maxEvents: 100 }));
  });

  it("refuses a position older than the retention, or before events the bound dropped, or from the future", async () => {
    let now = 1_750_000_000_000;
    const log = new MemoryEventLog({ retentionMs: 10_000, maxEvents: 1_000 }, () => now);
    const subscriptions = new EventSubscriptions(log, { maxPerViewer: 1, maxPerInstance: 1 }, () => now);
    const { id } = await log.append(statusEvent(1));
    expect(await subscriptions.checkCursor(id)).toBeNull();
    now += 10_001;
    expect(await subscriptions.checkCursor(id)).toBe("expired");
    expect(await subscriptions.checkCursor(`${now + 120_000}-0`)).toBe("invalid");

    const bounded = new MemoryEventLog({ retentionMs: 60_000, maxEvents: 1_000 });
    const first = await bounded.append(statusEvent(1));
    for (let n = 2; n <= 1_001; n++) await bounded.append(statusEvent(n));
    const kept = new EventSubscriptions(bounded, { maxPerViewer: 1, maxPerInstance: 1 });
    // The first event was dropped by the bound: resuming before it would miss it.
    expect(await kept.checkCursor("0-0")).toBe("expired");
    expect(await kept.checkCursor(first.id)).toBeNull();
  });

  it("a stream aborted while its follower waits ends at once", async () => {
    const log = new MemoryEventLog({ retentionMs: 60_000, maxEvents: 100 });
    const subscriptions = new EventSubscriptions(log, { maxPerViewer: 1, maxPerInstance: 1 });
    const stop = new AbortController();
    const waiting = subscriptions.events(null, stop.signal)[Symbol.asyncIterator]().next();
    stop.abort();
    expect((await waiting).done).toBe(true);
  });

  it("a position just before an event: resuming after it gives that event again", () => {
    expect(logIdBefore("1764500000000-3")).toBe("1764500000000-2");
    expect(logIdBefore("1764500000000-0")).toBe("1764499999999-999999999999999");
    for (const id of ["1764500000000-3", "1764500000000-0"]) {
      expect(compareLogIds(logIdBefore(id), id)).toBeLessThan(0);
      expect(compareLogIds(logIdBefore(id), "1764499999999-5")).toBeGreaterThan(0);
    }
  });
});
