import { describe, expect, it } from "vitest";
import { attemptsWithin } from "../../src/events/partner/queue.ts";

/** How many delivery attempts fit the retry window (src/events/partner/queue.ts, docs/webhooks.md). */
describe("the partner webhook retry schedule", () => {
  it("with the defaults (30 s doubling, 24 h), 12 attempts: the last about 17 h after the first", () => {
    const attempts = attemptsWithin({ baseMs: 30_000, windowMs: 24 * 3_600_000 });
    expect(attempts).toBe(12);
    expect(30_000 * (2 ** (attempts - 1) - 1)).toBeLessThanOrEqual(24 * 3_600_000);
    expect(30_000 * (2 ** attempts - 1)).toBeGreaterThan(24 * 3_600_000);
  });

  it("a window shorter than the first retry leaves the first attempt alone", () => {
    expect(attemptsWithin({ baseMs: 10_000, windowMs: 5_000 })).toBe(1);
  });

  it("the tests' 20 ms base leaves room for the 4 attempts of the end-to-end test", () => {
    expect(attemptsWithin({ baseMs: 20, windowMs: 3_600_000 })).toBeGreaterThanOrEqual(4);
  });
});
