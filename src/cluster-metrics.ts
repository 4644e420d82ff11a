import cluster, { type Worker } from "node:cluster";
import {
  AggregatorRegistry,
  type MetricObjectWithValues,
  type MetricValue,
  type Registry,
} from "prom-client";

/**
 * /metrics when PROCESSES is above 1: a scrape reaches whichever worker the primary hands the
 * connection to, so that worker asks the primary, which gathers the series of every worker that is
 * serving and merges them with prom-client's `AggregatorRegistry.aggregate` (counters and
 * histograms summed, each series by its aggregator). One scrape sees the whole machine.
 *
 * Why not prom-client's `clusterMetrics()`: it asks every connected worker and waits up to 5 s for
 * all of them, then fails, so while a worker is being replaced (the new one has not built its
 * metrics yet, the dead one never answers) every scrape hung 5 s and failed. Here only workers that
 * said they serve are asked, and a worker that does not answer within a second is left out of that
 * scrape (`cluster_workers_missing_from_scrape` says how many) instead of failing it.
 */

const COLLECT = "enkash-graphql:metrics-collect";
const COLLECTED = "enkash-graphql:metrics-collected";
const REQUEST = "enkash-graphql:metrics-request";
const ANSWER = "enkash-graphql:metrics";
/** How long the primary waits for one worker's series. */
const WORKER_TIMEOUT_MS = 1_000;
/** How long a worker waits for the primary's answer (the primary's own wait, and some room). */
const ANSWER_TIMEOUT_MS = 3_000;

type Series = MetricObjectWithValues<MetricValue<string>>[];

/** In the primary: answers workers' requests with the metrics of every worker `serving()` lists. */
export function answerMetricsRequests(serving: () => Iterable<Worker>): void {
  let next = 0;
  const waiting = new Map<number, (series: Series | null) => void>();
  cluster.on("message", (worker, message: { type?: string; id?: number; series?: Series }) => {
    if (message?.type === COLLECTED && message.id !== undefined) {
      waiting.get(message.id)?.(message.series ?? null);
      waiting.delete(message.id);
      return;
    }
    if (message?.type !== REQUEST) return;
    const ask = (target: Worker) =>
      new Promise<Series | null>((resolve) => {
        const id = next++;
        const timer = setTimeout(() => {
          waiting.delete(id);
          resolve(null);
        }, WORKER_TIMEOUT_MS);
        waiting.set(id, (series) => {
          clearTimeout(timer);
          resolve(series);
        });
        target.send({ type: COLLECT, id });
      });
    void Promise.all([...serving()].map(ask)).then(async (answers) => {
      const got = answers.filter((series): series is Series => series !== null);
      const missing = answers.length - got.length;
      const merged = got.length > 0 ? await AggregatorRegistry.aggregate(got).metrics() : "";
      const text = `${merged}# HELP cluster_workers_missing_from_scrape Server processes that did not answer this scrape in time (their series are left out of it).\n# TYPE cluster_workers_missing_from_scrape gauge\ncluster_workers_missing_from_scrape ${missing}\n`;
      worker.send({ type: ANSWER, id: message.id, text });
    });
  });
}

/**
 * In a worker: answers the primary's collection with `registry`'s series, and returns what
 * /metrics serves: the text of every serving worker's metrics together.
 */
export function clusterMetricsText(registry: Registry): () => Promise<string> {
  let next = 0;
  const waiting = new Map<number, (text: string | null) => void>();
  process.on("message", (message: { type?: string; id?: number; text?: string | null }) => {
    if (message?.type === COLLECT && message.id !== undefined) {
      const id = message.id;
      void registry.getMetricsAsJSON().then(
        (series) => process.send?.({ type: COLLECTED, id, series }),
        () => process.send?.({ type: COLLECTED, id, series: null }),
      );
      return;
    }
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
