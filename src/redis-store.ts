import { Redis } from "ioredis";
import type { StateStore } from "./state-store.ts";

const DELETE_IF_EQUALS = `if redis.call("GET", KEYS[1]) == ARGV[1] then return redis.call("DEL", KEYS[1]) end return 0`;
const COMPARE_AND_SET = `if redis.call("GET", KEYS[1]) == ARGV[1] then redis.call("SET", KEYS[1], ARGV[2], "PX", ARGV[3]) return 1 end return 0`;

/** The shared state in Redis, so that several server instances keep one set of records and counters. */
export class RedisStateStore implements StateStore {
  private readonly redis: Redis;

  constructor(url: string) {
    // Commands wait for the connection, but give up after two reconnection attempts rather than
    // hanging a GraphQL request while Redis is away.
    // commandTimeout bounds every command, so a Redis that hangs costs a request one second at most.
    this.redis = new Redis(url, { maxRetriesPerRequest: 2, connectTimeout: 2_000, commandTimeout: 1_000 });
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

  async compareAndSet(key: string, expected: string, next: string, ttlMs: number): Promise<boolean> {
    // Compare and replace in one step on the server (leases of idempotency records).
    return (await this.redis.eval(COMPARE_AND_SET, 1, key, expected, next, String(ttlMs))) === 1;
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

  /**
   * What in Redis's settings weakens the guarantees of idempotency records (docs/operations.md):
   * no persistence (a restart loses every record), or an eviction policy that may drop them under
   * memory pressure (only `noeviction` keeps them). Empty when all is well.
   */
  async durabilityWarnings(): Promise<string[]> {
    let settings: Record<string, string>;
    try {
      const pairs = (await this.redis.call("CONFIG", "GET", "*")) as string[];
      settings = {};
      for (let i = 0; i + 1 < pairs.length; i += 2) settings[pairs[i] as string] = pairs[i + 1] as string;
    } catch {
      return [
        "cannot read Redis's settings (CONFIG GET refused): make sure it persists (appendonly yes) and never evicts (maxmemory-policy noeviction)",
      ];
    }
    const warnings: string[] = [];
    if (settings.appendonly !== "yes" && !settings.save)
      warnings.push(
        "Redis does not persist (appendonly no, no save points): a restart loses idempotency records, and a retry after it may repeat a create; set appendonly yes",
      );
    if (settings["maxmemory-policy"] !== undefined && settings["maxmemory-policy"] !== "noeviction")
      warnings.push(
        `Redis may evict keys under memory pressure (maxmemory-policy ${settings["maxmemory-policy"]}): idempotency records could vanish; set maxmemory-policy noeviction`,
      );
    return warnings;
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
