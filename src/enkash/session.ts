import type { z } from "zod";
import type { CallOptions, EnkashClient } from "./client.ts";
import type { EndpointName, endpoints } from "./endpoints.ts";

type Input<N extends EndpointName> = z.input<(typeof endpoints)[N]["request"]>;
type Output<N extends EndpointName> = z.output<(typeof endpoints)[N]["response"]>;

/**
 * One GraphQL request's view of the EnKash client: every call goes through here, carries the
 * request's abort signal, and is counted by operation so the upstream cost of a GraphQL operation
 * can be reported and tested.
 */
export class EnkashSession {
  private readonly counts = new Map<string, number>();

  constructor(
    private readonly client: EnkashClient,
    private readonly signal?: AbortSignal,
  ) {}

  call<N extends EndpointName>(name: N, input: Input<N>, options: CallOptions = {}): Promise<Output<N>> {
    this.counts.set(name, (this.counts.get(name) ?? 0) + 1);
    return this.client.call(name, input, { ...(this.signal ? { signal: this.signal } : {}), ...options });
  }

  /** Upstream calls made so far, by operation. */
  upstreamCalls(): { total: number; byOperation: Record<string, number> } {
    const byOperation = Object.fromEntries([...this.counts.entries()].sort(([a], [b]) => a.localeCompare(b)));
    return { total: [...this.counts.values()].reduce((sum, count) => sum + count, 0), byOperation };
  }
}
