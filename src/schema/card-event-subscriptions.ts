import { brandWithType } from "@pothos/core";
import { GraphQLError } from "graphql";
import type { Context } from "../context.ts";
import { type AccountKey, accountKey, type CardKey, parseAccountKey, parseCardKey } from "../domain/keys.ts";
import { SubscriberTooSlowError } from "../events/hub.ts";
import type { DeliveredEvent } from "../events/subscriptions.ts";
import { type CardEvent, logIdBefore } from "../events/types.ts";
import { builder } from "./builder.ts";
import { findCard } from "./card-record.ts";
import {
  CardStatusEnum,
  cardStatusOf,
  DirectionEnum,
  TransactionStatusEnum,
  transactionStatusOf,
} from "./enums.ts";
import { queryError } from "./errors.ts";
import { decodeGlobalId } from "./global-ids.ts";
import { MoneyRef } from "./money.ts";
import { CardRef } from "./refs.ts";

/**
 * Subscriptions to card events (docs/events.md#subscriptions), served over Server-Sent Events as
 * Yoga serves subscriptions. Who may subscribe, and who may see each event, is decided by the same
 * object checks as queries (src/auth/access.ts, through the types' `visibleTo`):
 *
 * - before anything is delivered, the card (or account) must be one the viewer may see and that
 *   exists; otherwise the subscription is refused with the same NOT_FOUND a query gets for it;
 * - every event is then checked again as it is delivered: it must be of the subscribed card or
 *   account, and its card one the viewer may see now (a card moved, an account no longer served
 *   here: the event is skipped). A foreign company's events never reach a subscriber;
 * - each event is resolved as a request of its own: new loaders (the card as it is now) and a new
 *   per-request EnKash call budget; while catching up, one set per page of events.
 */

type Logged<E extends CardEvent = CardEvent> = { id: string; event: E; card: CardKey };

const TYPE_NAMES = {
  TRANSACTION_POSTED: "TransactionPostedEvent",
  BALANCE_CHANGED: "BalanceChangedEvent",
  STATUS_CHANGED: "CardStatusChangedEvent",
} as const;

const CardEventRef = builder.interfaceRef<Logged>("CardEvent").implement({
  description:
    "Something that happened to a card, as recorded in the event log. Events come in the log's order (arrival order); `occurredAt` is when it happened at EnKash.",
  resolveType: (value) => TYPE_NAMES[value.event.type],
  fields: (t) => ({
    id: t.exposeString("id", {
      description:
        "The event's position in the log: pass the last one received as `after` to resume without losing or repeating an event.",
    }),
    occurredAt: t.field({
      type: "DateTime",
      description: "When the change happened at EnKash.",
      resolve: (value) => value.event.occurredAt,
    }),
    receivedAt: t.field({
      type: "DateTime",
      description: "When this server recorded it.",
      resolve: (value) => value.event.receivedAt,
    }),
    card: t.field({
      type: CardRef,
      description: "The card, as it is now (read when the event is delivered).",
      resolve: (value) => value.card,
    }),
  }),
});

const visibleTo = (value: Logged, ctx: Context) => ctx.access.card(value.card);

type Posted = Extract<CardEvent, { type: "TRANSACTION_POSTED" }>;
builder.objectRef<Logged<Posted>>(TYPE_NAMES.TRANSACTION_POSTED).implement({
  description: "A transaction was posted on the card (a spend, a load, a refund; declined ones too).",
  interfaces: [CardEventRef],
  visibleTo,
  fields: (t) => ({
    transactionId: t.string({
      description: "EnKash's transaction ID.",
      resolve: (value) => value.event.transaction.transactionId,
    }),
    direction: t.field({
      type: DirectionEnum,
      description: "Onto the card or off it.",
      resolve: (value) => (value.event.transaction.direction === "CR" ? "CREDIT" : "DEBIT"),
    }),
    amount: t.field({
      type: MoneyRef,
      description: "How much.",
      resolve: (value) => value.event.transaction.amount,
    }),
    status: t.field({
      type: TransactionStatusEnum,
      description: "The outcome.",
      resolve: (value) => transactionStatusOf(value.event.transaction.status),
    }),
    declineReason: t.string({
      nullable: true,
      description: "Why it was declined, when it was.",
      resolve: (value) => value.event.transaction.declineReason,
    }),
    balanceAfter: t.field({
      type: MoneyRef,
      nullable: true,
      description: "The card's balance right after it; null when EnKash did not say.",
      resolve: (value) => value.event.transaction.balanceAfter,
    }),
    merchantName: t.string({
      nullable: true,
      description: "The merchant, for a spend.",
      resolve: (value) => value.event.transaction.merchant?.name ?? null,
    }),
    description: t.string({
      nullable: true,
      description: "EnKash's description of it.",
      resolve: (value) => value.event.transaction.description,
    }),
  }),
});

type Balance = Extract<CardEvent, { type: "BALANCE_CHANGED" }>;
builder.objectRef<Logged<Balance>>(TYPE_NAMES.BALANCE_CHANGED).implement({
  description: "The card's available balance changed.",
  interfaces: [CardEventRef],
  visibleTo,
  fields: (t) => ({
    balance: t.field({
      type: MoneyRef,
      description: "The available (open-to-buy) balance after the change.",
      resolve: (value) => value.event.balance,
    }),
    transactionId: t.string({
      description: "The transaction that changed it.",
      resolve: (value) => value.event.transactionId,
    }),
  }),
});

type Status = Extract<CardEvent, { type: "STATUS_CHANGED" }>;
builder.objectRef<Logged<Status>>(TYPE_NAMES.STATUS_CHANGED).implement({
  description: "The card's status changed (locked, unlocked, blocked, activation reset).",
  interfaces: [CardEventRef],
  visibleTo,
  fields: (t) => ({
    status: t.field({
      type: CardStatusEnum,
      description: "The new status.",
      resolve: (value) => cardStatusOf(value.event.status),
    }),
  }),
});

const refused = (message: string, code: string, extensions: Record<string, unknown> = {}) =>
  new GraphQLError(message, { extensions: { code, ...extensions } });

/**
 * What a subscription's stream ends with when it cannot go on but the client can resume: its
 * subscriber did not keep up (src/events/hub.ts), or an event's card could not be checked.
 */
class Ended {
  constructor(
    readonly code: "SUBSCRIBER_TOO_SLOW" | "UPSTREAM_UNAVAILABLE",
    readonly resumeAfter: string | null,
  ) {}
}

const ENDED_MESSAGES = {
  SUBSCRIBER_TOO_SLOW:
    "This subscription fell too far behind the events and was ended: subscribe again with `after` set to `resumeAfter`.",
  UPSTREAM_UNAVAILABLE:
    "An event's card could not be checked (EnKash did not answer) and the subscription was ended before it: subscribe again with `after` set to `resumeAfter`.",
};

/** A delivered event as it is, or the ending as an error naming where to resume. */
function deliverOrRefuse<T>(value: T): T {
  if (value instanceof Ended)
    throw refused(ENDED_MESSAGES[value.code], value.code, {
      resumeAfter: value.resumeAfter,
      retryable: true,
    });
  return value;
}

/** A card or account refused exactly as a missing one: what a query's non-null position answers. */
const notFound = () => refused("Not found.", "NOT_FOUND");

/** The key of a global ID of the given type; NOT_FOUND for an ID of another type. */
function keyOf<K>(id: string, typename: string, parse: (local: string) => K | null): K {
  const decoded = decodeGlobalId(id);
  const key = decoded.typename === typename ? parse(decoded.id) : null;
  if (!key) throw notFound();
  return key;
}

/**
 * Checks the position (never echoed), then takes a slot, then streams: events that belong to the
 * subscription and that the viewer may see, each branded with its GraphQL type (the visibility
 * plugin checks it once more as the field resolves). The slot and the log's follower are freed
 * when the subscriber goes away, however that is noticed (the request's signal, or Yoga closing
 * the iterator).
 */
async function subscribe(
  ctx: Context,
  /** The company whose card or account it follows: its subscriptions are bounded together. */
  company: string,
  after: string | null | undefined,
  belongs: (event: CardEvent) => CardKey | null,
  stillVisible: () => boolean,
  /**
   * Whether the card an event names is really where the event says (an account's subscription:
   * the record's company and account are EnKash's word, not proof). Absent when the subscribed
   * card itself was checked when subscribing.
   */
  verify?: (card: CardKey) => Promise<boolean>,
): Promise<AsyncIterableIterator<Logged>> {
  const { subscriptions } = ctx;
  if (!subscriptions)
    throw refused("Subscriptions are not available on this server.", "SUBSCRIPTIONS_UNAVAILABLE");
  const from = after ?? null;
  if (from !== null) {
    const problem = await subscriptions.checkCursor(from).catch(() => {
      throw refused("The event log is unavailable; try again later.", "UPSTREAM_UNAVAILABLE", {
        retryable: true,
      });
    });
    if (problem === "invalid")
      throw refused(
        "`after` is not an event position this server gave out: pass the `id` of the last event received.",
        "EVENT_CURSOR_INVALID",
      );
    if (problem === "expired")
      throw refused(
        "The event log no longer holds every event after `after`: subscribe without `after`, and read the card's state again.",
        "EVENT_CURSOR_EXPIRED",
      );
  }
  const slot = subscriptions.acquire(ctx.viewer.subject, company);
  if ("refused" in slot)
    throw refused(
      slot.refused === "viewer"
        ? "You have as many subscriptions open as one viewer may; close one first."
        : slot.refused === "company"
          ? "This company has as many subscriptions open on this server as it may; close one first."
          : "This server holds as many subscriptions as it may; try again shortly.",
      "SUBSCRIPTION_LIMIT",
      { limit: slot.refused, retryable: true },
    );

  const stop = new AbortController();
  const end = () => stop.abort();
  ctx.signal.addEventListener("abort", end, { once: true });
  stop.signal.addEventListener(
    "abort",
    () => {
      ctx.signal.removeEventListener("abort", end);
      slot.release();
    },
    { once: true },
  );
  if (ctx.signal.aborted) end();

  const source: AsyncIterable<DeliveredEvent> = subscriptions.events(from, stop.signal);
  const subscribedAt = Date.now();
  async function* deliver(): AsyncGenerator<Logged> {
    // The last position this stream is done with (delivered, or skipped as not the subscriber's).
    let done = from;
    try {
      for await (const entry of source) {
        const card = belongs(entry.event);
        if (!card || !stillVisible() || !ctx.access.card(card)) {
          done = entry.id;
          continue;
        }
        if (entry.fresh) ctx.renewLoaders();
        let verified = true;
        try {
          verified = verify ? await verify(card) : true;
        } catch {
          // EnKash did not answer for the card: skipping the event would lose it. The stream
          // ends before it instead, and the client resumes from there.
          yield new Ended("UPSTREAM_UNAVAILABLE", done ?? logIdBefore(entry.id)) as never;
          return;
        }
        done = entry.id;
        if (!verified) continue;
        const value: Logged = { id: entry.id, event: entry.event, card };
        brandWithType(value, TYPE_NAMES[entry.event.type] as never);
        // Replayed events (a resume) are not fan-out lag: only those that arrived after subscribing.
        const arrived = Date.parse(entry.event.receivedAt);
        ctx.metrics.eventDelivered(
          entry.event.type,
          arrived >= subscribedAt ? (Date.now() - arrived) / 1000 : null,
        );
        yield value;
      }
    } catch (error) {
      // Too slow to keep up: told so, with where to resume, as the stream's last message.
      if (error instanceof SubscriberTooSlowError) {
        ctx.metrics.eventDelivered("too_slow", null);
        yield new Ended("SUBSCRIBER_TOO_SLOW", error.resumeAfter) as never;
        return;
      }
      // The log failed under a follower: the stream ends, and the client resumes from its last ID.
      if (!stop.signal.aborted)
        ctx.log.warn(
          { error: error instanceof Error ? error.name : "unknown" },
          "card event subscription ended: the event log failed",
        );
    } finally {
      end();
    }
  }
  const inner = deliver();
  const iterator: AsyncIterableIterator<Logged> = {
    next: () => inner.next(),
    // Aborting first wakes a follower blocked on the log, so the generator can finish at once.
    return: async () => {
      end();
      return inner.return(undefined);
    },
    throw: async (error?: unknown) => {
      end();
      return inner.throw(error);
    },
    [Symbol.asyncIterator]() {
      return iterator;
    },
  };
  return iterator;
}

/**
 * Whether a card is in the account an event names, looked up once per card for the subscription
 * (a card never changes accounts at EnKash): the card loader refuses a card that is not where its
 * key says. A card that cannot be looked up now (EnKash unavailable) throws: the subscription
 * ends before its event, resumably, where skipping it would lose it.
 */
function cardsOfAccount(ctx: Context): (card: CardKey) => Promise<boolean> {
  const known = new Map<string, boolean>();
  return async (card) => {
    const cached = known.get(card.enKashCardId);
    if (cached !== undefined) return cached;
    // An error (EnKash unavailable) is thrown, not taken for "not in the account": it is not
    // remembered, and the subscription ends resumably before the event.
    const found = (await findCard(ctx, card)) !== null;
    known.set(card.enKashCardId, found);
    return found;
  };
}

builder.subscriptionType({
  description:
    "Card events as they happen, over Server-Sent Events (`Accept: text/event-stream`). See docs/events.md.",
});

builder.subscriptionFields((t) => ({
  cardEvents: t.field({
    authScopes: { scope: "cards:read" },
    type: CardEventRef,
    description:
      "The card's events: those the log holds after `after` first, then each as it is recorded. Refused with NOT_FOUND, as a query for the card would be, when the card does not exist or is not the viewer's.",
    args: {
      cardId: t.arg.id({ required: true, description: "The card's global ID (its `id`)." }),
      after: t.arg.string({
        required: false,
        description:
          "Resume after this event (the `id` of the last one received); omitted: from now. Refused when the log no longer holds every event after it (EVENT_CURSOR_EXPIRED).",
      }),
    },
    subscribe: async (_root, args, ctx) => {
      const key = keyOf(String(args.cardId), "Card", parseCardKey);
      if (!(await findCard(ctx, key))) throw notFound();
      return subscribe(
        ctx,
        key.companyId,
        args.after,
        (event) =>
          event.companyId === key.companyId &&
          event.enKashCardId === key.enKashCardId &&
          (event.cardAccountId === null || event.cardAccountId === key.cardAccountId)
            ? key
            : null,
        () => true,
      );
    },
    resolve: deliverOrRefuse,
  }),
  accountEvents: t.field({
    authScopes: { scope: "cards:read" },
    type: CardEventRef,
    description:
      "The events of every card of the account, as cardEvents. Refused with NOT_FOUND, as a query for the account would be, when it does not exist or the viewer may not see it (cardholders never may).",
    args: {
      accountId: t.arg.id({ required: true, description: "The card account's global ID (its `id`)." }),
      after: t.arg.string({
        required: false,
        description: "Resume after this event (the `id` of the last one received); omitted: from now.",
      }),
    },
    subscribe: async (_root, args, ctx) => {
      const key: AccountKey = keyOf(String(args.accountId), "CardAccount", parseAccountKey);
      if (!ctx.access.account(key)) throw notFound();
      try {
        if (!(await ctx.loaders.account.load(accountKey(key)))) throw notFound();
      } catch (error) {
        throw queryError(error);
      }
      return subscribe(
        ctx,
        key.companyId,
        args.after,
        (event) =>
          event.companyId === key.companyId && event.cardAccountId === key.cardAccountId
            ? { ...key, enKashCardId: event.enKashCardId }
            : null,
        () => ctx.access.account(key),
        cardsOfAccount(ctx),
      );
    },
    resolve: deliverOrRefuse,
  }),
}));
