import { mkdirSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { profileTable } from "./cpu-profile.ts";
import { drive } from "./drive.ts";
import { send } from "./measure.ts";
import { benchmarkOperations } from "./operations.ts";
import { startPeers, type Target } from "./peers.ts";
import { startRemoteSandbox } from "./remote-sandbox.ts";
import { startStack } from "./stack.ts";

/**
 * `npx tsx bench/profile.ts --only CardScreen [--seconds 5] [--raw] [--profile-dir DIR]`: drives
 * one operation at 0 ms EnKash latency and nothing else, with this project's server (its own
 * process, as the bench starts it) under `node --cpu-prof`: the profile, written to DIR
 * (bench/profiles by default) when the server stops, shows the server's cost alone. With --raw it
 * drives the raw baseline instead (no profile). Prints the profile's CPU per operation by category
 * (bench/cpu-profile.ts).
 */
const { values } = parseArgs({
  options: {
    only: { type: "string", default: "CardScreen" },
    seconds: { type: "string", default: "5" },
    concurrency: { type: "string", default: "4" },
    raw: { type: "boolean", default: false },
    "profile-dir": { type: "string", default: join(import.meta.dirname, "profiles") },
  },
});
mkdirSync(values["profile-dir"], { recursive: true });
const sandbox = await startRemoteSandbox({ cardsPerAccount: 50, transactionsPerCard: 20 });
const stack = await startStack(sandbox, {
  nodeArgs: ["--cpu-prof", `--cpu-prof-dir=${values["profile-dir"]}`],
});
const operation = benchmarkOperations(stack, sandbox).find((op) => op.name === values.only);
if (!operation) throw new Error(`no operation ${values.only}`);
await operation.measureMinimum?.();
const others = values.raw ? await startPeers(sandbox, { peers: false }) : [];
const target: Target = others[0] ?? { name: "enkash-graphql", kind: "ours", server: stack.server };
const run = async () => send(stack, target, operation, await operation.variables());
const WARM_UP = 50;
for (let i = 0; i < WARM_UP; i++) await run();
const result = await drive(run, Number(values.seconds), Number(values.concurrency), target.server.pid);
console.log(
  JSON.stringify({
    operation: operation.name,
    server: target.name,
    opsPerSecond: Math.round(result.count / result.seconds),
    cpuMsPerOperation: Number((result.cpuMs / result.count).toFixed(3)),
  }),
);
await Promise.all(others.map((t) => t.server.close()));
await stack.close();
await sandbox.close();
if (!values.raw) {
  // The server wrote its profile as it stopped: the newest file in the folder. Every request it
  // served (warm-up included) is in it; start-up is left out by the categorising.
  const newest = readdirSync(values["profile-dir"])
    .filter((name) => name.endsWith(".cpuprofile"))
    .map((name) => join(values["profile-dir"], name))
    .sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs)[0];
  if (newest) console.log(`${newest}\n\n${profileTable(newest, WARM_UP + result.count)}`);
}
