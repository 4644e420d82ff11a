import { performance } from "node:perf_hooks";
import { treeCpuMs, treeRssMb } from "./process-tree.ts";

export interface Drive {
  latencies: number[];
  count: number;
  /** CPU of the server's process tree over the window (never the load generator's: it runs here). */
  cpuMs: number;
  seconds: number;
  peakRssMb: number;
}

/**
 * Runs `run` from `concurrency` loops for `seconds`, timing each call, and measures the CPU and
 * peak memory of the server process `pid` (and its descendants) over the same window.
 */
export async function drive(
  run: () => Promise<unknown>,
  seconds: number,
  concurrency: number,
  pid: number,
): Promise<Drive> {
  const latencies: number[] = [];
  let peakRss = treeRssMb(pid);
  const sampler = setInterval(() => {
    peakRss = Math.max(peakRss, treeRssMb(pid));
  }, 250);
  const deadline = performance.now() + seconds * 1000;
  const cpu = treeCpuMs(pid);
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
  const cpuMs = treeCpuMs(pid) - cpu;
  const elapsed = (performance.now() - started) / 1000;
  clearInterval(sampler);
  return {
    latencies,
    count: latencies.length,
    cpuMs,
    seconds: elapsed,
    peakRssMb: Math.max(peakRss, treeRssMb(pid)),
  };
}

export function quantile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
}

/** The middle value (the mean of the two middle ones for an even count): across interleaved rounds. */
export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length / 2;
  return sorted.length % 2 === 1
    ? (sorted[Math.floor(middle)] ?? 0)
    : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}
