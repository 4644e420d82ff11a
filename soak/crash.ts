import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { Redis } from "ioredis";
import { mintToken } from "../src/auth/mint.ts";
import { startSandbox } from "../src/sandbox/index.ts";
import {
  bump,
  type GraphqlAnswer,
  type Instance,
  instanceEnv,
  postGraphql,
  SOAK_SECRET,
  sleep,
  startInstance,
  startRedis,
} from "./cluster.ts";

/**
 * `npm run soak:crash -- [--seconds 45] [--workers 8]`: the crash soak. Two server instances on
 * one real redis-server (persisting, as docs/operations.md recommends), under reads, idempotent
 * loads and card creations (each with an initial load) whose clients retry with the same key as a
 * real client would. Meanwhile: SIGKILL an instance mid-mutation, again and again, and restart it;
 * SIGKILL redis-server once and restart it; take EnKash (the sandbox) fully down for a while.
 *
 * Reports operations attempted, succeeded and failed; duplicated side effects (from the
 * sandbox's state: loads by their description, cards by their mobile; target 0); the longest time
 * a key answered IDEMPOTENCY_IN_PROGRESS and the records left running past their lease (target 0);
 * the read success rate outside the EnKash outage; the time to full recovery after each fault.
 * Exits 1 when a check fails.
 */
const { values } = parseArgs({
  options: { seconds: { type: "string", default: "45" }, workers: { type: "string", default: "8" } },
});
const SECONDS = Number(values.seconds);
const WORKERS = Number(values.workers);
const REQUEST_TIMEOUT_MS = 4_000;
/** The lease the instances use (bootstrap: the EnKash request timeout plus 5 s). */
const LEASE_MS = REQUEST_TIMEOUT_MS + 5_000;
const BREAKER_COOL_DOWN_MS = 3_000;

const redisDir = mkdtempSync(join(tmpdir(), "crash-soak-redis-"));
const redis = await startRedis({ appendOnlyDir: redisDir });
// Writes take a while, so that a kill finds mutations in flight.
const slow = { fixedMs: 150, jitterMs: 100 };
const sandbox = await startSandbox({
  seed: 29,
  latency: { routes: { createCard: slow, loadCardBalance: slow, getCardDetails: { fixedMs: 20 } } },
});
const env = instanceEnv(sandbox, redis.url, {
  ENKASH_REQUEST_TIMEOUT_MS: String(REQUEST_TIMEOUT_MS),
  ENKASH_HEADERS_TIMEOUT_MS: "2000",
  ENKASH_BREAKER_COOLDOWN_MS: String(BREAKER_COOL_DOWN_MS),
  SHUTDOWN_GRACE_MS: "0",
});

const instances: (Instance | null)[] = [await startInstance(env), await startInstance(env)];
const ports = instances.map((instance) => instance?.port ?? 0);
const token = await mintToken({
  secret: SOAK_SECRET,
  issuer: "enkash-graphql",
  audience: "enkash-graphql",
  subject: "crash-soak",
  role: "PARTNER_ADMIN",
  ttlSeconds: 3_600,
});

const ACCOUNT = Buffer.from("CardAccount:CEKEP5GSGP/CABFIPS").toString("base64");
const CARDS = [...sandbox.state.cards.values()]
  .filter((card) => card.cardAccountId === "CABFIPS" && card.status === "UL")
  .map((card) => card.enKashCardId)
  .slice(0, 8);
const cardId = (id: string) => Buffer.from(`Card:CEKEP5GSGP/CABFIPS/${id}`).toString("base64");

const READ = `query CrashRead($c: String!) { card(companyId: "CEKEP5GSGP", cardAccountId: "CABFIPS", enKashCardId: $c) { status balance { amount } } }`;
const LOAD = `mutation CrashLoad($input: LoadCardInput!) { loadCard(input: $input) { transaction { id } userErrors { code } } }`;
const CREATE = `mutation CrashCreate($input: CreateCardInput!) { createCard(input: $input) { card { id } userErrors { code } } }`;

/** Codes a client retries with the same key; anything else ends the operation. */
const RETRY = new Set([
  "NETWORK",
  "IDEMPOTENCY_IN_PROGRESS",
  "UPSTREAM_UNAVAILABLE",
  "STATE_STORE_UNAVAILABLE",
  "OUTCOME_UNKNOWN",
  "RATE_LIMITED",
]);

interface Stats {
  attempted: number;
  succeeded: number;
  failed: number;
  interrupted: number;
  requests: number;
  codes: Record<string, number>;
}
const stats = (): Stats => ({
  attempted: 0,
  succeeded: 0,
  failed: 0,
  interrupted: 0,
  requests: 0,
  codes: {},
});
const report = {
  loads: stats(),
  creates: stats(),
  reads: {
    outsideOutage: { ok: 0, failed: 0 },
    duringOutage: { ok: 0, failed: 0 },
    codes: {} as Record<string, number>,
  },
  untyped: 0,
  longestInProgressMs: 0,
  kills: [] as { instance: number; inFlight: number; readyAfterMs: number }[],
  redisRestart: { writesBackAfterMs: -1 },
  enkashOutage: { seconds: 0, readsBackAfterMs: -1 },
};
const inFlight = [0, 0];
const succeededLoads = new Set<string>();
const succeededMobiles = new Set<string>();
/** Every operation that succeeded, to send again with its key at the end. */
const replays: { query: string; field: string; input: object }[] = [];
let outage: { from: number; to: number } | null = null;

async function send(instance: number, query: string, variables: unknown): Promise<GraphqlAnswer> {
  const target = instances[instance];
  if (!target) throw new Error("instance down");
  inFlight[instance] = (inFlight[instance] ?? 0) + 1;
  try {
    return await postGraphql(target.url, token, query, variables);
  } finally {
    inFlight[instance] = (inFlight[instance] ?? 1) - 1;
  }
}

/** The first instance that is up, starting from a random one. */
const pick = () => {
  const first = Math.random() < 0.5 ? 0 : 1;
  return instances[first] ? first : 1 - first;
};

const codeOf = (answer: GraphqlAnswer, field: string) => {
  const payload = answer.body.data?.[field];
  if (payload) return payload.userErrors?.[0]?.code ?? "OK";
  const code = answer.body.errors?.[0]?.extensions?.code;
  if (!code) report.untyped++;
  return code ?? "UNTYPED";
};

/** One keyed mutation, retried with the same key until it ends, as a careful client does. */
async function mutate(kind: "loads" | "creates", query: string, field: string, input: object) {
  const counters = report[kind];
  counters.attempted++;
  let inProgressSince: number | null = null;
  const giveUpAt = Date.now() + 120_000;
  while (Date.now() < giveUpAt) {
    counters.requests++;
    let code: string;
    try {
      code = codeOf(await send(pick(), query, { input }), field);
    } catch {
      code = "NETWORK";
      counters.interrupted++;
    }
    if (code === "IDEMPOTENCY_IN_PROGRESS") inProgressSince ??= Date.now();
    else if (inProgressSince !== null) {
      report.longestInProgressMs = Math.max(report.longestInProgressMs, Date.now() - inProgressSince);
      inProgressSince = null;
    }
    if (code === "OK") {
      counters.succeeded++;
      replays.push({ query, field, input });
      return true;
    }
    bump(counters.codes, code);
    if (!RETRY.has(code)) break;
    await sleep(code === "IDEMPOTENCY_IN_PROGRESS" ? 500 : 200);
  }
  counters.failed++;
  return false;
}

let seq = 0;
async function load() {
  const op = `crash-load-${++seq}`;
  const id = CARDS[seq % CARDS.length] as string;
  const input = { cardId: cardId(id), amount: "1.00", idempotencyKey: op, description: op };
  if (await mutate("loads", LOAD, "loadCard", input)) succeededLoads.add(op);
}

let mobiles = 9_700_000_000;
async function create() {
  const mobile = String(mobiles++);
  const input = {
    idempotencyKey: `crash-create-${mobile}`,
    accountId: ACCOUNT,
    cardholder: { firstName: "Crash", mobile },
    initialLoad: "1.00",
  };
  if (await mutate("creates", CREATE, "createCard", input)) succeededMobiles.add(mobile);
}

async function read() {
  const startedAt = Date.now();
  const id = CARDS[Math.floor(Math.random() * CARDS.length)] as string;
  let ok = false;
  // A frontend retries a failed read once, on whichever instance is up.
  for (let attempt = 0; attempt < 2 && !ok; attempt++) {
    try {
      const answer = await send(pick(), READ, { c: id });
      ok = Boolean(answer.body.data?.card) && !answer.body.errors;
      if (!ok) bump(report.reads.codes, codeOf(answer, "card"));
    } catch {
      bump(report.reads.codes, "NETWORK");
    }
  }
  const during = outage !== null && startedAt >= outage.from - 1_000 && startedAt <= outage.to;
  const bucket = during ? report.reads.duringOutage : report.reads.outsideOutage;
  if (ok) bucket.ok++;
  else bucket.failed++;
}

const deadline = Date.now() + SECONDS * 1_000;
const workers = Array.from({ length: WORKERS }, async (_, worker) => {
  while (Date.now() < deadline) await [read, read, load, create][worker % 4]?.();
});

/** Waits until `probe` succeeds; the time it took. */
async function until(probe: () => Promise<boolean>, limitMs = 60_000): Promise<number> {
  const started = Date.now();
  while (Date.now() - started < limitMs) {
    if (await probe().catch(() => false)) return Date.now() - started;
    await sleep(100);
  }
  return -1;
}

const at = (fraction: number) => sleep(Math.max(0, deadline - SECONDS * 1_000 * (1 - fraction) - Date.now()));

// Kills: every 15% of the run from 10%, alternating instances, each restarted on its port.
const chaos = (async () => {
  let victim = 0;
  for (const fraction of [0.1, 0.25, 0.4, 0.55, 0.7, 0.85]) {
    await at(fraction);
    const instance = instances[victim];
    if (!instance) continue;
    const busy = inFlight[victim] ?? 0;
    instances[victim] = null;
    instance.child.kill("SIGKILL");
    const started = Date.now();
    instances[victim] = await startInstance(env, ports[victim]);
    report.kills.push({ instance: victim, inFlight: busy, readyAfterMs: Date.now() - started });
    victim = 1 - victim;
  }
})();

// Redis: killed once at 45% and started again (it kept its data: AOF, fsync always).
const redisFault = (async () => {
  await at(0.45);
  await redis.stop("SIGKILL");
  await sleep(1_000);
  const started = Date.now();
  await redis.start();
  // A keyed write, retried with its key (as every client here does), until it goes through.
  const probe = { cardId: cardId(CARDS[0] as string), amount: "0.01", idempotencyKey: "crash-redis-probe" };
  const back = await until(
    async () => codeOf(await send(pick(), LOAD, { input: probe }), "loadCard") === "OK",
  );
  report.redisRestart.writesBackAfterMs = back < 0 ? -1 : Date.now() - started;
})();

// EnKash: fully down (every call 503, the token endpoint too) from 60% to 72%.
const enkashFault = (async () => {
  await at(0.6);
  outage = { from: Date.now(), to: Number.POSITIVE_INFINITY };
  sandbox.faults.configure({ faults: { http503: 1 } });
  await at(0.72);
  sandbox.faults.configure({ faults: {} });
  const ended = Date.now();
  report.enkashOutage.seconds = Number(((ended - outage.from) / 1_000).toFixed(1));
  const back = await until(async () => {
    const answer = await send(pick(), READ, { c: CARDS[0] });
    return Boolean(answer.body.data?.card);
  });
  report.enkashOutage.readsBackAfterMs = back;
  outage.to = ended + Math.max(0, back);
})();

await Promise.all([...workers, chaos, redisFault, enkashFault]);

// Every key once more, as a client whose answer was lost would: each must answer its outcome
// (a replay, or a recovery of a record its instance never finished), and change nothing.
const replayAnswers: Record<string, number> = {};
for (let i = 0; i < replays.length; i += WORKERS) {
  const batch = replays.slice(i, i + WORKERS);
  const codes = await Promise.all(
    batch.map(async ({ query, field, input }) => {
      try {
        return codeOf(await send(pick(), query, { input }), field);
      } catch {
        return "NETWORK";
      }
    }),
  );
  for (const code of codes) bump(replayAnswers, code);
}

// The sandbox's state: each logical operation's side effect happened at most once, and every
// operation reported a success happened exactly once.
const loadsByOp = new Map<string, number>();
for (const txn of sandbox.state.transactions.values())
  if (txn.description?.startsWith("crash-load-"))
    loadsByOp.set(txn.description, (loadsByOp.get(txn.description) ?? 0) + 1);
const cardsByMobile = new Map<string, number>();
for (const card of sandbox.state.cards.values())
  if (card.holder.mobile?.startsWith("97"))
    cardsByMobile.set(card.holder.mobile, (cardsByMobile.get(card.holder.mobile) ?? 0) + 1);
const duplicated =
  [...loadsByOp.values()].filter((count) => count > 1).length +
  [...cardsByMobile.values()].filter((count) => count > 1).length;
const lostSuccesses =
  [...succeededLoads].filter((op) => loadsByOp.get(op) !== 1).length +
  [...succeededMobiles].filter((mobile) => cardsByMobile.get(mobile) !== 1).length;

// Once every client is done, no key may still answer IDEMPOTENCY_IN_PROGRESS (a live lease).
// Records left running with a lapsed lease (an owner that answered but could not store its result
// while Redis was down) are counted apart: a retry recovers them, as the replays above show.
const raw = new Redis(redis.url);
let stuck = 0;
let unfinished = 0;
for (const key of await raw.keys("idempotency:*")) {
  const record = JSON.parse((await raw.get(key)) ?? "{}") as { state?: string; leaseUntil?: number };
  if (record.state !== "running") continue;
  if ((record.leaseUntil ?? 0) > Date.now()) stuck++;
  else unfinished++;
}
await raw.quit();

const outside = report.reads.outsideOutage;
const readRate = outside.ok / Math.max(1, outside.ok + outside.failed);
const checks = {
  noDuplicatedSideEffects: duplicated === 0,
  everySuccessHappenedOnce: lostSuccesses === 0,
  noKeyStuckBeyondItsLease: stuck === 0 && report.longestInProgressMs <= LEASE_MS + 5_000,
  everyOperationEnded: report.loads.failed === 0 && report.creates.failed === 0,
  everyKeyAnswersAgain: Object.keys(replayAnswers).every((code) => code === "OK"),
  readsOutsideTheOutageAtLeast99: readRate >= 0.99,
  everyFailureTyped: report.untyped === 0,
  killsHitMutationsInFlight: report.loads.interrupted + report.creates.interrupted > 0,
  instancesBackWithin15s: report.kills.every((kill) => kill.readyAfterMs < 15_000),
  redisBackWithin10s:
    report.redisRestart.writesBackAfterMs >= 0 && report.redisRestart.writesBackAfterMs < 10_000,
  enkashBackWithinCoolDownPlus5s:
    report.enkashOutage.readsBackAfterMs >= 0 &&
    report.enkashOutage.readsBackAfterMs < BREAKER_COOL_DOWN_MS + 5_000,
};
console.log(
  JSON.stringify(
    {
      seconds: SECONDS,
      workers: WORKERS,
      leaseMs: LEASE_MS,
      readSuccessRateOutsideOutage: Number((readRate * 100).toFixed(2)),
      duplicatedSideEffects: duplicated,
      keysStuckBeyondLease: stuck,
      recordsLeftUnfinished: unfinished,
      replayedKeys: replayAnswers,
      ...report,
      checks,
    },
    null,
    2,
  ),
);
for (const instance of instances) instance?.child.kill("SIGTERM");
await redis.stop();
await sandbox.close();
rmSync(redisDir, { recursive: true, force: true });
process.exit(Object.values(checks).every(Boolean) ? 0 : 1);
