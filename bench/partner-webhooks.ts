import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { parseArgs } from "node:util";
import { startRedis } from "../soak/cluster.ts";
import { PartnerWebhooks } from "../src/events/partner/service.ts";
import { parseAllowList } from "../src/events/partner/ssrf.ts";
import { RedisEventLog } from "../src/events/redis-log.ts";
import type { CardEvent } from "../src/events/types.ts";
import { createJsonLogger } from "../src/logger.ts";
import { quantile } from "./drive.ts";

/**
 * `node --import tsx bench/partner-webhooks.ts [--events 2000] [--endpoints 2]`: partner webhooks
 * out (docs/webhooks.md), on one instance and on two sharing a redis-server. `events` card events
 * are appended to the Redis event log as fast as one loop can; each goes to every one of
 * `endpoints` loopback receivers answering 204 at once. Per setting: deliveries per second (from
 * the first append to the last delivery received), event-logged-to-delivery-received latency
 * p50/p99 over every delivery, and deliveries lost or repeated (the receivers count delivery IDs).
 * Then, unloaded: `paced` events one at a time, each appended once the previous one's deliveries
 * have all arrived, for the latency of one event through an idle queue.
 * In process, so the numbers are the dispatcher, BullMQ, Redis and undici, not a server's GraphQL.
 * Prints a markdown table.
 */
const { values } = parseArgs({
  options: {
    events: { type: "string", default: "2000" },
    endpoints: { type: "string", default: "2" },
    paced: { type: "string", default: "100" },
  },
});
const EVENTS = Number(values.events);
const ENDPOINTS = Number(values.endpoints);
const PACED = Number(values.paced);
const COMPANY = "CEKEP5GSGP";
const SETTINGS = {
  allow: parseAllowList("127.0.0.1/32"),
  schedule: { baseMs: 100, windowMs: 3_600_000 },
  timeoutMs: 5_000,
  maxEndpointsPerCompany: 100,
  rotationGraceMs: 0,
  retentionMs: 3_600_000,
  concurrency: 10,
};

const appendedAt = new Map<string, number>();
const latencies: number[] = [];
const seen = new Map<string, number>();
let received = 0;
let expected = 0;
let done: (() => void) | null = null;
const receivers = await Promise.all(
  Array.from({ length: ENDPOINTS }, async () => {
    const server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on("data", (chunk: Buffer) => chunks.push(chunk));
      request.on("end", () => {
        const body = JSON.parse(Buffer.concat(chunks).toString("utf8")) as { id: string; eventId: string };
        seen.set(body.id, (seen.get(body.id) ?? 0) + 1);
        latencies.push(performance.now() - (appendedAt.get(body.eventId) ?? 0));
        response.writeHead(204).end();
        if (++received >= expected) done?.();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook` };
  }),
);

const rows: string[] = [];
for (const instances of [1, 2]) {
  const redis = await startRedis();
  const log = new RedisEventLog(redis.url, { retentionMs: 3_600_000 });
  const services = Array.from(
    { length: instances },
    () =>
      new PartnerWebhooks({
        redisUrl: redis.url,
        log,
        serverKey: Buffer.alloc(32, 3),
        settings: SETTINGS,
        observer: { onAttempt: () => {} },
        logger: createJsonLogger("error", () => {}),
      }),
  );
  for (const service of services) service.start();
  for (const { url } of receivers) await services[0]?.register(COMPANY, url, ["STATUS_CHANGED"]);
  const event = (eventId: string): CardEvent =>
    ({
      type: "STATUS_CHANGED",
      eventId,
      companyId: COMPANY,
      cardAccountId: "CABFIPS",
      enKashCardId: "EKCMB7KAEW",
      occurredAt: new Date().toISOString(),
      receivedAt: new Date().toISOString(),
      source: "mutation",
      status: "L",
    }) as CardEvent;
  /** Appends `count` events (all at once, or each after the previous one's deliveries) until every delivery arrived. */
  const run = async (label: string, count: number, paced: boolean) => {
    appendedAt.clear();
    latencies.length = 0;
    seen.clear();
    received = 0;
    const started = performance.now();
    for (let n = 0; n < count; n++) {
      const eventId = `status:bench:${instances}:${label}:${n}`;
      if (paced) expected = (n + 1) * ENDPOINTS;
      const arrived = new Promise<void>((resolve) => {
        done = resolve;
      });
      if (!paced && n === 0) expected = count * ENDPOINTS;
      appendedAt.set(eventId, performance.now());
      await log.append(event(eventId));
      if (paced) await arrived;
    }
    if (!paced && received < expected)
      await new Promise<void>((resolve) => {
        done = resolve;
      });
    const seconds = (performance.now() - started) / 1000;
    const repeated = [...seen.values()].filter((times) => times > 1).length;
    const lost = count * ENDPOINTS - seen.size;
    rows.push(
      `| ${instances} | ${label} | ${count} × ${ENDPOINTS} | ${Math.round((count * ENDPOINTS) / seconds)} | ${quantile(latencies, 0.5).toFixed(1)} | ${quantile(latencies, 0.99).toFixed(1)} | ${lost} | ${repeated} |`,
    );
  };
  await run("burst", EVENTS, false);
  await run("paced", PACED, true);
  for (const service of services) await service.close();
  await log.close();
  await redis.stop();
}
for (const { server } of receivers) {
  server.closeAllConnections();
  server.close();
}
console.log(
  [
    "| Instances | Load | Events × endpoints | Deliveries/s | Logged to received p50 (ms) | p99 (ms) | Lost | Repeated |",
    "| --- | --- | --- | --- | --- | --- | --- | --- |",
    ...rows,
  ].join("\n"),
);
