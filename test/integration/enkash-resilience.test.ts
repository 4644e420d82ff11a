import { describe, expect, it } from "vitest";
import type { EnkashError } from "../../src/enkash/errors.ts";
import { CORPORATE_CARD, PREPAID_CARD, useClient } from "../helpers/enkash.ts";

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
