import { afterEach, describe, expect, it } from "vitest";
import { EventIntake } from "../../src/events/intake.ts";
import { MemoryEventLog } from "../../src/events/memory-log.ts";
import type { EventLog } from "../../src/events/types.ts";
import { createJsonLogger } from "../../src/logger.ts";
import { Metrics } from "../../src/metrics.ts";
import { signWebhook, type WebhookSigning } from "../../src/shared/webhook-signature.ts";
import { useHttpServer } from "../helpers/http-server.ts";

/**
 * POST /webhooks/enkash over the real listener (docs/events.md, docs/security.md): before
 * authentication, signed with the assumed scheme, its own body limit, typed refusals that change
 * nothing and echo nothing, and never a stack.
 */
const SIGNING: WebhookSigning = {
  secret: "webhook-secret-for-the-http-tests-0001",
  signatureHeader: "x-enkash-signature",
  encoding: "hex",
  timestampHeader: "x-enkash-timestamp",
};
const log = new MemoryEventLog({ retentionMs: 3_600_000, maxEvents: 1_000 });
const metrics = new Metrics();
const logs: string[] = [];
const events = new EventIntake({
  log,
  signing: SIGNING,
  toleranceSeconds: 300,
  observer: metrics.eventObserver(),
  logger: createJsonLogger("debug", (line) => logs.push(line)),
});
const server = useHttpServer({ events, metrics });
const unconfigured = useHttpServer();

const RECORD = {
  enKashTransactionId: "ECTR900000001",
  enKashCardId: "EKCMB7KAEW",
  companyId: "CEKEP5GSGP",
  cardAccountId: "CABFIPS",
  maskedCard: "XXXX XXXX XXXX 3211",
  principalAmount: 250,
  balance: 1000,
  cardTransactionType: "DR",
  type: "SALE",
  status: "SUCCESS",
  txnDate: "2025-06-01T10:00:00.000Z",
};

function post(body: string, headers: Record<string, string> = {}, base = server.base): Promise<Response> {
  return fetch(`${base}/webhooks/enkash`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body,
  });
}
const signed = (body: string, signing = SIGNING, now?: number) =>
  post(body, signWebhook(signing, Buffer.from(body), now));

let mark = "";
const recordedSince = async () =>
  (await log.readAfter(mark || null, 1_000)).map((entry) => entry.event.eventId);
afterEach(async () => {
  mark = (await log.readAfter(null, 10_000)).at(-1)?.id ?? "";
});

async function counted(outcome: string): Promise<number> {
  const text = await metrics.text();
  return [...text.matchAll(new RegExp(`^card_events_total\\{[^}]*outcome="${outcome}"[^}]*\\} (\\d+)`, "gm"))]
    .map(([, n]) => Number(n))
    .reduce((a, b) => a + b, 0);
}

describe("POST /webhooks/enkash", () => {
  it("takes a signed record without credentials, records its events, and a repeat once", async () => {
    const body = JSON.stringify(RECORD);
    const first = await signed(body);
    expect(first.status).toBe(200);
    expect(await first.json()).toEqual({ received: true, recorded: 2, duplicates: 0 });
    const repeat = await signed(body);
    expect(repeat.status).toBe(200);
    expect(await repeat.json()).toEqual({ received: true, recorded: 0, duplicates: 2 });
    expect(await recordedSince()).toEqual([
      "txn:CEKEP5GSGP:ECTR900000001",
      "balance:CEKEP5GSGP:ECTR900000001",
    ]);
    expect(await counted("accepted")).toBe(2);
    expect(await counted("duplicate")).toBe(2);
  });

  it("refuses a bad, missing or replayed signature with 401, recording nothing", async () => {
    const body = JSON.stringify({ ...RECORD, enKashTransactionId: "ECTR900000002" });
    const wrong = await post(
      body,
      signWebhook({ ...SIGNING, secret: "not-the-secret-0000000000" }, Buffer.from(body)),
    );
    expect(wrong.status).toBe(401);
    expect(await wrong.json()).toEqual({
      error: {
        code: "INVALID_SIGNATURE",
        message: "The webhook's signature is missing, malformed, wrong or too old.",
      },
    });
    expect((await post(body)).status).toBe(401);
    // Signed for another body (the amount changed on the way).
    const tampered = await post(body.replace("250", "25000"), signWebhook(SIGNING, Buffer.from(body)));
    expect(tampered.status).toBe(401);
    // A replay of a signed request ten minutes old.
    const old = Math.floor(Date.now() / 1000) - 600;
    expect((await signed(body, SIGNING, old)).status).toBe(401);
    expect(await recordedSince()).toEqual([]);
    expect(await counted("refused_signature")).toBe(4);
  });

  it("refuses a malformed body with 400 and a code, never echoing it, recording nothing", async () => {
    const pan = "4111111111111111";
    const cases: [string, string][] = [
      [`{"enKashTransactionId": "${pan}`, "INVALID_WEBHOOK_BODY"],
      ["[1, 2, 3]", "UNKNOWN_WEBHOOK_RECORD"],
      [JSON.stringify({ hello: pan }), "UNKNOWN_WEBHOOK_RECORD"],
      [
        JSON.stringify({ ...RECORD, enKashTransactionId: "ECTR3", principalAmount: pan.concat(".123") }),
        "INVALID_WEBHOOK_RECORD",
      ],
    ];
    for (const [body, code] of cases) {
      const answer = await signed(body);
      expect(answer.status).toBe(400);
      const text = await answer.text();
      expect(JSON.parse(text).error.code).toBe(code);
      expect(text).not.toContain(pan);
    }
    const invalid = await signed(
      JSON.stringify({ ...RECORD, enKashTransactionId: "ECTR4", cardTransactionType: "XX" }),
    );
    expect(await invalid.json()).toEqual({
      error: {
        code: "INVALID_WEBHOOK_RECORD",
        message: "The record breaks the rules of its fields.",
        problems: [{ field: "cardTransactionType", rule: 'must be one of "CR", "DR"' }],
      },
    });
    expect(await recordedSince()).toEqual([]);
    expect(await counted("refused_body")).toBe(5);
    expect(logs.join("\n")).not.toContain(pan);
  });

  it("has its own body limit, methods and content type; a large body is refused before its signature", async () => {
    const big = JSON.stringify({ ...RECORD, description: "x".repeat(40_000) });
    const tooLarge = await signed(big);
    expect(tooLarge.status).toBe(413);
    expect((await tooLarge.json()).error.code).toBe("PAYLOAD_TOO_LARGE");
    const get = await fetch(`${server.base}/webhooks/enkash`);
    expect(get.status).toBe(405);
    expect(get.headers.get("allow")).toBe("POST");
    const form = await post("a=b", { "content-type": "application/x-www-form-urlencoded" });
    expect(form.status).toBe(415);
    expect(await recordedSince()).toEqual([]);
  });

  it("answers an error inside with a code, never whatwg-node's stack", async () => {
    const broken: EventLog = {
      append: () => {
        throw new TypeError("boom at /work/src/events/memory-log.ts:42");
      },
      readAfter: async () => [],
      follow: log.follow.bind(log),
      covers: async () => true,
      head: async () => null,
      ping: async () => true,
      close: async () => {},
    };
    const intake = new EventIntake({
      log: broken,
      signing: SIGNING,
      toleranceSeconds: 300,
      logger: createJsonLogger("error", () => {}),
    });
    // Through the plugin alone, as the server runs it: a log that throws is a 503 to send again.
    const body = JSON.stringify(RECORD);
    const answer = await intake.receiveWebhook(
      Buffer.from(body),
      (name) => signWebhook(SIGNING, Buffer.from(body))[name] ?? null,
    );
    expect(answer).toEqual({
      status: 503,
      body: {
        error: {
          code: "EVENT_LOG_UNAVAILABLE",
          message: "The event could not be recorded; send it again later.",
        },
      },
    });
    const throwing = { receiveWebhook: () => Promise.reject(new Error("at /work/src/secret/path.ts:1")) };
    const { useWebhookEndpoint } = await import("../../src/plugins/use-webhook-endpoint.ts");
    const { createYoga, createSchema } = await import("graphql-yoga");
    const yoga = createYoga({
      schema: createSchema({ typeDefs: "type Query { a: Int }" }),
      plugins: [useWebhookEndpoint({ receiver: throwing, maxBytes: 1024 })],
    });
    const response = await yoga.fetch("http://localhost/webhooks/enkash", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body,
    });
    expect(response.status).toBe(500);
    const text = await response.text();
    expect(text).not.toMatch(/\/work\/|at |Error/);
    expect(JSON.parse(text).error.code).toBe("INTERNAL_ERROR");
  });

  it("without a secret, answers 503 WEBHOOKS_NOT_CONFIGURED and takes nothing", async () => {
    const body = JSON.stringify(RECORD);
    const answer = await post(body, signWebhook(SIGNING, Buffer.from(body)), unconfigured.base);
    expect(answer.status).toBe(503);
    expect((await answer.json()).error.code).toBe("WEBHOOKS_NOT_CONFIGURED");
  });

  it("never logs or stores the secret or the signature", async () => {
    const body = JSON.stringify({ ...RECORD, enKashTransactionId: "ECTR900000009" });
    const headers = signWebhook(SIGNING, Buffer.from(body));
    expect((await post(body, headers)).status).toBe(200);
    const kept = `${logs.join("\n")}\n${log.dump()}\n${server.logs.join("\n")}`;
    expect(kept).not.toContain(SIGNING.secret);
    expect(kept).not.toContain(headers["x-enkash-signature"]);
  });
});
