import { createServer, type IncomingMessage } from "node:http";
import { request } from "undici";
import { eventsFromRecord } from "../src/events/records.ts";
import { compareLogIds, type EventLog, type LoggedEvent } from "../src/events/types.ts";
import { freePort } from "../test/helpers/free-port.ts";
import { type SseStream, subscribe } from "../test/helpers/sse.ts";
import { bump, sleep } from "./cluster.ts";

/**
 * The soak's card-event accounting (docs/operations.md#the-soaks): EnKash's webhooks reach the
 * instances through a balancer that counts what each acknowledged; subscribers hold SSE streams on
 * the instances and resume with `after` whenever a stream ends (an instance restarted under them);
 * at the end each subscriber's deliveries are compared with the log: expected, delivered, lost,
 * duplicated, out of order.
 */

/** What an operator's load balancer does for EnKash's webhooks: round robin over routable instances. */
export interface WebhookBalancer {
  url: string;
  /** Deliveries the sandbox made (its repeats and retries included). */
  readonly received: number;
  /** Deliveries an instance answered 2xx. */
  readonly acknowledged: number;
  /** Deliveries no instance took (none routable, or the connection failed): the sandbox retries. */
  readonly unrouted: number;
  /** The event IDs of the records the sandbox sent (a dropped webhook never arrives here). */
  readonly sentEventIds: ReadonlySet<string>;
  /** Answers by instance and status, as `<instance>:<status>`. */
  readonly answers: Record<string, number>;
  close(): Promise<void>;
}

export async function startWebhookBalancer(routable: () => string[]): Promise<WebhookBalancer> {
  const port = await freePort();
  const sentEventIds = new Set<string>();
  const answers: Record<string, number> = {};
  let received = 0;
  let acknowledged = 0;
  let unrouted = 0;
  let turn = 0;
  const server = createServer(async (req, res) => {
    received++;
    const body = await readBody(req);
    const record = eventsFromRecord(JSON.parse(body.toString("utf8")), new Date().toISOString());
    if (record.ok) for (const event of record.events) sentEventIds.add(event.eventId);
    const targets = routable();
    const target = targets[turn++ % Math.max(1, targets.length)];
    let status = 502;
    let answer = "";
    if (target) {
      try {
        const forwarded = await request(`${target}/webhooks/enkash`, {
          method: "POST",
          headers: {
            "content-type": req.headers["content-type"] ?? "application/json",
            "x-enkash-signature": String(req.headers["x-enkash-signature"] ?? ""),
          },
          body,
          headersTimeout: 10_000,
          bodyTimeout: 10_000,
        });
        status = forwarded.statusCode;
        answer = await forwarded.body.text();
      } catch {
        status = 502;
      }
      bump(answers, `${target.replace(/^.*:/, "")}:${status}`);
    }
    if (status === 502) unrouted++;
    if (status >= 200 && status < 300) acknowledged++;
    res.writeHead(status, { "content-type": "application/json" }).end(answer);
  });
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${port}/webhooks/enkash`,
    get received() {
      return received;
    },
    get acknowledged() {
      return acknowledged;
    },
    get unrouted() {
      return unrouted;
    },
    sentEventIds,
    answers,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** What a subscriber follows: one card, or every card of one account. */
export type Followed =
  | { kind: "card"; companyId: string; cardAccountId: string; enKashCardId: string }
  | { kind: "account"; companyId: string; cardAccountId: string };

export interface Subscriber {
  name: string;
  instance: number;
  followed: Followed;
  /** Log IDs of the events delivered, in the order they came. */
  received: string[];
  /** Attempts to subscribe again after the first (a stream ended; then each try while the instance was down). */
  reconnects: number;
  /** Why streams ended or were refused, by error code (NETWORK: the connection failed). */
  endings: Record<string, number>;
  /** Stops it: hangs up and resolves when its loop is over. */
  stop(): Promise<void>;
}

const CARD_EVENTS =
  "subscription SoakCard($cardId: ID!, $after: String) { cardEvents(cardId: $cardId, after: $after) { __typename id } }";
const ACCOUNT_EVENTS =
  "subscription SoakAccount($accountId: ID!, $after: String) { accountEvents(accountId: $accountId, after: $after) { __typename id } }";

const globalId = (followed: Followed) =>
  Buffer.from(
    followed.kind === "card"
      ? `Card:${followed.companyId}/${followed.cardAccountId}/${followed.enKashCardId}`
      : `CardAccount:${followed.companyId}/${followed.cardAccountId}`,
  ).toString("base64");

/**
 * A frontend's subscription that never gives up: from `after`, and after any ending from the last
 * event it got, on the same instance (which may be restarting: connecting is retried).
 */
export function startSubscriber(options: {
  name: string;
  instance: number;
  url: () => string;
  token: string;
  followed: Followed;
  after: string;
}): Subscriber {
  const { followed } = options;
  const stopping = new AbortController();
  const field = followed.kind === "card" ? "cardEvents" : "accountEvents";
  const subscriber: Subscriber = {
    name: options.name,
    instance: options.instance,
    followed,
    received: [],
    reconnects: 0,
    endings: {},
    async stop() {
      stopping.abort();
      await loop;
    },
  };
  let after = options.after;
  const loop = (async () => {
    for (let opened = 0; !stopping.signal.aborted; opened++) {
      if (opened > 0) subscriber.reconnects++;
      let stream: SseStream;
      try {
        stream = await subscribe(
          options.url(),
          followed.kind === "card" ? CARD_EVENTS : ACCOUNT_EVENTS,
          followed.kind === "card"
            ? { cardId: globalId(followed), after }
            : { accountId: globalId(followed), after },
          { authorization: `Bearer ${options.token}` },
        );
      } catch {
        // The instance is down (restarting): try again shortly.
        bump(subscriber.endings, "CONNECT");
        await sleep(100);
        continue;
      }
      const hangUp = () => stream.close();
      stopping.signal.addEventListener("abort", hangUp, { once: true });
      try {
        if (stream.status !== 200) bump(subscriber.endings, `HTTP_${stream.status}`);
        else
          for (;;) {
            const message = await nextMessage(stream, stopping.signal);
            if (!message) break;
            if (message.event !== "next") continue;
            const event = message.data.data?.[field] as { id?: string } | null | undefined;
            if (event?.id) {
              subscriber.received.push(event.id);
              after = event.id;
            } else bump(subscriber.endings, String(message.data.errors?.[0]?.extensions?.code ?? "UNTYPED"));
          }
      } catch {
        if (!stopping.signal.aborted) bump(subscriber.endings, "NETWORK");
      } finally {
        stopping.signal.removeEventListener("abort", hangUp);
        stream.close();
      }
      // Not in a tight loop against a refusal; a stream that ended resumes almost at once.
      if (!stopping.signal.aborted) await sleep(50);
    }
  })();
  return subscriber;
}

/** The next message; heartbeats and quiet spells are waited through; null when the stream ended. */
async function nextMessage(stream: SseStream, stopping: AbortSignal) {
  for (;;) {
    try {
      return await stream.next(30_000);
    } catch (error) {
      // A quiet spell (no event in 30 s) is no ending: the read in progress carries over.
      if (!stopping.aborted && error instanceof Error && error.message === "no SSE message in time") continue;
      throw error;
    }
  }
}

/** Every event the log holds after `after` (null: all it keeps), oldest first. */
export async function readLog(log: EventLog, after: string | null): Promise<LoggedEvent[]> {
  const all: LoggedEvent[] = [];
  for (let cursor = after; ; ) {
    const page = await log.readAfter(cursor, 1_000);
    all.push(...page);
    if (page.length < 1_000) return all;
    cursor = page.at(-1)?.id ?? cursor;
  }
}

const belongs = (followed: Followed, { event }: LoggedEvent) =>
  event.companyId === followed.companyId &&
  event.cardAccountId === followed.cardAccountId &&
  (followed.kind === "account" || event.enKashCardId === followed.enKashCardId);

/** The events of the log a subscriber should get. */
const expectedFor = (subscriber: Subscriber, logged: LoggedEvent[]) =>
  logged.filter((entry) => belongs(subscriber.followed, entry));

/** Whether a subscriber has had the last event it should get (it gets them in log order). */
export function caughtUp(subscriber: Subscriber, logged: LoggedEvent[]): boolean {
  const last = expectedFor(subscriber, logged).at(-1);
  const got = subscriber.received.at(-1);
  return !last || (got !== undefined && compareLogIds(got, last.id) >= 0);
}

export interface SubscriberCount {
  name: string;
  instance: number;
  follows: string;
  expected: number;
  delivered: number;
  lost: number;
  duplicated: number;
  /** Deliveries of a card's event not after that card's previous one. */
  outOfOrder: number;
  /** Deliveries of events it should not have had (another card or account). */
  unexpected: number;
  reconnects: number;
  endings: Record<string, number>;
}

/** One subscriber's deliveries against the log. */
export function countSubscriber(subscriber: Subscriber, logged: LoggedEvent[]): SubscriberCount {
  const expected = expectedFor(subscriber, logged);
  const expectedIds = new Set(expected.map((entry) => entry.id));
  const cardOf = new Map(logged.map((entry) => [entry.id, entry.event.enKashCardId]));
  const delivered = new Set(subscriber.received);
  const lastOfCard = new Map<string, string>();
  let outOfOrder = 0;
  for (const id of subscriber.received) {
    const card = cardOf.get(id) ?? "?";
    const previous = lastOfCard.get(card);
    if (previous !== undefined && compareLogIds(id, previous) <= 0) outOfOrder++;
    else lastOfCard.set(card, id);
  }
  const { followed } = subscriber;
  return {
    name: subscriber.name,
    instance: subscriber.instance,
    follows:
      followed.kind === "card"
        ? `card ${followed.enKashCardId}`
        : `account ${followed.companyId}/${followed.cardAccountId}`,
    expected: expected.length,
    delivered: subscriber.received.length,
    lost: expected.filter((entry) => !delivered.has(entry.id)).length,
    duplicated: subscriber.received.length - delivered.size,
    outOfOrder,
    unexpected: [...delivered].filter((id) => !expectedIds.has(id)).length,
    reconnects: subscriber.reconnects,
    endings: subscriber.endings,
  };
}

/** Waits, checking every 100 ms, until `check` holds or `timeoutMs` passes; says which. */
export async function until(check: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) return false;
    await sleep(100);
  }
  return true;
}
