import { Redis } from "ioredis";
import {
  type CardEvent,
  checkLogId,
  compareLogIds,
  type EventLog,
  type EventLogOptions,
  type LoggedEvent,
  logIdTime,
} from "./types.ts";

/**
 * Records the event unless its de-duplication key exists, in one step on the server (two
 * instances receiving the same webhook at once record it once). The stream is trimmed by age
 * (MINID: the server's clock minus the retention) on every append, the key lives as long, and the
 * stream itself expires when nothing was appended for a whole retention window.
 * KEYS: stream, dedup key. ARGV: event JSON, retention ms.
 */
const APPEND = `
local seen = redis.call("GET", KEYS[2])
if seen then return {0, seen} end
local t = redis.call("TIME")
local minid = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000) - tonumber(ARGV[2])
if minid < 0 then minid = 0 end
local id = redis.call("XADD", KEYS[1], "MINID", string.format("%d", minid), "*", "e", ARGV[1])
redis.call("SET", KEYS[2], id, "PX", ARGV[2])
redis.call("PEXPIRE", KEYS[1], ARGV[2])
return {1, id}`;

type StreamEntry = [id: string, fields: string[]];

/** How long one blocking read waits before the loop looks at its signal again. */
const BLOCK_MS = 5_000;

/**
 * The event log as a Redis stream (REDIS_URL): shared by every instance, ordered by arrival, kept
 * for the retention window. Keys share one hash tag, so a Redis Cluster keeps them in one slot.
 */
export class RedisEventLog implements EventLog {
  private readonly redis: Redis;
  private readonly stream: string;
  private readonly followers = new Set<Redis>();

  constructor(
    private readonly url: string,
    private readonly options: EventLogOptions & { keyPrefix?: string },
  ) {
    const prefix = options.keyPrefix ?? "events";
    this.stream = `${prefix}:{card-events}:log`;
    // As the state store: commands wait for a reconnection twice, then fail; one second each.
    this.redis = new Redis(url, { maxRetriesPerRequest: 2, connectTimeout: 2_000, commandTimeout: 1_000 });
    this.redis.on("error", () => {
      // Reported through failed commands and ping().
    });
  }

  private seenKey(eventId: string): string {
    return `${this.stream.replace(/:log$/, "")}:seen:${eventId}`;
  }

  async append(event: CardEvent): Promise<{ id: string; duplicate: boolean }> {
    const [added, id] = (await this.redis.eval(
      APPEND,
      2,
      this.stream,
      this.seenKey(event.eventId),
      JSON.stringify(event),
      String(this.options.retentionMs),
    )) as [number, string];
    return { id, duplicate: added === 0 };
  }

  async readAfter(afterId: string | null, limit: number): Promise<LoggedEvent[]> {
    checkLogId(afterId);
    if (limit <= 0) return [];
    // Entries past the retention whose trimming waits for the next append are not served.
    const oldest = `${Math.max(0, Date.now() - this.options.retentionMs)}-0`;
    const start = afterId === null || compareLogIds(afterId, oldest) < 0 ? oldest : `(${afterId}`;
    const entries = (await this.redis.xrange(this.stream, start, "+", "COUNT", limit)) as StreamEntry[];
    return entries.flatMap(parseEntry);
  }

  async *follow(afterId: string | null, options: { signal: AbortSignal }): AsyncIterable<LoggedEvent> {
    checkLogId(afterId);
    const { signal } = options;
    // A blocked XREAD holds its connection: each follower has its own, closed when it ends.
    const connection = new Redis(this.url, { maxRetriesPerRequest: 2, connectTimeout: 2_000 });
    connection.on("error", () => {});
    this.followers.add(connection);
    const stop = () => connection.disconnect();
    signal.addEventListener("abort", stop, { once: true });
    try {
      let cursor = afterId;
      if (cursor === null) {
        const newest = (await connection.xrevrange(this.stream, "+", "-", "COUNT", 1)) as StreamEntry[];
        cursor = newest[0]?.[0] ?? "0-0";
      }
      while (!signal.aborted) {
        const answer = (await connection.xread(
          "COUNT",
          100,
          "BLOCK",
          BLOCK_MS,
          "STREAMS",
          this.stream,
          cursor,
        )) as [string, StreamEntry[]][] | null;
        for (const entry of answer?.[0]?.[1] ?? []) {
          if (signal.aborted) return;
          cursor = entry[0];
          yield* parseEntry(entry);
        }
      }
    } catch (error) {
      // An abort closes the connection under the blocked read: that is the end, not a failure.
      if (!signal.aborted) throw error;
    } finally {
      signal.removeEventListener("abort", stop);
      this.followers.delete(connection);
      connection.disconnect();
    }
  }

  /** The stream is trimmed by age alone (MINID): a position within the window loses nothing. */
  async covers(afterId: string): Promise<boolean> {
    checkLogId(afterId);
    return logIdTime(afterId) >= Date.now() - this.options.retentionMs;
  }

  /** Followers open now (each a Redis connection of its own blocked in XREAD). */
  get followerCount(): number {
    return this.followers.size;
  }

  async head(): Promise<string | null> {
    const newest = (await this.redis.xrevrange(this.stream, "+", "-", "COUNT", 1)) as StreamEntry[];
    return newest[0]?.[0] ?? null;
  }

  async ping(): Promise<boolean> {
    try {
      return (await this.redis.ping()) === "PONG";
    } catch {
      return false;
    }
  }

  async close(): Promise<void> {
    for (const follower of this.followers) follower.disconnect();
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}

function parseEntry([id, fields]: StreamEntry): LoggedEvent[] {
  const index = fields.indexOf("e");
  const text = index >= 0 ? fields[index + 1] : undefined;
  if (text === undefined) return [];
  try {
    return [{ id, event: JSON.parse(text) as CardEvent }];
  } catch {
    return [];
  }
}
