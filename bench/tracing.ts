import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { parseArgs } from "node:util";
import { drive, median } from "./drive.ts";
import { send } from "./measure.ts";
import { benchmarkOperations } from "./operations.ts";
import { startRemoteSandbox } from "./remote-sandbox.ts";
import { startStack } from "./stack.ts";

/**
 * `npx tsx bench/tracing.ts [--only CardScreen] [--rounds 5] [--seconds 3]`: what tracing costs.
 * Two servers as production runs them (dist/, own processes) on one sandbox at 0 ms latency: one
 * without OTEL_EXPORTER_OTLP_ENDPOINT (tracing off), one exporting every span over OTLP/HTTP to a
 * local collector that takes and drops them. Rounds alternate off and on, so both see the same
 * machine; printed: per round and as medians, operations per second and the server's CPU per
 * operation, and the on/off ratios.
 */
const { values } = parseArgs({
  options: {
    only: { type: "string", default: "CardScreen" },
    rounds: { type: "string", default: "5" },
    seconds: { type: "string", default: "3" },
    concurrency: { type: "string", default: "4" },
  },
});
let exports = 0;
const collector = createServer((req, res) => {
  req.resume();
  req.on("end", () => {
    exports++;
    res.writeHead(200, { "content-type": "application/json" }).end("{}");
  });
});
await new Promise<void>((resolve) => collector.listen(0, "127.0.0.1", resolve));
const endpoint = `http://127.0.0.1:${(collector.address() as AddressInfo).port}`;

const sandbox = await startRemoteSandbox({ cardsPerAccount: 50, transactionsPerCard: 20 });
const off = await startStack(sandbox);
const on = await startStack(sandbox, { env: { OTEL_EXPORTER_OTLP_ENDPOINT: endpoint } });
const stacks = { off, on };
const rows: Record<"off" | "on", { opsPerSecond: number; cpuMsPerOperation: number }[]> = { off: [], on: [] };
for (let round = 0; round < Number(values.rounds); round++) {
  for (const mode of ["off", "on"] as const) {
    const stack = stacks[mode];
    const operation = benchmarkOperations(stack, sandbox).find((op) => op.name === values.only);
    if (!operation) throw new Error(`no operation ${values.only}`);
    const target = { name: "enkash-graphql", kind: "ours" as const, server: stack.server };
    const run = async () => send(stack, target, operation, await operation.variables());
    for (let i = 0; i < 50; i++) await run();
    const result = await drive(run, Number(values.seconds), Number(values.concurrency), stack.server.pid);
    const row = {
      opsPerSecond: Math.round(result.count / result.seconds),
      cpuMsPerOperation: Number((result.cpuMs / result.count).toFixed(3)),
    };
    rows[mode].push(row);
    console.log(JSON.stringify({ round, tracing: mode, ...row }));
  }
}
const summary = (mode: "off" | "on") => ({
  opsPerSecond: median(rows[mode].map((row) => row.opsPerSecond)),
  cpuMsPerOperation: median(rows[mode].map((row) => row.cpuMsPerOperation)),
});
const [a, b] = [summary("off"), summary("on")];
console.log(
  JSON.stringify({
    operation: values.only,
    off: a,
    on: b,
    onOverOff: {
      opsPerSecond: Number((b.opsPerSecond / a.opsPerSecond).toFixed(3)),
      cpuMsPerOperation: Number((b.cpuMsPerOperation / a.cpuMsPerOperation).toFixed(3)),
    },
    collectorRequests: exports,
  }),
);
await Promise.all([off.close(), on.close()]);
await sandbox.close();
collector.close();
