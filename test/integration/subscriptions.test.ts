import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { statusChangedEvent } from "../../src/events/records.ts";
import { EventSubscriptions } from "../../src/events/subscriptions.ts";
import { CORPORATE_CARD, PREPAID_CARD } from "../helpers/enkash.ts";
import { memoryIntake } from "../helpers/event-log.ts";
import { useHttpServer } from "../helpers/http-server.ts";
import { CORPORATE_CARD_ID, PREPAID_ACCOUNT_ID, PREPAID_CARD_ID } from "../helpers/ids.ts";
import { sandboxPurchase } from "../helpers/sandbox-purchase.ts";
import { type SseStream, subscribe } from "../helpers/sse.ts";
import { until } from "../helpers/until.ts";

/**
 * GraphQL subscriptions to card events over real HTTP (SSE read with undici), the sandbox's
 * webhooks wired to the server as in events-sandbox.test.ts: a purchase reaches a subscriber with
 * its card resolved through the graph; another tenant's subscriber is refused and never sees it;
 * resuming after the last ID received gets every event once; the limits, and the slots freed.
 */
const { signing: SIGNING, log, events } = memoryIntake("sandbox-webhook-secret-for-tests-0002");
const subscriptions = new EventSubscriptions(log, { maxPerViewer: 3, maxPerCompany: 4, maxPerInstance: 5 });
const server = useHttpServer({ events, subscriptions });

beforeAll(() => {
  server.sandbox.webhooks.configure({ url: `${server.base}/webhooks/enkash`, signing: SIGNING });
});

const open: SseStream[] = [];
afterEach(async () => {
  for (const stream of open.splice(0)) stream.close();
  await until(() => subscriptions.active() === 0);
});

const CARD_EVENTS = /* GraphQL */ `
  subscription CardEvents($cardId: ID!, $after: String) {
    cardEvents(cardId: $cardId, after: $after) {
      __typename
      id
      occurredAt
      card { enKashCardId status balance { minorUnits } }
      ... on TransactionPostedEvent { transactionId direction amount { minorUnits } merchantName balanceAfter { minorUnits } }
      ... on BalanceChangedEvent { balance { minorUnits } }
    }
  }
`;
const ACCOUNT_EVENTS = /* GraphQL */ `
  subscription ($accountId: ID!, $after: String) {
    accountEvents(accountId: $accountId, after: $after) { __typename id card { enKashCardId } }
  }
`;

async function sse(
  query: string,
  variables: Record<string, unknown>,
  token?: string | null,
): Promise<SseStream> {
  const bearer = token === undefined ? await server.token() : token;
  const stream = await subscribe(
    server.base,
    query,
    variables,
    bearer ? { authorization: `Bearer ${bearer}` } : {},
  );
  open.push(stream);
  return stream;
}

async function purchase(amount: number, enKashCardId: string = PREPAID_CARD.enKashCardId): Promise<string> {
  const id = await sandboxPurchase(server.sandbox.url, amount, { enKashCardId });
  await server.sandbox.webhooks.idle();
  return id;
}

type Event = {
  __typename: string;
  id: string;
  transactionId?: string;
  card: { enKashCardId: string; status?: string; balance?: { minorUnits: string } };
  balance?: { minorUnits: string };
  balanceAfter?: { minorUnits: string };
};
const eventOf = (message: { data: { data?: Record<string, unknown> | null } } | null) =>
  (message?.data.data as { cardEvents?: Event; accountEvents?: Event } | undefined)?.cardEvents ??
  (message?.data.data as { accountEvents?: Event } | undefined)?.accountEvents;

/** The subscription is in place once its slot is held (the follower starts with its first read). */
/** `count` subscriptions open, and (when any) every one of them reached by the next event appended. */
const subscribed = (count: number) =>
  until(() => subscriptions.active() === count && (count === 0 || subscriptions.listening === count));

describe("cardEvents over SSE", () => {
  it("a sandbox purchase reaches the subscriber, its card resolved through the graph", async () => {
    const stream = await sse(CARD_EVENTS, { cardId: PREPAID_CARD_ID });
    expect(stream.status).toBe(200);
    expect(stream.headers.get("content-type")).toContain("text/event-stream");
    await subscribed(1);
    const id = await purchase(7);
    const posted = await stream.next();
    expect(posted?.event).toBe("next");
    expect(posted?.data.errors).toBeUndefined();
    expect(eventOf(posted)).toMatchObject({
      __typename: "TransactionPostedEvent",
      transactionId: id,
      direction: "DEBIT",
      merchantName: "BigBasket",
      card: { enKashCardId: PREPAID_CARD.enKashCardId, status: "ACTIVE" },
    });
    const balance = eventOf(await stream.next());
    expect(balance?.__typename).toBe("BalanceChangedEvent");
    expect(balance?.card.status).toBe("ACTIVE");
    // The card as it is now: read again for each event, not what subscribing loaded.
    expect(eventOf(posted)?.card.balance).toEqual(eventOf(posted)?.balanceAfter);
    expect(balance?.card.balance).toEqual(balance?.balance);
    // Deliveries by type, and their lag from arrival, in the metrics.
    const metrics = await (await fetch(`${server.base}/metrics`)).text();
    expect(metrics).toMatch(/^card_event_deliveries_total\{type="TRANSACTION_POSTED"\} [1-9]/m);
    expect(metrics).toMatch(/^card_event_deliveries_total\{type="BALANCE_CHANGED"\} [1-9]/m);
    expect(metrics).toMatch(/^card_event_fanout_lag_seconds_count [1-9]/m);
    // Yoga's keep-alive: SSE comment lines (every 12 s in production, 300 ms under test).
    await expect(stream.next(1_000)).rejects.toThrow("no SSE message in time");
    expect(stream.comments).toBeGreaterThanOrEqual(2);
  });

  it("another tenant's subscriber is refused exactly as its query is, and never sees the events", async () => {
    const foreign = await server.token({
      role: "COMPANY_ADMIN",
      companies: [CORPORATE_CARD.companyId],
      subject: "corp",
    });
    const refused = await sse(CARD_EVENTS, { cardId: PREPAID_CARD_ID }, foreign);
    const answer = await refused.next();
    expect(answer?.data.errors?.map((error) => error.extensions?.code)).toEqual(["NOT_FOUND"]);
    expect(answer?.data.errors?.[0]?.message).toBe("Not found.");
    // The same answer as for a card that does not exist.
    const missing = await sse(CARD_EVENTS, {
      cardId: Buffer.from(`Card:${PREPAID_CARD.companyId}/${PREPAID_CARD.cardAccountId}/EKCNOSUCH1`).toString(
        "base64",
      ),
    });
    const missingAnswer = await missing.next();
    expect(missingAnswer?.data.errors?.map((error) => [error.message, error.extensions?.code])).toEqual(
      answer?.data.errors?.map((error) => [error.message, error.extensions?.code]),
    );
    // Their own card's subscription hears nothing of the other company's purchase.
    const own = await sse(CARD_EVENTS, { cardId: CORPORATE_CARD_ID }, foreign);
    const accountWide = await sse(ACCOUNT_EVENTS, { accountId: PREPAID_ACCOUNT_ID }, foreign);
    expect((await accountWide.next())?.data.errors?.[0]?.extensions?.code).toBe("NOT_FOUND");
    await subscribed(1);
    await purchase(3);
    await expect(own.next(700)).rejects.toThrow("no SSE message in time");
    // (What did arrive in that time were heartbeats only.)
    expect(own.comments).toBeGreaterThan(0);
  });

  it("every event is checked as it is delivered: a card moved to another account, or another company's, is skipped", async () => {
    const stream = await sse(CARD_EVENTS, { cardId: PREPAID_CARD_ID });
    await subscribed(1);
    const at = (second: number) => ({
      occurredAt: new Date(Date.UTC(2026, 0, 1, 0, 0, second)).toISOString(),
      receivedAt: new Date().toISOString(),
      source: "webhook" as const,
    });
    // The same card ID under another account of the company (moved), and under another company.
    await log.append(statusChangedEvent({ ...PREPAID_CARD, cardAccountId: "CAA8W45" }, "L", at(1)));
    await log.append(
      statusChangedEvent({ ...CORPORATE_CARD, enKashCardId: PREPAID_CARD.enKashCardId }, "L", at(2)),
    );
    const own = await log.append(statusChangedEvent(PREPAID_CARD, "UL", at(3)));
    const delivered = await stream.next();
    expect(eventOf(delivered)).toMatchObject({ __typename: "CardStatusChangedEvent", id: own.id });
    await expect(stream.next(400)).rejects.toThrow("no SSE message in time");
  });

  it("a subscriber that disconnects and resumes after its last ID gets every event once", async () => {
    const first = await sse(CARD_EVENTS, { cardId: PREPAID_CARD_ID });
    await subscribed(1);
    const ids = [await purchase(1), await purchase(2)];
    const received: Event[] = [];
    for (let i = 0; i < 4; i++) received.push(eventOf(await first.next()) as Event);
    first.close();
    await subscribed(0);
    // Missed while away.
    ids.push(await purchase(3), await purchase(4));
    const last = received.at(-1)?.id;
    const resumed = await sse(CARD_EVENTS, { cardId: PREPAID_CARD_ID, after: last });
    for (let i = 0; i < 4; i++) received.push(eventOf(await resumed.next()) as Event);
    // And following on from there.
    await subscribed(1);
    ids.push(await purchase(5));
    for (let i = 0; i < 2; i++) received.push(eventOf(await resumed.next()) as Event);
    const positions = received.map((event) => event.id);
    expect(new Set(positions).size).toBe(positions.length);
    expect(
      received
        .filter((event) => event.__typename === "TransactionPostedEvent")
        .map((event) => event.transactionId),
    ).toEqual(ids);
    await expect(resumed.next(500)).rejects.toThrow("no SSE message in time");
  });

  it("an `after` that is malformed or older than the log keeps gets a typed error, never echoed", async () => {
    const malformed = await sse(CARD_EVENTS, { cardId: PREPAID_CARD_ID, after: "<script>9999" });
    const bad = await malformed.next();
    expect(bad?.data.errors?.[0]?.extensions?.code).toBe("EVENT_CURSOR_INVALID");
    expect(JSON.stringify(bad)).not.toContain("script");
    const old = await sse(CARD_EVENTS, { cardId: PREPAID_CARD_ID, after: "1000-0" });
    const expired = await old.next();
    expect(expired?.data.errors?.[0]?.extensions?.code).toBe("EVENT_CURSOR_EXPIRED");
    expect(JSON.stringify(expired)).not.toContain("1000-0");
    expect(subscriptions.active()).toBe(0);
  });

  it("refuses past the per-viewer limit, and a disconnect frees its slot", async () => {
    const token = await server.token({ subject: "limited" });
    const held = [];
    for (let i = 0; i < 3; i++) held.push(await sse(CARD_EVENTS, { cardId: PREPAID_CARD_ID }, token));
    await subscribed(3);
    const fourth = await sse(CARD_EVENTS, { cardId: PREPAID_CARD_ID }, token);
    const refusal = await fourth.next();
    expect(refusal?.data.errors?.[0]?.extensions).toMatchObject({
      code: "SUBSCRIPTION_LIMIT",
      limit: "viewer",
    });
    held[0]?.close();
    await subscribed(2);
    const again = await sse(CARD_EVENTS, { cardId: PREPAID_CARD_ID }, token);
    await subscribed(3);
    expect(again.status).toBe(200);
  });

  it("refuses past the per-company limit, whichever viewers hold them; another company is unaffected", async () => {
    for (let i = 0; i < 4; i++)
      await sse(
        CARD_EVENTS,
        { cardId: PREPAID_CARD_ID },
        await server.token({ subject: `tenant-user-${i}` }),
      );
    await subscribed(4);
    // A fifth user of the same company, on an account this time: the company's slots are all taken.
    const fifth = await sse(
      ACCOUNT_EVENTS,
      { accountId: PREPAID_ACCOUNT_ID },
      await server.token({ subject: "tenant-user-5" }),
    );
    const refusal = await fifth.next();
    expect(refusal?.data.errors?.[0]?.extensions).toMatchObject({
      code: "SUBSCRIPTION_LIMIT",
      limit: "company",
    });
    expect(JSON.stringify(refusal)).not.toContain(PREPAID_CARD.companyId);
    expect(subscriptions.activeForCompany(PREPAID_CARD.companyId)).toBe(4);
    const other = await sse(
      CARD_EVENTS,
      { cardId: CORPORATE_CARD_ID },
      await server.token({
        role: "COMPANY_ADMIN",
        companies: [CORPORATE_CARD.companyId],
        subject: "other-tenant",
      }),
    );
    await subscribed(5);
    expect(other.status).toBe(200);
  });

  it("refuses past the per-instance limit", async () => {
    const corporate = { role: "COMPANY_ADMIN", companies: [CORPORATE_CARD.companyId] } as const;
    for (let i = 0; i < 4; i++)
      await sse(CARD_EVENTS, { cardId: PREPAID_CARD_ID }, await server.token({ subject: `viewer-${i}` }));
    await sse(
      CARD_EVENTS,
      { cardId: CORPORATE_CARD_ID },
      await server.token({ ...corporate, subject: "viewer-5" }),
    );
    await subscribed(5);
    const sixth = await sse(
      CARD_EVENTS,
      { cardId: CORPORATE_CARD_ID },
      await server.token({ ...corporate, subject: "viewer-6" }),
    );
    expect((await sixth.next())?.data.errors?.[0]?.extensions).toMatchObject({
      code: "SUBSCRIPTION_LIMIT",
      limit: "instance",
    });
  });

  it("follows the security rules: a token required, the cards:read scope, no @defer or @stream", async () => {
    const anonymous = await subscribe(server.base, CARD_EVENTS, { cardId: PREPAID_CARD_ID }, {});
    expect(anonymous.status).toBe(401);
    anonymous.close();
    const noScope = await sse(
      CARD_EVENTS,
      { cardId: PREPAID_CARD_ID },
      await server.token({ scopes: ["cards:write"] }),
    );
    expect((await noScope.next())?.data.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
    const deferred = await sse(
      `subscription ($cardId: ID!) { cardEvents(cardId: $cardId) { id ... @defer { card { status } } } }`,
      { cardId: PREPAID_CARD_ID },
    );
    // GraphQL over SSE answers 200 and the refusal as its one event: nothing ran, no slot taken.
    const invalid = await deferred.next();
    expect(invalid?.data.errors?.map((error) => error.extensions?.code)).toEqual([
      "GRAPHQL_VALIDATION_FAILED",
    ]);
    expect(invalid?.data.errors?.[0]?.message).toContain("@defer and @stream are for queries only");
    expect(subscriptions.active()).toBe(0);
  });

  it("a mutation over GET with Accept: text/event-stream is refused as any mutation over GET is", async () => {
    const query = encodeURIComponent(
      `mutation { lockCard(input: { cardId: "${PREPAID_CARD_ID}" }) { userErrors { code } } }`,
    );
    const answer = await fetch(`${server.base}/graphql?query=${query}`, {
      headers: {
        accept: "text/event-stream",
        authorization: `Bearer ${await server.token()}`,
        "x-graphql-csrf": "1",
      },
    });
    expect(answer.status).toBe(405);
    await answer.body?.cancel();
  });

  it("a subscription over GET works as over POST (authenticated, with the CSRF header)", async () => {
    const params = new URLSearchParams({
      query: CARD_EVENTS,
      variables: JSON.stringify({ cardId: PREPAID_CARD_ID, after: "1000-0" }),
    });
    const answer = await fetch(`${server.base}/graphql?${params}`, {
      headers: {
        accept: "text/event-stream",
        authorization: `Bearer ${await server.token()}`,
        "x-graphql-csrf": "1",
      },
    });
    expect(answer.status).toBe(200);
    expect(await answer.text()).toContain("EVENT_CURSOR_EXPIRED");
  });

  it("accountEvents delivers the account's cards' events", async () => {
    const stream = await sse(ACCOUNT_EVENTS, { accountId: PREPAID_ACCOUNT_ID });
    await subscribed(1);
    await purchase(2);
    const event = eventOf(await stream.next());
    expect(event).toMatchObject({
      __typename: "TransactionPostedEvent",
      card: { enKashCardId: PREPAID_CARD.enKashCardId },
    });
  });
});

describe("an account's event whose card cannot be checked", () => {
  it("ends the stream before it, resumably, instead of skipping it", async () => {
    const stream = await sse(ACCOUNT_EVENTS, { accountId: PREPAID_ACCOUNT_ID });
    await subscribed(1);
    // EnKash does not answer for the card (every attempt): whether it is in the account is unknown.
    server.sandbox.faults.configure({ faults: { http503: 1, routes: ["getCardDetails"] } });
    let ended: Awaited<ReturnType<SseStream["next"]>>;
    let transactionId: string;
    try {
      transactionId = await purchase(17);
      ended = await stream.next(10_000);
    } finally {
      server.sandbox.faults.configure({ faults: {} });
    }
    const extensions = ended?.data.errors?.[0]?.extensions;
    expect(extensions).toMatchObject({ code: "UPSTREAM_UNAVAILABLE", retryable: true });
    expect((await stream.next())?.event).toBe("complete");
    const resumed = await sse(ACCOUNT_EVENTS, {
      accountId: PREPAID_ACCOUNT_ID,
      after: extensions?.resumeAfter,
    });
    const first = (await resumed.next(10_000))?.data.data?.accountEvents as {
      __typename: string;
      id: string;
    };
    expect(first.__typename).toBe("TransactionPostedEvent");
    const [logged] = (await log.readAfter(null, 10_000)).filter(
      ({ event }) => event.type === "TRANSACTION_POSTED" && event.transaction.transactionId === transactionId,
    );
    expect(first.id).toBe(logged?.id);
  });
});
