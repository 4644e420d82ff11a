import cluster from "node:cluster";
import { AggregatorRegistry, type Registry } from "prom-client";

/**
 * /metrics when PROCESSES is above 1: a scrape reaches whichever worker the primary hands the
 * connection to, so that worker asks the primary, and the primary gathers every worker's metrics
 * with prom-client's AggregatorRegistry (counters and histograms summed, per metric's aggregator).
 * One scrape therefore sees the whole machine, not a random process's share.
 */

const REQUEST = "enkash-graphql:metrics-request";
const ANSWER = "enkash-graphql:metrics";
/** prom-client's own wait for the workers is 5 s; the worker waits a little longer for the primary. */
const ANSWER_TIMEOUT_MS = 6_000;

/** In the primary: answers workers' requests for the cluster's metrics. */
export function answerMetricsRequests(): void {
  const aggregator = new AggregatorRegistry();
  cluster.on("message", (worker, message: { type?: string; id?: number }) => {
    if (message?.type !== REQUEST) return;
    aggregator.clusterMetrics().then(
      (text) => worker.send({ type: ANSWER, id: message.id, text }),
      () => worker.send({ type: ANSWER, id: message.id, text: null }),
    );
  });
}

/**
 * In a worker: makes `registry` answer the primary's collection, and returns what /metrics serves:
 * the text of every worker's metrics together.
 */
export function clusterMetricsText(registry: Registry): () => Promise<string> {
  AggregatorRegistry.setRegistries([registry]);
  // Constructing one is what makes prom-client answer the primary's collection in a worker.
  new AggregatorRegistry();
  let next = 0;
  const waiting = new Map<number, (text: string | null) => void>();
  process.on("message", (message: { type?: string; id?: number; text?: string | null }) => {
    if (message?.type !== ANSWER || message.id === undefined) return;
    waiting.get(message.id)?.(message.text ?? null);
    waiting.delete(message.id);
  });
  return () =>
    new Promise<string>((resolve, reject) => {
      const id = next++;
      const timer = setTimeout(() => {
        waiting.delete(id);
        reject(new Error("the primary did not answer with the cluster's metrics"));
      }, ANSWER_TIMEOUT_MS);
      waiting.set(id, (text) => {
        clearTimeout(timer);
        if (text === null) reject(new Error("the cluster's metrics could not be collected"));
        else resolve(text);
      });
      process.send?.({ type: REQUEST, id });
    });
}
