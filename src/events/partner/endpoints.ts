import { randomBytes } from "node:crypto";
import type { Redis } from "ioredis";
import type { CardEventType } from "../types.ts";

/**
 * Partners' webhook endpoints, in Redis (shared by every instance). An endpoint belongs to one
 * company; its signing secret is not stored anywhere (secrets.ts derives it from the endpoint's ID
 * and `generation`), so what is stored here is no secret at all.
 */
export interface PartnerEndpoint {
  /** `whe_` and 22 random URL-safe characters. */
  id: string;
  companyId: string;
  /** The URL deliveries are POSTed to, as checked at registration (ssrf.ts). */
  url: string;
  eventTypes: CardEventType[];
  /** Which secret signs: 1 at registration, one more per rotation. */
  generation: number;
  /** Until when (ms) the previous generation's secret signs too (a rotation's grace); null: not. */
  previousValidUntil: number | null;
  createdAt: number;
  rotatedAt: number | null;
}

/** KEYS: endpoints hash, company set. ARGV: id, record JSON, the company's limit. 0 when at the limit. */
const CREATE = `
if redis.call("SCARD", KEYS[2]) >= tonumber(ARGV[3]) then return 0 end
redis.call("HSET", KEYS[1], ARGV[1], ARGV[2])
redis.call("SADD", KEYS[2], ARGV[1])
return 1`;

/**
 * KEYS: endpoints hash. ARGV: id, the generation the rotation read, the rotated record JSON.
 * 1 written; 0 removed meanwhile; -1 another rotation wrote first (read again and retry).
 */
const ROTATE = `
local stored = redis.call("HGET", KEYS[1], ARGV[1])
if not stored then return 0 end
if cjson.decode(stored).generation ~= tonumber(ARGV[2]) then return -1 end
redis.call("HSET", KEYS[1], ARGV[1], ARGV[3])
return 1`;

export class EndpointLimitError extends Error {
  constructor(readonly limit: number) {
    super(`A company may have at most ${limit} webhook endpoints`);
    this.name = "EndpointLimitError";
  }
}

export class PartnerEndpointStore {
  private readonly endpoints: string;

  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {
    this.endpoints = `${prefix}:endpoints`;
  }

  private companyKey(companyId: string): string {
    return `${this.prefix}:company:${companyId}`;
  }

  async create(
    fields: Pick<PartnerEndpoint, "companyId" | "url" | "eventTypes">,
    limit: number,
    now = Date.now(),
  ): Promise<PartnerEndpoint> {
    const endpoint: PartnerEndpoint = {
      id: `whe_${randomBytes(16).toString("base64url")}`,
      ...fields,
      generation: 1,
      previousValidUntil: null,
      createdAt: now,
      rotatedAt: null,
    };
    const created = await this.redis.eval(
      CREATE,
      2,
      this.endpoints,
      this.companyKey(fields.companyId),
      endpoint.id,
      JSON.stringify(endpoint),
      String(limit),
    );
    if (created !== 1) throw new EndpointLimitError(limit);
    return endpoint;
  }

  async get(id: string): Promise<PartnerEndpoint | null> {
    const json = await this.redis.hget(this.endpoints, id);
    return json ? (JSON.parse(json) as PartnerEndpoint) : null;
  }

  /** A company's endpoints, oldest first. */
  async ofCompany(companyId: string): Promise<PartnerEndpoint[]> {
    const ids = await this.redis.smembers(this.companyKey(companyId));
    if (ids.length === 0) return [];
    const records = await this.redis.hmget(this.endpoints, ...ids);
    return records
      .flatMap((json) => (json ? [JSON.parse(json) as PartnerEndpoint] : []))
      .sort((a, b) => a.createdAt - b.createdAt || a.id.localeCompare(b.id));
  }

  /**
   * The next generation signs from now; the current one still does for `graceMs`. The next after
   * what Redis holds, not after `endpoint` (read earlier): two rotations at once each get a
   * generation of their own, and a slow one never writes an older generation back (which would
   * revive a retired secret and silence the one another caller was just shown).
   */
  async rotate(endpoint: PartnerEndpoint, graceMs: number, now = Date.now()): Promise<PartnerEndpoint> {
    // Each retry follows another rotation that succeeded, so this ends.
    for (let current: PartnerEndpoint | null = endpoint; current; current = await this.get(endpoint.id)) {
      const rotated: PartnerEndpoint = {
        ...current,
        generation: current.generation + 1,
        previousValidUntil: now + graceMs,
        rotatedAt: now,
      };
      const outcome = await this.redis.eval(
        ROTATE,
        1,
        this.endpoints,
        endpoint.id,
        String(current.generation),
        JSON.stringify(rotated),
      );
      if (outcome === 1) return rotated;
      // Removed meanwhile: a removal racing the rotation wins.
      if (outcome === 0) return endpoint;
    }
    return endpoint;
  }

  async remove(endpoint: PartnerEndpoint): Promise<void> {
    await this.redis
      .multi()
      .hdel(this.endpoints, endpoint.id)
      .srem(this.companyKey(endpoint.companyId), endpoint.id)
      .exec();
  }
}
