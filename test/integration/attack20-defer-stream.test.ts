import { print } from "graphql";
import { request } from "undici";
import { afterEach, describe, expect, it } from "vitest";
import { CardScreenDeferredDocument } from "../../operations/generated.ts";
import { useHttpServer } from "../helpers/http-server.ts";
import { readParts } from "../helpers/incremental.ts";

/**
 * Outside attack 20 on @defer/@stream (src/plugins/use-incremental-delivery.ts), over the real
 * listener. Each test names the rule of docs/security.md it holds the server to.
 */
const server = useHttpServer();
const cardScreenDeferred = print(CardScreenDeferredDocument);
const CARD_ARGS = `companyId: "CEKEP5GSGP", cardAccountId: "CABFIPS", enKashCardId: "EKCMB7KAEW"`;

afterEach(() => {
  server.sandbox.faults.configure({
    faults: {},
    latency: { default: { fixedMs: 0, jitterMs: 0 }, routes: {} },
  });
});

/** The EnKash calls the sandbox has answered so far, by route (token requests left out). */
const routesLogged = () =>
  server.sandbox.calls
    .entries()
    .map((call) => call.route)
    .filter((route) => route !== "token");

async function post(query: string, accept: string) {
  const response = await request(`${server.base}/graphql`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      accept,
      authorization: `Bearer ${await server.token()}`,
    },
    body: JSON.stringify({ query }),
  });
  const contentType = String(response.headers["content-type"] ?? "");
  if (/multipart\/mixed|text\/event-stream/.test(contentType))
    return { status: response.statusCode, parts: await readParts(response.body, contentType), text: "" };
  return { status: response.statusCode, parts: [], text: await response.body.text() };
}

const metricLines = async () =>
  (await (await request(`${server.base}/metrics`)).body.text())
    .split("\n")
    .filter((line) => line.startsWith("graphql_requests_total{"));

describe("an Accept naming parts in a charset Yoga will not serve (rule: 406 before anything runs)", () => {
  // useIncrementalDelivery's acceptsParts() ignores media type parameters, Yoga's result processor
  // (graphql-yoga/cjs/plugins/result-processor/accept.js) skips any type whose charset is not
  // utf-8. The operation passes the early check, runs (EnKash calls, deferred work after the
  // answer), and only then does Yoga answer 406, worded "Ask for application/json …".
  for (const accept of ["multipart/mixed; charset=latin1", "text/event-stream; charset=utf-16"])
    it(`${accept}: 406 with no EnKash call, nothing left running, and the operation in /metrics`, async () => {
      server.sandbox.faults.configure({
        latency: {
          default: { fixedMs: 0, jitterMs: 0 },
          routes: { transactions: { fixedMs: 300, jitterMs: 0 } },
        },
      });
      const before = routesLogged().length;
      const metricsBefore = await metricLines();
      const answer = await post(cardScreenDeferred, accept);
      const atAnswer = routesLogged().slice(before);
      await new Promise((resolve) => setTimeout(resolve, 600));
      const afterwards = routesLogged().slice(before);
      expect(answer.status).toBe(406);
      // Found: getCardAccount, getUsageControls, getCardDetails before the 406 ...
      expect(atAnswer).toEqual([]);
      // ... and the transaction search still sent and answered after it.
      expect(afterwards).toEqual([]);
      // Found: the operation never reached graphql_requests_total (its parts were never read,
      // so the end-of-stream hook that counts it never ran): EnKash calls no operation accounts for.
      // Refused before execution it is not counted either; if it runs, it must be.
      if (afterwards.length > 0) expect(await metricLines()).not.toEqual(metricsBefore);
    });
});

describe("@defer on repeated spreads of one fragment (rule: 10 directives, deferred fields count alike)", () => {
  // graphql-armor's max-directives counts a fragment spread it has seen before as the fragment's
  // own directives only, dropping the spread's @defer: 300 `...F @defer` count as one directive.
  // Each is a separate deferred patch in @graphql-tools/executor (deferred spreads are not
  // de-duplicated), so the fragment's fields run 300 times (the plain document runs them once).
  it("11 deferred spreads of the same fragment are refused as 11 inline @defer are", async () => {
    const inline = Array.from({ length: 11 }, () => "... @defer { status }").join(" ");
    const refused = await post(`query X { card(${CARD_ARGS}) { ${inline} } }`, "multipart/mixed");
    expect(refused.status).toBe(400);

    const spreads = Array.from({ length: 11 }, () => "...F @defer").join(" ");
    const answer = await post(
      `query X { card(${CARD_ARGS}) { ${spreads} } } fragment F on Card { status }`,
      "multipart/mixed",
    );
    expect(answer.status).toBe(400);
    // Asked for parts, the refusal comes as one part.
    expect(answer.text || JSON.stringify(answer.parts)).toMatch(/Directives limit of 10 exceeded/);
  });

  it("300 deferred spreads do not run the fragment 300 times", async () => {
    const spreads = Array.from({ length: 300 }, () => "...F @defer").join(" ");
    const answer = await post(
      `query X { card(${CARD_ARGS}) { ${spreads} } } fragment F on Card { status balance { amount } }`,
      "multipart/mixed",
    );
    const deferredEntries = answer.parts.flatMap((part) => part.incremental ?? []).length;
    // Found: HTTP 200, 300 deferred entries, each the fragment's data again.
    expect(answer.status).toBe(400);
    expect(deferredEntries).toBeLessThanOrEqual(10);
  });
});

describe("probes that found nothing (passing; they pin the property)", () => {
  it("labels are never echoed in errors (a duplicate, a variable label, @stream on a non-list)", async () => {
    for (const query of [
      `query { card(${CARD_ARGS}) { ... @defer(label: "hunter2_secret") { status } ... @defer(label: "hunter2_secret") { status } } }`,
      `query ($l: String) { card(${CARD_ARGS}) { ... @defer(label: $l) { status } } }`,
      `query { card(${CARD_ARGS}) { status @stream(label: "hunter2_secret") } }`,
    ]) {
      const answer = await post(query, "multipart/mixed");
      expect(answer.status).toBe(400);
      expect(answer.text).not.toContain("hunter2");
    }
  });

  it("a document with a deferred and a plain operation: each runs as itself, by operationName, in any order", async () => {
    const document = `query A { card(${CARD_ARGS}) { status ... @defer { balance { amount } } } } query B { card(${CARD_ARGS}) { status balance { amount } } }`;
    const run = async (operationName: string, accept: string) => {
      const response = await request(`${server.base}/graphql`, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          accept,
          authorization: `Bearer ${await server.token()}`,
        },
        body: JSON.stringify({ query: document, operationName }),
      });
      const contentType = String(response.headers["content-type"] ?? "");
      return /multipart/.test(contentType)
        ? { status: response.statusCode, parts: (await readParts(response.body, contentType)).length }
        : { status: response.statusCode, parts: 0, text: await response.body.text() };
    };
    for (let round = 0; round < 3; round++) {
      expect((await run("B", "application/json")).status).toBe(200);
      expect(await run("A", "multipart/mixed")).toMatchObject({ status: 200, parts: 2 });
      expect((await run("A", "application/json")).status).toBe(406);
    }
  });
});
