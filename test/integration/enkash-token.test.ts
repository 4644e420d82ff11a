import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EnkashUnauthorizedError } from "../../src/enkash/errors.ts";
import { CORPORATE, CORPORATE_CARD, useClient } from "../helpers/enkash.ts";

/** The token lifecycle: fetched on first use, cached, refreshed by one request, never looping. */

let clientNow = Date.now();
const ctx = useClient({}, { now: () => clientNow, retry: { baseDelayMs: 5, maxDelayMs: 20 } });

describe("token lifecycle", () => {
  it("is fetched on first use and then reused", async () => {
    const fresh = ctx.newClient({ now: () => clientNow });
    const before = ctx.sandbox.calls.count("token");
    for (let i = 0; i < 10; i++) await fresh.call("getCardBalance", CORPORATE_CARD);
    expect(ctx.sandbox.calls.count("token") - before).toBe(1);
  });

  it("is refreshed 60 s before expires_in, not after", async () => {
    const base = clientNow;
    let now = base;
    const fresh = ctx.newClient({ now: () => now });
    const before = ctx.sandbox.calls.count("token");
    await fresh.call("getCardBalance", CORPORATE_CARD);
    now = base + (86_399 - 61) * 1000;
    await fresh.call("getCardBalance", CORPORATE_CARD);
    expect(ctx.sandbox.calls.count("token") - before).toBe(1);
    now = base + (86_399 - 59) * 1000;
    await fresh.call("getCardBalance", CORPORATE_CARD);
    expect(ctx.sandbox.calls.count("token") - before).toBe(2);
  });

  it("200 concurrent calls on a token EnKash has expired make exactly one token request", async () => {
    await ctx.client.call("getCardAccount", CORPORATE);
    ctx.sandbox.auth.revokeAll();
    const tokensBefore = ctx.sandbox.calls.count("token");
    const callsBefore = ctx.sandbox.calls.count("getCardBalance");
    const results = await Promise.allSettled(
      Array.from({ length: 200 }, () => ctx.client.call("getCardBalance", CORPORATE_CARD)),
    );
    expect(results.filter((result) => result.status === "fulfilled")).toHaveLength(200);
    expect(ctx.sandbox.calls.count("token") - tokensBefore).toBe(1);
    // Calls sent with the stale token were refused once and replayed once; calls that waited for a
    // bulkhead slot went out with the new token. None was sent more than twice.
    const sent = ctx.sandbox.calls.count("getCardBalance") - callsBefore;
    expect(sent).toBeGreaterThan(200);
    expect(sent).toBeLessThanOrEqual(400);
    expect(ctx.calls.slice(-200).every((call) => call.attempts <= 2)).toBe(true);
  });

  it("200 concurrent calls when the cached token has run out make exactly one token request", async () => {
    await ctx.client.call("getCardAccount", CORPORATE);
    clientNow += 86_400_000;
    const tokensBefore = ctx.sandbox.calls.count("token");
    const callsBefore = ctx.sandbox.calls.count("getCardBalance");
    const results = await Promise.allSettled(
      Array.from({ length: 200 }, () => ctx.client.call("getCardBalance", CORPORATE_CARD)),
    );
    expect(results.filter((result) => result.status === "fulfilled")).toHaveLength(200);
    expect(ctx.sandbox.calls.count("token") - tokensBefore).toBe(1);
    expect(ctx.sandbox.calls.count("getCardBalance") - callsBefore).toBe(200);
  });

  it("a token endpoint that is briefly unavailable is retried", async () => {
    const fresh = ctx.newClient();
    ctx.sandbox.faults.configure({
      faults: { http503: 1, routes: ["token"] },
    });
    const before = ctx.sandbox.calls.count("token");
    const failed = await fresh.call("getCardAccount", CORPORATE).catch((error: unknown) => error);
    expect(failed).toMatchObject({ code: "ENKASH_UNAVAILABLE" });
    expect(ctx.sandbox.calls.count("token") - before).toBe(3);
    ctx.sandbox.faults.configure({
      faults: {},
    });
    expect((await fresh.call("getCardAccount", CORPORATE)).cardAccountId).toBe("CAVBMRFE8");
  });
});

describe("a 401 is replayed once, never in a loop", () => {
  let server: Server;
  let url = "";
  const seen = { token: 0, card: 0 };
  beforeAll(async () => {
    server = createServer((req, res) => {
      res.setHeader("content-type", "application/json");
      if (req.url?.startsWith("/oauth/token")) {
        seen.token++;
        return res.end(
          JSON.stringify({
            access_token: `AlwaysRefusedToken${String(seen.token).padStart(9, "0")}`,
            token_type: "bearer",
            expires_in: 3600,
          }),
        );
      }
      seen.card++;
      res.statusCode = 401;
      return res.end(JSON.stringify({ error: "invalid_token", error_description: "Invalid access token" }));
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it("refreshes once, replays once, then reports ENKASH_UNAUTHORIZED", async () => {
    const refused = ctx.newClient({ baseUrl: url, tokenUrl: `${url}/oauth/token` });
    const error = await refused.call("getCardDetails", CORPORATE_CARD).catch((failure: unknown) => failure);
    expect(error).toBeInstanceOf(EnkashUnauthorizedError);
    expect(seen).toEqual({ token: 2, card: 2 });
    for (let i = 1; i <= 2; i++) ctx.secret(`AlwaysRefusedToken${String(i).padStart(9, "0")}`);
  });
});
