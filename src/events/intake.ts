import type { Logger } from "../logger.ts";
import { verifyWebhook, type WebhookSigning } from "../shared/webhook-signature.ts";
import { eventsFromRecord } from "./records.ts";
import type { CardEvent, CardEventType, EventLog, EventSource } from "./types.ts";

/**
 * Where card events come in: EnKash's webhooks (signature, then body, then the log) and this
 * server's own mutations. Each event is appended to the log once; a repeat is a duplicate and
 * changes nothing. Nothing of a refused request is kept or logged but the reason's code.
 */
type EventOutcome = "accepted" | "duplicate" | "refused_signature" | "refused_body" | "failed";

export interface EventObserver {
  onEvent(source: EventSource, type: CardEventType | "unknown", outcome: EventOutcome): void;
}

/** An answer to a webhook: its status and a JSON body of the server's own words. */
export interface WebhookAnswer {
  status: 200 | 400 | 401 | 503;
  body: Record<string, unknown>;
}

export interface IntakeOptions {
  log: EventLog;
  /** How EnKash signs (src/shared/webhook-signature.ts); null: no secret configured, webhooks refused (503). */
  signing: WebhookSigning | null;
  /** How far a signed timestamp may be from now, when a timestamp header is configured. */
  toleranceSeconds: number;
  observer?: EventObserver;
  logger: Logger;
  now?: () => number;
}

const refusal = (
  status: 400 | 401 | 503,
  code: string,
  message: string,
  extra: Record<string, unknown> = {},
) => ({
  status,
  body: { error: { code, message, ...extra } },
});

export class EventIntake {
  private readonly now: () => number;

  constructor(private readonly options: IntakeOptions) {
    this.now = options.now ?? Date.now;
  }

  /** Whether webhooks can be accepted at all (a secret is configured). */
  get accepting(): boolean {
    return this.options.signing !== null;
  }

  async receiveWebhook(body: Uint8Array, header: (name: string) => string | null): Promise<WebhookAnswer> {
    const { signing, logger, observer } = this.options;
    if (!signing)
      return refusal(
        503,
        "WEBHOOKS_NOT_CONFIGURED",
        "Webhooks are not accepted: no signing secret is configured.",
      );
    const check = verifyWebhook(signing, body, header, {
      toleranceSeconds: this.options.toleranceSeconds,
      nowSeconds: Math.floor(this.now() / 1000),
    });
    if (!check.ok) {
      observer?.onEvent("webhook", "unknown", "refused_signature");
      logger.warn({ reason: check.reason }, "webhook refused: signature");
      return refusal(
        401,
        "INVALID_SIGNATURE",
        "The webhook's signature is missing, malformed, wrong or too old.",
      );
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(body));
    } catch {
      observer?.onEvent("webhook", "unknown", "refused_body");
      logger.warn({ reason: "INVALID_WEBHOOK_BODY" }, "webhook refused: body");
      return refusal(400, "INVALID_WEBHOOK_BODY", "The body is not JSON.");
    }
    const result = eventsFromRecord(parsed, new Date(this.now()).toISOString());
    if (!result.ok) {
      observer?.onEvent("webhook", "unknown", "refused_body");
      logger.warn({ reason: result.code }, "webhook refused: body");
      return result.code === "UNKNOWN_WEBHOOK_RECORD"
        ? refusal(400, result.code, "The body is neither a card transaction nor a card status record.")
        : refusal(400, result.code, "The record breaks the rules of its fields.", {
            problems: result.problems,
          });
    }
    let recorded = 0;
    let duplicates = 0;
    try {
      for (const event of result.events) {
        const { duplicate } = await this.record(event);
        if (duplicate) duplicates++;
        else recorded++;
      }
    } catch {
      // EnKash is asked to send it again (events already recorded are then duplicates).
      return refusal(503, "EVENT_LOG_UNAVAILABLE", "The event could not be recorded; send it again later.");
    }
    return { status: 200, body: { received: true, recorded, duplicates } };
  }

  /**
   * Records events a mutation of this server caused. Never throws: the change is made at EnKash
   * whatever happens here, and EnKash's own webhook reports it too (a duplicate of this one).
   */
  async publish(events: readonly CardEvent[]): Promise<void> {
    for (const event of events) {
      try {
        await this.record(event);
      } catch {
        // Counted and logged by record().
      }
    }
  }

  private async record(event: CardEvent): Promise<{ duplicate: boolean }> {
    const { log, observer, logger } = this.options;
    try {
      const { id, duplicate } = await log.append(event);
      observer?.onEvent(event.source, event.type, duplicate ? "duplicate" : "accepted");
      logger.debug(
        { eventId: event.eventId, type: event.type, source: event.source, id, duplicate },
        "card event",
      );
      return { duplicate };
    } catch (error) {
      observer?.onEvent(event.source, event.type, "failed");
      logger.error(
        { type: event.type, source: event.source, error: error instanceof Error ? error.name : "unknown" },
        "card event not recorded: the event log failed",
      );
      throw error;
    }
  }
}
