import type { z } from "zod";
import type { Logger } from "../logger.ts";
import type { CallOptions, EnkashClient } from "./client.ts";
import { type EndpointName, endpoints } from "./endpoints.ts";
import { EnkashBudgetExceededError, EnkashTenantRateLimitedError } from "./errors.ts";

type Input<N extends EndpointName> = z.input<(typeof endpoints)[N]["request"]>;
type Output<N extends EndpointName> = z.output<(typeof endpoints)[N]["response"]>;

/** What one request may spend at EnKash. */
export interface SessionBudget {
  /** Most EnKash calls one GraphQL request may make; more fail with ENKASH_BUDGET_EXCEEDED. */
  maxCalls: number;
  /**
   * Counts one call against the caller's rates (its company's, its own); false when one is used
   * up. Absent: nothing is counted (the partner's own viewers).
   */
  admit?: (input: Record<string, unknown>) => Promise<boolean>;
  /** The bulkhead lane a call waits in (its company); the partner's own calls share one lane. */
  laneOf?: (input: Record<string, unknown>) => string;
}

const UNLIMITED: SessionBudget = { maxCalls: Number.POSITIVE_INFINITY };

/**
 * One GraphQL request's view of the EnKash client: every call goes through here, carries the
 * request's abort signal, is counted by operation (so the upstream cost of an operation can be
 * reported and tested), and is refused before it is made when the request has spent its budget or
 * its company its share of the partner's calls.
 */
export class EnkashSession {
  private readonly counts = new Map<string, number>();
  private made = 0;
  /**
   * Awaited before every write is sent (an idempotent mutation marks its record `sent`); a throw
   * stops the write. Mutations run one after another, so one hook at a time.
   */
  beforeWrite: (() => Promise<void>) | undefined;

  constructor(
    private readonly client: EnkashClient,
    private readonly request: { signal?: AbortSignal | undefined; log?: Logger } = {},
    private readonly budget: SessionBudget = UNLIMITED,
  ) {}

  async call<N extends EndpointName>(
    name: N,
    input: Input<N>,
    options: CallOptions = {},
  ): Promise<Output<N>> {
    if (this.made >= this.budget.maxCalls)
      throw new EnkashBudgetExceededError(this.budget.maxCalls, { operation: name });
    this.made++;
    if (this.budget.admit && !(await this.budget.admit(input as Record<string, unknown>)))
      throw new EnkashTenantRateLimitedError("This company's EnKash call rate is used up for now", {
        operation: name,
      });
    if (endpoints[name].kind === "write") await this.beforeWrite?.();
    this.counts.set(name, (this.counts.get(name) ?? 0) + 1);
    return this.client.call(name, input, {
      // A write, once started, runs to its answer even if the caller hangs up: aborting it would
      // leave its outcome unknown (money moved or not, a card blocked or not). Reads stop.
      ...(this.request.signal && endpoints[name].kind === "read" ? { signal: this.request.signal } : {}),
      ...(this.request.log ? { logger: this.request.log } : {}),
      lane: this.budget.laneOf?.(input as Record<string, unknown>) ?? "",
      mayRetry: () => this.spendRetry(input as Record<string, unknown>),
      ...options,
    });
  }

  /** A retry spends the request's budget and the caller's rates like any call; false once spent. */
  private async spendRetry(input: Record<string, unknown>): Promise<boolean> {
    if (this.made >= this.budget.maxCalls) return false;
    this.made++;
    return !this.budget.admit || this.budget.admit(input);
  }

  /** Upstream calls made so far, by operation. */
  upstreamCalls(): { total: number; byOperation: Record<string, number> } {
    const byOperation = Object.fromEntries([...this.counts.entries()].sort(([a], [b]) => a.localeCompare(b)));
    return { total: [...this.counts.values()].reduce((sum, count) => sum + count, 0), byOperation };
  }
}
