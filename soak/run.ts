import type { ChildProcess } from "node:child_process";
import { once } from "node:events";
import { parseArgs } from "node:util";
import { request } from "undici";
import { mintToken } from "../src/auth/mint.ts";
import { RedisEventLog } from "../src/events/redis-log.ts";
import { startSandbox } from "../src/sandbox/index.ts";
import {
  bump,
  type GraphqlAnswer,
  instanceEnv,
  postGraphql,
  SOAK_SECRET,
  sleep,
  startInstance,
  startRedis,
} from "./cluster.ts";
import {
  caughtUp,
  countSubscriber,
  readLog,
  type Subscriber,
  startSubscriber,
  startWebhookBalancer,
  until,
} from "./events.ts";
import {
  countPartnerDeliveries,
  partnerAttemptMetrics,
  partnerCaughtUp,
  partnerExpected,
  registerPartnerEndpoint,
  startPartnerReceiver,
} from "./partner-hooks.ts";

/**
 * `npm run soak -- [--seconds 60] [--workers 8]`: two server processes on one real redis-server,
 * against the sandbox injecting faults (10% HTTP 503, 2% hangs, 1% connection resets, token TTL
 * 30 s), under a mix of reads and idempotent loads with client retries. Midway one instance gets
 * SIGTERM, and is started again. It checks: one token request per refresh for both instances, no
 * duplicated side effect (from the sandbox's state), reads succeed at least 99.5% of the time,
 * every failure is typed, memory growth is bounded, and the drained instance dropped none of the
 * requests it had accepted. Card events (soak/events.ts): the sandbox's
 * webhooks (with drops, repeats, reordering and delays) reach the instances through a balancer,
 * loads and lock/unlock mutations publish theirs, and subscribers on both instances resume across
 * the restart with `after`: none lost, none twice, each card's in order. Partner webhooks
 * (soak/partner-hooks.ts): a receiver registered through GraphQL, failing a share of attempts, gets
 * every event of its company at least once, each signature valid. Prints a JSON report;
 * exits 1 when a check fails.
 */
const { values } = parseArgs({
  options: { seconds: { type: "string", default: "60" }, workers: { type: "string", default: "8" } },
});
const SECONDS = Number(values.seconds);
const SOAK_WEBHOOK_SECRET = "soak-webhook-secret-0000000000";
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
  ENKASH_WEBHOOK_SECRET: SOAK_WEBHOOK_SECRET,
  // Partner webhooks to a loopback receiver, retried quickly enough to finish within the run.
  PARTNER_WEBHOOK_ALLOWED_TARGETS: "127.0.0.1/32",
  PARTNER_WEBHOOK_BACKOFF_BASE_MS: "20",
  PARTNER_WEBHOOK_TIMEOUT_MS: "1000",
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

const UNLOCKED = [
  "EKCMB7KAEW",
  ...[...sandbox.state.cards.values()]
    .filter(
      (card) =>
        card.cardAccountId === "CABFIPS" && card.status === "UL" && card.enKashCardId !== "EKCMB7KAEW",
    )
    .map((card) => card.enKashCardId),
];
const CARDS = UNLOCKED.slice(0, 6);
// Locked and unlocked in turn (its events are status changes): a card no read or load uses.
const STATUS_CARD = UNLOCKED[6] as string;
const cardId = (id: string) => Buffer.from(`Card:CEKEP5GSGP/CABFIPS/${id}`).toString("base64");

// EnKash's webhooks go through a balancer to whichever instance takes traffic.
const balancer = await startWebhookBalancer(() =>
  instances.filter((_, index) => alive[index]).map((instance) => instance.url),
);
sandbox.webhooks.configure({
  url: balancer.url,
  signing: {
    secret: SOAK_WEBHOOK_SECRET,
    signatureHeader: "x-enkash-signature",
    encoding: "hex",
    timestampHeader: null,
  },
});
// A partner's endpoint for the company's card events, registered before anything happens.
const partner = await startPartnerReceiver();
await registerPartnerEndpoint(instances[0]?.url ?? "", token, "CEKEP5GSGP", partner);
const eventLog = new RedisEventLog(redis.url, { retentionMs: 3_600_000 });
async function purchase(card: string): Promise<void> {
  await request(`${sandbox.url}/__sandbox/purchase`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      enKashCardId: card,
      amount: 1,
      merchantName: "Soak Mart",
      mcc: "5411",
      channel: "POS",
    }),
  }).then((answer) => answer.body.dump());
}
// One event before anything else, so that subscribers start from a position the log gave out.
await purchase(CARDS[0] as string);
await sandbox.webhooks.idle();
const startAfter = await eventLog.head();
if (!startAfter) throw new Error("the first purchase's event did not reach the log");
const transactionsBefore = new Set(sandbox.state.transactions.keys());
sandbox.faults.configure({
  webhooks: { drop: 0.05, repeat: 0.1, reorder: 0.1, delay: { fixedMs: 0, jitterMs: 30 } },
});
const follows = (instance: number) =>
  [
    { kind: "card", companyId: "CEKEP5GSGP", cardAccountId: "CABFIPS", enKashCardId: CARDS[0] as string },
    {
      kind: "card",
      companyId: "CEKEP5GSGP",
      cardAccountId: "CABFIPS",
      enKashCardId: instance === 0 ? (CARDS[1] as string) : STATUS_CARD,
    },
    { kind: "account", companyId: "CEKEP5GSGP", cardAccountId: "CABFIPS" },
  ] as const;
const subscribers: Subscriber[] = [0, 1].flatMap((instance) =>
  follows(instance).map((followed, index) =>
    startSubscriber({
      name: `${instance}.${index}`,
      instance,
      url: () => instances[instance]?.url ?? "",
      token,
      followed,
      after: startAfter,
    }),
  ),
);

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
  drain: { inFlightAtSigterm: number; dropped: number; restartSeconds: number };
  statusChanges: { ok: number; failed: number; codes: Record<string, number> };
  memory: { startMb: number[]; endMb: number[] };
}
const report: Report = {
  reads: { ok: 0, failed: 0, codes: {} },
  loads: { ok: 0, duplicateReference: 0, failed: 0, attempts: 0, codes: {} },
  untyped: 0,
  drain: { inFlightAtSigterm: 0, dropped: 0, restartSeconds: 0 },
  statusChanges: { ok: 0, failed: 0, codes: {} },
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

const STATUS_MUTATION = (name: "lockCard" | "unlockCard") =>
  `mutation Soak${name}($input: ${name === "lockCard" ? "LockCardInput" : "UnlockCardInput"}!) { ${name}(input: $input) { card { id } userErrors { code } } }`;
let statusSeq = 0;
/** Locks or unlocks the status card (a STATUS_CHANGED event), retried as a client would; whether it did. */
async function toggleStatus(name: "lockCard" | "unlockCard"): Promise<boolean> {
  const key = `soak-status-${process.pid}-${++statusSeq}`;
  for (let attempt = 0; attempt < 6; attempt++) {
    let code = "NETWORK";
    try {
      const { body } = await post(pick(), STATUS_MUTATION(name), {
        input: {
          cardId: cardId(STATUS_CARD),
          idempotencyKey: key,
          ...(name === "unlockCard" ? { otp: { code: "123456", medium: "AUTHENTICATOR" } } : {}),
        },
      });
      const payload = body.data?.[name];
      code = payload
        ? (payload.userErrors?.[0]?.code ?? "OK")
        : (body.errors?.[0]?.extensions?.code ?? "UNTYPED");
      if (code === "UNTYPED") report.untyped++;
    } catch {
      // The instance went away under it: retried, with the same key.
    }
    if (code === "OK") {
      report.statusChanges.ok++;
      return true;
    }
    if (!RETRYABLE.has(code)) {
      report.statusChanges.failed++;
      bump(report.statusChanges.codes, code);
      return false;
    }
    await sleep(50 * 2 ** attempt);
  }
  report.statusChanges.failed++;
  bump(report.statusChanges.codes, "GAVE_UP");
  return false;
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
// EnKash's side: purchases on the cards (their webhooks), and the status card locked and unlocked.
let purchases = 0;
workers.push(
  (async () => {
    while (Date.now() < deadline) {
      await purchase(CARDS[purchases++ % CARDS.length] as string);
      await sleep(50);
    }
  })(),
  (async () => {
    // Until one is refused: unlocking takes the cardholder's code, and its uses per card are
    // bounded (src/schema/otp-guard.ts), so a long run stops toggling after about ten.
    // Half a second apart: a status event is named to the second, so the same status twice
    // within one second would be one event (docs/events.md#de-duplication).
    while (Date.now() < deadline) {
      if (!(await toggleStatus("lockCard"))) break;
      await sleep(500);
      if (!(await toggleStatus("unlockCard"))) break;
      await sleep(500);
    }
  })(),
);

await new Promise((resolve) => setTimeout(resolve, warm - Date.now()));
report.memory.startMb = await Promise.all(instances.map((instance) => memoryMb(instance.url)));
// Midway: SIGTERM to the second instance, under load.
await new Promise((resolve) => setTimeout(resolve, Math.max(0, (deadline - Date.now()) / 2)));
// As a load balancer would, stop routing to it first; what it already accepted must finish.
alive[1] = false;
draining = true;
report.drain.inFlightAtSigterm = inFlight[1] ?? 0;
// Its partner webhook attempts so far (its counters start again when it is started again).
const partnerAttemptsBeforeRestart = await partnerAttemptMetrics(instances[1]?.url ?? "");
// Partner deliveries not yet made when the instance goes: the restart happens with these pending.
const partnerPendingAtSigterm = countPartnerDeliveries(
  partner,
  partnerExpected(await readLog(eventLog, startAfter), "CEKEP5GSGP"),
).lost;
instances[1]?.child.kill("SIGTERM");
await once(instances[1]?.child as ChildProcess, "exit");
// Started again on its port: its subscribers, which kept trying, resume there with `after`.
const restarting = Date.now();
instances[1] = await startInstance(env, instances[1]?.port);
report.drain.restartSeconds = Number(((Date.now() - restarting) / 1000).toFixed(1));
alive[1] = true;
await Promise.all(workers);
report.memory.endMb = [await memoryMb(instances[0]?.url ?? "")];

// Card events: once EnKash has sent everything (retries included), every subscriber should catch
// up with the log. Waited for, not timed: the bound only ends a run that would never pass.
await sandbox.webhooks.idle();
const logged = await readLog(eventLog, startAfter);
const settled = await until(() => subscribers.every((subscriber) => caughtUp(subscriber, logged)), 60_000);
await Promise.all(subscribers.map((subscriber) => subscriber.stop()));
// Partner webhooks: every event the endpoint takes, received verified at least once (bounded wait).
const partnerWanted = partnerExpected(logged, "CEKEP5GSGP");
const partnerSettled = await until(() => partnerCaughtUp(partner, partnerWanted), 60_000);
const partnerWebhooks = {
  ...countPartnerDeliveries(partner, partnerWanted),
  pendingAtSigterm: partnerPendingAtSigterm,
  settled: partnerSettled,
  // Both instances' counters, and the restarted one's before SIGTERM (not those of its drain).
  serverAttempts: [
    partnerAttemptsBeforeRestart,
    ...(await Promise.all(instances.map((instance) => partnerAttemptMetrics(instance.url)))),
  ].reduce<Record<string, number>>((sum, counts) => {
    for (const [outcome, count] of Object.entries(counts)) sum[outcome] = (sum[outcome] ?? 0) + count;
    return sum;
  }, {}),
};
const perSubscriber = subscribers.map((subscriber) => countSubscriber(subscriber, logged));
const total = (field: "expected" | "delivered" | "lost" | "duplicated" | "outOfOrder" | "unexpected") =>
  perSubscriber.reduce((sum, count) => sum + count[field], 0);
const loggedIds = new Set((await readLog(eventLog, null)).map((entry) => entry.event.eventId));
const bySource: Record<string, number> = {};
for (const { event } of logged) bump(bySource, event.source);
// What EnKash sent (reached the balancer) must be in the log; what it dropped was never sent.
const sentNotLogged = [...balancer.sentEventIds].filter((id) => !loggedIds.has(id)).length;
const newTransactions = [...sandbox.state.transactions.values()].filter(
  (txn) => !transactionsBefore.has(txn.enKashTransactionId),
);
const transactionLogged = (txn: { enKashTransactionId: string }) =>
  loggedIds.has(`txn:CEKEP5GSGP:${txn.enKashTransactionId}`);
const loadsNotLogged = newTransactions.filter(
  (txn) =>
    txn.type === "ALLOCATE_FUND" && txn.pgReferenceNumber?.startsWith("IDEM") && !transactionLogged(txn),
).length;
const unsentNotLogged = newTransactions.filter(
  (txn) => !transactionLogged(txn) && !balancer.sentEventIds.has(`txn:CEKEP5GSGP:${txn.enKashTransactionId}`),
).length;
const webhooks = sandbox.webhooks.stats();
const events = {
  enkash: {
    changes: webhooks.queued,
    droppedByFault: webhooks.dropped,
    deliveries: balancer.received,
    acknowledged: balancer.acknowledged,
    unrouted: balancer.unrouted,
    gaveUp: webhooks.failed,
    overflowed: webhooks.overflowed,
    purchases,
  },
  log: { events: logged.length, bySource },
  sentNotLogged,
  loadsNotLogged,
  notSentByEnkashNotLogged: unsentNotLogged,
  settled,
  subscribers: perSubscriber,
  totals: {
    expected: total("expected"),
    delivered: total("delivered"),
    lost: total("lost"),
    duplicated: total("duplicated"),
    outOfOrder: total("outOfOrder"),
    unexpected: total("unexpected"),
  },
};

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
  eventsNoneLost: events.totals.lost === 0 && sentNotLogged === 0 && loadsNotLogged === 0,
  eventsNoneDuplicated: events.totals.duplicated === 0,
  eventsInOrder: events.totals.outOfOrder === 0 && events.totals.unexpected === 0,
  // Every subscriber of the restarted instance lost its stream and came back.
  eventsResumedAfterRestart: perSubscriber.every((count) => count.instance === 0 || count.reconnects > 0),
  partnerWebhooksNoneLost: partnerWebhooks.lost === 0 && partnerWebhooks.expected > 0,
  partnerWebhooksSignaturesValid: partnerWebhooks.badSignatures === 0,
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
      events,
      partnerWebhooks,
      checks,
    },
    null,
    2,
  ),
);
instances[0]?.child.kill("SIGTERM");
await once(instances[0]?.child as ChildProcess, "exit");
await eventLog.close();
await balancer.close();
await partner.close();
await redis.stop();
await sandbox.close();
process.exit(Object.values(checks).every(Boolean) ? 0 : 1);
