import { writeFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { startRedis } from "../soak/cluster.ts";
import { drive } from "./drive.ts";
import { checkAndCount, LATENCY_MS, medianTiming, send, type Timing, time } from "./measure.ts";
import { benchmarkOperations, type Operation } from "./operations.ts";
import { startPeers, type Target } from "./peers.ts";
import { type RemoteSandbox, startRemoteSandbox } from "./remote-sandbox.ts";
import { writeReport } from "./report.ts";
import { type Stack, startStack } from "./stack.ts";

/**
 * `npm run bench -- [--seconds 5] [--concurrency 4] [--rounds 2] [--only CardScreen,…] [--no-peers]
 * [--no-scaling] [--out DIR]`: every server under test in a process of its own (this project as
 * production runs it, the raw baseline, and unless --no-peers the peers of bench/peers) against
 * one sandbox (a process of its own too) on loopback. Per named operation, the servers run in
 * interleaved rounds (ours, apollo-eager, apollo-lookup, hive-gateway, raw, then again): EnKash
 * calls, p50/p99 at 50 ms EnKash latency, throughput and CPU per operation at 0 ms (the server's
 * process tree, bench/process-tree.ts), medians across rounds. Then the scaling tables (this
 * project alone): 10 to 10,000 cards per account, and 1 to 64 concurrent clients. Writes
 * bench/results.json and BENCHMARKS.md. Linux only (/proc).
 */
const { values } = parseArgs({
  options: {
    seconds: { type: "string", default: "5" },
    concurrency: { type: "string", default: "4" },
    rounds: { type: "string", default: "2" },
    only: { type: "string" },
    /** Only this project and the raw baseline (no Apollo or Hive Gateway, nothing installed). */
    "no-peers": { type: "boolean", default: false },
    peers: { type: "boolean", default: true },
    "no-scaling": { type: "boolean", default: false },
    "scaling-seconds": { type: "string", default: "3" },
    /** Where results.json and BENCHMARKS.md go; by default bench/ and the repository root. */
    out: { type: "string" },
  },
});
const SECONDS = Number(values.seconds);
const CONCURRENCY = Number(values.concurrency);
const ROUNDS = Math.max(1, Number(values.rounds));
const SCALING_SECONDS = Number(values["scaling-seconds"]);
const PEERS = values.peers && !values["no-peers"];
/** One server process, and one per core (at least 2, so that the table shows the step). */
const PROCESS_COUNTS = [1, Math.max(2, availableParallelism())];
/** The order of every round. */
const ORDER = ["enkash-graphql", "apollo-eager", "apollo-lookup", "hive-gateway", "raw"];

const round3 = (n: number) => Number(n.toFixed(3));

/**
 * Before a server is timed: 2 s of the operation from the bench's clients, so that V8 has
 * optimised the hot code (it takes thousands of calls, not a handful) and the compiled executor has
 * compiled the operation. With 20 requests, a server's first timed round cost up to 1.7 times its
 * second (CardScreen, 3.28 against 1.96 ms of CPU).
 */
async function warmUp(run: () => Promise<unknown>, pid: number): Promise<void> {
  await drive(run, 2, CONCURRENCY, pid);
}

const ratio = (peer: number, ours: number) => (ours > 0 ? Number((peer / ours).toFixed(2)) : null);

/** This project alone on one operation (the scaling tables): calls from the sandbox, then timing. */
async function measureOurs(
  stack: Stack,
  sandbox: RemoteSandbox,
  op: Operation,
  seconds: number,
  clients: number,
) {
  const ours: Target = { name: "enkash-graphql", kind: "ours", server: stack.server };
  const counted = await checkAndCount(stack, sandbox, op, [ours]);
  const run = async () => send(stack, ours, op, await op.variables());
  await warmUp(run, stack.server.pid);
  const timing = medianTiming([await time(sandbox, run, stack.server.pid, seconds, clients)]);
  return { upstreamCalls: counted.get(ours.name)?.calls ?? Number.NaN, timing };
}

// The main table and the peers: the operations on an account of 54 cards with 20 transactions each.
const sandbox = await startRemoteSandbox({ cardsPerAccount: 50, transactionsPerCard: 20 });
const stack = await startStack(sandbox);
const operations = benchmarkOperations(stack, sandbox);
const others = await startPeers(sandbox, { peers: PEERS });
const targets = [{ name: "enkash-graphql", kind: "ours" as const, server: stack.server }, ...others].sort(
  (a, b) => ORDER.indexOf(a.name) - ORDER.indexOf(b.name),
);
const selected = values.only ? new Set(values.only.split(",")) : null;
const results = [];
const peerResults = [];
for (const op of operations.filter((op) => !selected || selected.has(op.name))) {
  await op.measureMinimum?.();
  // The mutations run on this project and the raw baseline only (the peers implement the reads).
  const runners = targets.filter((t) => op.hive || t.kind === "ours" || t.kind === "raw");
  const counted = await checkAndCount(stack, sandbox, op, runners);
  const run = (target: Target) => async () => send(stack, target, op, await op.variables());
  for (const target of runners) await warmUp(run(target), target.server.pid);
  const rounds = new Map<string, Timing[]>(runners.map((t) => [t.name, []]));
  for (let round = 0; round < ROUNDS; round++)
    for (const target of runners)
      rounds
        .get(target.name)
        ?.push(await time(sandbox, run(target), target.server.pid, SECONDS, CONCURRENCY));
  const timing = new Map(runners.map((t) => [t.name, medianTiming(rounds.get(t.name) ?? [])]));
  const ours = timing.get("enkash-graphql") as Timing;
  const raw = timing.get("raw") as Timing;
  const oursCalls = counted.get("enkash-graphql")?.calls ?? Number.NaN;
  const extensionCalls = counted.get("enkash-graphql")?.answer.extensions?.upstreamCalls?.total;
  if (extensionCalls !== oursCalls)
    console.warn(
      `${op.name}: the sandbox counted ${oursCalls} calls, extensions.upstreamCalls says ${extensionCalls}`,
    );
  results.push({
    name: op.name,
    upstreamCalls: oursCalls,
    minimumUpstreamCalls: op.minimumUpstreamCalls,
    why: op.why,
    p50Ms: ours.p50Ms,
    p99Ms: ours.p99Ms,
    criticalPathMs: op.criticalRounds * LATENCY_MS,
    throughputPerSecond: ours.throughputPerSecond,
    baselineThroughputPerSecond: raw.throughputPerSecond,
    cpuMsPerOperation: ours.cpuMsPerOperation,
    baselineCpuMsPerOperation: raw.cpuMsPerOperation,
    overheadCpuMs: round3(ours.cpuMsPerOperation - raw.cpuMsPerOperation),
    peakRssMb: ours.peakRssMb,
  });
  console.log(JSON.stringify(results.at(-1)));
  for (const target of runners) {
    const t = timing.get(target.name) as Timing;
    const calls = counted.get(target.name)?.calls ?? Number.NaN;
    peerResults.push({
      operation: op.name,
      server: target.name,
      upstreamCalls: calls,
      p50Ms: t.p50Ms,
      p99Ms: t.p99Ms,
      throughputPerSecond: t.throughputPerSecond,
      cpuMsPerOperation: t.cpuMsPerOperation,
      sandboxCpuMsPerOperation: t.sandboxCpuMsPerOperation,
      peakRssMb: t.peakRssMb,
      callsRatio: ratio(calls, oursCalls),
      p50Ratio: ratio(t.p50Ms, ours.p50Ms),
      throughputRatio: ratio(t.throughputPerSecond, ours.throughputPerSecond),
      cpuRatio: ratio(t.cpuMsPerOperation, ours.cpuMsPerOperation),
      rounds: (rounds.get(target.name) ?? []).map((r) => ({
        p50Ms: Number(r.p50Ms.toFixed(1)),
        throughputPerSecond: Math.round(r.throughputPerSecond),
        cpuMsPerOperation: round3(r.cpuMsPerOperation),
      })),
    });
    console.log(JSON.stringify(peerResults.at(-1)));
  }
}
await Promise.all(others.map((t) => t.server.close()));
await stack.close();
await sandbox.close();

// Scaling by account size: this project on accounts of 10 to 10,000 cards.
const SCALED = ["CardScreen", "AccountDashboard", "TransactionsPage"];
const bySize = [];
const byClients = [];
if (!values["no-scaling"]) {
  for (const cardsPerAccount of [10, 100, 1_000, 10_000]) {
    const sized = await startRemoteSandbox({ cardsPerAccount, transactionsPerCard: 5 });
    const sizedStack = await startStack(sized);
    for (const op of benchmarkOperations(sizedStack, sized).filter((op) => SCALED.includes(op.name))) {
      await op.measureMinimum?.();
      const { upstreamCalls, timing } = await measureOurs(
        sizedStack,
        sized,
        op,
        SCALING_SECONDS,
        CONCURRENCY,
      );
      bySize.push({
        cards: sized.corporateCards.length,
        transactions: sized.transactions,
        name: op.name,
        upstreamCalls,
        minimumUpstreamCalls: op.minimumUpstreamCalls,
        p50Ms: timing.p50Ms,
        criticalPathMs: op.criticalRounds * LATENCY_MS,
        throughputPerSecond: timing.throughputPerSecond,
        cpuMsPerOperation: timing.cpuMsPerOperation,
        peakRssMb: timing.peakRssMb,
      });
      console.log(JSON.stringify(bySize.at(-1)));
    }
    await sizedStack.close();
    await sized.close();
  }

  // Scaling by clients and processes: the card screen from 1 to 64 concurrent clients, served by
  // one process and by one per core (PROCESSES, src/cluster.ts). Both share state in a real
  // redis-server (PROCESSES above 1 requires it; one process uses it too, so that the rows differ
  // only in the number of processes). CPU is the server's process tree (all its workers).
  const shared = await startRemoteSandbox({ cardsPerAccount: 50, transactionsPerCard: 20 });
  const redis = await startRedis();
  for (const processes of PROCESS_COUNTS) {
    const sharedStack = await startStack(shared, {
      env: { PROCESSES: String(processes), REDIS_URL: redis.url },
    });
    const screen = benchmarkOperations(sharedStack, shared).find(
      (op) => op.name === "CardScreen",
    ) as Operation;
    for (const clients of [1, 4, 16, 64]) {
      const { timing } = await measureOurs(sharedStack, shared, screen, SCALING_SECONDS, clients);
      byClients.push({ processes, clients, name: screen.name, ...timing });
      console.log(JSON.stringify(byClients.at(-1)));
    }
    await sharedStack.close();
  }
  await redis.stop();
  await shared.close();
}

const report = {
  date: new Date().toISOString(),
  node: process.version,
  command: `npm run bench -- ${process.argv.slice(2).join(" ")}`.trim(),
  seconds: SECONDS,
  concurrency: CONCURRENCY,
  rounds: ROUNDS,
  latencyMs: LATENCY_MS,
  peakRssMb: Math.max(0, ...results.map((r) => r.peakRssMb)),
  operations: results,
  peers: peerResults,
  scaling: { byCardsPerAccount: bySize, byClients },
};
writeFileSync(
  join(values.out ?? import.meta.dirname, "results.json"),
  `${JSON.stringify(report, null, 2)}\n`,
);
writeReport(join(values.out ?? join(import.meta.dirname, ".."), "BENCHMARKS.md"), report);
