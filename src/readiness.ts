import type { EnkashClient } from "./enkash/client.ts";
import type { StateStore } from "./state-store.ts";

/**
 * Ready means: not shutting down, the EnKash circuit breaker closed, the state store answering,
 * and an EnKash token at hand (cached, or fetched within the timeout).
 */
export function createReadiness(options: {
  enkash: EnkashClient;
  store?: StateStore;
  draining: () => boolean;
  timeoutMs?: number;
}) {
  return async (): Promise<string | null> => {
    if (options.draining()) return "draining: the server is shutting down";
    if (options.enkash.breakerState() !== "closed") return "the EnKash circuit breaker is open";
    if (options.store && !(await options.store.ping())) return "the state store (Redis) is unreachable";
    try {
      await options.enkash.checkCredentials({ signal: AbortSignal.timeout(options.timeoutMs ?? 2_000) });
      return null;
    } catch {
      return "no EnKash token could be obtained";
    }
  };
}
