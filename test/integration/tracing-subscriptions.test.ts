import { SpanKind } from "@opentelemetry/api";
import { beforeAll, describe, expect, it } from "vitest";
import { EventSubscriptions } from "../../src/events/subscriptions.ts";
import { memoryIntake } from "../helpers/event-log.ts";
import { useHttpServer } from "../helpers/http-server.ts";
import { PREPAID_CARD_ID } from "../helpers/ids.ts";
import { sandboxPurchase } from "../helpers/sandbox-purchase.ts";
import { parentOf, useTracing } from "../helpers/spans.ts";
import { subscribe } from "../helpers/sse.ts";
import { until } from "../helpers/until.ts";

/**
 * Issue 17 (1): a subscription over SSE is one operation span, open while events flow (each
 * event's card is read from EnKash inside it) and ended when the subscriber hangs up.
 */
const { exporter, tracing } = useTracing();
const { signing, log, events } = memoryIntake("sandbox-webhook-secret-for-tests-0017");
const subscriptions = new EventSubscriptions(log, { maxPerViewer: 3, maxPerInstance: 5 });
const server = useHttpServer({ events, subscriptions, tracer: tracing.tracer });

beforeAll(() => {
  server.sandbox.webhooks.configure({ url: `${server.base}/webhooks/enkash`, signing });
});

const CALLER_TRACE = "0af7651916cd43dd8448eb211c80319c";
const CALLER_SPAN = "b7ad6b7169203331";

describe("tracing a subscription", () => {
  it("keeps its span open while events arrive, and ends it when the subscriber goes away", async () => {
    const ended = exporter.exported("subscription CardEvents");
    const stream = await subscribe(
      server.base,
      "subscription CardEvents($cardId: ID!) { cardEvents(cardId: $cardId) { __typename id card { status } } }",
      { cardId: PREPAID_CARD_ID },
      {
        authorization: `Bearer ${await server.token()}`,
        traceparent: `00-${CALLER_TRACE}-${CALLER_SPAN}-01`,
      },
    );
    await until(() => subscriptions.listening === 1);
    await sandboxPurchase(server.sandbox.url, 5, { merchantName: "Shop" });
    await server.sandbox.webhooks.idle();
    const event = await stream.next();
    expect(event?.event).toBe("next");
    expect(exporter.getFinishedSpans().some((span) => span.name === "subscription CardEvents")).toBe(false);

    stream.close();
    const root = await ended;
    expect(root.kind).toBe(SpanKind.SERVER);
    expect(root.spanContext().traceId).toBe(CALLER_TRACE);
    expect(parentOf(root)).toBe(CALLER_SPAN);
    expect(root.attributes["graphql.operation.type"]).toBe("subscription");
  });
});
