import { describe, expect, it } from "vitest";
import { CircuitBreaker } from "../src/enkash/breaker.ts";
import { Bulkhead } from "../src/enkash/bulkhead.ts";
import { EnkashError } from "../src/enkash/errors.ts";
import { backoffMs, parseRetryAfter } from "../src/enkash/retry.ts";
import { CORPORATE_CARD, PREPAID, PREPAID_CARD, useClient } from "./helpers/enkash.ts";

const CARD_ROUTES = ["getCardDetails", "getCardBalance", "loadCardBalance", "setPin"] as const;

describe("reads under 20% injected HTTP 503 (seeded)", () => {
  const ctx = useClient(
    { seed: 2024, faults: { http503: 0.2, routes: [...CARD_ROUTES] } },
    { retry: { baseDelayMs: 2, maxDelayMs: 10 } },
  );

  it("succeed at least 99% of the time, retrying at most twice", async () => {
    let ok = 0;
    let failed = 0;
    const attemptsBefore = ctx.sandbox.calls.count("getCardDetails");
    for (let i = 0; i < 2000; i++) {
      try {
        await ctx.client.call("getCardDetails", CORPORATE_CARD);
        ok++;
      } catch (error) {
        expect(error).toMatchObject({ code: "ENKASH_UNAVAILABLE", status: 503 });
        failed++;
      }
    }
    // 2 retries against independent 20% faults succeed 99.2% of the time in theory; this seed's
    // sequence gives 1,980 of 2,000 (sequential calls keep the fault draws deterministic).
    expect(ok).toBeGreaterThanOrEqual(1980);
    const attempts = ctx.sandbox.calls.count("getCardDetails") - attemptsBefore;
    expect(attempts).toBeLessThanOrEqual(2000 * 3);
    expect(
      ctx.calls.filter((call) => call.operation === "getCardDetails").every((call) => call.retries <= 2),
    ).toBe(true);
    expect(failed).toBe(2000 - ok);
  });

  it("writes are never sent twice and fail with typed errors", async () => {
    const before = ctx.sandbox.calls.count("loadCardBalance");
    const outcomes: string[] = [];
    for (let i = 0; i < 200; i++) {
      try {
        await ctx.client.call("loadCardBalance", {
          ...PREPAID_CARD,
          amount: 100,
          uniqueReferenceNumber: `FAULT-LOAD-${i}`,
        });
        outcomes.push("ok");
      } catch (error) {
        expect(error).toBeInstanceOf(EnkashError);
        outcomes.push((error as EnkashError).code);
      }
    }
    expect(ctx.sandbox.calls.count("loadCardBalance") - before).toBe(200);
    expect(new Set(outcomes)).toEqual(new Set(["ok", "ENKASH_UNAVAILABLE"]));
    const refused = outcomes.filter((outcome) => outcome !== "ok").length;
    expect(refused).toBeGreaterThan(10);
    // Exactly the loads that answered ok exist; a 503 moved no money.
    const recorded = await ctx.client.call("searchTransactions", {
      ...PREPAID,
      enKashCardId: "EKCMB7KAEW",
      type: "ALLOCATE_FUND",
      size: 100,
    });
    const references = new Set<string>();
    for (let page = 0; page * 100 < recorded.totalElements; page++) {
      const result =
        page === 0
          ? recorded
          : await ctx.client.call("searchTransactions", {
              ...PREPAID,
              enKashCardId: "EKCMB7KAEW",
              type: "ALLOCATE_FUND",
              size: 100,
              page,
            });
      for (const txn of result.content)
        if (txn.pgReferenceNumber?.startsWith("FAULT-LOAD-")) references.add(txn.pgReferenceNumber);
    }
    expect(references.size).toBe(200 - refused);
  });
});

describe("lost answers to writes", () => {
  const ctx = useClient({ faults: { lostResponse: 1, routes: ["loadCardBalance"] } });

  it("become outcome-unknown, are not retried, and the reference keeps a manual retry from moving money twice", async () => {
    const load = { ...PREPAID_CARD, amount: 2_500, uniqueReferenceNumber: "LOST-ONCE" };
    const error = await ctx.client.call("loadCardBalance", load).catch((failure: unknown) => failure);
    expect(error).toMatchObject({ code: "ENKASH_OUTCOME_UNKNOWN" });
    expect(ctx.sandbox.calls.count("loadCardBalance")).toBe(1);
    ctx.sandbox.faults.configure({ faults: {} });
    const retry = await ctx.client.call("loadCardBalance", load).catch((failure: unknown) => failure);
    expect(retry).toMatchObject({
      code: "ENKASH_REJECTED",
      message: "Duplicate uniqueReferenceNumber; this load was already processed",
    });
  });
});

describe("hangs, timeouts and the circuit breaker", () => {
  let now = Date.now();
  const ctx = useClient(
    { faults: { hang: 1, routes: ["getCardDetails"] } },
    {
      now: () => now,
      timeouts: { headersMs: 100, requestMs: 5_000 },
      retry: { baseDelayMs: 1, maxDelayMs: 5 },
      breaker: { minimumCalls: 20, failureRatio: 0.5, windowMs: 60_000, coolDownMs: 10_000 },
    },
  );

  it("a hang past the timeout is a timeout; sustained failure opens the breaker, which fails fast and recovers", async () => {
    await ctx.client.call("getCardBalance", CORPORATE_CARD); // a success in the window, and a token
    // The headers timeout ends a hung attempt; the call's deadline ends the call.
    const first = await ctx.client.call("getCardDetails", CORPORATE_CARD).catch((error: unknown) => error);
    expect(first).toMatchObject({ code: "ENKASH_TIMEOUT" });
    expect(ctx.client.breakerState()).toBe("closed");
    const failures = await Promise.all(
      Array.from({ length: 20 }, () =>
        ctx.client
          .call("getCardDetails", CORPORATE_CARD, { timeoutMs: 300 })
          .catch((error: unknown) => error),
      ),
    );
    expect(failures.every((error) => (error as EnkashError).code === "ENKASH_TIMEOUT")).toBe(true);
    expect(ctx.client.breakerState()).toBe("open");

    const sent = ctx.sandbox.calls.count();
    const fast = await ctx.client.call("getCardBalance", CORPORATE_CARD).catch((error: unknown) => error);
    expect(fast).toMatchObject({ code: "ENKASH_CIRCUIT_OPEN" });
    expect(ctx.sandbox.calls.count()).toBe(sent);

    ctx.sandbox.faults.configure({ faults: {} });
    now += 10_001;
    expect(ctx.client.breakerState()).toBe("half-open");
    expect((await ctx.client.call("getCardDetails", CORPORATE_CARD)).enKashCardId).toBe("EKCQMY9BQ0");
    expect(ctx.client.breakerState()).toBe("closed");
  });
});

describe("bulkhead and deadlines", () => {
  const ctx = useClient({ latency: { routes: { getCardBalance: { fixedMs: 20 } } } }, { maxInFlight: 3 });

  it("caps EnKash calls in flight", async () => {
    await ctx.client.call("getCardBalance", CORPORATE_CARD);
    // 27: three in flight and 24 waiting, the most the line takes (see the next test).
    const results = await Promise.all(
      Array.from({ length: 27 }, () => ctx.client.call("getCardBalance", CORPORATE_CARD)),
    );
    expect(results).toHaveLength(27);
    expect(ctx.client.load.peak).toBe(3);
    expect(ctx.client.load.inFlight).toBe(0);
  });

  it("bounds the waiting line (8 per slot): beyond it a call fails at once, typed, and is never sent", async () => {
    await ctx.client.call("getCardBalance", CORPORATE_CARD);
    const before = ctx.sandbox.calls.count("getCardBalance");
    const outcomes = await Promise.all(
      Array.from({ length: 40 }, () =>
        ctx.client.call("getCardBalance", CORPORATE_CARD).then(
          () => "served",
          (error: EnkashError) => error.code,
        ),
      ),
    );
    const served = outcomes.filter((outcome) => outcome === "served").length;
    // 3 in flight and 24 waiting at most; the rest refused without waiting.
    expect(served).toBeLessThanOrEqual(27);
    expect(outcomes.filter((outcome) => outcome === "ENKASH_UNAVAILABLE")).toHaveLength(40 - served);
    expect(ctx.sandbox.calls.count("getCardBalance") - before).toBe(served);
    expect(ctx.client.load.queued).toBe(0);
  });

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

  it("does not retry past the caller's deadline", async () => {
    const slow = ctx.newClient({ retry: { baseDelayMs: 5_000, maxDelayMs: 5_000 }, random: () => 0.99 });
    ctx.sandbox.faults.configure({ faults: { http503: 1, routes: ["getCardDetails"] } });
    const before = ctx.sandbox.calls.count("getCardDetails");
    const error = await slow
      .call("getCardDetails", CORPORATE_CARD, { timeoutMs: 500 })
      .catch((failure: unknown) => failure);
    ctx.sandbox.faults.configure({ faults: {} });
    expect(error).toMatchObject({ code: "ENKASH_UNAVAILABLE" });
    expect(ctx.sandbox.calls.count("getCardDetails") - before).toBe(1);
  });

  it("reports every call to the observer", async () => {
    ctx.calls.length = 0;
    await ctx.client.call("getCardBalance", CORPORATE_CARD);
    await ctx.client
      .call("getCardDetails", { ...CORPORATE_CARD, enKashCardId: "EKCNOPE000" })
      .catch(() => undefined);
    expect(ctx.calls).toEqual([
      {
        operation: "getCardBalance",
        method: "POST",
        route: "/api/v0/partner/enKashCard/card-balance",
        status: 200,
        durationMs: expect.any(Number),
        attempts: 1,
        retries: 0,
        outcome: "ok",
      },
      {
        operation: "getCardDetails",
        method: "POST",
        route: "/api/v0/partner/enKashCard/wallet-details",
        status: 404,
        durationMs: expect.any(Number),
        attempts: 1,
        retries: 0,
        outcome: "ENKASH_NOT_FOUND",
      },
    ]);
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
