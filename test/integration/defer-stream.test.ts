import { useDeferStream } from "@graphql-yoga/plugin-defer-stream";
import { GraphQLError, print } from "graphql";
import { createSchema, createYoga } from "graphql-yoga";
import { describe, expect, it } from "vitest";
import {
  AccountDashboardDeferredDocument,
  AccountDashboardDocument,
  CardScreenDeferredDocument,
  CardScreenDocument,
} from "../../operations/generated.ts";
import type { Context } from "../../src/context.ts";
import { useMaskedErrorsWithRequestId } from "../../src/plugins/use-masked-errors.ts";
import { useRedactedInputErrors } from "../../src/plugins/use-redacted-input-errors.ts";
import { type Harness, useHarness } from "../helpers/harness.ts";
import { PREPAID_CARD_ID } from "../helpers/ids.ts";
import { allErrors, merged, type Part, readParts } from "../helpers/incremental.ts";

/**
 * Issue 15, "first paint in one round": @defer and @stream through every plugin, in process
 * (yoga.fetch, its EnKash client over loopback HTTP to the sandbox). The HTTP-level behaviour (the
 * first part on the wire before the transaction search answers, GET, disconnects) is in
 * http-defer-stream.test.ts.
 */
const h = useHarness();

const CARD_ARGS = `companyId: "CEKEP5GSGP", cardAccountId: "CABFIPS", enKashCardId: "EKCMB7KAEW"`;
const OTHER_TENANT = ["CEK7T1WMC6"];

interface Streamed {
  status: number;
  contentType: string;
  parts: Part[];
  /** The body as JSON when the answer was not incremental. */
  single?: { data?: unknown; errors?: { message: string; extensions?: Record<string, unknown> }[] };
  headers: Headers;
}

async function stream(
  harness: Harness,
  query: string,
  options: {
    variables?: Record<string, unknown>;
    accept?: string;
    token?: string;
    operationName?: string;
    extensions?: Record<string, unknown>;
  } = {},
): Promise<Streamed> {
  const token = options.token ?? (await harness.token());
  const response = await harness.fetch({
    method: "POST",
    headers: {
      "content-type": "application/json",
      accept: options.accept ?? "multipart/mixed",
      authorization: `Bearer ${token}`,
    },
    body: JSON.stringify({
      query,
      variables: options.variables ?? {},
      ...(options.operationName ? { operationName: options.operationName } : {}),
      ...(options.extensions ? { extensions: options.extensions } : {}),
    }),
  });
  const contentType = response.headers.get("content-type") ?? "";
  if (!response.body || !/multipart\/mixed|text\/event-stream/.test(contentType))
    return {
      status: response.status,
      contentType,
      parts: [],
      single: await response.json(),
      headers: response.headers,
    };
  const parts = await readParts(response.body, contentType);
  // One part and no more to come: not incremental (a refusal, or @defer(if: false)).
  const only = parts.length === 1 && parts[0]?.hasNext === undefined ? parts[0] : undefined;
  return {
    status: response.status,
    contentType,
    parts,
    headers: response.headers,
    ...(only ? { single: only as Streamed["single"] & object } : {}),
  };
}

const cardScreenDeferred = print(CardScreenDeferredDocument);
const dashboardDeferred = print(AccountDashboardDeferredDocument);

describe("CardScreenDeferred", () => {
  it("the first part holds the card's own fields and its account; controls and transactions come later", async () => {
    const { status, parts } = await stream(h, cardScreenDeferred);
    expect(status).toBe(200);
    expect(parts.length).toBeGreaterThanOrEqual(2);
    const card = (parts[0]?.data as { card: Record<string, unknown> }).card;
    expect(card).toMatchObject({
      enKashCardId: "EKCMB7KAEW",
      status: "ACTIVE",
      account: { title: expect.any(String) },
    });
    expect(card.balance).toBeTruthy();
    expect(card).not.toHaveProperty("transactions");
    expect(card).not.toHaveProperty("controls");
    expect(parts[0]?.hasNext).toBe(true);
    expect(parts.at(-1)?.hasNext).toBe(false);
    const later = parts.slice(1).flatMap((part) => part.incremental ?? []);
    expect(later).toContainEqual(
      expect.objectContaining({
        path: ["card"],
        label: "controlsAndTransactions",
        data: expect.objectContaining({ controls: expect.anything(), transactions: expect.anything() }),
      }),
    );
    // Merged, it is the non-deferred card screen, field for field.
    const whole = await h.gql(CardScreenDocument, {});
    expect(merged(parts).data).toEqual(whole.data);
    expect(allErrors(parts)).toEqual([]);
  });

  it("costs the card screen's 4 EnKash calls in one round (look-ahead prefetches the deferred fields)", async () => {
    const plain = await h.upstream(() => h.gql(CardScreenDocument, {}));
    const deferred = await h.upstream(() => stream(h, cardScreenDeferred));
    expect(deferred.calls).toEqual(plain.calls);
    expect(deferred.total).toBe(4);
    const { rounds } = await h.upstreamRounds(() => stream(h, cardScreenDeferred));
    expect(rounds).toBe(1);
  });

  it("text/event-stream carries the same parts", async () => {
    const multipart = await stream(h, cardScreenDeferred);
    const sse = await stream(h, cardScreenDeferred, { accept: "text/event-stream" });
    expect(sse.contentType).toMatch(/^text\/event-stream/);
    expect(merged(sse.parts).data).toEqual(merged(multipart.parts).data);
  });

  it("extensions.upstreamCalls: every part carries the calls so far, the last one the operation's total", async () => {
    const { parts } = await stream(h, cardScreenDeferred);
    const last = parts.at(-1)?.extensions?.upstreamCalls;
    expect(last).toEqual({
      total: 4,
      byOperation: { getCardAccount: 1, getCardDetails: 1, getUsageControls: 1, searchTransactions: 1 },
    });
    for (const part of parts) expect(part.extensions?.upstreamCalls?.total).toBeGreaterThan(0);
  });

  it("runs on the incremental executor on its 1st, 2nd and 3rd run, never compiled (the harness compiles from the 1st)", async () => {
    const whole = await h.gql(CardScreenDocument, {});
    for (let run = 1; run <= 3; run++) {
      const { contentType, parts } = await stream(h, cardScreenDeferred);
      expect(contentType, `run ${run}`).toMatch(/^multipart\/mixed/);
      // graphql-jit ignores @defer: a compiled run answers everything in its first part.
      expect(parts.length, `run ${run}`).toBeGreaterThanOrEqual(2);
      expect(parts[0]?.data?.card, `run ${run}`).not.toHaveProperty("transactions");
      expect(merged(parts).data, `run ${run}`).toEqual(whole.data);
    }
    // A document whose executed operation has no @defer still compiles and answers as one result.
    const plain = await stream(h, print(CardScreenDocument));
    expect(plain.single?.data).toEqual(whole.data);
  });

  it("@defer(if: false) answers in one part, with the same data", async () => {
    const { single } = await stream(
      h,
      `query Q { card(${CARD_ARGS}) { status ... @defer(if: false) { controls { pos } } } }`,
      { accept: "application/json" },
    );
    const data = single?.data;
    expect(data).toEqual({ card: { status: "ACTIVE", controls: { pos: expect.any(Boolean) } } });
  });
});

describe("AccountDashboardDeferred", () => {
  it("makes the dashboard's EnKash calls, no more, and merges to the same data", async () => {
    const plain = await h.upstream(() => h.gql(AccountDashboardDocument, { cards: 16 }));
    const deferred = await h.upstream(() => stream(h, dashboardDeferred, { variables: { cards: 16 } }));
    expect(deferred.calls).toEqual(plain.calls);
    const { parts } = deferred.result;
    expect(parts.length).toBeGreaterThanOrEqual(2);
    const firstCards = (parts[0]?.data as { cardAccount: { cards: { edges: { node: object }[] } } })
      .cardAccount.cards.edges;
    expect(firstCards.length).toBe(16);
    for (const edge of firstCards) expect(edge.node).not.toHaveProperty("transactions");
    expect(merged(parts).data).toEqual(plain.result.data);
    expect(parts.at(-1)?.extensions?.upstreamCalls?.total).toBe(plain.total);
  });

  it("@stream on the cards' edges: the first item comes with the account, the rest in later parts", async () => {
    const query = `query S { cardAccount(companyId: "CEK7T1WMC6", cardAccountId: "CAVBMRFE8") { title cards(first: 5) { edges @stream(initialCount: 1) { node { id status } } } } }`;
    const plain = await h.upstream(() => h.gql(query.replace("@stream(initialCount: 1)", "")));
    const streamed = await h.upstream(() => stream(h, query));
    expect(streamed.calls).toEqual(plain.calls);
    const { parts } = streamed.result;
    const edges = (parts[0]?.data as { cardAccount: { cards: { edges: unknown[] } } }).cardAccount.cards
      .edges;
    expect(edges).toHaveLength(1);
    expect(merged(parts).data).toEqual(plain.result.data);
  });
});

describe("what the client must accept", () => {
  it("a deferred query asked for as application/json is refused 406 before any EnKash call", async () => {
    const { total, result } = await h.upstream(() =>
      stream(h, cardScreenDeferred, { accept: "application/json" }),
    );
    expect(result.status).toBe(406);
    expect(result.single?.errors?.[0]?.extensions?.code).toBe("NOT_ACCEPTABLE");
    expect(result.single?.errors?.[0]?.message).toMatch(/multipart\/mixed/);
    expect(total).toBe(0);
  });

  it("GraphiQL's preloaded document (every example operation) runs CardScreenDeferred by name", async () => {
    const { exampleOperations } = await import("../../src/app.ts");
    const { parts } = await stream(h, exampleOperations(), {
      operationName: "CardScreenDeferred",
      accept: "application/graphql-response+json, application/json, multipart/mixed",
    });
    expect(parts.length).toBeGreaterThanOrEqual(2);
    const plain = await stream(h, exampleOperations(), {
      operationName: "CardScreen",
      accept: "application/json",
    });
    expect(plain.single?.data).toEqual(merged(parts).data);
  });
});

describe("mutations and subscriptions are never split into parts", () => {
  const mutations = [
    `mutation { lockCard(input: { cardId: "${PREPAID_CARD_ID}" }) { card { id ... @defer { status } } } }`,
    `mutation { lockCard(input: { cardId: "${PREPAID_CARD_ID}" }) { ... @defer { card { status } } } }`,
    `mutation { ... @defer { lockCard(input: { cardId: "${PREPAID_CARD_ID}" }) { card { status } } } }`,
    `mutation { lockCard(input: { cardId: "${PREPAID_CARD_ID}" }) { ...P @defer } } fragment P on LockCardPayload { card { status } }`,
    `mutation { lockCard(input: { cardId: "${PREPAID_CARD_ID}" }) { ...P } } fragment P on LockCardPayload { card { ... @defer { status } } }`,
    `mutation { lockCard(input: { cardId: "${PREPAID_CARD_ID}" }) { card { id ... @defer(if: false) { status } } } }`,
    `mutation { lockCard(input: { cardId: "${PREPAID_CARD_ID}" }) { userErrors @stream(initialCount: 0) { code } } }`,
    `mutation M($d: Boolean!) { lockCard(input: { cardId: "${PREPAID_CARD_ID}" }) { card { ... @defer(if: $d) { status } } } }`,
  ];
  for (const [index, mutation] of mutations.entries())
    it(`refuses @defer/@stream in a mutation with a validation error, HTTP 400, nothing run (${index + 1})`, async () => {
      const before = h.sandbox.calls.count();
      const { status, single } = await stream(h, mutation, { variables: { d: true } });
      expect(status).toBe(400);
      expect(single?.errors?.map((error) => error.extensions?.code)).toContain("GRAPHQL_VALIDATION_FAILED");
      expect(single?.errors?.map((error) => error.message).join(" ")).toMatch(/@defer and @stream .*queries/);
      expect(h.sandbox.calls.count()).toBe(before);
    });

  it("a document holding a deferred query and a mutation may still run its mutation (the rule is per operation)", async () => {
    const document = `query Q { card(${CARD_ARGS}) { ... @defer { status } } }
      mutation M { lockCard(input: { cardId: "${PREPAID_CARD_ID}", idempotencyKey: "defer-doc-1" }) { card { status } userErrors { code } } }`;
    const { status, single } = await stream(h, document, { operationName: "M", accept: "application/json" });
    expect(status).toBe(200);
    expect(single?.errors).toBeUndefined();
    await h.gql(
      `mutation { unlockCard(input: { cardId: "${PREPAID_CARD_ID}", otp: { medium: AUTHENTICATOR, code: "123456" } }) { userErrors { code } } }`,
    );
  });

  it("a subscription with @defer is refused (the schema has no subscriptions)", async () => {
    const { status, single } = await stream(h, `subscription { ... @defer { __typename } }`);
    expect(status).toBe(400);
    expect(single?.errors?.[0]?.extensions?.code).toBe("GRAPHQL_VALIDATION_FAILED");
  });
});

describe("@stream's initialCount", () => {
  const edges = (count: string) =>
    `query S${count === "$n" ? "($n: Int)" : ""} { cardAccount(companyId: "CEK7T1WMC6", cardAccountId: "CAVBMRFE8") { cards(first: 3) { edges @stream(initialCount: ${count}) { node { id } } } } }`;
  for (const count of ["-1", "101", "2147483647"])
    it(`initialCount ${count} is a validation error, HTTP 400, nothing run`, async () => {
      const before = h.sandbox.calls.count();
      const { status, single } = await stream(h, edges(count));
      expect(status).toBe(400);
      expect(single?.errors?.[0]).toMatchObject({
        message: expect.stringMatching(/initialCount must be from 0 to 100/),
        extensions: { code: "GRAPHQL_VALIDATION_FAILED" },
      });
      expect(h.sandbox.calls.count()).toBe(before);
    });

  it("initialCount past Int is refused by graphql-js itself, HTTP 400", async () => {
    const { status, single } = await stream(h, edges("99999999999"));
    expect(status).toBe(400);
    expect(single?.errors?.[0]?.extensions?.code).toBe("GRAPHQL_VALIDATION_FAILED");
  });

  for (const n of [-5, 1000])
    it(`initialCount from a variable (${n}) is refused as bad input, HTTP 400, nothing run`, async () => {
      const before = h.sandbox.calls.count();
      const { status, single } = await stream(h, edges("$n"), { variables: { n } });
      expect(status).toBe(400);
      expect(single?.errors?.[0]).toMatchObject({
        message: expect.stringMatching(/initialCount must be from 0 to 100/),
        extensions: { code: "BAD_USER_INPUT" },
      });
      expect(h.sandbox.calls.count()).toBe(before);
    });

  it("initialCount from a null variable is refused too (the executor would fail on it)", async () => {
    const { status, single } = await stream(h, edges("$n"), { variables: { n: null } });
    expect(status).toBe(400);
    expect(single?.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
  });

  it("initialCount 0 to 100 answer (100 of 3 edges: all in the first part)", async () => {
    for (const count of ["0", "100"]) {
      const { status, parts } = await stream(h, edges(count));
      expect(status).toBe(200);
      expect(allErrors(parts)).toEqual([]);
      const data = merged(parts).data as { cardAccount: { cards: { edges: unknown[] } } };
      expect(data.cardAccount.cards.edges).toHaveLength(3);
    }
  });
});

describe("errors in deferred parts are masked as anywhere else", () => {
  it("EnKash failing under a deferred field: UPSTREAM_UNAVAILABLE with the request ID, in the server's words", async () => {
    h.sandbox.faults.configure({ faults: { http503: 1, routes: ["transactions"] } });
    try {
      const response = await stream(h, cardScreenDeferred);
      const { parts } = response;
      expect(parts[0]?.errors).toBeUndefined();
      const errors = allErrors(parts);
      expect(errors.length).toBeGreaterThan(0);
      for (const error of errors) {
        expect(error).toMatchObject({
          message: "EnKash is unavailable right now; try again later.",
          extensions: { code: "UPSTREAM_UNAVAILABLE", requestId: response.headers.get("x-request-id") },
        });
      }
    } finally {
      h.sandbox.faults.configure({ faults: {} });
    }
  });
});

describe("an uncoded error in a deferred part (the masking plugins alone, on a schema whose field throws)", () => {
  const logged: unknown[] = [];
  const yoga = createYoga<Record<string, unknown>, Pick<Context, "requestId" | "log">>({
    schema: createSchema({
      typeDefs: "type Query { ok: String, boom: String, quoted: String }",
      resolvers: {
        Query: {
          ok: () => "fine",
          boom: () => {
            throw new Error("connection to 10.0.0.7 refused; password hunter2");
          },
          quoted: () => {
            throw new GraphQLError('Card "4111111111111111" is not allowed', {
              extensions: { code: "BAD_USER_INPUT" },
            });
          },
        },
      },
    }),
    context: () => ({
      requestId: "request-1",
      log: { error: (fields: unknown) => logged.push(fields) } as never,
    }),
    maskedErrors: false,
    logging: false,
    plugins: [useDeferStream(), useRedactedInputErrors(), useMaskedErrorsWithRequestId((error) => error)],
  });

  it("is 'Unexpected error.' with INTERNAL_SERVER_ERROR and the request ID; a coded one loses its digits", async () => {
    const response = await yoga.fetch("http://localhost/graphql", {
      method: "POST",
      headers: { "content-type": "application/json", accept: "multipart/mixed" },
      body: JSON.stringify({ query: "{ ok ... @defer { boom quoted } }" }),
    });
    const parts = await readParts(
      response.body as ReadableStream<Uint8Array>,
      response.headers.get("content-type") ?? "",
    );
    expect(parts[0]?.data).toEqual({ ok: "fine" });
    const errors = allErrors(parts);
    expect(errors).toContainEqual(
      expect.objectContaining({
        message: "Unexpected error.",
        path: ["boom"],
        extensions: { code: "INTERNAL_SERVER_ERROR", requestId: "request-1" },
      }),
    );
    const quoted = errors.find((error) => error.path?.[0] === "quoted");
    expect(quoted?.extensions).toMatchObject({ code: "BAD_USER_INPUT", requestId: "request-1" });
    expect(JSON.stringify(parts)).not.toMatch(/hunter2|10\.0\.0\.7|4111/);
    expect(logged).toHaveLength(1);
  });
});

describe("the request's EnKash budget covers its deferred parts", () => {
  const tight = useHarness({}, {}, { limits: { maxEnkashCallsPerRequest: 2 } });
  it("with a budget of 2, the third card (in a deferred fragment) is refused ENKASH_BUDGET_EXCEEDED, with the request ID", async () => {
    const card = (id: string) =>
      `card(companyId: "CEKEP5GSGP", cardAccountId: "CABFIPS", enKashCardId: "${id}") { status }`;
    const query = `query B { a: ${card("EKCMB7KAEW")} ... @defer(label: "more") { b: card(companyId: "CEKEP5GSGP", cardAccountId: "CAA8W45", enKashCardId: "EKC94AEX89") { status } c: card(companyId: "CEK7T1WMC6", cardAccountId: "CAVBMRFE8", enKashCardId: "EKCQMY9BQ0") { status } } }`;
    const { result, total } = await tight.upstream(() => stream(tight, query));
    expect(total).toBe(2);
    expect(result.parts[0]?.data).toEqual({ a: { status: "ACTIVE" } });
    const errors = allErrors(result.parts);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({
      path: ["c"],
      extensions: { code: "ENKASH_BUDGET_EXCEEDED", requestId: result.headers.get("x-request-id") },
    });
    expect(errors[0]?.message).toMatch(
      /^This request needs more EnKash calls than one request may make \(2\)/,
    );
    expect(result.parts.at(-1)?.extensions?.upstreamCalls?.total).toBe(2);
  });
});

describe("authorization inside deferred fragments", () => {
  it("another tenant's card in a deferred fragment is null, as outside one, with no EnKash call for it", async () => {
    const token = await h.token({ role: "COMPANY_ADMIN", companies: OTHER_TENANT, subject: "defer-tenant" });
    const outside = await h.upstream(() =>
      stream(h, `query Q { card(${CARD_ARGS}) { status } }`, { token, accept: "application/json" }),
    );
    const inside = await h.upstream(() =>
      stream(
        h,
        `query Q { companies { companyId } ... @defer { card(${CARD_ARGS}) { status balance { amount } } } }`,
        { token },
      ),
    );
    expect(outside.result.single?.data).toEqual({ card: null });
    expect(merged(inside.result.parts).data).toMatchObject({ card: null });
    expect(inside.calls.getCardDetails).toBeUndefined();
    expect(outside.calls.getCardDetails).toBeUndefined();
  });

  it("through a fragment spread, nested defers and node(id): still null", async () => {
    const token = await h.token({
      role: "COMPANY_ADMIN",
      companies: OTHER_TENANT,
      subject: "defer-tenant-2",
    });
    const { result, calls } = await h.upstream(() =>
      stream(
        h,
        `query Q($id: ID!) { ...R @defer(label: "outer") } fragment R on Query { node(id: $id) { id ... on Card { ... @defer(label: "inner") { status maskedNumber } } } nodes(ids: [$id]) @stream(initialCount: 0) { id } }`,
        { token, variables: { id: PREPAID_CARD_ID } },
      ),
    );
    expect(merged(result.parts).data).toEqual({ node: null, nodes: [null] });
    expect(calls.getCardDetails).toBeUndefined();
  });

  it("a cardholder's deferred fragment on someone else's card is null", async () => {
    const token = await h.token({
      role: "CARDHOLDER",
      companies: ["CEKEP5GSGP"],
      cards: ["EKCNOTMINE"],
      subject: "holder",
    });
    const { parts } = await stream(h, `query Q { ... @defer { card(${CARD_ARGS}) { status } } }`, { token });
    expect(merged(parts).data).toEqual({ card: null });
  });

  it("personal data under an aliased field in a deferred fragment is masked without cards:personal", async () => {
    const token = await h.token({
      role: "COMPANY_ADMIN",
      companies: ["CEKEP5GSGP"],
      scopes: ["cards:read"],
      subject: "auditor",
    });
    const query = `query Q { card(${CARD_ARGS}) { status ... @defer { who: cardholder { phone: mobile } } } }`;
    const deferred = merged((await stream(h, query, { token })).parts).data as {
      card: { who: { phone: string | null } };
    };
    const plain = await stream(h, query.replace(" @defer", ""), { token, accept: "application/json" });
    expect(deferred.card.who.phone).toEqual((plain.single?.data as typeof deferred).card.who.phone);
    if (deferred.card.who.phone !== null) expect(deferred.card.who.phone).toMatch(/X/);
  });
});

describe("limits count deferred fields the same", () => {
  it("depth: 13 levels through deferred fragments is refused as it is without them", async () => {
    // card > account > company > cardAccounts > cards > edges > node > transactions > edges > node > card > account > title
    const deep = (defer: string) =>
      `query D { card(${CARD_ARGS}) { ... ${defer} { account { company { cardAccounts { cards(first: 1) { edges { node { ... ${defer} { transactions(first: 1) { edges { node { card { account { title } } } } } } } } } } } } } } }`;
    const plain = await stream(h, deep(""));
    const deferred = await stream(h, deep("@defer"));
    expect(plain.status).toBe(400);
    expect(deferred.status).toBe(400);
    expect(deferred.single?.errors?.[0]?.message).toEqual(plain.single?.errors?.[0]?.message);
  });

  it("aliases: 16 spread over deferred fragments are refused", async () => {
    const aliases = Array.from({ length: 16 }, (_, i) => `a${i}: status`);
    const query = `query A { card(${CARD_ARGS}) { ... @defer { ${aliases.slice(0, 8).join(" ")} } ... @defer { ${aliases.slice(8).join(" ")} } } }`;
    const { status, single } = await stream(h, query);
    expect(status).toBe(400);
    expect(single?.errors?.[0]?.message).toMatch(/Aliases limit of 15 exceeded/);
  });

  it("directives: @defer counts towards the 10 directives", async () => {
    const fragments = Array.from({ length: 11 }, () => "... @defer { status }").join(" ");
    const { status, single } = await stream(h, `query X { card(${CARD_ARGS}) { ${fragments} } }`);
    expect(status).toBe(400);
    expect(single?.errors?.[0]?.message).toMatch(/Directives limit/);
  });
});

describe("metrics count a deferred operation once, when its last part is sent", () => {
  const count = async (operation: string, outcome: string) => {
    const text = await (await h.fetch({ path: "/metrics", method: "GET" })).text();
    const line = text
      .split("\n")
      .find((row) => row.startsWith(`graphql_requests_total{operation="${operation}",outcome="${outcome}"}`));
    return Number(line?.split(" ").at(-1) ?? 0);
  };

  it("ok once per request, and error when a deferred part failed", async () => {
    const ok = await count("CardScreenDeferred", "ok");
    const failed = await count("CardScreenDeferred", "error");
    await stream(h, cardScreenDeferred);
    expect(await count("CardScreenDeferred", "ok")).toBe(ok + 1);
    h.sandbox.faults.configure({ faults: { http503: 1, routes: ["transactions"] } });
    try {
      await stream(h, cardScreenDeferred);
    } finally {
      h.sandbox.faults.configure({ faults: {} });
    }
    expect(await count("CardScreenDeferred", "error")).toBe(failed + 1);
    expect(await count("CardScreenDeferred", "ok")).toBe(ok + 1);
  });
});
