import { describe, expect, it } from "vitest";
import { caughtUp, countSubscriber, type Subscriber } from "../../soak/events.ts";
import { statusChangedEvent } from "../../src/events/records.ts";
import type { LoggedEvent } from "../../src/events/types.ts";

/**
 * The soak's event accounting (soak/events.ts) must see what it is there to see: a lost, a repeated
 * or a reordered delivery, and another card's event, each counted against the log.
 */
const CARD = { companyId: "CEKEP5GSGP", cardAccountId: "CABFIPS" };
const logged: LoggedEvent[] = [
  ["1-0", "EKA"],
  ["2-0", "EKB"],
  ["3-0", "EKA"],
  ["4-0", "EKB"],
  ["5-0", "EKA"],
].map(([id = "", card = ""], n) => ({
  id,
  event: statusChangedEvent({ ...CARD, enKashCardId: card }, "L", {
    occurredAt: new Date(n * 1000).toISOString(),
    receivedAt: new Date(n * 1000).toISOString(),
    source: "webhook",
  }),
}));

const subscriber = (received: string[], enKashCardId?: string): Subscriber => ({
  name: "s",
  instance: 0,
  followed: enKashCardId ? { kind: "card", ...CARD, enKashCardId } : { kind: "account", ...CARD },
  received,
  reconnects: 0,
  endings: {},
  stop: async () => {},
});

describe("the soak's count of a subscriber's events", () => {
  it("all of them, once, in order: nothing lost, repeated or out of order", () => {
    expect(countSubscriber(subscriber(["1-0", "3-0", "5-0"], "EKA"), logged)).toMatchObject({
      expected: 3,
      delivered: 3,
      lost: 0,
      duplicated: 0,
      outOfOrder: 0,
      unexpected: 0,
    });
    expect(caughtUp(subscriber(["1-0", "3-0", "5-0"], "EKA"), logged)).toBe(true);
  });

  it("a missing, a repeated, a reordered and a foreign event are each counted", () => {
    // Card EKA: 3-0 missing, 1-0 twice (the repeat is also not after the previous one), 4-0 is EKB's.
    expect(countSubscriber(subscriber(["1-0", "1-0", "5-0", "4-0"], "EKA"), logged)).toMatchObject({
      expected: 3,
      delivered: 4,
      lost: 1,
      duplicated: 1,
      outOfOrder: 1,
      unexpected: 1,
    });
    // An account's subscriber: order is per card, so EKB's 2-0 after EKA's 3-0 is in order, and
    // EKA's 1-0 after its 3-0 is not.
    expect(countSubscriber(subscriber(["3-0", "2-0", "1-0", "4-0", "5-0"]), logged)).toMatchObject({
      expected: 5,
      lost: 0,
      outOfOrder: 1,
    });
  });

  it("is caught up only once it has the last event it should get", () => {
    expect(caughtUp(subscriber(["1-0", "3-0"], "EKA"), logged)).toBe(false);
    expect(caughtUp(subscriber(["2-0"], "EKB"), logged)).toBe(false);
    expect(caughtUp(subscriber([], "EKC"), logged)).toBe(true);
  });
});
