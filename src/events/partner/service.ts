import { Redis } from "ioredis";
import type { Logger } from "../../logger.ts";
import type { CardEventType, EventLog } from "../types.ts";
import { type DeliveryRecord, DeliveryRecords } from "./deliveries.ts";
import { PartnerDispatcher } from "./dispatcher.ts";
import { type PartnerEndpoint, PartnerEndpointStore } from "./endpoints.ts";
import { type DeliveryObserver, DeliveryQueue, type RetrySchedule } from "./queue.ts";
import { endpointSecret } from "./secrets.ts";
import { PartnerSender } from "./sender.ts";
import { checkEndpointUrl, type TargetAllowList } from "./ssrf.ts";

/**
 * Partner webhooks out (docs/webhooks.md): endpoints per company, their derived secrets, the
 * dispatcher that turns logged events into deliveries, the queue that sends them, and the records
 * of every attempt. Needs Redis: the queue and the records must outlive an instance.
 */
export interface PartnerWebhookSettings {
  /** CIDRs the operator allows beyond public unicast addresses (PARTNER_WEBHOOK_ALLOWED_TARGETS). */
  allow: TargetAllowList;
  schedule: RetrySchedule;
  timeoutMs: number;
  maxEndpointsPerCompany: number;
  /** How long the previous secret still signs after a rotation. */
  rotationGraceMs: number;
  /**
   * How long delivery records (and finished jobs) are kept: as long as the event log's, and at
   * least the retry window and an hour.
   */
  retentionMs: number;
  /** Deliveries one instance sends at once. */
  concurrency: number;
}

export interface PartnerWebhooksOptions {
  redisUrl: string;
  log: EventLog;
  /** The key every endpoint's secret is derived under (the same on every instance). */
  serverKey: Buffer;
  settings: PartnerWebhookSettings;
  observer: DeliveryObserver;
  logger: Logger;
  /** Keys' prefix (tests keep files apart); one hash tag, so a Redis Cluster keeps them in one slot. */
  prefix?: string;
}

/** An endpoint and its signing secret, as shown once to whoever registered or rotated it. */
export interface EndpointWithSecret {
  endpoint: PartnerEndpoint;
  secret: string;
}

export class PartnerWebhooks {
  private readonly redis: Redis;
  private readonly endpoints: PartnerEndpointStore;
  private readonly records: DeliveryRecords;
  private readonly sender: PartnerSender;
  private readonly queue: DeliveryQueue;
  private readonly dispatcher: PartnerDispatcher;

  constructor(private readonly options: PartnerWebhooksOptions) {
    const { settings, redisUrl, logger } = options;
    const prefix = options.prefix ?? "{partner-webhooks}";
    // As the state store: commands wait for a reconnection twice, then fail.
    this.redis = new Redis(redisUrl, {
      maxRetriesPerRequest: 2,
      connectTimeout: 2_000,
      commandTimeout: 2_000,
    });
    this.redis.on("error", () => {
      // Reported through failed commands.
    });
    this.endpoints = new PartnerEndpointStore(this.redis, prefix);
    this.records = new DeliveryRecords(this.redis, prefix, settings.retentionMs);
    this.sender = new PartnerSender(settings.allow, settings.timeoutMs);
    this.queue = new DeliveryQueue({
      redisUrl,
      prefix,
      schedule: settings.schedule,
      retentionMs: settings.retentionMs,
      endpoints: this.endpoints,
      records: this.records,
      sender: this.sender,
      serverKey: options.serverKey,
      observer: options.observer,
      logger,
      concurrency: settings.concurrency,
    });
    this.dispatcher = new PartnerDispatcher({
      log: options.log,
      redis: this.redis,
      prefix,
      endpoints: this.endpoints,
      records: this.records,
      queue: this.queue,
      logger,
    });
  }

  /** Starts following the log and sending on this instance. */
  start(): void {
    this.queue.start();
    this.dispatcher.start();
  }

  private withSecret(endpoint: PartnerEndpoint): EndpointWithSecret {
    return { endpoint, secret: this.secretOf(endpoint) };
  }

  /** The endpoint's current secret (derived again, not stored). */
  secretOf(endpoint: Pick<PartnerEndpoint, "id" | "generation">): string {
    return endpointSecret(this.options.serverKey, endpoint.id, endpoint.generation);
  }

  /** Checks the URL (ssrf.ts) and registers; throws EndpointUrlError or EndpointLimitError. */
  async register(companyId: string, url: string, eventTypes: CardEventType[]): Promise<EndpointWithSecret> {
    const checked = await checkEndpointUrl(url, this.options.settings.allow);
    const endpoint = await this.endpoints.create(
      { companyId, url: checked, eventTypes: [...new Set(eventTypes)] },
      this.options.settings.maxEndpointsPerCompany,
    );
    return this.withSecret(endpoint);
  }

  endpoint(id: string): Promise<PartnerEndpoint | null> {
    return this.endpoints.get(id);
  }

  endpointsOf(companyId: string): Promise<PartnerEndpoint[]> {
    return this.endpoints.ofCompany(companyId);
  }

  async rotate(endpoint: PartnerEndpoint): Promise<EndpointWithSecret> {
    return this.withSecret(await this.endpoints.rotate(endpoint, this.options.settings.rotationGraceMs));
  }

  remove(endpoint: PartnerEndpoint): Promise<void> {
    return this.endpoints.remove(endpoint);
  }

  deliveries(endpointId: string, offset: number, limit: number): Promise<DeliveryRecord[]> {
    return this.records.page(endpointId, offset, limit);
  }

  async close(): Promise<void> {
    await this.dispatcher.close();
    await this.queue.close();
    await this.sender.close();
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}
