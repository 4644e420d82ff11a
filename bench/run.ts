import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { drive, quantile } from "./drive.ts";
import { benchmarkOperations, type Operation } from "./operations.ts";
import { type RemoteSandbox, startRemoteSandbox } from "./remote-sandbox.ts";
import { writeReport } from "./report.ts";
import { startStack } from "./stack.ts";

/**
 * `npm run bench -- [--seconds 5] [--concurrency 4] [--only CardScreen,…] [--no-scaling] [--out DIR]`:
 * the server over HTTP against the sandbox (in its own process) on loopback. Per named operation:
 * EnKash calls against the minimum, p50/p99 at 50 ms EnKash latency against the critical path,
 * throughput and CPU per operation at 0 ms against the raw baseline (bench/raw.ts). Then the
 * scaling tables: 10 to 10,000 cards per account, and 1 to 64 concurrent clients. Writes
 * bench/results.json and BENCHMARKS.md.
 */
const { values } = parseArgs({
  options: {
    seconds: { type: "string", default: "5" },
    concurrency: { type: "string", default: "4" },
    only: { type: "string" },
    "no-scaling": { type: "boolean", default: false },
    "scaling-seconds": { type: "string", default: "3" },
    /** Where results.json and BENCHMARKS.md go; by default bench/ and the repository root. */
    out: { type: "string" },
  },
});
const SECONDS = Number(values.seconds);
const CONCURRENCY = Number(values.concurrency);
const SCALING_SECONDS = Number(values["scaling-seconds"]);
const LATENCY_MS = 50;

async function measure(operation: Operation, sandbox: RemoteSandbox, seconds: number, concurrency: number) {
  await sandbox.setLatency(0);
  const probe = await operation.run();
  if (probe.errors) throw new Error(`${operation.name} failed: ${JSON.stringify(probe.errors)}`);
  await sandbox.setLatency(LATENCY_MS);
  const slow = await drive(operation.run, seconds, concurrency);
  await sandbox.setLatency(0);
  const fast = await drive(operation.run, seconds, concurrency);
  return { probe, slow, fast };
}

// The main table: the six operations on an account of 54 cards with 20 transactions each.
const sandbox = await startRemoteSandbox({ cardsPerAccount: 50, transactionsPerCard: 20 });
const stack = await startStack(sandbox);
const operations = benchmarkOperations(stack, sandbox);
const callRaw = await stack.serveRaw(Object.fromEntries(operations.map((op) => [op.name, op.baseline])));
const selected = values.only ? new Set(values.only.split(",")) : null;
const results = [];
for (const operation of operations.filter((op) => !selected || selected.has(op.name))) {
  await operation.measureMinimum?.();
  const { probe, slow, fast } = await measure(operation, sandbox, SECONDS, CONCURRENCY);
  const raw = await drive(() => callRaw(operation.name), SECONDS, CONCURRENCY);
  results.push({
    name: operation.name,
    upstreamCalls: probe.extensions?.upstreamCalls?.total ?? Number.NaN,
    minimumUpstreamCalls: operation.minimumUpstreamCalls,
    why: operation.why,
    p50Ms: Number(quantile(slow.latencies, 0.5).toFixed(1)),
    p99Ms: Number(quantile(slow.latencies, 0.99).toFixed(1)),
    criticalPathMs: operation.criticalRounds * LATENCY_MS,
    throughputPerSecond: Math.round(fast.count / fast.seconds),
    baselineThroughputPerSecond: Math.round(raw.count / raw.seconds),
    cpuMsPerOperation: Number((fast.cpuMs / fast.count).toFixed(3)),
    baselineCpuMsPerOperation: Number((raw.cpuMs / raw.count).toFixed(3)),
    overheadCpuMs: Number((fast.cpuMs / fast.count - raw.cpuMs / raw.count).toFixed(3)),
    peakRssMb: Math.max(slow.peakRssMb, fast.peakRssMb),
  });
  console.log(JSON.stringify(results[results.length - 1]));
}
await stack.close();
await sandbox.close();

// Scaling by account size: the same operations on accounts of 10 to 10,000 cards.
const SCALED = ["CardScreen", "AccountDashboard", "TransactionsPage"];
const bySize = [];
const byClients = [];
if (!values["no-scaling"]) {
  for (const cardsPerAccount of [10, 100, 1_000, 10_000]) {
    const sized = await startRemoteSandbox({ cardsPerAccount, transactionsPerCard: 5 });
    const sizedStack = await startStack(sized);
    for (const operation of benchmarkOperations(sizedStack, sized).filter((op) => SCALED.includes(op.name))) {
      await operation.measureMinimum?.();
      const { probe, slow, fast } = await measure(operation, sized, SCALING_SECONDS, CONCURRENCY);
      bySize.push({
        cards: sized.corporateCards.length,
        transactions: sized.transactions,
        name: operation.name,
        upstreamCalls: probe.extensions?.upstreamCalls?.total ?? Number.NaN,
        minimumUpstreamCalls: operation.minimumUpstreamCalls,
        p50Ms: Number(quantile(slow.latencies, 0.5).toFixed(1)),
        criticalPathMs: operation.criticalRounds * LATENCY_MS,
        throughputPerSecond: Math.round(fast.count / fast.seconds),
        cpuMsPerOperation: Number((fast.cpuMs / fast.count).toFixed(3)),
        peakRssMb: Math.max(slow.peakRssMb, fast.peakRssMb),
      });
      console.log(JSON.stringify(bySize[bySize.length - 1]));
    }
    await sizedStack.close();
    await sized.close();
  }

  // Scaling by clients: the card screen from 1 to 64 concurrent clients.
  const shared = await startRemoteSandbox({ cardsPerAccount: 50, transactionsPerCard: 20 });
  const sharedStack = await startStack(shared);
  const screen = benchmarkOperations(sharedStack, shared).find((op) => op.name === "CardScreen") as Operation;
  for (const clients of [1, 4, 16, 64]) {
    const { slow, fast } = await measure(screen, shared, SCALING_SECONDS, clients);
    byClients.push({
      clients,
      name: screen.name,
      p50Ms: Number(quantile(slow.latencies, 0.5).toFixed(1)),
      p99Ms: Number(quantile(slow.latencies, 0.99).toFixed(1)),
      throughputAt50Ms: Math.round(slow.count / slow.seconds),
      throughputPerSecond: Math.round(fast.count / fast.seconds),
      p50MsAt0Ms: Number(quantile(fast.latencies, 0.5).toFixed(1)),
      cpuMsPerOperation: Number((fast.cpuMs / fast.count).toFixed(3)),
      peakRssMb: Math.max(slow.peakRssMb, fast.peakRssMb),
    });
    console.log(JSON.stringify(byClients[byClients.length - 1]));
  }
  await sharedStack.close();
  await shared.close();
}

const report = {
  date: new Date().toISOString(),
  node: process.version,
  command: `npm run bench -- ${process.argv.slice(2).join(" ")}`.trim(),
  seconds: SECONDS,
  concurrency: CONCURRENCY,
  latencyMs: LATENCY_MS,
  peakRssMb: Math.max(0, ...results.map((r) => r.peakRssMb)),
  operations: results,
  scaling: { byCardsPerAccount: bySize, byClients },
};
writeFileSync(
  join(values.out ?? import.meta.dirname, "results.json"),
  `${JSON.stringify(report, null, 2)}\n`,
);
writeReport(join(values.out ?? join(import.meta.dirname, ".."), "BENCHMARKS.md"), report);
