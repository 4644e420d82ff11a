import type { Redis } from "ioredis";
import type { CardEventType } from "../types.ts";

/**
 * What partners (and operators) can see of each delivery: one record per event and endpoint, with
 * every attempt made, kept for the retention window (each record and each endpoint's index expire
 * with it). The queue (queue.ts) does the work; this is its account, readable through GraphQL.
 */
export type DeliveryStatus = "PENDING" | "RETRYING" | "SUCCEEDED" | "FAILED";

/** Why an attempt failed, when it did: the partner's answer, or what stopped us reaching it. */
export type AttemptErrorKind =
  | "HTTP_STATUS"
  | "TIMEOUT"
  | "CONNECTION"
  | "TARGET_REFUSED"
  | "ENDPOINT_REMOVED";

export interface DeliveryAttempt {
  /** When the attempt started (ms). */
  at: number;
  /** The partner's HTTP status; null when no answer came. */
  statusCode: number | null;
  errorKind: AttemptErrorKind | null;
  durationMs: number;
}

export interface DeliveryRecord {
  /** `dlv_…`: the same for every attempt, sent as EnKash-GraphQL-Delivery. */
  id: string;
  endpointId: string;
  eventId: string;
  /** The event's position in the card event log. */
  logId: string;
  eventType: CardEventType;
  status: DeliveryStatus;
  attempts: DeliveryAttempt[];
  /** When the next attempt is due (ms); null once delivered or given up. */
  nextAttemptAt: number | null;
  createdAt: number;
}

export class DeliveryRecords {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly retentionMs: number,
  ) {}

  private recordKey(id: string): string {
    return `${this.prefix}:delivery:${id}`;
  }

  private indexKey(endpointId: string): string {
    return `${this.prefix}:endpoint:${endpointId}:deliveries`;
  }

  /** Records a new delivery as PENDING, unless it is known already (a second dispatcher's repeat). */
  async open(record: DeliveryRecord): Promise<void> {
    const index = this.indexKey(record.endpointId);
    await this.redis
      .multi()
      .set(this.recordKey(record.id), JSON.stringify(record), "PX", this.retentionMs, "NX")
      .zadd(index, "NX", record.createdAt, record.id)
      .zremrangebyscore(index, "-inf", record.createdAt - this.retentionMs)
      .pexpire(index, this.retentionMs)
      .exec();
  }

  async get(id: string): Promise<DeliveryRecord | null> {
    const json = await this.redis.get(this.recordKey(id));
    return json ? (JSON.parse(json) as DeliveryRecord) : null;
  }

  /** Adds an attempt and the status it leaves (only the delivery's one running job writes here). */
  async attempted(
    base: DeliveryRecord,
    attempt: DeliveryAttempt,
    status: DeliveryStatus,
    nextAttemptAt: number | null,
  ): Promise<void> {
    const record = (await this.get(base.id)) ?? base;
    const updated: DeliveryRecord = {
      ...record,
      attempts: [...record.attempts, attempt],
      status,
      nextAttemptAt,
    };
    await this.redis.set(this.recordKey(base.id), JSON.stringify(updated), "PX", this.retentionMs);
  }

  /** An endpoint's deliveries, newest first: `limit` from `offset`. */
  async page(endpointId: string, offset: number, limit: number): Promise<DeliveryRecord[]> {
    const ids = await this.redis.zrevrange(this.indexKey(endpointId), offset, offset + limit - 1);
    if (ids.length === 0) return [];
    const records = await this.redis.mget(...ids.map((id) => this.recordKey(id)));
    return records.flatMap((json) => (json ? [JSON.parse(json) as DeliveryRecord] : []));
  }
}
