import type { ChildProcess } from "node:child_process";
import { once } from "node:events";
import { parseArgs } from "node:util";
import { request } from "undici";
import { mintToken } from "../src/auth/mint.ts";
import { startSandbox } from "../src/sandbox/index.ts";
import {
  bump,
  type GraphqlAnswer,
  instanceEnv,
  postGraphql,
  SOAK_SECRET,
  startInstance,
  startRedis,
} from "./cluster.ts";

/**
 * `npm run soak -- [--seconds 60] [--workers 8]`: two server processes on one real redis-server,
 * against the sandbox injecting faults (10% HTTP 503, 2% hangs, 1% connection resets, token TTL
 * 30 s), under a mix of reads and idempotent loads with client retries. Midway one instance gets
 * SIGTERM. It checks: one token request per refresh for both instances, no duplicated side effect (from the sandbox's state), reads succeed at least
 * 99.5% of the time, every failure is typed, memory growth is bounded, and the drained instance
 * dropped none of the requests it had accepted. Prints a JSON report; exits 1 when a check fails.
 */
const { values } = parseArgs({
  options: { seconds: { type: "string", default: "60" }, workers: { type: "string", default: "8" } },
});
const SECONDS = Number(values.seconds);
const WORKERS = Number(values.workers);

const redis = await startRedis();

// EnKash (the sandbox), with faults on the card routes and a short token life.
const sandbox = await startSandbox({ seed: 17, tokenTtlSeconds: 30 });
sandbox.faults.configure({
  faults: { http503: 0.1, hang: 0.02, reset: 0.01 },
});

const env = instanceEnv(sandbox, redis.url, {
  ENKASH_HEADERS_TIMEOUT_MS: "1000",
  ENKASH_REQUEST_TIMEOUT_MS: "5000",
  SHUTDOWN_GRACE_MS: "15000",
});

const startedAt = Date.now();
const instances = [await startInstance(env), await startInstance(env)];
const alive = [true, true];
const token = await mintToken({
  secret: SOAK_SECRET,
  issuer: "enkash-graphql",
  audience: "enkash-graphql",
  subject: "soak",
  role: "PARTNER_ADMIN",
  ttlSeconds: 3_600,
});

const CARDS = [
  "EKCMB7KAEW",
  ...[...sandbox.state.cards.values()]
    .filter((card) => card.cardAccountId === "CABFIPS" && card.status === "UL")
    .map((card) => card.enKashCardId),
].slice(0, 6);
const cardId = (id: string) => Buffer.from(`Card:CEKEP5GSGP/CABFIPS/${id}`).toString("base64");

interface Report {
  reads: { ok: number; failed: number; codes: Record<string, number> };
  loads: {
    ok: number;
    duplicateReference: number;
    failed: number;
    attempts: number;
    codes: Record<string, number>;
  };
  untyped: number;
  drain: { inFlightAtSigterm: number; dropped: number };
  memory: { startMb: number[]; endMb: number[] };
}
const report: Report = {
  reads: { ok: 0, failed: 0, codes: {} },
  loads: { ok: 0, duplicateReference: 0, failed: 0, attempts: 0, codes: {} },
  untyped: 0,
  drain: { inFlightAtSigterm: 0, dropped: 0 },
  memory: { startMb: [], endMb: [] },
};
const completedLoads = new Set<string>();
let draining = false;
const inFlight = [0, 0];

async function post(instance: number, query: string, variables: unknown): Promise<GraphqlAnswer> {
  const target = instances[instance];
  if (!target) throw new Error("no instance");
  inFlight[instance] = (inFlight[instance] ?? 0) + 1;
  try {
    return await postGraphql(target.url, token, query, variables);
  } finally {
    inFlight[instance] = (inFlight[instance] ?? 1) - 1;
  }
}

const pick = () => (alive[1] && Math.random() < 0.5 ? 1 : 0);
const READ =
  'query Soak($c: String!) { card(companyId: "CEKEP5GSGP", cardAccountId: "CABFIPS", enKashCardId: $c) { status balance { amount } } }';
const LOAD =
  "mutation SoakLoad($input: LoadCardInput!) { loadCard(input: $input) { card { id } userErrors { code } } }";
const RETRYABLE = new Set(["UPSTREAM_UNAVAILABLE", "OUTCOME_UNKNOWN", "IDEMPOTENCY_IN_PROGRESS", "NETWORK"]);

async function read(): Promise<void> {
  const id = CARDS[Math.floor(Math.random() * CARDS.length)] as string;
  // A client retries a failed read once, as a frontend would.
  for (let attempt = 0; attempt < 2; attempt++) {
    const instance = pick();
    const sentBeforeSigterm = !draining;
    try {
      const { body } = await post(instance, READ, { c: id });
      if (body.data?.card && !body.errors) {
        report.reads.ok++;
        return;
      }
      const code = body.errors?.[0]?.extensions?.code;
      if (!code) report.untyped++;
      if (attempt === 1) {
        report.reads.failed++;
        bump(report.reads.codes, code ?? "UNTYPED");
      }
    } catch {
      // A request the draining instance had already accepted must not fail.
      if (draining && sentBeforeSigterm && instance === 1) report.drain.dropped++;
      if (attempt === 1) {
        report.reads.failed++;
        bump(report.reads.codes, "NETWORK");
      }
    }
  }
}

let loadSeq = 0;
async function load(): Promise<void> {
  const key = `soak-${process.pid}-${++loadSeq}`;
  const id = CARDS[loadSeq % CARDS.length] as string;
  for (let attempt = 0; attempt < 6; attempt++) {
    report.loads.attempts++;
    const instance = pick();
    const sentBeforeSigterm = !draining;
    let code = "NETWORK";
    try {
      const { body } = await post(instance, LOAD, {
        input: { cardId: cardId(id), amount: "1.00", idempotencyKey: key },
      });
      const payload = body.data?.loadCard;
      if (!payload) {
        code = body.errors?.[0]?.extensions?.code ?? "UNTYPED";
        if (code === "UNTYPED") report.untyped++;
      } else {
        code = payload.userErrors?.[0]?.code ?? "OK";
      }
    } catch {
      if (draining && sentBeforeSigterm && instance === 1) report.drain.dropped++;
    }
    if (code === "OK" || code === "DUPLICATE_REFERENCE") {
      if (code === "OK") report.loads.ok++;
      else report.loads.duplicateReference++;
      completedLoads.add(key);
      return;
    }
    if (!RETRYABLE.has(code)) {
      report.loads.failed++;
      bump(report.loads.codes, code);
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 50 * 2 ** attempt));
  }
  report.loads.failed++;
  bump(report.loads.codes, "GAVE_UP");
}

async function memoryMb(url: string): Promise<number> {
  const text = await (await request(`${url}/metrics`)).body.text();
  const match = /^process_resident_memory_bytes (\d+)/m.exec(text);
  return match ? Math.round(Number(match[1]) / 1_048_576) : Number.NaN;
}

const deadline = Date.now() + SECONDS * 1000;
const warm = Date.now() + Math.min(5_000, (SECONDS * 1000) / 4);
const workers = Array.from({ length: WORKERS }, async (_, worker) => {
  while (Date.now() < deadline) await (worker % 4 === 0 ? load() : read());
});

await new Promise((resolve) => setTimeout(resolve, warm - Date.now()));
report.memory.startMb = await Promise.all(instances.map((instance) => memoryMb(instance.url)));
// Midway: SIGTERM to the second instance, under load.
await new Promise((resolve) => setTimeout(resolve, Math.max(0, (deadline - Date.now()) / 2)));
// As a load balancer would, stop routing to it first; what it already accepted must finish.
alive[1] = false;
draining = true;
report.drain.inFlightAtSigterm = inFlight[1] ?? 0;
instances[1]?.child.kill("SIGTERM");
await once(instances[1]?.child as ChildProcess, "exit");
await Promise.all(workers);
report.memory.endMb = [await memoryMb(instances[0]?.url ?? "")];

// The sandbox's state: every completed logical load moved money exactly once.
const soakLoads = [...sandbox.state.transactions.values()].filter(
  (txn) => txn.pgReferenceNumber?.startsWith("IDEM") && txn.type === "ALLOCATE_FUND",
);
const references = new Map<string, number>();
for (const txn of soakLoads)
  references.set(txn.pgReferenceNumber as string, (references.get(txn.pgReferenceNumber as string) ?? 0) + 1);
const duplicated = [...references.values()].filter((count) => count > 1).length;

// Both instances share one token through Redis: one request at start, then one per refresh
// (a 30 s token is refreshed after 15 s), however many instances there are.
// Counted as tokens EnKash issued: injected faults hit the token route too, and retried attempts
// that got no token are not extra tokens.
const tokenRequests = sandbox.auth.issuedTokens().length;
const tokenRequestsAllowed = 1 + Math.ceil((Date.now() - startedAt) / 15_000);
const readRate = report.reads.ok / Math.max(1, report.reads.ok + report.reads.failed);
const checks = {
  noDuplicatedSideEffects: duplicated === 0 && soakLoads.length === completedLoads.size,
  readsAtLeast99_5: readRate >= 0.995,
  everyFailureTyped: report.untyped === 0,
  // Coarse: resident memory may grow while the heap warms up, but not without bound.
  memoryBounded: (report.memory.endMb[0] ?? 0) - (report.memory.startMb[0] ?? 0) < 150,
  drainDroppedNothing: report.drain.dropped === 0,
  oneTokenForAllInstances: tokenRequests <= tokenRequestsAllowed,
};
console.log(
  JSON.stringify(
    {
      seconds: SECONDS,
      workers: WORKERS,
      readSuccessRate: Number((readRate * 100).toFixed(2)),
      loadsMovedMoney: soakLoads.length,
      completedLogicalLoads: completedLoads.size,
      tokensIssued: {
        made: tokenRequests,
        allowed: tokenRequestsAllowed,
        attempts: sandbox.calls.count("token"),
      },
      sandboxCalls: sandbox.calls.totals(),
      ...report,
      checks,
    },
    null,
    2,
  ),
);
instances[0]?.child.kill("SIGTERM");
await once(instances[0]?.child as ChildProcess, "exit");
await redis.stop();
await sandbox.close();
process.exit(Object.values(checks).every(Boolean) ? 0 : 1);
