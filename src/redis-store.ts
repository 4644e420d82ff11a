import { Redis } from "ioredis";
import type { StateStore } from "./state-store.ts";

const DELETE_IF_EQUALS = `if redis.call("GET", KEYS[1]) == ARGV[1] then return redis.call("DEL", KEYS[1]) end return 0`;

/** The shared state in Redis, so that several server instances keep one set of records and counters. */
export class RedisStateStore implements StateStore {
  private readonly redis: Redis;

  constructor(url: string) {
    // Commands wait for the connection, but give up after two reconnection attempts rather than
    // hanging a GraphQL request while Redis is away.
    this.redis = new Redis(url, { maxRetriesPerRequest: 2, connectTimeout: 2_000 });
    this.redis.on("error", () => {
      // Reported through failed commands and ping(); the client reconnects by itself.
    });
  }

  get(key: string): Promise<string | null> {
    return this.redis.get(key);
  }

  async setIfAbsent(key: string, value: string, ttlMs: number): Promise<boolean> {
    return (await this.redis.set(key, value, "PX", ttlMs, "NX")) === "OK";
  }

  async set(key: string, value: string, ttlMs: number): Promise<void> {
    await this.redis.set(key, value, "PX", ttlMs);
  }

  async delete(key: string): Promise<void> {
    await this.redis.del(key);
  }

  async deleteIfEquals(key: string, value: string): Promise<void> {
    // Compare and delete in one step on the server, so a value another instance wrote in between
    // is never removed.
    await this.redis.eval(DELETE_IF_EQUALS, 1, key, value);
  }

  async increment(key: string, ttlMs: number, by = 1): Promise<number> {
    // INCRBY and an expiry set only on the counter's first use, in one round trip.
    const results = await this.redis.multi().incrby(key, by).pexpire(key, ttlMs, "NX").exec();
    const count = results?.[0]?.[1];
    if (typeof count !== "number") throw new Error("Redis did not answer INCR");
    return count;
  }

  async addToSet(key: string, member: string): Promise<void> {
    await this.redis.sadd(key, member);
  }

  setMembers(key: string): Promise<string[]> {
    return this.redis.smembers(key);
  }

  setSize(key: string): Promise<number> {
    return this.redis.scard(key);
  }

  async ping(): Promise<boolean> {
    try {
      const answer = await Promise.race([
        this.redis.ping(),
        new Promise<null>((resolve) => setTimeout(() => resolve(null), 1_000)),
      ]);
      return answer === "PONG";
    } catch {
      return false;
    }
  }

  async close(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}
