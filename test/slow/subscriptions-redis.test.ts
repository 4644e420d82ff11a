import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, it } from "vitest";
import { RedisEventLog } from "../../src/events/redis-log.ts";
import { EventSubscriptions } from "../../src/events/subscriptions.ts";
import type { EventLog } from "../../src/events/types.ts";
import { subscriptionResumesOnceAndEnds } from "../helpers/event-log.ts";
import { useHttpServer } from "../helpers/http-server.ts";
import { PREPAID_CARD_ID } from "../helpers/ids.ts";
import { hasRedisServer, useRedisServer } from "../helpers/redis.ts";
import { subscribe } from "../helpers/sse.ts";
import { until } from "../helpers/until.ts";

/**
 * Subscriptions on the Redis event log (REDIS_URL), on a real redis-server: resuming and ending as
 * on the memory log, and a subscriber that hangs up frees its slot and its follower's own Redis
 * connection (no XREAD left blocked).
 */
const available = hasRedisServer();
if (!available) console.warn("SKIPPED: the Redis subscription tests need a redis-server binary.");

describe.skipIf(!available)("subscriptions on the Redis event log", () => {
  const redis = useRedisServer();
  let log: RedisEventLog | undefined;
  const real = () => {
    if (!log) throw new Error("not started");
    return log;
  };
  // The server is made before redis-server is up: its log reaches the real one once it is.
  const lazy: EventLog = {
    append: (event) => real().append(event),
    readAfter: (after, limit) => real().readAfter(after, limit),
    follow: (after, options) => real().follow(after, options),
    covers: (after) => real().covers(after),
    head: () => real().head(),
    ping: () => real().ping(),
    close: async () => {},
  };
  const subscriptions = new EventSubscriptions(lazy, { maxPerViewer: 5, maxPerInstance: 10 });
  const server = useHttpServer({ subscriptions });
  beforeAll(() => {
    log = new RedisEventLog(redis.url, { retentionMs: 60_000, keyPrefix: "subs" });
  });
  afterAll(async () => {
    await log?.close();
  });

  it("resumes after an ID: what the stream holds, then what is appended, each once; ends on abort", async () => {
    const own = new RedisEventLog(redis.url, { retentionMs: 60_000, keyPrefix: "c" });
    try {
      await subscriptionResumesOnceAndEnds(own);
      // The follower's connection closes as its stream ends.
      await until(() => own.followerCount === 0);
    } finally {
      await own.close();
    }
  });

  it("subscribers share one Redis connection per instance, freed when the last hangs up", async () => {
    const client = new Redis(redis.url);
    try {
      const connections = async () =>
        String(await client.client("LIST"))
          .trim()
          .split("\n").length;
      const before = await connections();
      const token = await server.token();
      const streams = await Promise.all(
        Array.from({ length: 3 }, () =>
          subscribe(
            server.base,
            "subscription ($cardId: ID!) { cardEvents(cardId: $cardId) { id } }",
            { cardId: PREPAID_CARD_ID },
            { authorization: `Bearer ${token}` },
          ),
        ),
      );
      // One follower of the stream for the instance, not one per subscriber.
      await until(() => subscriptions.active() === 3 && real().followerCount === 1);
      await until(async () => (await connections()) === before + 1);
      for (const stream of streams) stream.close();
      await until(() => subscriptions.active() === 0 && real().followerCount === 0);
      await until(async () => (await connections()) === before);
    } finally {
      client.disconnect();
    }
  });
});
