import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import type { RemoteSandbox } from "./remote-sandbox.ts";
import { type ServerProcess, spawnServer } from "./server-process.ts";
import { enkashEnv } from "./stack.ts";

/** How a server is asked: our documents (this project, Apollo), Mesh's generated schema, or raw JSON. */
type ServerKind = "ours" | "apollo" | "hive" | "raw";

export interface Target {
  name: string;
  kind: ServerKind;
  server: ServerProcess;
}

const PEERS = join(import.meta.dirname, "peers");

/**
 * bench/peers is a package of its own, so the root's `npm ci` (and CI) never installs Apollo,
 * Mesh or Hive Gateway: the bench installs it from its lockfile the first time it needs it.
 */
function installPeers(): void {
  if (existsSync(join(PEERS, "node_modules"))) return;
  console.log("Installing the peers (npm ci --prefix bench/peers)…");
  const result = spawnSync("npm", ["ci", "--prefix", PEERS, "--no-audit", "--no-fund"], { stdio: "inherit" });
  if (result.status !== 0) throw new Error("npm ci --prefix bench/peers failed");
}

/**
 * The servers this project is compared with, each in a process of its own against the same
 * sandbox: the raw baseline always (the main table's raw columns), and with `peers` the two Apollo
 * Server styles and Hive Gateway (bench/peers). All run with NODE_ENV=production and the young
 * generation this project's server gets, so the flags are not what differs. `nodeArgs` go to every
 * one of them (e.g. --cpu-prof for bench/profile.ts).
 */
export async function startPeers(
  sandbox: RemoteSandbox,
  options: { peers: boolean; nodeArgs?: string[] },
): Promise<Target[]> {
  const env = { PATH: process.env.PATH, NODE_ENV: "production", ...enkashEnv(sandbox) };
  const node = (name: string, kind: ServerKind, args: string[], cwd: string) =>
    spawnServer({
      name,
      command: process.execPath,
      args: ["--max-semi-space-size=64", ...(options.nodeArgs ?? []), ...args],
      cwd,
      env,
    }).then((server): Target => ({ name, kind, server }));
  const raw = node(
    "raw",
    "raw",
    ["--import", "tsx", join(import.meta.dirname, "raw-process.ts")],
    process.cwd(),
  );
  if (!options.peers) return [await raw];
  installPeers();
  // One after another: Hive Gateway composes its supergraph at start-up, a CPU burst best kept
  // away from the others' start.
  const started: Target[] = [await raw];
  started.push(await node("apollo-eager", "apollo", ["apollo.js", "eager"], PEERS));
  started.push(await node("apollo-lookup", "apollo", ["apollo.js", "lookup"], PEERS));
  started.push(await node("hive-gateway", "hive", ["hive.js"], PEERS));
  return started;
}
