import { mkdirSync, readdirSync } from "node:fs";
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
 * `npx tsx bench/profile.ts --only CardScreen [--server enkash-graphql|raw|apollo-eager|apollo-lookup|hive-gateway]
 * [--seconds 5] [--profile-dir DIR]`: drives one operation at 0 ms EnKash latency on one server
 * (its own process, as the bench starts it) under `node --cpu-prof`, nothing else. The profile is
 * written to DIR (bench/profiles by default) when the server stops, and printed as CPU per
 * operation by category (bench/cpu-profile.ts), start-up left out.
 */
const { values } = parseArgs({
  options: {
    only: { type: "string", default: "CardScreen" },
    server: { type: "string", default: "enkash-graphql" },
    seconds: { type: "string", default: "5" },
    concurrency: { type: "string", default: "4" },
    "profile-dir": { type: "string", default: join(import.meta.dirname, "profiles") },
  },
});
const directory = values["profile-dir"];
mkdirSync(directory, { recursive: true });
const profiling = ["--cpu-prof", `--cpu-prof-dir=${directory}`];
const ours = values.server === "enkash-graphql";
const sandbox = await startRemoteSandbox({ cardsPerAccount: 50, transactionsPerCard: 20 });
const stack = await startStack(sandbox, ours ? { nodeArgs: profiling } : {});
const operation = benchmarkOperations(stack, sandbox).find((op) => op.name === values.only);
if (!operation) throw new Error(`no operation ${values.only}`);
await operation.measureMinimum?.();
const others = ours ? [] : await startPeers(sandbox, { peers: values.server !== "raw", nodeArgs: profiling });
const target: Target | undefined = ours
  ? { name: "enkash-graphql", kind: "ours", server: stack.server }
  : others.find((t) => t.name === values.server);
if (!target) throw new Error(`no server ${values.server}`);
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
const pid = target.server.pid;
await Promise.all(others.map((t) => t.server.close()));
await stack.close();
await sandbox.close();
// The server wrote its profile as it stopped, named with its pid. Every request it served (warm-up
// included) is in it.
const file = readdirSync(directory).find((name) => name.includes(`.${pid}.`) && name.endsWith(".cpuprofile"));
if (file)
  console.log(`${join(directory, file)}\n\n${profileTable(join(directory, file), WARM_UP + result.count)}`);
else console.log(`no profile of pid ${pid} in ${directory}`);
