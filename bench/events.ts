import { parseArgs } from "node:util";
import { fetch } from "undici";
import { type Instance, instanceEnv, startInstance, startRedis } from "../soak/cluster.ts";
import { mintToken } from "../src/auth/mint.ts";
import { startSandbox } from "../src/sandbox/index.ts";
import { signWebhook } from "../src/shared/webhook-signature.ts";
import { PREPAID_CARD } from "../test/helpers/enkash.ts";
import { PREPAID_CARD_ID } from "../test/helpers/ids.ts";
import { type SseStream, subscribe } from "../test/helpers/sse.ts";
import { quantile } from "./drive.ts";

/**
 * `node --import tsx bench/events.ts [--seconds 5] [--subscribers 10] [--senders 8]`: card events
 * through the server (docs/events.md). Two server processes on one redis-server and a sandbox;
 * signed transaction webhooks POSTed as fast as `senders` loops can, for `seconds`, to one
 * instance or to both in turn, while `subscribers` SSE subscriptions to the card (on the one
 * instance, or split over both) read them. Per setting: webhooks accepted per second, events
 * delivered per second (all subscribers), and webhook-in to subscriber latency p50/p99 (from the
 * POST being sent to the event read by a subscriber, over every pair). The subscriptions select
 * the event's own fields only: no EnKash call per event (one `card { … }` selection would add a
 * card lookup per event per subscriber). Prints JSON lines and a markdown table.
 */
const { values } = parseArgs({
  options: {
    seconds: { type: "string", default: "5" },
    subscribers: { type: "string", default: "10" },
    senders: { type: "string", default: "8" },
  },
});
const SECONDS = Number(values.seconds);
const SUBSCRIBERS = Number(values.subscribers);
const SENDERS = Number(values.senders);
const SECRET = "events-bench-secret-with-enough-length-000";
const WEBHOOK_SECRET = "events-bench-webhook-secret-0001";
const SIGNING = {
  secret: WEBHOOK_SECRET,
  signatureHeader: "x-enkash-signature",
  encoding: "hex" as const,
  timestampHeader: null,
};
const QUERY = `subscription CardEvents($cardId: ID!) {
  cardEvents(cardId: $cardId) { id ... on TransactionPostedEvent { transactionId } }
}`;

const sandbox = await startSandbox({ seed: 7 });
const redis = await startRedis();
const env = instanceEnv(sandbox, redis.url, {
  AUTH_JWT_SECRET: SECRET,
  ENKASH_WEBHOOK_SECRET: WEBHOOK_SECRET,
  SUBSCRIPTIONS_MAX_PER_VIEWER: "100",
});
const instances: Instance[] = [await startInstance(env), await startInstance(env)];
const token = await mintToken({
  secret: SECRET,
  issuer: "enkash-graphql",
  audience: "enkash-graphql",
  subject: "events-bench",
  role: "PARTNER_ADMIN",
  ttlSeconds: 3_600,
});

let serial = 0;
/** A signed card-transaction webhook with a new ID, and when it was sent. */
async function sendWebhook(to: Instance, sentAt: Map<string, number>): Promise<boolean> {
  const id = `EBENCH${process.pid}${String(serial++).padStart(9, "0")}`;
  const body = JSON.stringify({
    enKashTransactionId: id,
    enKashCardId: PREPAID_CARD.enKashCardId,
    companyId: PREPAID_CARD.companyId,
    cardAccountId: PREPAID_CARD.cardAccountId,
    maskedCard: "XXXX XXXX XXXX 3211",
    principalAmount: 1,
    cardTransactionType: "DR",
    type: "SALE",
    status: "SUCCESS",
    txnDate: new Date().toISOString(),
  });
  sentAt.set(id, performance.now());
  const response = await fetch(`${to.url}/webhooks/enkash`, {
    method: "POST",
    headers: { "content-type": "application/json", ...signWebhook(SIGNING, Buffer.from(body)) },
    body,
  });
  await response.arrayBuffer();
  return response.status === 200;
}

async function measure(setting: string, targets: Instance[]) {
  const streams: SseStream[] = [];
  for (let i = 0; i < SUBSCRIBERS; i++)
    streams.push(
      await subscribe(
        targets[i % targets.length]?.url ?? "",
        QUERY,
        { cardId: PREPAID_CARD_ID },
        {
          authorization: `Bearer ${token}`,
        },
      ),
    );
  const sentAt = new Map<string, number>();
  // Until every subscriber has one probe: all of them follow the log from here on.
  const seen = streams.map(() => false);
  while (!seen.every(Boolean)) {
    await sendWebhook(targets[0] as Instance, sentAt);
    await Promise.all(
      streams.map(async (stream, i) => {
        while (await stream.next(300).catch(() => null)) seen[i] = true;
      }),
    );
  }
  sentAt.clear();
  const latencies: number[] = [];
  let delivered = 0;
  let reading = true;
  const readers = streams.map(async (stream) => {
    while (reading) {
      const message = await stream.next(1_000).catch(() => null);
      const event = message?.data.data?.cardEvents as { transactionId?: string } | undefined;
      const sent = event?.transactionId ? sentAt.get(event.transactionId) : undefined;
      if (sent !== undefined) {
        latencies.push(performance.now() - sent);
        delivered++;
      }
    }
  });
  let accepted = 0;
  const started = performance.now();
  const deadline = started + SECONDS * 1_000;
  await Promise.all(
    Array.from({ length: SENDERS }, async (_, sender) => {
      let turn = sender;
      while (performance.now() < deadline)
        if (await sendWebhook(targets[turn++ % targets.length] as Instance, sentAt)) accepted++;
    }),
  );
  const sendSeconds = (performance.now() - started) / 1_000;
  // Let the last events reach every subscriber before the count is taken.
  const expected = accepted * SUBSCRIBERS;
  for (let waited = 0; delivered < expected && waited < 10_000; waited += 50)
    await new Promise((resolve) => setTimeout(resolve, 50));
  reading = false;
  await Promise.all(readers);
  for (const stream of streams) stream.close();
  const result = {
    setting,
    subscribers: SUBSCRIBERS,
    senders: SENDERS,
    webhooksPerSecond: Math.round(accepted / sendSeconds),
    deliveriesPerSecond: Math.round(delivered / sendSeconds),
    delivered,
    expected,
    lost: expected - delivered,
    p50Ms: Number(quantile(latencies, 0.5).toFixed(1)),
    p99Ms: Number(quantile(latencies, 0.99).toFixed(1)),
  };
  console.log(JSON.stringify(result));
  return result;
}

const results = [
  await measure("one instance (webhooks and subscribers on A)", [instances[0] as Instance]),
  await measure("two instances (webhooks to A and B in turn, subscribers split)", instances),
];
console.log(
  [
    "",
    "| Setting | Webhooks/s | Deliveries/s | Webhook to subscriber p50 / p99 (ms) | Delivered (expected) |",
    "| --- | --- | --- | --- | --- |",
    ...results.map(
      (r) =>
        `| ${r.setting} | ${r.webhooksPerSecond} | ${r.deliveriesPerSecond} | ${r.p50Ms} / ${r.p99Ms} | ${r.delivered} (${r.expected}) |`,
    ),
    "",
    `(${SUBSCRIBERS} subscribers, ${SENDERS} senders, ${SECONDS} s per setting)`,
  ].join("\n"),
);
for (const instance of instances) instance.child.kill("SIGTERM");
await redis.stop();
await sandbox.close();
process.exit(0);
