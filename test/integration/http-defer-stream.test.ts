import { subscribe, unsubscribe } from "node:diagnostics_channel";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { print } from "graphql";
import { request } from "undici";
import { afterEach, describe, expect, it } from "vitest";
import { AccountDashboardDeferredDocument, CardScreenDeferredDocument } from "../../operations/generated.ts";
import { documentHash, trustedDocumentsFrom } from "../../src/trusted-documents.ts";
import { type HttpServer, useHttpServer } from "../helpers/http-server.ts";
import { PREPAID_CARD_ID } from "../helpers/ids.ts";
import { allErrors, merged, type Part, readParts } from "../helpers/incremental.ts";

/**
 * @defer and @stream over the real listener (createApp behind startServer), read with undici as
 * the bytes arrive. Timing is proven by the order of events, never by clocks: the sandbox writes
 * a call into its log when its answer has gone out, so a log without the transaction search at
 * the moment the client holds the first part means the first part left before the search answered.
 */
const server = useHttpServer();
const cardScreenDeferred = print(CardScreenDeferredDocument);

afterEach(() => {
  server.sandbox.faults.configure({
    faults: {},
    latency: { default: { fixedMs: 0, jitterMs: 0 }, routes: {} },
  });
});

/** Search slower than every other route: fixed delays, so only the order they give is asserted. */
function slowSearch(target: HttpServer = server, searchMs = 400) {
  target.sandbox.faults.configure({
    latency: {
      default: { fixedMs: 0, jitterMs: 0 },
      routes: { transactions: { fixedMs: searchMs, jitterMs: 0 } },
    },
  });
}

async function post(
  query: string,
  options: { accept?: string; target?: HttpServer; body?: Record<string, unknown> } = {},
  onPart?: (part: Part, index: number) => void,
) {
  const target = options.target ?? server;
  const response = await request(`${target.base}/graphql`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      accept: options.accept ?? "multipart/mixed",
      authorization: `Bearer ${await target.token()}`,
    },
    body: JSON.stringify(options.body ?? { query }),
  });
  const contentType = String(response.headers["content-type"] ?? "");
  const parts = await readParts(response.body, contentType, onPart);
  return { status: response.statusCode, headers: response.headers, parts };
}

/** The EnKash calls the sandbox has answered, by route (token requests left out). */
const routesLogged = (target: HttpServer = server) =>
  target.sandbox.calls
    .entries()
    .map((call) => call.route)
    .filter((route) => route !== "token");

describe("the first part goes out before the slow transaction search answers", () => {
  for (const accept of ["multipart/mixed", "text/event-stream"])
    it(`${accept}: the card's own fields first, controls and transactions later`, async () => {
      slowSearch();
      const logged = routesLogged().length;
      const atPart: string[][] = [];
      const { status, parts } = await post(cardScreenDeferred, { accept }, () => {
        atPart.push(routesLogged().slice(logged));
      });
      expect(status).toBe(200);
      expect(parts.length).toBeGreaterThanOrEqual(2);
      expect(parts[0]?.data?.card).toMatchObject({
        status: "ACTIVE",
        account: { title: expect.any(String) },
      });
      expect(parts[0]?.data?.card).not.toHaveProperty("transactions");
      // When the client held the first part, card details had been answered and the search had not.
      expect(atPart[0]).toContain("getCardDetails");
      expect(atPart[0]).not.toContain("transactions");
      // The search was answered before the part that carries the transactions.
      const last = atPart.at(-1) ?? [];
      expect(last).toContain("transactions");
      expect(merged(parts).data).toMatchObject({ card: { transactions: { edges: expect.any(Array) } } });
      // And the search was sent together with the card details (one round, look-ahead), 4 calls in all.
      const calls = routesLogged().slice(logged);
      expect(calls.sort()).toEqual(["getCardAccount", "getCardDetails", "getUsageControls", "transactions"]);
    });

  it("the dashboard's cards come before their transactions when the search is slow", async () => {
    slowSearch();
    const logged = routesLogged().length;
    const atPart: string[][] = [];
    const { parts } = await post(
      print(AccountDashboardDeferredDocument),
      { body: { query: print(AccountDashboardDeferredDocument), variables: { cards: 16 } } },
      () => atPart.push(routesLogged().slice(logged)),
    );
    const first = parts[0]?.data as { cardAccount: { cards: { edges: { node: object }[] } } };
    expect(first.cardAccount.cards.edges).toHaveLength(16);
    expect(atPart[0]).not.toContain("transactions");
    expect(allErrors(parts)).toEqual([]);
  });
});

describe("the streamed response", () => {
  for (const accept of ["multipart/mixed", "text/event-stream"])
    it(`${accept}: carries the security headers once each, and the request ID`, async () => {
      const { headers } = await post(cardScreenDeferred, { accept });
      expect(headers["cache-control"]).toBe("no-store");
      expect(headers["x-content-type-options"]).toBe("nosniff");
      expect(headers["x-frame-options"]).toBe("DENY");
      expect(headers["referrer-policy"]).toBe("no-referrer");
      expect(headers["content-security-policy"]).toBe("default-src 'none'; frame-ancestors 'none'");
      expect(headers["strict-transport-security"]).toMatch(/^max-age=/);
      expect(headers["x-request-id"]).toMatch(/^[0-9a-f-]{36}$/);
    });
});

describe("GET", () => {
  const get = async (query: string, headers: Record<string, string>) => {
    const response = await request(`${server.base}/graphql?query=${encodeURIComponent(query)}`, { headers });
    const contentType = String(response.headers["content-type"] ?? "");
    if (/multipart|event-stream/.test(contentType))
      return { status: response.statusCode, parts: await readParts(response.body, contentType) };
    return {
      status: response.statusCode,
      body: (await response.body.json()) as { errors?: { extensions?: { code?: string } }[] },
    };
  };

  it("a deferred query over GET with a bearer token streams, as a query over GET runs", async () => {
    const answer = await get(cardScreenDeferred, {
      accept: "multipart/mixed",
      authorization: `Bearer ${await server.token()}`,
    });
    expect(answer.status).toBe(200);
    expect(answer.parts?.length).toBeGreaterThanOrEqual(2);
  });

  it("without credentials it is 401 with no EnKash call, whatever it accepts", async () => {
    const before = server.sandbox.calls.count();
    for (const accept of ["multipart/mixed", "text/event-stream"]) {
      const answer = await get(cardScreenDeferred, { accept, "x-graphql-csrf": "1" });
      expect(answer.status).toBe(401);
    }
    expect(server.sandbox.calls.count()).toBe(before);
  });

  it("a deferred mutation over GET is refused (405, as every mutation over GET) with no EnKash call", async () => {
    const before = server.sandbox.calls.count();
    const answer = await get(
      `mutation { lockCard(input: { cardId: "${PREPAID_CARD_ID}" }) { card { ... @defer { status } } } }`,
      {
        accept: "multipart/mixed",
        authorization: `Bearer ${await server.token()}`,
      },
    );
    expect([400, 405]).toContain(answer.status);
    expect(server.sandbox.calls.count()).toBe(before);
  });
});

describe("trusted documents", () => {
  const operations = join(import.meta.dirname, "..", "..", "operations");
  const trusted = useHttpServer({ trustedDocuments: trustedDocumentsFrom(operations) });
  it("CardScreenDeferred runs by its hash and streams; a deferred document not on the list is refused", async () => {
    const text = readFileSync(join(operations, "card-screen-deferred.graphql"), "utf8");
    const { status, parts } = await post("", {
      target: trusted,
      body: { extensions: { persistedQuery: { version: 1, sha256Hash: documentHash(text) } } },
    });
    expect(status).toBe(200);
    expect(parts.length).toBeGreaterThanOrEqual(2);
    expect(allErrors(parts)).toEqual([]);
    const before = trusted.sandbox.calls.count();
    const refused = await post(cardScreenDeferred, { target: trusted });
    expect(refused.parts).toHaveLength(1);
    expect(refused.parts[0]?.data).toBeUndefined();
    expect(refused.parts[0]?.errors?.[0]?.message).toMatch(/PersistedQueryOnly|persisted/i);
    expect(trusted.sandbox.calls.count()).toBe(before);
  });
});

describe("a client that hangs up mid-stream", () => {
  it("leaves no EnKash call started after it left, and no unhandled rejection", async () => {
    slowSearch(server, 300);
    const rejections: unknown[] = [];
    const onRejection = (reason: unknown) => rejections.push(reason);
    process.on("unhandledRejection", onRejection);
    // Every EnKash request the server's client creates, and whether it was answered or failed.
    const sandboxOrigin = new URL(server.sandbox.url).origin;
    let left = false;
    const createdAfter: string[] = [];
    const pending = new Set<object>();
    let settled: () => void = () => {};
    const allSettled = new Promise<void>((resolve) => {
      settled = resolve;
    });
    const onCreate = (message: unknown) => {
      const { request: created } = message as { request: { origin: string; path: string } };
      if (new URL(String(created.origin)).origin !== sandboxOrigin) return;
      pending.add(created);
      if (left) createdAfter.push(created.path);
    };
    const onDone = (message: unknown) => {
      pending.delete((message as { request: object }).request);
      if (left && pending.size === 0) settled();
    };
    subscribe("undici:request:create", onCreate);
    subscribe("undici:request:trailers", onDone);
    subscribe("undici:request:error", onDone);
    try {
      const controller = new AbortController();
      const response = await request(`${server.base}/graphql`, {
        method: "POST",
        signal: controller.signal,
        headers: {
          "content-type": "application/json",
          accept: "multipart/mixed",
          authorization: `Bearer ${await server.token()}`,
        },
        body: JSON.stringify({ query: print(AccountDashboardDeferredDocument), variables: { cards: 50 } }),
      });
      const contentType = String(response.headers["content-type"]);
      await readParts(response.body, contentType, () => {
        if (left) return;
        left = true;
        if (pending.size === 0) settled();
        controller.abort();
      }).catch(() => {});
      expect(left).toBe(true);
      // Wait for what was in flight when the client left to end (answered or aborted), then for
      // anything that would follow it in the same turns of the event loop.
      await allSettled;
      for (let turn = 0; turn < 20; turn++) await new Promise((resolve) => setImmediate(resolve));
      expect(createdAfter).toEqual([]);
      expect(rejections).toEqual([]);
    } finally {
      unsubscribe("undici:request:create", onCreate);
      unsubscribe("undici:request:trailers", onDone);
      unsubscribe("undici:request:error", onDone);
      process.off("unhandledRejection", onRejection);
    }
  });

  it("is counted as cancelled in the metrics, not as ok", async () => {
    // The deferred transactions wait on a call that never answers: the first part comes, the last cannot.
    server.sandbox.faults.configure({ faults: { hang: 1, routes: ["transactions"] } });
    const count = async (outcome: string) => {
      const text = await (await fetch(`${server.base}/metrics`)).text();
      const prefix = `graphql_requests_total{operation="CardScreenDeferred",outcome="${outcome}"} `;
      return Number(
        text
          .split("\n")
          .find((row) => row.startsWith(prefix))
          ?.slice(prefix.length) ?? 0,
      );
    };
    const [ok, cancelled] = [await count("ok"), await count("cancelled")];
    const controller = new AbortController();
    const response = await request(`${server.base}/graphql`, {
      method: "POST",
      signal: controller.signal,
      headers: {
        "content-type": "application/json",
        accept: "multipart/mixed",
        authorization: `Bearer ${await server.token()}`,
      },
      body: JSON.stringify({ query: cardScreenDeferred }),
    });
    await readParts(response.body, String(response.headers["content-type"]), () => controller.abort()).catch(
      () => {},
    );
    await expect.poll(() => count("cancelled"), { timeout: 10_000 }).toBe(cancelled + 1);
    // Found: the hung-up operation was counted ok, as if its every part had been sent.
    expect(await count("ok")).toBe(ok);
  });
});
