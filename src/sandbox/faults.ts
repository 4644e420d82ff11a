import {
  type FaultInput,
  type FaultSpec,
  faultSchema,
  type LatencySpec,
  type RouteName,
  type SandboxOptions,
  type WebhookFaultInput,
  type WebhookFaultSpec,
  webhookFaultSchema,
} from "./options.ts";
import { Random } from "./random.ts";

export type Fault = "http429" | "http500" | "http503" | "hang" | "reset" | "lostResponse";

/**
 * Decides, deterministically from the seed, how long each EnKash call waits and which fault (if
 * any) it suffers. Settings can change while the sandbox runs.
 */
export class FaultInjector {
  private readonly random: Random;
  private readonly webhookRandom: Random;
  private faults: FaultSpec;
  private latency: SandboxOptions["latency"];
  private webhooks: WebhookFaultSpec;

  constructor(options: SandboxOptions) {
    this.random = new Random(options.seed, 4);
    this.webhookRandom = new Random(options.seed, 5);
    this.faults = options.faults;
    this.latency = options.latency;
    this.webhooks = options.webhookFaults;
  }

  /**
   * Replaces the fault rates (any rate left out is 0, so `{ faults: {} }` clears them), the
   * latency settings and/or the webhooks' faults (likewise).
   */
  configure(settings: {
    faults?: FaultInput;
    latency?: SandboxOptions["latency"];
    webhooks?: WebhookFaultInput;
  }): void {
    if (settings.faults) this.faults = faultSchema.parse(settings.faults);
    if (settings.latency) this.latency = settings.latency;
    if (settings.webhooks) this.webhooks = webhookFaultSchema.parse(settings.webhooks);
  }

  settings(): { faults: FaultSpec; latency: SandboxOptions["latency"]; webhooks: WebhookFaultSpec } {
    return { faults: this.faults, latency: this.latency, webhooks: this.webhooks };
  }

  /** What happens to one webhook delivery: dropped, sent twice, held behind the next, delayed. */
  pickWebhook(): { drop: boolean; repeat: boolean; holdMs: number; delayMs: number } {
    const { drop, repeat, reorder, reorderHoldMs, delay } = this.webhooks;
    return {
      drop: this.webhookRandom.chance(drop),
      repeat: this.webhookRandom.chance(repeat),
      holdMs: this.webhookRandom.chance(reorder) ? reorderHoldMs : 0,
      delayMs:
        delay.fixedMs +
        (delay.jitterMs > 0 ? Math.floor(this.webhookRandom.next() * (delay.jitterMs + 1)) : 0),
    };
  }

  delayMs(route: RouteName): number {
    const spec: LatencySpec = this.latency.routes[route] ?? this.latency.default;
    if (spec.fixedMs === 0 && spec.jitterMs === 0) return 0;
    return spec.fixedMs + Math.floor(this.random.next() * (spec.jitterMs + 1));
  }

  pick(route: RouteName): Fault | null {
    const { routes, retryAfterSeconds: _, ...rates } = this.faults;
    if (routes && !routes.includes(route)) return null;
    const total =
      rates.http429 + rates.http500 + rates.http503 + rates.hang + rates.reset + rates.lostResponse;
    if (total === 0) return null;
    let roll = this.random.next();
    for (const fault of ["reset", "hang", "http429", "http500", "http503", "lostResponse"] as const) {
      roll -= rates[fault];
      if (roll < 0) return fault;
    }
    return null;
  }
}
