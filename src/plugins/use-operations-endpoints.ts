import { getOperationAST } from "graphql";
import { type Plugin, useReadinessCheck } from "graphql-yoga";
import type { Context } from "../context.ts";
import type { Metrics } from "../metrics.ts";
import { eachPart, partErrors } from "./incremental-results.ts";

/**
 * /readyz (ready to take traffic, through Yoga's useReadinessCheck) and /metrics (Prometheus), open
 * without credentials, plus a per-operation timer for the metrics. Keep /metrics on an internal
 * network. /healthz (alive) is Yoga's own health check (createApp's healthCheckEndpoint).
 *
 * The operation label is the client's operation name only when the server knows that name: every
 * distinct label value is a set of series held forever, so names a client makes up (one per
 * request, say) would grow /metrics and the Prometheus behind it without bound.
 */
export interface OperationsEndpoints {
  metrics: Metrics;
  /** Null when ready; otherwise why not (e.g. "draining", "EnKash circuit breaker open"). */
  readiness(): Promise<string | null>;
  /** Operation names that get their own label; any other name is `other`, none `anonymous`. */
  knownOperations: ReadonlySet<string>;
}

function operationLabel(name: string | undefined, known: ReadonlySet<string>): string {
  if (name === undefined) return "anonymous";
  return known.has(name) ? name : "other";
}

export function useOperationsEndpoints(options: OperationsEndpoints): [Plugin, Plugin<Context>] {
  const json = (status: number, body: unknown) =>
    new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });
  const readiness = useReadinessCheck({
    endpoint: "/readyz",
    check: async () => {
      const problem = await options.readiness();
      return problem ? json(503, { status: "not ready", reason: problem }) : json(200, { status: "ready" });
    },
  });
  return [onExactPath("/readyz", readiness), metricsEndpoint(options)];
}

/**
 * Yoga's readiness check answers any URL that ends with its path (`/x?y=/readyz` too) and matches
 * every request against a URLPattern first (about 15 µs each): asked only for the path itself.
 */
function onExactPath(path: string, plugin: Plugin): Plugin {
  const { onRequest } = plugin;
  return {
    ...plugin,
    ...(onRequest
      ? {
          onRequest: (payload: Parameters<typeof onRequest>[0]) =>
            payload.url.pathname === path ? onRequest(payload) : undefined,
        }
      : {}),
  };
}

function metricsEndpoint(options: OperationsEndpoints): Plugin<Context> {
  return {
    async onRequest({ url, endResponse }) {
      if (url.pathname === "/metrics") {
        let text: string;
        try {
          text = await options.metrics.text();
        } catch {
          // Thrown out of a request hook, an error becomes whatwg-node's default answer: its
          // stack, with the server's file paths. A scrape that fails learns only that it did.
          return endResponse(
            new Response("metrics unavailable, try again\n", {
              status: 503,
              headers: { "content-type": "text/plain", "retry-after": "1" },
            }),
          );
        }
        return endResponse(
          new Response(text, { status: 200, headers: { "content-type": "text/plain; version=0.0.4" } }),
        );
      }
    },
    onExecute({ args }) {
      const started = performance.now();
      const operation = operationLabel(
        getOperationAST(args.document, args.operationName)?.name?.value,
        options.knownOperations,
      );
      // One count per operation, when its last part is sent: an incremental result (@defer,
      // @stream) is timed to its end and is an error when any of its parts carried one.
      let failed = false;
      return {
        onExecuteDone(payload) {
          return eachPart(
            payload,
            (part) => {
              if (partErrors(part).length > 0) failed = true;
            },
            () =>
              options.metrics.graphqlRequest(
                operation,
                // A client that left before the last part: cut short, neither served nor failed.
                failed ? "error" : args.contextValue.signal.aborted ? "cancelled" : "ok",
                (performance.now() - started) / 1000,
              ),
          );
        },
      };
    },
  };
}
