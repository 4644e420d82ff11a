import { createHash } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import type { Redis } from "ioredis";
import type { Logger } from "../../logger.ts";
import type { EventLog, LoggedEvent } from "../types.ts";
import type { DeliveryRecords } from "./deliveries.ts";
import type { PartnerEndpointStore } from "./endpoints.ts";
import type { DeliveryQueue } from "./queue.ts";

/**
 * Turns logged card events into deliveries: for each event, one per endpoint of the event's own
 * company that takes its type (an endpoint of another company is never even looked at).
 *
 * Every instance runs one, following the log from a position kept in Redis, and moves that
 * position forward only after an event's deliveries are queued; a delivery's ID is a hash of
 * endpoint and event, so two instances (or one restarted after a crash between queueing and
 * moving on) queue the same jobs, and the queue keeps one of each. Nothing is lost and nothing is
 * sent twice on purpose; a partner still de-duplicates by the delivery ID header, since an attempt
 * whose answer was lost is retried (at-least-once).
 */
const ADVANCE = `
local current = redis.call("GET", KEYS[1])
if current then
  local cm, cs = string.match(current, "(%d+)-(%d+)")
  local nm, ns = string.match(ARGV[1], "(%d+)-(%d+)")
  if tonumber(cm) > tonumber(nm) or (tonumber(cm) == tonumber(nm) and tonumber(cs) >= tonumber(ns)) then return 0 end
end
redis.call("SET", KEYS[1], ARGV[1])
return 1`;

/** Pause before following again after the log or Redis failed under the dispatcher. */
const RETRY_MS = 1_000;

function deliveryIdOf(endpointId: string, eventId: string): string {
  return `dlv_${createHash("sha256").update(`${endpointId}\n${eventId}`).digest("hex").slice(0, 32)}`;
}

export class PartnerDispatcher {
  private readonly controller = new AbortController();
  private running: Promise<void> | null = null;
  private readonly positionKey: string;

  constructor(
    private readonly options: {
      log: EventLog;
      redis: Redis;
      prefix: string;
      endpoints: PartnerEndpointStore;
      records: DeliveryRecords;
      queue: DeliveryQueue;
      logger: Logger;
    },
  ) {
    this.positionKey = `${options.prefix}:dispatched`;
  }

  start(): void {
    this.running ??= this.run();
  }

  private async run(): Promise<void> {
    const { signal } = this.controller;
    while (!signal.aborted) {
      try {
        // The first dispatcher ever starts at the log's newest event: earlier ones had no endpoints.
        const head = (await this.options.log.head()) ?? "0-0";
        await this.options.redis.set(this.positionKey, head, "NX");
        const position = (await this.options.redis.get(this.positionKey)) ?? head;
        for await (const entry of this.options.log.follow(position, { signal })) {
          await this.dispatch(entry);
          await this.options.redis.eval(ADVANCE, 1, this.positionKey, entry.id);
        }
      } catch {
        if (signal.aborted) return;
        this.options.logger.warn(
          {},
          "partner webhook dispatcher lost the event log or Redis; following again",
        );
        await sleep(RETRY_MS, undefined, { signal }).catch(() => {});
      }
    }
  }

  /** Queues the event's deliveries (each once, whoever else queues them too). */
  async dispatch(entry: LoggedEvent): Promise<void> {
    const { event } = entry;
    const endpoints = (await this.options.endpoints.ofCompany(event.companyId)).filter(
      (endpoint) => endpoint.companyId === event.companyId && endpoint.eventTypes.includes(event.type),
    );
    const createdAt = Date.now();
    const jobs = endpoints.map((endpoint) => ({
      deliveryId: deliveryIdOf(endpoint.id, event.eventId),
      endpointId: endpoint.id,
      entry,
      createdAt,
    }));
    await Promise.all(
      jobs.map((job) =>
        this.options.records.open({
          id: job.deliveryId,
          endpointId: job.endpointId,
          eventId: event.eventId,
          logId: entry.id,
          eventType: event.type,
          status: "PENDING",
          attempts: [],
          nextAttemptAt: createdAt,
          createdAt,
        }),
      ),
    );
    await this.options.queue.enqueue(jobs);
  }

  async close(): Promise<void> {
    this.controller.abort();
    await this.running;
  }
}
