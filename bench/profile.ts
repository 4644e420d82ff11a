import { parseArgs } from "node:util";
import { drive } from "./drive.ts";
import { benchmarkOperations } from "./operations.ts";
import { startRemoteSandbox } from "./remote-sandbox.ts";
import { startStack } from "./stack.ts";

/**
 * `node --cpu-prof --import tsx bench/profile.ts --only CardScreen [--seconds 5]`: drives one
 * operation through GraphQL at 0 ms EnKash latency and nothing else, so a CPU profile of this
 * process shows the server's cost alone (the sandbox runs in its own process).
 */
const { values } = parseArgs({
  options: {
    only: { type: "string", default: "CardScreen" },
    seconds: { type: "string", default: "5" },
    concurrency: { type: "string", default: "4" },
    raw: { type: "boolean", default: false },
  },
});
const sandbox = await startRemoteSandbox({ cardsPerAccount: 50, transactionsPerCard: 20 });
const stack = await startStack(sandbox);
const operation = benchmarkOperations(stack, sandbox).find((op) => op.name === values.only);
if (!operation) throw new Error(`no operation ${values.only}`);
await operation.measureMinimum?.();
const callRaw = await stack.serveRaw({ [operation.name]: operation.baseline });
const run = values.raw ? () => callRaw(operation.name) : operation.run;
for (let i = 0; i < 50; i++) await run(); // warm-up
const result = await drive(run, Number(values.seconds), Number(values.concurrency));
console.log(
  JSON.stringify({
    operation: operation.name,
    raw: values.raw,
    opsPerSecond: Math.round(result.count / result.seconds),
    cpuMsPerOperation: Number((result.cpuMs / result.count).toFixed(3)),
  }),
);
await stack.close();
await sandbox.close();
