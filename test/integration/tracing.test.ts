import { readFileSync } from "node:fs";
import { join } from "node:path";
import { SpanKind } from "@opentelemetry/api";
import type { ReadableSpan } from "@opentelemetry/sdk-trace";
import { print } from "graphql";
import { request } from "undici";
import { beforeEach, describe, expect, it } from "vitest";
import { SetCardPinDocument } from "../../operations/generated.ts";
import { assertNoSecrets, PREPAID_CARD } from "../helpers/enkash.ts";
import { useHttpServer } from "../helpers/http-server.ts";
import { PREPAID_CARD_ID } from "../helpers/ids.ts";
import { readParts } from "../helpers/incremental.ts";
import { parentOf, useTracing } from "../helpers/spans.ts";

/**
 * Issue 17 (1): OpenTelemetry. One CardScreen operation over real HTTP, its spans caught by an
 * in-memory exporter: the operation's span (a child of the caller's `traceparent`), the resolvers
 * that wait on EnKash, one client span per EnKash HTTP attempt, and the same trace context in the
 * sandbox's call log (propagation) and in the log lines (trace_id, span_id). Nothing of the
 * caller's variables or secrets in any attribute.
 */
const { exporter, tracing } = useTracing();
const server = useHttpServer({ tracer: tracing.tracer });

const OPERATIONS = join(import.meta.dirname, "..", "..", "operations");
const CARD_SCREEN = readFileSync(join(OPERATIONS, "card-screen.graphql"), "utf8");
const CARD_SCREEN_DEFERRED = readFileSync(join(OPERATIONS, "card-screen-deferred.graphql"), "utf8");
const CALLER_TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
const CALLER_SPAN = "00f067aa0ba902b7";

async function post(
  query: string,
  headers: Record<string, string> = {},
  token?: string,
  variables: Record<string, unknown> = PREPAID_CARD,
) {
  const response = await request(`${server.base}/graphql`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      accept: "application/graphql-response+json",
      authorization: `Bearer ${token ?? (await server.token())}`,
      ...headers,
    },
    body: JSON.stringify({ query, variables }),
  });
  return { status: response.statusCode, body: (await response.body.json()) as Record<string, unknown> };
}

const spansOf = (traceId: string) =>
  exporter.getFinishedSpans().filter((span) => span.spanContext().traceId === traceId);
const operationSpan = (name: string) => {
  const found = exporter.getFinishedSpans().filter((span) => span.name === name);
  expect(found).toHaveLength(1);
  return found[0] as ReadableSpan;
};

/** The tree as docs/observability.md shows it: names, kinds and the attributes that tell spans apart. */
function renderTree(spans: readonly ReadableSpan[], root: ReadableSpan): string {
  const line = (span: ReadableSpan) => {
    const a = span.attributes;
    const shown = [
      a["graphql.operation.type"] && `graphql.operation.type=${a["graphql.operation.type"]}`,
      a["graphql.field.path"] && `graphql.field.path=${a["graphql.field.path"]}`,
      a["enkash.operation"] && `enkash.operation=${a["enkash.operation"]}`,
      a["http.response.status_code"] && `http.response.status_code=${a["http.response.status_code"]}`,
    ].filter(Boolean);
    return `${span.name} [${SpanKind[span.kind]}]${shown.length ? ` ${shown.join(" ")}` : ""}`;
  };
  const walk = (span: ReadableSpan, depth: number): string[] => {
    const children = spans
      .filter((child) => parentOf(child) === span.spanContext().spanId)
      .sort((a, b) => line(a).localeCompare(line(b)));
    return [`${"  ".repeat(depth)}${line(span)}`, ...children.flatMap((child) => walk(child, depth + 1))];
  };
  return walk(root, 0).join("\n");
}

beforeEach(async () => {
  // A first run fetches the EnKash token, so the trees below are of a warm server; and a
  // document's second run is compiled (graphql-jit, useCompiledExecution), as in production.
  await post(CARD_SCREEN);
  exporter.reset();
  server.sandbox.calls.clear();
});

describe("tracing a CardScreen operation", () => {
  it("makes the caller's span the parent, a span per waiting resolver and one per EnKash call, and sends traceparent", async () => {
    const answer = await post(CARD_SCREEN, { traceparent: `00-${CALLER_TRACE}-${CALLER_SPAN}-01` });
    expect(answer.body.errors).toBeUndefined();

    const spans = spansOf(CALLER_TRACE);
    const root = operationSpan("query CardScreen");
    expect(root.kind).toBe(SpanKind.SERVER);
    expect(parentOf(root)).toBe(CALLER_SPAN);
    expect(root.attributes).toMatchObject({
      "graphql.operation.type": "query",
      "graphql.operation.name": "CardScreen",
    });
    expect(root.status.code).toBe(0); // UNSET: no error

    const client = spans.filter((span) => span.kind === SpanKind.CLIENT);
    expect(client.map((span) => span.attributes["enkash.operation"]).sort()).toEqual([
      "getCardAccount",
      "getCardDetails",
      "getUsageControls",
      "searchTransactions",
    ]);
    // Every span of the operation is in the caller's trace and under the operation's span.
    const byId = new Map(spans.map((span) => [span.spanContext().spanId, span]));
    for (const span of spans) {
      if (span === root) continue;
      let at: ReadableSpan | undefined = span;
      while (at && at !== root) at = byId.get(parentOf(at) ?? "");
      expect(at, `${span.name} hangs under the operation`).toBe(root);
    }

    // Propagation: the sandbox received each client span's own context as traceparent.
    const received = server.sandbox.calls.entries().map((call) => call.traceparent);
    expect(received.sort()).toEqual(
      client.map((span) => `00-${CALLER_TRACE}-${span.spanContext().spanId}-01`).sort(),
    );

    const tree = renderTree(spans, root);
    const docs = readFileSync(join(import.meta.dirname, "..", "..", "docs", "observability.md"), "utf8");
    expect(docs, `docs/observability.md should show this tree:\n${tree}\n`).toContain(tree);
  });

  it("records no variable, token, card number or other secret in any span", async () => {
    const token = await server.token();
    await post(CARD_SCREEN, {}, token);
    const spans = exporter.getFinishedSpans();
    expect(spans.length).toBeGreaterThan(5);
    const recorded = JSON.stringify(
      spans.map((span) => ({ name: span.name, attributes: span.attributes, events: span.events })),
    );
    const card = server.sandbox.state.cards.get(PREPAID_CARD.enKashCardId);
    const secrets = [
      token,
      PREPAID_CARD.companyId,
      PREPAID_CARD.cardAccountId,
      PREPAID_CARD.enKashCardId,
      server.sandbox.options.credentials.clientSecret,
      server.sandbox.options.credentials.password,
      // The card's full number is caught by assertNoSecrets' Luhn scan; its EnKash token by name.
      ...(card ? [card.token] : []),
    ];
    assertNoSecrets(recorded, secrets);
    expect(recorded).not.toContain("variables");
    expect(recorded).not.toContain("query CardScreen("); // never the document
  });

  it("records no PIN, whether in a variable or inline in the document, nor the EnKash tokens", async () => {
    const set = await post(print(SetCardPinDocument), {}, undefined, {
      input: { cardId: PREPAID_CARD_ID, pin: "4862" },
    });
    expect(JSON.stringify(set.body)).toContain('"userErrors":[]');
    await post(
      `mutation InlinePin { setCardPin(input: { cardId: "${PREPAID_CARD_ID}", pin: "9876" }) { userErrors { code } } }`,
    );
    const spans = exporter.getFinishedSpans();
    expect(spans.some((span) => span.name === "mutation SetCardPin")).toBe(true);
    expect(spans.some((span) => span.name === "mutation InlinePin")).toBe(true);
    const recorded = JSON.stringify(
      spans.map((span) => ({ name: span.name, attributes: span.attributes, events: span.events })),
    );
    assertNoSecrets(recorded, ["4862", "9876", PREPAID_CARD_ID, ...server.sandbox.auth.issuedTokens()]);
  });

  it("does not take the caller's tracestate, which would travel on to EnKash", async () => {
    await post(CARD_SCREEN, {
      traceparent: `00-${CALLER_TRACE}-${CALLER_SPAN}-01`,
      tracestate: "vendor=4111111111111111",
    });
    const root = operationSpan("query CardScreen");
    expect(parentOf(root)).toBe(CALLER_SPAN);
    expect(root.parentSpanContext?.traceState).toBeUndefined();
    for (const span of spansOf(CALLER_TRACE)) expect(span.spanContext().traceState).toBeUndefined();
  });

  it("records nothing for a caller whose traceparent says not sampled, and passes that decision on", async () => {
    await post(CARD_SCREEN, { traceparent: `00-${CALLER_TRACE}-${CALLER_SPAN}-00` });
    expect(exporter.getFinishedSpans()).toEqual([]);
    const received = server.sandbox.calls.entries().map((call) => call.traceparent);
    expect(received).toHaveLength(4);
    for (const header of received) expect(header).toMatch(new RegExp(`^00-${CALLER_TRACE}-[0-9a-f]{16}-00$`));
  });

  it("starts a trace of its own when the caller sends no (or a malformed) traceparent", async () => {
    await post(CARD_SCREEN, { traceparent: "00-not-a-trace-01" });
    const root = operationSpan("query CardScreen");
    expect(parentOf(root)).toBeUndefined();
    expect(root.spanContext().traceId).not.toBe(CALLER_TRACE);
  });

  it("shows each retry as a client span of its own, and the log line's trace_id and span_id", async () => {
    server.sandbox.faults.configure({ faults: { http503: 1, routes: ["getCardDetails"] } });
    const logsBefore = server.logs.length;
    try {
      await post(CARD_SCREEN, { traceparent: `00-${CALLER_TRACE}-${CALLER_SPAN}-01` });
    } finally {
      server.sandbox.faults.configure({ faults: {} });
    }
    const root = operationSpan("query CardScreen");
    expect(root.status.code).toBe(2); // ERROR
    expect(root.attributes["graphql.error.codes"]).toBeDefined();
    const attempts = spansOf(CALLER_TRACE).filter(
      (span) => span.attributes["enkash.operation"] === "getCardDetails",
    );
    expect(attempts.map((span) => span.attributes["http.request.resend_count"] ?? 0)).toEqual([0, 1, 2]);
    expect(attempts.every((span) => span.attributes["http.response.status_code"] === 503)).toBe(true);

    const failed = server.logs
      .slice(logsBefore)
      .map((line) => JSON.parse(line) as Record<string, unknown>)
      .filter((line) => line.msg === "EnKash call failed");
    expect(failed.length).toBeGreaterThan(0);
    const spanIds = new Set(spansOf(CALLER_TRACE).map((span) => span.spanContext().spanId));
    for (const line of failed) {
      expect(line.trace_id).toBe(CALLER_TRACE);
      expect(spanIds.has(line.span_id as string)).toBe(true);
    }
  });

  it("keeps a deferred operation's span open until its last part, and ends it when the caller hangs up", async () => {
    // The deferred transactions wait on a call that never answers: the first part comes, the last cannot.
    server.sandbox.faults.configure({ faults: { hang: 1, routes: ["transactions"] } });
    const ended = exporter.exported("query CardScreenDeferred");
    const abort = new AbortController();
    try {
      const response = await request(`${server.base}/graphql`, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          accept: "multipart/mixed",
          authorization: `Bearer ${await server.token()}`,
        },
        body: JSON.stringify({ query: CARD_SCREEN_DEFERRED, variables: PREPAID_CARD }),
        signal: abort.signal,
      });
      let openAtFirstPart: boolean | undefined;
      await readParts(response.body, String(response.headers["content-type"]), () => {
        openAtFirstPart = !exporter
          .getFinishedSpans()
          .some((span) => span.name === "query CardScreenDeferred");
        abort.abort();
      }).catch(() => {});
      expect(openAtFirstPart).toBe(true);
    } finally {
      server.sandbox.faults.configure({ faults: {} });
    }
    const root = await ended;
    expect(root.attributes["graphql.operation.cancelled"]).toBe(true);
  });

  it("ends a deferred operation's span with its last part, the deferred resolvers inside it", async () => {
    const response = await request(`${server.base}/graphql`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        accept: "multipart/mixed",
        authorization: `Bearer ${await server.token()}`,
      },
      body: JSON.stringify({ query: CARD_SCREEN_DEFERRED, variables: PREPAID_CARD }),
    });
    const parts = await readParts(response.body, String(response.headers["content-type"]));
    expect(parts.length).toBeGreaterThan(1);
    const root = operationSpan("query CardScreenDeferred");
    expect(root.attributes["graphql.operation.cancelled"]).toBeUndefined();
    const inTrace = spansOf(root.spanContext().traceId);
    expect(inTrace.filter((span) => span.kind === SpanKind.CLIENT)).toHaveLength(4);
    const deferred = inTrace.find((span) => span.name === "resolve Card.transactions");
    expect(deferred).toBeDefined();
  });
});
