import { isDeepStrictEqual } from "node:util";
import { drive, median, quantile } from "./drive.ts";
import type { Operation, Variables } from "./operations.ts";
import type { Target } from "./peers.ts";
import { treeCpuMs } from "./process-tree.ts";
import type { RemoteSandbox } from "./remote-sandbox.ts";
import type { GraphqlAnswer, Stack } from "./stack.ts";

export const LATENCY_MS = 50;

/** One operation's request to one server, in that server's terms (bench/operations.ts). */
export function send(stack: Stack, target: Target, op: Operation, v: Variables): Promise<GraphqlAnswer> {
  const post = (path: string, body: unknown) => target.server.post(path, body) as Promise<GraphqlAnswer>;
  switch (target.kind) {
    case "ours":
      return stack.gql(op.document, v);
    case "apollo":
      return post("/graphql", { query: op.document, variables: v });
    case "hive":
      if (!op.hive) throw new Error(`${op.name} has no Hive documents`);
      return op.hive((query, variables) => post("/graphql", { query, variables }), v);
    case "raw":
      return post(`/${op.name}`, op.rawVariables?.(v) ?? v);
  }
}

/**
 * Runs the operation once on each server at 0 ms latency: each must answer without errors and with
 * the same values as the first (ours), or the bench stops. Counts each one's EnKash calls from the
 * sandbox's call log (the same counter for every server; set-up calls are made before it is read).
 */
export async function checkAndCount(
  stack: Stack,
  sandbox: RemoteSandbox,
  op: Operation,
  targets: Target[],
): Promise<Map<string, { calls: number; answer: GraphqlAnswer }>> {
  await sandbox.setLatency(0);
  const counted = new Map<string, { calls: number; answer: GraphqlAnswer }>();
  let expected: unknown;
  for (const target of targets) {
    const v = await op.variables();
    const before = await sandbox.calls();
    const answer = await send(stack, target, op, v);
    const calls = (await sandbox.calls()) - before;
    if (answer.errors || !answer.data)
      throw new Error(
        `${target.name} failed ${op.name}: ${JSON.stringify(answer.errors ?? answer).slice(0, 2000)}`,
      );
    const read = target.kind === "ours" || target.kind === "apollo" ? op.compare.graphql : op.compare.wire;
    const got = read(answer.data, v);
    if (target.kind === "ours") expected = got;
    else if (!isDeepStrictEqual(got, expected))
      throw new Error(
        `${target.name} answers ${op.name} with other data than enkash-graphql:\n  ours: ${JSON.stringify(expected).slice(0, 1500)}\n  its:  ${JSON.stringify(got).slice(0, 1500)}`,
      );
    counted.set(target.name, { calls, answer });
  }
  return counted;
}

export interface Timing {
  p50Ms: number;
  p99Ms: number;
  throughputAt50Ms: number;
  throughputPerSecond: number;
  p50MsAt0Ms: number;
  cpuMsPerOperation: number;
  /** The sandbox's CPU per operation at 0 ms: not the server's, but a sandbox at its limit caps throughput. */
  sandboxCpuMsPerOperation: number;
  peakRssMb: number;
}

/** One server, one operation: `seconds` at 50 ms EnKash latency, then `seconds` at 0 ms. */
export async function time(
  sandbox: RemoteSandbox,
  run: () => Promise<unknown>,
  pid: number,
  seconds: number,
  concurrency: number,
): Promise<Timing> {
  await sandbox.setLatency(LATENCY_MS);
  const slow = await drive(run, seconds, concurrency, pid);
  await sandbox.setLatency(0);
  const sandboxCpu = treeCpuMs(sandbox.pid);
  const fast = await drive(run, seconds, concurrency, pid);
  const sandboxCpuMs = treeCpuMs(sandbox.pid) - sandboxCpu;
  return {
    p50Ms: quantile(slow.latencies, 0.5),
    p99Ms: quantile(slow.latencies, 0.99),
    throughputAt50Ms: slow.count / slow.seconds,
    throughputPerSecond: fast.count / fast.seconds,
    p50MsAt0Ms: quantile(fast.latencies, 0.5),
    cpuMsPerOperation: fast.cpuMs / fast.count,
    sandboxCpuMsPerOperation: sandboxCpuMs / fast.count,
    peakRssMb: Math.max(slow.peakRssMb, fast.peakRssMb),
  };
}

/** The median of each figure across interleaved rounds, rounded for the report. */
export function medianTiming(rounds: Timing[]): Timing {
  const of = (key: keyof Timing, digits: number) => Number(median(rounds.map((r) => r[key])).toFixed(digits));
  return {
    p50Ms: of("p50Ms", 1),
    p99Ms: of("p99Ms", 1),
    throughputAt50Ms: of("throughputAt50Ms", 0),
    throughputPerSecond: of("throughputPerSecond", 0),
    p50MsAt0Ms: of("p50MsAt0Ms", 1),
    cpuMsPerOperation: of("cpuMsPerOperation", 3),
    sandboxCpuMsPerOperation: of("sandboxCpuMsPerOperation", 3),
    peakRssMb: Math.max(...rounds.map((r) => r.peakRssMb)),
  };
}
