import { Redis } from "ioredis";
import { afterEach, describe, expect, it } from "vitest";
import { RedisEventLog } from "../../src/events/redis-log.ts";
import { appendsOnceAndReadsAfter, followWakesOnAppend, statusEvent } from "../helpers/event-log.ts";
import { hasRedisServer, useRedisServer } from "../helpers/redis.ts";

/** The event log as a Redis stream (REDIS_URL), on a real redis-server. */
const available = hasRedisServer();
if (!available) console.warn("SKIPPED: the Redis event log tests need a redis-server binary.");

describe.skipIf(!available)("the Redis event log", () => {
  const redis = useRedisServer();
  const logs: RedisEventLog[] = [];
  let prefix = 0;
  const open = (retentionMs = 60_000, keyPrefix = `t${++prefix}`) => {
    const log = new RedisEventLog(redis.url, { retentionMs, keyPrefix });
    logs.push(log);
    return log;
  };
  afterEach(async () => {
    await Promise.all(logs.splice(0).map((log) => log.close()));
  });

  it("records an event once, in arrival order, and reads after an ID", async () => {
    await appendsOnceAndReadsAfter(open());
  });

  it("a follower blocked in XREAD is woken by an append from another connection (another instance)", async () => {
    const keyPrefix = `t${++prefix}`;
    await followWakesOnAppend(open(60_000, keyPrefix), open(60_000, keyPrefix));
  });

  it("two instances receiving the same event at once record it once", async () => {
    const keyPrefix = `t${++prefix}`;
    const [a, b] = [open(60_000, keyPrefix), open(60_000, keyPrefix)];
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => (i % 2 === 0 ? a : b).append(statusEvent(1))),
    );
    expect(results.filter((result) => !result.duplicate)).toHaveLength(1);
    expect(new Set(results.map((result) => result.id)).size).toBe(1);
    expect(await a.readAfter(null, 100)).toHaveLength(1);
  });

  it("keeps events and their IDs for the retention window: trimmed by MINID, keys expire with it", async () => {
    const keyPrefix = `t${++prefix}`;
    const log = open(400, keyPrefix);
    const client = new Redis(redis.url);
    try {
      await log.append(statusEvent(1));
      const stream = `${keyPrefix}:{card-events}:log`;
      const seen = `${keyPrefix}:{card-events}:seen:${statusEvent(1).eventId}`;
      expect(await client.pttl(seen)).toBeGreaterThan(300);
      expect(await client.xlen(stream)).toBe(1);
      await new Promise((resolve) => setTimeout(resolve, 500));
      // Older than the window: not served, even before an append trims it.
      expect(await log.readAfter(null, 10)).toEqual([]);
      expect(await client.exists(seen)).toBe(0);
      // The repeat is recorded again, and the append trimmed the old entry away.
      const again = await log.append(statusEvent(1));
      expect(again.duplicate).toBe(false);
      expect(await client.xlen(stream)).toBe(1);
      expect((await log.readAfter(null, 10)).map((entry) => entry.id)).toEqual([again.id]);
    } finally {
      client.disconnect();
    }
  });

  it("an abort ends a follower blocked in XREAD at once (its connection is closed under it)", async () => {
    const log = open();
    const controller = new AbortController();
    const following = (async () => {
      for await (const _ of log.follow(null, { signal: controller.signal })) {
        // nothing arrives
      }
    })();
    await new Promise((resolve) => setTimeout(resolve, 100));
    const started = Date.now();
    controller.abort();
    await following;
    // Well within the 5 s a blocked XREAD waits: the abort, not the timeout, ended it.
    expect(Date.now() - started).toBeLessThan(4_000);
  });
});
