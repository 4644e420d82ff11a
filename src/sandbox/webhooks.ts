import { setTimeout as sleep } from "node:timers/promises";
import { signWebhook, type WebhookSigning } from "../shared/webhook-signature.ts";
import type { FaultInjector } from "./faults.ts";
import type { MaskOptions, WebhookOptions } from "./options.ts";
import { javaDate } from "./state/dates.ts";
import { cardStatusObject, renderTransaction } from "./state/render.ts";
import type { SandboxState, StateChange } from "./state/store.ts";

/**
 * The webhooks the sandbox sends, as EnKash would: a card-transaction record (reference 9.3, the
 * shape third-party consumers read) for every transaction recorded after the seed (purchases,
 * loads, a replacement's transfers, an initial load), and a card status record (ASSUMED: EnKash
 * documents none) for every status change (Block Card, Set PIN's activation, a replacement's
 * block). Signed as src/shared/webhook-signature.ts assumes EnKash signs.
 *
 * Fire and forget: a change only puts a rendered body on a bounded queue, and one sender posts
 * them in order, so nothing the sandbox answers waits for a delivery or fails with one. A full
 * queue drops the new delivery (counted). Faults (FaultInjector.pickWebhook) drop, repeat, hold
 * back (reorder) and delay deliveries; a network error or a 5xx answer is tried again.
 */
export interface WebhookTarget {
  url: string;
  signing: WebhookSigning;
}

export interface WebhookStats {
  /** Changes put on the queue. */
  queued: number;
  /** Deliveries answered 2xx (a repeat counts twice). */
  delivered: number;
  /** Deliveries that failed every attempt, or were answered 4xx. */
  failed: number;
  /** Deliveries dropped by the `drop` fault. */
  dropped: number;
  /** Changes not queued because the queue was full. */
  overflowed: number;
  /** Attempts answered with each HTTP status (0: no answer). */
  byStatus: Record<string, number>;
}

interface Delivery {
  body: string;
  heldUntil: number;
  delayMs: number;
}

export class WebhookSender {
  private target: WebhookTarget | null;
  private readonly queue: Delivery[] = [];
  private running: Promise<void> | null = null;
  private wake: (() => void) | null = null;
  private closed = false;
  /** Aborts the deliveries in flight when the sandbox closes. */
  private readonly closing = new AbortController();
  private readonly counts: WebhookStats = emptyStats();

  constructor(
    private readonly options: WebhookOptions,
    private readonly faults: FaultInjector,
  ) {
    this.target =
      options.url && options.secret
        ? {
            url: options.url,
            signing: {
              secret: options.secret,
              signatureHeader: options.signatureHeader,
              encoding: options.encoding,
              timestampHeader: options.timestampHeader,
            },
          }
        : null;
  }

  /** Where to send, and the signing; null stops sending (what is queued is then discarded). */
  configure(target: WebhookTarget | null): void {
    this.target = target;
    if (!target) this.queue.length = 0;
  }

  get configured(): boolean {
    return this.target !== null;
  }

  /** The state's change listener: renders the change now (as it is now) and queues it. */
  listener(state: SandboxState, masks: MaskOptions): (change: StateChange) => void {
    return (change) => {
      if (!this.target || this.closed) return;
      this.enqueue(JSON.stringify(renderChange(state, change, masks)));
    };
  }

  private enqueue(body: string): void {
    if (this.queue.length >= this.options.queueSize) {
      this.counts.overflowed++;
      return;
    }
    this.counts.queued++;
    const { drop, repeat, holdMs, delayMs } = this.faults.pickWebhook();
    if (drop) {
      this.counts.dropped++;
      return;
    }
    const heldUntil = holdMs > 0 ? Date.now() + holdMs : 0;
    this.queue.push({ body, heldUntil, delayMs });
    if (repeat) this.queue.push({ body, heldUntil: 0, delayMs: 0 });
    this.wake?.();
    this.running ??= this.run().finally(() => {
      this.running = null;
    });
  }

  private async run(): Promise<void> {
    while (this.queue.length > 0 && !this.closed) {
      const first = this.queue[0] as Delivery;
      let delivery: Delivery;
      if (first.heldUntil > Date.now()) {
        if (this.queue.length < 2) {
          // Held back: wait for a later delivery to overtake it, or for the hold to end.
          await Promise.race([
            new Promise<void>((resolve) => {
              this.wake = resolve;
            }),
            sleep(first.heldUntil - Date.now()),
          ]);
          this.wake = null;
          continue;
        }
        delivery = this.queue.splice(1, 1)[0] as Delivery;
        // Overtaken, as the fault meant: the held one goes next.
        first.heldUntil = 0;
      } else {
        delivery = this.queue.shift() as Delivery;
      }
      await this.deliver(delivery);
    }
  }

  private async deliver({ body, delayMs }: Delivery): Promise<void> {
    if (delayMs > 0) await sleep(delayMs);
    for (let attempt = 1; attempt <= this.options.attempts; attempt++) {
      const target = this.target;
      if (!target || this.closed) return;
      const bytes = Buffer.from(body, "utf8");
      let status = 0;
      try {
        const response = await fetch(target.url, {
          method: "POST",
          headers: { "content-type": "application/json", ...signWebhook(target.signing, bytes) },
          body: bytes,
          signal: AbortSignal.any([AbortSignal.timeout(this.options.timeoutMs), this.closing.signal]),
        });
        status = response.status;
        await response.arrayBuffer().catch(() => undefined);
      } catch {
        status = 0;
      }
      this.counts.byStatus[status] = (this.counts.byStatus[status] ?? 0) + 1;
      if (status >= 200 && status < 300) {
        this.counts.delivered++;
        return;
      }
      if (status >= 400 && status < 500) break;
      if (attempt < this.options.attempts) await sleep(100 * 2 ** (attempt - 1));
    }
    this.counts.failed++;
  }

  stats(): WebhookStats {
    return structuredClone(this.counts);
  }

  /** Resolves when nothing is queued or being sent (tests wait on it). */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  async close(): Promise<void> {
    this.closed = true;
    this.queue.length = 0;
    this.closing.abort();
    this.wake?.();
    await this.running;
  }
}

function emptyStats(): WebhookStats {
  return { queued: 0, delivered: 0, failed: 0, dropped: 0, overflowed: 0, byStatus: {} };
}

function renderChange(state: SandboxState, change: StateChange, masks: MaskOptions): Record<string, unknown> {
  if (change.kind === "transaction") return renderTransaction(state, change.transaction, masks);
  const { card } = change;
  return {
    eventType: "CARD_STATUS_CHANGED",
    enKashCardId: card.enKashCardId,
    cardAccountId: card.cardAccountId,
    companyId: card.companyId,
    blockCode: card.status,
    cardStatus: cardStatusObject(card.status),
    reason: card.blockReason,
    modifiedOn: javaDate(card.modifiedOn),
  };
}
