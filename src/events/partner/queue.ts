import { type Job, Queue, UnrecoverableError, Worker } from "bullmq";
import { Redis } from "ioredis";
import type { Logger } from "../../logger.ts";
import {
  PARTNER_DELIVERY_HEADER,
  PARTNER_SIGNATURE_HEADER,
  signPartnerPayload,
} from "../../shared/partner-signature.ts";
import type { LoggedEvent } from "../types.ts";
import type { DeliveryAttempt, DeliveryRecord, DeliveryRecords } from "./deliveries.ts";
import type { PartnerEndpointStore } from "./endpoints.ts";
import { signingSecrets } from "./secrets.ts";
import type { PartnerSender } from "./sender.ts";

/**
 * Deliveries as BullMQ jobs on Redis: durable across restarts, taken by one worker at a time
 * whichever instance it runs on (a job's lock), retried with exponential backoff (base, 2×base,
 * 4×base, …) for as many attempts as fit in the retry window. The job's ID is the delivery's
 * (`dlv_…`, from endpoint and event), so adding it twice, from two instances' dispatchers or after
 * a crash, makes one job. Finished jobs are kept as long as delivery records are, so a repeat of
 * an old one is still recognised.
 */
export interface DeliveryJob {
  deliveryId: string;
  endpointId: string;
  entry: LoggedEvent;
  createdAt: number;
}

type DeliveryOutcome = "succeeded" | "retrying" | "failed";

/** What the queue reports (src/metrics.ts turns it into partner_webhook_* metrics). */
export interface DeliveryObserver {
  onAttempt(outcome: DeliveryOutcome, seconds: number): void;
}

export interface RetrySchedule {
  /** The first retry's delay; each next one doubles it. */
  baseMs: number;
  /** No attempt starts later than this after the first. */
  windowMs: number;
}

/** How many attempts fit in the window: attempt k starts base × (2^(k-1) − 1) after the first. */
export function attemptsWithin({ baseMs, windowMs }: RetrySchedule): number {
  let attempts = 1;
  while (baseMs * (2 ** attempts - 1) <= windowMs) attempts++;
  return attempts;
}

const QUEUE = "partner-webhooks";

/** The body partners receive: the same bytes on every attempt of one delivery. */
function deliveryBody(job: DeliveryJob): string {
  const { entry } = job;
  return JSON.stringify({
    id: job.deliveryId,
    type: entry.event.type,
    eventId: entry.event.eventId,
    logId: entry.id,
    createdAt: new Date(job.createdAt).toISOString(),
    data: entry.event,
  });
}

export interface DeliveryQueueOptions {
  redisUrl: string;
  prefix: string;
  schedule: RetrySchedule;
  retentionMs: number;
  endpoints: PartnerEndpointStore;
  records: DeliveryRecords;
  sender: PartnerSender;
  serverKey: Buffer;
  observer: DeliveryObserver;
  logger: Logger;
  concurrency: number;
}

export class DeliveryQueue {
  private readonly connection: Redis;
  private readonly queue: Queue<DeliveryJob>;
  private worker: { worker: Worker<DeliveryJob>; connection: Redis } | null = null;
  private readonly attempts: number;

  constructor(private readonly options: DeliveryQueueOptions) {
    // BullMQ's blocking commands need a connection that never gives up on a command.
    this.connection = new Redis(options.redisUrl, { maxRetriesPerRequest: null });
    this.connection.on("error", () => {
      // Reported through failed enqueues and the worker's own retries.
    });
    this.queue = new Queue<DeliveryJob>(QUEUE, { connection: this.connection, prefix: options.prefix });
    this.attempts = attemptsWithin(options.schedule);
  }

  /** Adds each delivery once (a job ID already known is left as it is). */
  async enqueue(jobs: readonly DeliveryJob[]): Promise<void> {
    if (jobs.length === 0) return;
    const age = Math.ceil(this.options.retentionMs / 1000);
    await this.queue.addBulk(
      jobs.map((data) => ({
        name: "deliver",
        data,
        opts: {
          jobId: data.deliveryId,
          attempts: this.attempts,
          backoff: { type: "exponential", delay: this.options.schedule.baseMs },
          removeOnComplete: { age },
          removeOnFail: { age },
        },
      })),
    );
  }

  /** Starts taking jobs on this instance. */
  start(): void {
    if (this.worker) return;
    const connection = this.connection.duplicate();
    const worker = new Worker<DeliveryJob>(QUEUE, (job) => this.deliver(job), {
      connection,
      prefix: this.options.prefix,
      concurrency: this.options.concurrency,
    });
    worker.on("error", () => {
      // Redis trouble: BullMQ reconnects by itself; the jobs wait in Redis meanwhile.
    });
    this.worker = { worker, connection };
  }

  private async deliver(job: Job<DeliveryJob>): Promise<void> {
    const { records, endpoints, observer } = this.options;
    const data = job.data;
    const [known, endpoint] = await Promise.all([
      records.get(data.deliveryId),
      endpoints.get(data.endpointId),
    ]);
    const record: DeliveryRecord = known ?? {
      id: data.deliveryId,
      endpointId: data.endpointId,
      eventId: data.entry.event.eventId,
      logId: data.entry.id,
      eventType: data.entry.event.type,
      status: "PENDING",
      attempts: [],
      nextAttemptAt: null,
      createdAt: data.createdAt,
    };
    if (!endpoint) {
      // Removed since: nothing more is sent to it.
      const attempt = {
        at: Date.now(),
        statusCode: null,
        errorKind: "ENDPOINT_REMOVED",
        durationMs: 0,
      } as const;
      await records.attempted(record, attempt, "FAILED", null);
      observer.onAttempt("failed", 0);
      throw new UnrecoverableError("endpoint removed");
    }
    const body = deliveryBody(data);
    const at = Date.now();
    const signature = signPartnerPayload(
      body,
      signingSecrets(this.options.serverKey, endpoint, at),
      Math.floor(at / 1000),
    );
    const result = await this.options.sender.send(endpoint.url, body, {
      [PARTNER_SIGNATURE_HEADER]: signature,
      [PARTNER_DELIVERY_HEADER]: data.deliveryId,
      "enkash-graphql-event-type": data.entry.event.type,
    });
    const attempt: DeliveryAttempt = { at, ...result };
    if (result.errorKind === null) {
      await records.attempted(record, attempt, "SUCCEEDED", null);
      observer.onAttempt("succeeded", result.durationMs / 1000);
      return;
    }
    const last = job.attemptsMade + 1 >= this.attempts;
    const nextAttemptAt = last ? null : Date.now() + this.options.schedule.baseMs * 2 ** job.attemptsMade;
    await records.attempted(record, attempt, last ? "FAILED" : "RETRYING", nextAttemptAt);
    observer.onAttempt(last ? "failed" : "retrying", result.durationMs / 1000);
    this.options.logger.info(
      {
        deliveryId: data.deliveryId,
        endpointId: endpoint.id,
        attempt: job.attemptsMade + 1,
        errorKind: result.errorKind,
        statusCode: result.statusCode,
      },
      last ? "partner webhook delivery failed for good" : "partner webhook delivery will be retried",
    );
    throw new Error(`delivery attempt failed: ${result.errorKind}`);
  }

  async close(): Promise<void> {
    await this.worker?.worker.close();
    this.worker?.connection.disconnect();
    await this.queue.close();
    this.connection.disconnect();
  }
}
