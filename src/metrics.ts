import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from "prom-client";
import { clusterMetricsText } from "./cluster-metrics.ts";
import type { EnkashObserver } from "./enkash/observer.ts";
import type { EventObserver } from "./events/intake.ts";
import type { DeliveryObserver } from "./events/partner/queue.ts";

/**
 * Prometheus metrics for /metrics. Labels are operation and route names and outcome codes only:
 * never IDs, amounts or anything a caller sent.
 */
export class Metrics {
  readonly registry = new Registry();
  private readonly requests = new Counter({
    name: "graphql_requests_total",
    help: "GraphQL operations executed, by operation name and outcome (ok, error, or cancelled: the client left before the last part).",
    labelNames: ["operation", "outcome"],
    registers: [this.registry],
  });
  private readonly requestSeconds = new Histogram({
    name: "graphql_request_duration_seconds",
    help: "Time to execute a GraphQL operation, by operation name.",
    labelNames: ["operation"],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });
  private readonly upstream = new Counter({
    name: "enkash_calls_total",
    help: "EnKash calls, by operation and outcome (ok or an ENKASH_* code).",
    labelNames: ["operation", "outcome"],
    registers: [this.registry],
  });
  private readonly upstreamSeconds = new Histogram({
    name: "enkash_call_duration_seconds",
    help: "EnKash call time including retries, by operation.",
    labelNames: ["operation"],
    buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 15],
    registers: [this.registry],
  });
  private readonly breaker = new Gauge({
    name: "enkash_circuit_breaker_open",
    help: "1 while the circuit breaker of an EnKash origin is open or half-open, else 0.",
    labelNames: ["origin"],
    registers: [this.registry],
    // Across PROCESSES workers: open (1) while any process's breaker is, not the count of them.
    aggregator: "max",
  });
  private readonly tokens = new Counter({
    name: "enkash_token_requests_total",
    help: "EnKash token requests (refreshes), by outcome.",
    labelNames: ["outcome"],
    registers: [this.registry],
  });
  private readonly tokenShareFailures = new Counter({
    name: "enkash_token_share_failures_total",
    help: "Times the shared token store (Redis) failed and an instance used a token of its own.",
    registers: [this.registry],
  });
  private readonly replays = new Counter({
    name: "idempotent_replays_total",
    help: "Mutations answered from an idempotency record instead of being repeated.",
    registers: [this.registry],
  });

  private readonly cardEvents = new Counter({
    name: "card_events_total",
    help: "Card events coming in, by source (webhook or mutation), type (unknown when refused before it was read) and outcome (accepted, duplicate, refused_signature, refused_body, failed).",
    labelNames: ["source", "type", "outcome"],
    registers: [this.registry],
  });

  private readonly eventDeliveries = new Counter({
    name: "card_event_deliveries_total",
    help: "Card events sent to GraphQL subscribers, by type, and subscriptions ended as too slow (type too_slow).",
    labelNames: ["type"],
    registers: [this.registry],
  });
  private readonly eventLag = new Histogram({
    name: "card_event_fanout_lag_seconds",
    help: "From an event's arrival at any instance (its receivedAt) to its delivery to a subscriber on this one.",
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [this.registry],
  });

  private readonly partnerDeliveries = new Counter({
    name: "partner_webhook_deliveries_total",
    help: "Attempts to deliver card events to partners' webhook endpoints, by outcome: succeeded (2xx), retrying (failed, another attempt is due) or failed (the last attempt failed, or the endpoint was removed).",
    labelNames: ["outcome"],
    registers: [this.registry],
  });
  private readonly partnerAttemptSeconds = new Histogram({
    name: "partner_webhook_attempt_duration_seconds",
    help: "Time of one delivery attempt to a partner's endpoint, answer or failure.",
    buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [this.registry],
  });

  /** What /metrics serves: this process's metrics, or with PROCESSES above 1 the whole cluster's. */
  private readonly collect: () => Promise<string>;

  /** `clustered`: this process is one of PROCESSES workers (src/cluster-metrics.ts). */
  constructor(options: { clustered?: boolean } = {}) {
    // Process metrics (memory, event loop lag, …) for the soak suite and operators.
    collectDefaultMetrics({ register: this.registry });
    this.collect = options.clustered ? clusterMetricsText(this.registry) : () => this.registry.metrics();
  }

  /** Feeds the EnKash client's observations into the metrics. */
  enkashObserver(): EnkashObserver {
    return {
      onCall: (event) => {
        this.upstream.inc({ operation: event.operation, outcome: event.outcome });
        this.upstreamSeconds.observe({ operation: event.operation }, event.durationMs / 1000);
      },
      onTokenRequest: (event) => this.tokens.inc({ outcome: event.outcome }),
      onTokenShareFailure: () => this.tokenShareFailures.inc(),
      onBreakerStateChange: (event) =>
        this.breaker.set({ origin: event.origin }, event.state === "closed" ? 0 : 1),
    };
  }

  /** Feeds the card events' intake (src/events/intake.ts) into the metrics. */
  eventObserver(): EventObserver {
    return { onEvent: (source, type, outcome) => this.cardEvents.inc({ source, type, outcome }) };
  }

  /** A card event handed to a subscriber, `lagSeconds` after it arrived; or a subscriber dropped as too slow. */
  eventDelivered(type: string, lagSeconds: number | null): void {
    this.eventDeliveries.inc({ type });
    if (lagSeconds !== null) this.eventLag.observe(Math.max(0, lagSeconds));
  }

  /** Feeds the partner webhooks' delivery attempts (src/events/partner/queue.ts) into the metrics. */
  partnerWebhookObserver(): DeliveryObserver {
    return {
      onAttempt: (outcome, seconds) => {
        this.partnerDeliveries.inc({ outcome });
        this.partnerAttemptSeconds.observe(seconds);
      },
    };
  }

  graphqlRequest(operation: string, outcome: "ok" | "error" | "cancelled", seconds: number): void {
    this.requests.inc({ operation, outcome });
    this.requestSeconds.observe({ operation }, seconds);
  }

  idempotentReplay(): void {
    this.replays.inc();
  }

  text(): Promise<string> {
    return this.collect();
  }
}
