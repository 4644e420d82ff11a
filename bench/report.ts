import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

interface Report {
  date: string;
  node: string;
  command: string;
  latencyMs: number;
  peakRssMb: number;
  operations: {
    name: string;
    upstreamCalls: number;
    minimumUpstreamCalls: number;
    why: string;
    p50Ms: number;
    p99Ms: number;
    criticalPathMs: number;
    throughputPerSecond: number;
    baselineThroughputPerSecond: number;
    cpuMsPerOperation: number;
    baselineCpuMsPerOperation: number;
    overheadCpuMs: number;
  }[];
  rounds?: number;
  peers?: {
    operation: string;
    server: string;
    upstreamCalls: number;
    p50Ms: number;
    p99Ms: number;
    throughputPerSecond: number;
    cpuMsPerOperation: number;
    callsRatio: number | null;
    p50Ratio: number | null;
    throughputRatio: number | null;
    cpuRatio: number | null;
  }[];
  scaling: {
    byCardsPerAccount: {
      cards: number;
      transactions: number;
      name: string;
      upstreamCalls: number;
      minimumUpstreamCalls: number;
      p50Ms: number;
      criticalPathMs: number;
      throughputPerSecond: number;
      cpuMsPerOperation: number;
      peakRssMb: number;
    }[];
    byClients: {
      /** Server processes (PROCESSES); absent in reports from before it existed: 1. */
      processes?: number;
      clients: number;
      p50Ms: number;
      p99Ms: number;
      throughputAt50Ms: number;
      throughputPerSecond: number;
      p50MsAt0Ms: number;
      cpuMsPerOperation: number;
      peakRssMb: number;
    }[];
  };
}

const row = (cells: unknown[]) => `| ${cells.join(" | ")} |`;
/** A peer's figure as a ratio to this project's, after the figure: " (×1.25)". */
const times = (ratio: number | null) => (ratio === null ? "" : ` (×${ratio})`);

/** BENCHMARKS.md: the tables of a run, then the hand-written analysis (bench/analysis.md). */
export function writeReport(path: string, report: Report): void {
  const main = [
    row([
      "Operation",
      "EnKash calls (min)",
      "p50 / p99 at 50 ms (ms)",
      "Critical path (ms)",
      "p50 / critical path",
      "Ops/s at 0 ms (raw)",
      "CPU ms/op (raw)",
      "Overhead CPU ms/op",
    ]),
    row(Array(8).fill("---")),
    ...report.operations.map((r) =>
      row([
        r.name,
        `${r.upstreamCalls} (${r.minimumUpstreamCalls})`,
        `${r.p50Ms} / ${r.p99Ms}`,
        r.criticalPathMs,
        (r.p50Ms / r.criticalPathMs).toFixed(2),
        `${r.throughputPerSecond} (${r.baselineThroughputPerSecond})`,
        `${r.cpuMsPerOperation} (${r.baselineCpuMsPerOperation})`,
        r.overheadCpuMs,
      ]),
    ),
  ];
  const bySize = [
    row([
      "Cards in account",
      "Transactions (sandbox)",
      "Operation",
      "EnKash calls (min)",
      "p50 at 50 ms (critical path)",
      "Ops/s at 0 ms",
      "CPU ms/op",
      "Peak RSS MB",
    ]),
    row(Array(8).fill("---")),
    ...report.scaling.byCardsPerAccount.map((r) =>
      row([
        r.cards,
        r.transactions,
        r.name,
        `${r.upstreamCalls} (${r.minimumUpstreamCalls})`,
        `${r.p50Ms} (${r.criticalPathMs})`,
        r.throughputPerSecond,
        r.cpuMsPerOperation,
        r.peakRssMb,
      ]),
    ),
  ];
  const byClients = [
    row([
      "Processes",
      "Clients",
      "p50 / p99 at 50 ms (ms)",
      "Ops/s at 50 ms",
      "Ops/s at 0 ms",
      "p50 at 0 ms (ms)",
      "CPU ms/op",
      "Peak RSS MB",
    ]),
    row(Array(8).fill("---")),
    ...report.scaling.byClients.map((r) =>
      row([
        r.processes ?? 1,
        r.clients,
        `${r.p50Ms} / ${r.p99Ms}`,
        r.throughputAt50Ms,
        r.throughputPerSecond,
        r.p50MsAt0Ms,
        r.cpuMsPerOperation,
        r.peakRssMb,
      ]),
    ),
  ];
  const peers = [
    row([
      "Operation",
      "Server",
      "EnKash calls",
      "p50 / p99 at 50 ms (ms)",
      "Ops/s at 0 ms",
      "CPU ms/op",
      "CPU ratio to enkash-graphql",
    ]),
    row(Array(7).fill("---")),
    ...(report.peers ?? []).map((r) =>
      row([
        r.operation,
        r.server,
        `${r.upstreamCalls}${times(r.callsRatio)}`,
        `${r.p50Ms} / ${r.p99Ms}${times(r.p50Ratio)}`,
        `${r.throughputPerSecond}${times(r.throughputRatio)}`,
        r.cpuMsPerOperation,
        r.cpuRatio ?? "",
      ]),
    ),
  ];
  const peerSection = (report.peers ?? []).some((r) => r.server !== "enkash-graphql" && r.server !== "raw")
    ? `\n## Peers\n\nThe same data from other servers, against the same sandbox in the same run, each in a process of its own (\`${report.command}\`; [performance.md](docs/performance.md#peers) says what each peer is). ${report.rounds ?? 1} interleaved rounds per operation (the servers in turn, then again); each figure is the median across rounds, and (×N) is the ratio to enkash-graphql's. EnKash calls are counted by the sandbox for every server alike. CPU is the server's process tree over the 0 ms window, divided by the operations it completed.\n\n${peers.join("\n")}\n`
    : "";
  const analysisPath = join(import.meta.dirname, "analysis.md");
  const analysis = existsSync(analysisPath) ? `\n${readFileSync(analysisPath, "utf8")}` : "";
  const scaling =
    report.scaling.byClients.length > 0
      ? `\n## Scaling with account size\n\nCardScreen, AccountDashboard (first 50 cards, or all when fewer) and TransactionsPage on accounts of 10 to 10,000 cards (5 transactions each), 4 clients.\n\n${bySize.join("\n")}\n\n## Scaling with clients\n\nCardScreen from 1 to 64 concurrent clients (account of 54 cards), served by one process and by one per core (\`PROCESSES\`, docs/operations.md), both sharing state in a real redis-server. CPU is the whole process tree's (every worker; redis-server apart).\n\n${byClients.join("\n")}\n`
      : "";
  writeFileSync(
    path,
    `# Benchmarks\n\nProduced by \`${report.command}\` on ${report.date.slice(0, 10)} (Node ${report.node}, 2 cores). Every server under test (this one as production runs it, \`node --max-semi-space-size=64 dist/src/main.js\`; the raw baseline; the peers) and the sandbox run in processes of their own; the bench process only generates load. CPU per operation is the server's process tree (utime + stime from /proc) over the timed window, divided by the operations completed. EnKash latency is the sandbox's fixed per-call delay. Peak RSS of this project's server process ${report.peakRssMb} MB. Raw data: \`bench/results.json\`.\n\n${main.join("\n")}\n\nCritical path = dependent EnKash rounds x ${report.latencyMs} ms. Raw = the same EnKash calls made with undici directly and the same JSON serialized, behind a bare node:http handler (bench/raw.ts). Overhead CPU = CPU per operation through GraphQL minus CPU per raw operation, both at 0 ms latency.\n\nMinimum EnKash calls, per operation:\n\n${report.operations.map((r) => `- ${r.name}: ${r.minimumUpstreamCalls}: ${r.why}.`).join("\n")}\n${peerSection}${scaling}${analysis}`,
  );
}
