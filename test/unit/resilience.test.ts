import { describe, expect, it } from "vitest";
import { CircuitBreaker } from "../../src/enkash/breaker.ts";
import { Bulkhead } from "../../src/enkash/bulkhead.ts";
import { backoffMs, parseRetryAfter } from "../../src/enkash/retry.ts";

/**
 * The EnKash client's resilience parts on their own: the bulkhead's line, the retry delays and the
 * circuit breaker (the client using them against the sandbox: test/integration/enkash-resilience.test.ts).
 */
describe("the bulkhead, in isolation", () => {
  it("serves waiting companies in turn: one company's queue delays another's call by one turn", async () => {
    const bulkhead = new Bulkhead(1);
    const signal = new AbortController().signal;
    const order: string[] = [];
    const first = await bulkhead.acquire(signal, "burst");
    const waiting = [
      ...Array.from({ length: 10 }, (_, i) => ["burst", `burst-${i}`]),
      ["bystander", "bystander"],
    ].map(([lane, name]) =>
      bulkhead.acquire(signal, lane).then((release) => {
        order.push(name as string);
        release();
      }),
    );
    expect(bulkhead.queued).toBe(11);
    first();
    await Promise.all(waiting);
    expect(order.indexOf("bystander")).toBe(1);
    expect(bulkhead.peak).toBe(1);
    expect(bulkhead.inFlight).toBe(0);
  });

  it("no company holds every slot: one is left for another company, however slow the first's calls", async () => {
    const bulkhead = new Bulkhead(8);
    const signal = new AbortController().signal;
    const held = await Promise.all(Array.from({ length: 7 }, () => bulkhead.acquire(signal, "slow")));
    let more = false;
    const waiting = bulkhead.acquire(signal, "slow").then((release) => {
      more = true;
      return release;
    });
    const other = await bulkhead.acquire(signal, "other");
    expect(more).toBe(false);
    expect(bulkhead.inFlight).toBe(8);
    other();
    expect(more).toBe(false);
    held[0]?.();
    (await waiting)();
    for (const release of held.slice(1)) release();
    expect(bulkhead.inFlight).toBe(0);
  });

  it("a call abandoned while it waits leaves the line", async () => {
    const bulkhead = new Bulkhead(1);
    const release = await bulkhead.acquire(new AbortController().signal, "a");
    const leaving = new AbortController();
    const left = bulkhead.acquire(leaving.signal, "a").catch(() => "left");
    const staying = bulkhead.acquire(new AbortController().signal, "b");
    leaving.abort();
    expect(await left).toBe("left");
    expect(bulkhead.queued).toBe(1);
    release();
    (await staying)();
    expect(bulkhead.inFlight).toBe(0);
  });
});

describe("retry timing and the breaker, in isolation", () => {
  it("backs off exponentially with full jitter, capped, and never below Retry-After", () => {
    const policy = { maxRetries: 2, baseDelayMs: 100, maxDelayMs: 1_000 };
    expect(backoffMs(policy, 0, undefined, () => 0.999)).toBe(99);
    expect(backoffMs(policy, 1, undefined, () => 0.999)).toBe(199);
    expect(backoffMs(policy, 5, undefined, () => 0.999)).toBe(999);
    expect(backoffMs(policy, 0, undefined, () => 0)).toBe(0);
    expect(backoffMs(policy, 0, 1_500, () => 0.5)).toBe(1_500);
    expect(parseRetryAfter("3", 0)).toBe(3_000);
    expect(parseRetryAfter(new Date(10_000).toUTCString(), 4_000)).toBe(6_000);
    expect(parseRetryAfter("soon", 0)).toBeUndefined();
  });

  it("opens at half of at least 20 calls in the window, half-opens after the cool-down, lets one trial through", () => {
    let now = 0;
    const changes: string[] = [];
    const breaker = new CircuitBreaker(
      { windowMs: 1_000, minimumCalls: 20, failureRatio: 0.5, coolDownMs: 500, now: () => now },
      (state) => changes.push(state),
    );
    for (let i = 0; i < 19; i++) breaker.record(true);
    expect(breaker.state).toBe("closed");
    now = 2_000; // the old failures leave the window
    for (let i = 0; i < 10; i++) breaker.record(false);
    for (let i = 0; i < 9; i++) breaker.record(true);
    expect(breaker.state).toBe("closed");
    breaker.record(true);
    expect(breaker.state).toBe("open");
    expect(breaker.tryAcquire()).toBe(false);
    now += 500;
    expect(breaker.state).toBe("half-open");
    expect(breaker.tryAcquire()).toBe(true);
    expect(breaker.tryAcquire()).toBe(false);
    breaker.record(true);
    expect(breaker.state).toBe("open");
    now += 500;
    expect(breaker.tryAcquire()).toBe(true);
    breaker.record(false);
    expect(breaker.state).toBe("closed");
    expect(changes).toEqual(["open", "open", "closed"]);
  });
});
