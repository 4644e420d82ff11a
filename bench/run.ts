import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { parseArgs } from "node:util";
import { print } from "graphql";
import { request } from "undici";
import {
  AccountDashboardDocument,
  BlockCardDocument,
  CardScreenDocument,
  CreateCardDocument,
  RefetchCardsDocument,
  TransactionsPageDocument,
} from "../operations/generated.ts";
import { createApp } from "../src/app.ts";
import { createAuthenticator } from "../src/auth/authenticate.ts";
import { mintToken } from "../src/auth/mint.ts";
import { pinKeyFrom } from "../src/auth/pin-encryption.ts";
import { AccountDirectory } from "../src/directory.ts";
import { EnkashClient } from "../src/enkash/client.ts";
import { createJsonLogger } from "../src/logger.ts";
import { Metrics } from "../src/metrics.ts";
import { RateLimiter } from "../src/rate-limit.ts";
import { startSandbox } from "../src/sandbox/index.ts";
import { startServer } from "../src/server.ts";
import { MemoryStateStore } from "../src/state-store.ts";

/**
 * `npm run bench -- [--seconds 5] [--concurrency 4]`: the server over HTTP against the sandbox on
 * loopback, per named operation: EnKash calls per operation against the minimum, p50/p99 at 50 ms
 * EnKash latency against the critical path, and throughput and CPU per operation at 0 ms against a
 * raw baseline (the same EnKash calls made with the client directly, the same JSON serialized).
 * Writes bench/results.json and BENCHMARKS.md. First step: the scaling tables are not built yet.
 */
const { values } = parseArgs({
  options: { seconds: { type: "string", default: "5" }, concurrency: { type: "string", default: "4" } },
});
const SECONDS = Number(values.seconds);
const CONCURRENCY = Number(values.concurrency);
const LATENCY_MS = 50;
const SECRET = "bench-secret-with-enough-length-000000000";

const sandbox = await startSandbox({ seed: 9, size: { cardsPerAccount: 50, transactionsPerCard: 20 } });
const options = {
  baseUrl: sandbox.url,
  tokenUrl: sandbox.tokenUrl,
  partnerId: "CRSANDBOX1",
  clientId: "CEKEP5GSGP",
  clientSecret: "sandbox-secret",
  username: "9999999999",
  password: "Sandbox@123",
};
const enkash = new EnkashClient(options);
const store = new MemoryStateStore();
const accounts: Record<string, string[]> = {};
for (const account of sandbox.state.accounts.values())
  accounts[account.companyId] = [...(accounts[account.companyId] ?? []), account.cardAccountId];
const yoga = createApp({
  enkash,
  directory: new AccountDirectory(accounts),
  logger: createJsonLogger("error", () => {}),
  settings: { otpTtlSeconds: 300, pinKey: pinKeyFrom(null) },
  debugExtensions: true,
  graphiql: false,
  introspection: true,
  limiter: new RateLimiter(store),
  store,
  metrics: new Metrics(),
  readiness: async () => null,
  authenticate: createAuthenticator({
    jwtSecret: SECRET,
    jwksUrl: null,
    issuer: "enkash-graphql",
    audience: "enkash-graphql",
    clockToleranceSeconds: 30,
    apiKeys: [],
  }),
});
const server = await startServer(yoga, 0, "127.0.0.1");
const url = `http://127.0.0.1:${server.port}/graphql`;
const token = await mintToken({
  secret: SECRET,
  issuer: "enkash-graphql",
  audience: "enkash-graphql",
  subject: "bench",
  role: "PARTNER_ADMIN",
  ttlSeconds: 3_600,
});

const CORP = { companyId: "CEK7T1WMC6", cardAccountId: "CAVBMRFE8" };
const corpCards = sandbox.state.cardsOf("CAVBMRFE8").map((card) => card.enKashCardId);
const cardGlobalId = (id: string) => Buffer.from(`Card:CEK7T1WMC6/CAVBMRFE8/${id}`).toString("base64");
let mobile = 9_400_000_000;

async function gql(
  query: string,
  variables: unknown,
): Promise<{ data?: unknown; errors?: unknown; extensions?: { upstreamCalls?: { total: number } } }> {
  const response = await request(url, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
  });
  return (await response.body.json()) as never;
}

interface Operation {
  name: string;
  /** Fewest EnKash calls the API allows for it, and why. */
  minimumUpstreamCalls: number;
  why: string;
  /** Dependent EnKash rounds on the critical path. */
  criticalRounds: number;
  run(): Promise<unknown>;
  /** The same EnKash calls made directly, and the same JSON serialized. */
  baseline(): Promise<unknown>;
}

const screen = { ...CORP, enKashCardId: "EKCQMY9BQ0" };
const operations: Operation[] = [
  {
    name: "CardScreen",
    minimumUpstreamCalls: 4,
    why: "card details, usage controls, the card's transactions and the account (title, type) are four endpoints; none carries another's data",
    criticalRounds: 1,
    run: () => gql(print(CardScreenDocument), screen),
    baseline: async () =>
      JSON.stringify(
        await Promise.all([
          enkash.getCardDetails(screen),
          enkash.getUsageControls(screen),
          enkash.searchTransactions({ ...CORP, enKashCardId: screen.enKashCardId, size: 11 }),
          enkash.getCardAccount(CORP),
        ]),
      ),
  },
  {
    name: "AccountDashboard",
    minimumUpstreamCalls: 3,
    why: "the account, one page of 50 cards, and at least one page of the account's transactions (EnKash cannot filter transactions by several cards at once)",
    criticalRounds: 2,
    run: () => gql(print(AccountDashboardDocument), { ...CORP, cards: 50 }),
    baseline: async () => {
      const [account, cards] = await Promise.all([
        enkash.getCardAccount(CORP),
        enkash.listCards({ ...CORP, size: 50 }),
      ]);
      const pages = await Promise.all(
        [0, 1, 2, 3, 4, 5, 6].map((page) => enkash.searchTransactions({ ...CORP, page, size: 100 })),
      );
      return JSON.stringify({ account, cards, pages });
    },
  },
  {
    name: "TransactionsPage",
    minimumUpstreamCalls: 3,
    why: "the account check, one search page of 100, and the card list for the cards' last 4 digits",
    criticalRounds: 2,
    run: () => gql(print(TransactionsPageDocument), { ...CORP, first: 100 }),
    baseline: async () => {
      const [account, page] = await Promise.all([
        enkash.getCardAccount(CORP),
        enkash.searchTransactions({ ...CORP, direction: "DR", amountFrom: 10_000, size: 100 }),
      ]);
      const cards = await enkash.listCards({ ...CORP, size: 100 });
      return JSON.stringify({ account, page, cards });
    },
  },
  {
    name: "RefetchCards",
    minimumUpstreamCalls: 1,
    why: "one page of the account's card list holds all 20",
    criticalRounds: 1,
    run: () => gql(print(RefetchCardsDocument), { ids: corpCards.slice(0, 20).map(cardGlobalId) }),
    baseline: async () => JSON.stringify(await enkash.listCards({ ...CORP, size: 100 })),
  },
  {
    name: "CreateCard",
    minimumUpstreamCalls: 1,
    why: "the create call answers with the whole card object",
    criticalRounds: 1,
    run: () =>
      gql(print(CreateCardDocument), {
        input: {
          accountId: Buffer.from("CardAccount:CEK7T1WMC6/CAVBMRFE8").toString("base64"),
          cardholder: { firstName: "Bench", mobile: String(mobile++) },
        },
      }),
    baseline: async () =>
      JSON.stringify(await enkash.createCard({ ...CORP, firstName: "Bench", mobile: String(mobile++) })),
  },
  {
    name: "BlockCard",
    minimumUpstreamCalls: 2,
    why: 'the block call answers only "Success", so the fresh card needs one read (each timed iteration also creates the card it blocks, in both the GraphQL and the raw run: one more round)',
    criticalRounds: 3,
    run: async () => {
      const created = await enkash.createCard({ ...CORP, firstName: "Block", mobile: String(mobile++) });
      return gql(print(BlockCardDocument), {
        input: {
          cardId: cardGlobalId(created.enKashCardId),
          reason: "bench",
          otp: { medium: "AUTHENTICATOR", code: "123456" },
        },
      });
    },
    baseline: async () => {
      const created = await enkash.createCard({ ...CORP, firstName: "Block", mobile: String(mobile++) });
      const ref = { ...CORP, enKashCardId: created.enKashCardId };
      await enkash.blockCard({ ...ref, blockCode: "BL", otp: { medium: "MFA", mfaCode: "123456" } });
      return JSON.stringify(await enkash.getCardDetails(ref));
    },
  },
];

async function drive(
  run: () => Promise<unknown>,
): Promise<{ latencies: number[]; count: number; cpuMs: number; seconds: number }> {
  const latencies: number[] = [];
  const deadline = performance.now() + SECONDS * 1000;
  const cpu = process.cpuUsage();
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (performance.now() < deadline) {
        const t = performance.now();
        await run();
        latencies.push(performance.now() - t);
      }
    }),
  );
  const used = process.cpuUsage(cpu);
  return {
    latencies,
    count: latencies.length,
    cpuMs: (used.user + used.system) / 1000,
    seconds: (performance.now() - started) / 1000,
  };
}

const quantile = (values: number[], q: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
};
const setLatency = (fixedMs: number) =>
  sandbox.faults.configure({ latency: { default: { fixedMs, jitterMs: 0 }, routes: {} } });

const results = [];
let peakRssMb = 0;
for (const operation of operations) {
  setLatency(0);
  const probe = await operation.run();
  const upstreamCalls =
    (probe as { extensions?: { upstreamCalls?: { total: number } } }).extensions?.upstreamCalls?.total ??
    Number.NaN;
  setLatency(LATENCY_MS);
  const slow = await drive(operation.run);
  setLatency(0);
  const fast = await drive(operation.run);
  const raw = await drive(operation.baseline);
  peakRssMb = Math.max(peakRssMb, Math.round(process.memoryUsage().rss / 1_048_576));
  results.push({
    name: operation.name,
    upstreamCalls,
    minimumUpstreamCalls: operation.minimumUpstreamCalls,
    why: operation.why,
    p50Ms: Number(quantile(slow.latencies, 0.5).toFixed(1)),
    p99Ms: Number(quantile(slow.latencies, 0.99).toFixed(1)),
    criticalPathMs: operation.criticalRounds * LATENCY_MS,
    throughputPerSecond: Number((fast.count / fast.seconds).toFixed(0)),
    baselineThroughputPerSecond: Number((raw.count / raw.seconds).toFixed(0)),
    cpuMsPerOperation: Number((fast.cpuMs / fast.count).toFixed(3)),
    baselineCpuMsPerOperation: Number((raw.cpuMs / raw.count).toFixed(3)),
    overheadCpuMs: Number((fast.cpuMs / fast.count - raw.cpuMs / raw.count).toFixed(3)),
  });
  console.log(JSON.stringify(results[results.length - 1]));
}

const report = {
  date: new Date().toISOString(),
  node: process.version,
  seconds: SECONDS,
  concurrency: CONCURRENCY,
  latencyMs: LATENCY_MS,
  peakRssMb,
  operations: results,
};
writeFileSync(join(import.meta.dirname, "results.json"), `${JSON.stringify(report, null, 2)}\n`);
const table = [
  "| Operation | EnKash calls (min) | p50 / p99 at 50 ms (ms) | Critical path (ms) | Ops/s at 0 ms (raw) | CPU ms/op (raw) | Overhead CPU ms/op |",
  "| --- | --- | --- | --- | --- | --- | --- |",
  ...results.map(
    (r) =>
      `| ${r.name} | ${r.upstreamCalls} (${r.minimumUpstreamCalls}) | ${r.p50Ms} / ${r.p99Ms} | ${r.criticalPathMs} | ${r.throughputPerSecond} (${r.baselineThroughputPerSecond}) | ${r.cpuMsPerOperation} (${r.baselineCpuMsPerOperation}) | ${r.overheadCpuMs} |`,
  ),
];
writeFileSync(
  join(import.meta.dirname, "..", "BENCHMARKS.md"),
  `# Benchmarks\n\nProduced by \`npm run bench -- --seconds ${SECONDS} --concurrency ${CONCURRENCY}\` on ${report.date.slice(0, 10)} (Node ${process.version}, 2 cores; the sandbox, the server and the load generator share the machine). EnKash latency is the sandbox's fixed per-call delay. Peak RSS ${peakRssMb} MB.\n\n${table.join("\n")}\n\nMinimum EnKash calls, per operation:\n\n${results.map((r) => `- ${r.name}: ${r.minimumUpstreamCalls}: ${r.why}.`).join("\n")}\n\nCritical path = dependent EnKash rounds x 50 ms. Overhead CPU = CPU per operation through GraphQL minus CPU per operation of the raw baseline (the same EnKash calls made with the client directly, the same JSON serialized); both include the in-process sandbox, which the subtraction cancels. Not built yet: the scaling tables (10 to 10,000 cards, 1 to 64 clients) and profiles.\n`,
);
await server.drain(1_000);
await enkash.close();
await sandbox.close();
