import { performance } from "node:perf_hooks";

export interface Drive {
  latencies: number[];
  count: number;
  /** CPU of this process (the server and the load generator; the sandbox runs apart). */
  cpuMs: number;
  seconds: number;
  peakRssMb: number;
}

/** Runs `run` from `concurrency` loops for `seconds`, timing each call. */
export async function drive(
  run: () => Promise<unknown>,
  seconds: number,
  concurrency: number,
): Promise<Drive> {
  const latencies: number[] = [];
  let peakRss = process.memoryUsage().rss;
  const sampler = setInterval(() => {
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
  }, 100);
  const deadline = performance.now() + seconds * 1000;
  const cpu = process.cpuUsage();
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < deadline) {
        const t = performance.now();
        await run();
        latencies.push(performance.now() - t);
      }
    }),
  );
  const used = process.cpuUsage(cpu);
  clearInterval(sampler);
  return {
    latencies,
    count: latencies.length,
    cpuMs: (used.user + used.system) / 1000,
    seconds: (performance.now() - started) / 1000,
    peakRssMb: Math.round(Math.max(peakRss, process.memoryUsage().rss) / 1_048_576),
  };
}

export function quantile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
}
