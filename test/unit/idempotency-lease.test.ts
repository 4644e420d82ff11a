import { describe, expect, it } from "vitest";
import { claimRecord, LeaseLostError } from "../../src/schema/idempotency-lease.ts";
import { MemoryStateStore } from "../../src/state-store.ts";

/** Leases of idempotency records, on a clock the test moves. */
describe("idempotency leases", () => {
  const setup = () => {
    let now = 1_000_000;
    const store = new MemoryStateStore(() => now);
    const clock = () => now;
    const claim = () => claimRecord<{ userErrors: [] }>(store, "idempotency:k", "hash-1", 10_000, clock);
    const advance = (ms: number) => {
      now += ms;
    };
    return { store, claim, advance };
  };

  it("a running record is busy while its lease holds, and taken over once it lapses, with its step", async () => {
    const { claim, advance } = setup();
    const first = await claim();
    if (first.kind !== "owned") throw new Error(first.kind);
    expect(first.previousStep).toBeNull();
    expect(await claim()).toMatchObject({ kind: "busy" });
    // The owner dies before sending: the retry runs from the start.
    advance(10_001);
    const second = await claim();
    expect(second).toMatchObject({ kind: "owned", previousStep: "claimed" });
  });

  it("renewals keep a live owner's lease; an owner that lost it can neither mark it sent nor finish it", async () => {
    const { store, claim, advance } = setup();
    const first = await claim();
    if (first.kind !== "owned") throw new Error(first.kind);
    advance(10_001);
    const second = await claim();
    if (second.kind !== "owned") throw new Error(second.kind);
    await expect(first.lease.markSent()).rejects.toBeInstanceOf(LeaseLostError);
    await first.lease.finish({ userErrors: [] });
    expect(await store.get("idempotency:k")).toContain('"state":"running"');
    await second.lease.markSent();
    await second.lease.finish({ userErrors: [] });
    expect(await claim()).toEqual({ kind: "replay", result: { userErrors: [] } });
  });

  it("a sent record that lapses is taken over as sent (the retry recovers), keeping when it began", async () => {
    const { store, claim, advance } = setup();
    const first = await claim();
    if (first.kind !== "owned") throw new Error(first.kind);
    await first.lease.markSent();
    const began = first.lease.since;
    advance(10_001);
    const second = await claim();
    if (second.kind !== "owned") throw new Error(second.kind);
    expect(second.previousStep).toBe("sent");
    expect(second.lease.since).toBe(began);
    expect(await store.get("idempotency:k")).toContain('"step":"sent"');
  });

  it("giving up ends the lease at once; releasing frees the key; another input is a reused key", async () => {
    const { claim } = setup();
    const first = await claim();
    if (first.kind !== "owned") throw new Error(first.kind);
    await first.lease.markSent();
    await first.lease.giveUp();
    const second = await claim();
    if (second.kind !== "owned") throw new Error(second.kind);
    expect(second.previousStep).toBe("sent");
    await second.lease.release();
    const third = await claim();
    expect(third).toMatchObject({ kind: "owned", previousStep: null });
  });

  it("two retries racing for a lapsed record: exactly one owns it", async () => {
    const { claim, advance } = setup();
    await claim();
    advance(10_001);
    const results = await Promise.all([claim(), claim(), claim()]);
    expect(results.filter((result) => result.kind === "owned")).toHaveLength(1);
    expect(results.filter((result) => result.kind === "busy")).toHaveLength(2);
  });

  it("the same key with another input is reused", async () => {
    const { store } = setup();
    await claimRecord(store, "idempotency:x", "hash-a", 10_000);
    expect(await claimRecord(store, "idempotency:x", "hash-b", 10_000)).toEqual({ kind: "reused" });
  });
});
