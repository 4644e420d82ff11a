import { type ChildProcess, fork } from "node:child_process";
import { once } from "node:events";
import { print } from "graphql";
import { request } from "undici";
import {
  AccountDashboardDeferredDocument,
  AccountDashboardDocument,
  CardScreenDeferredDocument,
  CardScreenDocument,
} from "../operations/generated.ts";
import { createApp } from "../src/app.ts";
import { createAuthenticator } from "../src/auth/authenticate.ts";
import { mintToken } from "../src/auth/mint.ts";
import { DEFAULT_PROTECTIVE_ACTIONS_WITHOUT_OTP } from "../src/auth/otp-policy.ts";
import { pinKeyFrom } from "../src/auth/pin-encryption.ts";
import { AccountDirectory } from "../src/directory.ts";
import { EnkashClient } from "../src/enkash/client.ts";
import { createJsonLogger } from "../src/logger.ts";
import { Metrics } from "../src/metrics.ts";
import { RateLimiter } from "../src/rate-limit.ts";
import type { LatencySpec, RouteName } from "../src/sandbox/options.ts";
import { startServer } from "../src/server.ts";
import { MemoryStateStore } from "../src/state-store.ts";

/**
 * First paint: time to the first part and time to the whole answer, for the card screen and the
 * account dashboard against their deferred variants (operations/*-deferred.graphql), over HTTP
 * (multipart/mixed for all four, so the transport is the same; a plain operation's first part is
 * its whole answer).
 *
 *   node --import tsx bench/first-paint.ts [--seconds 4] [--rounds 4]
 *
 * The sandbox runs in a process of its own (this file, forked with --sandbox), so its timers and
 * CPU are not the server's. Two latency settings: 50 ms on every EnKash route with 150 ms on the
 * transaction search, and 50 ms everywhere. Each setting runs `rounds` rounds; a round drives
 * each operation alone (one request at a time) for seconds / rounds, the four interleaved, so
 * drift hits all alike. Per round p50/p99 of both times; reported: the median over the rounds.
 * Prints a JSON line per round and per result, then a markdown table.
 */

interface LatencyMessage {
  id: number;
  kind: "latency";
  default: LatencySpec;
  routes: Partial<Record<RouteName, LatencySpec>>;
}
type Message = LatencyMessage | { id: number; kind: "close" };

const CREDENTIALS = {
  partnerId: "CRSANDBOX1",
  clientId: "CEKEP5GSGP",
  clientSecret: "sandbox-secret",
  username: "9999999999",
  password: "Sandbox@123",
};
const SECRET = "first-paint-secret-with-enough-length-0000";

/** The child: a sandbox whose per-route latency the parent sets over IPC. */
async function runSandbox(): Promise<void> {
  const { startSandbox } = await import("../src/sandbox/index.ts");
  const sandbox = await startSandbox({ seed: 9 });
  process.on("message", async (message: Message) => {
    if (message.kind === "latency") {
      sandbox.faults.configure({ latency: { default: message.default, routes: message.routes } });
      process.send?.({ id: message.id });
    } else {
      await sandbox.close();
      process.send?.({ id: message.id });
      process.exit(0);
    }
  });
  const accounts: Record<string, string[]> = {};
  for (const account of sandbox.state.accounts.values())
    accounts[account.companyId] = [...(accounts[account.companyId] ?? []), account.cardAccountId];
  process.send?.({ ready: true, url: sandbox.url, tokenUrl: sandbox.tokenUrl, accounts });
}

function argument(name: string, fallback: number): number {
  const index = process.argv.indexOf(`--${name}`);
  const value = index >= 0 ? Number(process.argv[index + 1]) : fallback;
  if (!Number.isFinite(value) || value <= 0) throw new Error(`--${name} takes a positive number`);
  return value;
}

const fixed = (ms: number): LatencySpec => ({ fixedMs: ms, jitterMs: 0 });

const SETTINGS = [
  { name: "search 150 ms, others 50 ms", default: fixed(50), routes: { transactions: fixed(150) } },
  { name: "uniform 50 ms", default: fixed(50), routes: {} },
] as const;

const OPERATIONS = [
  { name: "CardScreen", query: print(CardScreenDocument) },
  { name: "CardScreenDeferred", query: print(CardScreenDeferredDocument) },
  { name: "AccountDashboard", query: print(AccountDashboardDocument) },
  { name: "AccountDashboardDeferred", query: print(AccountDashboardDeferredDocument) },
];

async function main(): Promise<void> {
  const seconds = argument("seconds", 4);
  const rounds = Math.round(argument("rounds", 4));
  const child: ChildProcess = fork(import.meta.filename, ["--sandbox"], {
    execArgv: ["--import", "tsx"],
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  const [ready] = (await once(child, "message")) as [
    { url: string; tokenUrl: string; accounts: Record<string, string[]> },
  ];
  let next = 0;
  const ask = (message: Omit<LatencyMessage, "id"> | { kind: "close" }) =>
    new Promise<void>((resolve) => {
      const id = ++next;
      const onMessage = (answer: { id?: number }) => {
        if (answer.id !== id) return;
        child.off("message", onMessage);
        resolve();
      };
      child.on("message", onMessage);
      child.send({ ...message, id });
    });

  const enkash = new EnkashClient({
    baseUrl: ready.url,
    tokenUrl: ready.tokenUrl,
    ...CREDENTIALS,
    maxInFlight: 64,
  });
  const store = new MemoryStateStore();
  const yoga = createApp({
    enkash,
    directory: new AccountDirectory(ready.accounts),
    logger: createJsonLogger("error", () => {}),
    settings: {
      otpTtlSeconds: 300,
      pinKey: pinKeyFrom(null),
      protectiveActionsWithoutOtp: DEFAULT_PROTECTIVE_ACTIONS_WITHOUT_OTP,
    },
    debugExtensions: false,
    graphiql: false,
    introspection: false,
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
  const server = await startServer(yoga, { port: 0, host: "127.0.0.1" });
  const url = `http://127.0.0.1:${server.port}/graphql`;
  const token = await mintToken({
    secret: SECRET,
    issuer: "enkash-graphql",
    audience: "enkash-graphql",
    subject: "first-paint",
    role: "PARTNER_ADMIN",
    ttlSeconds: 3_600,
  });
  await enkash.checkCredentials();

  /** One request: ms to the first complete part and to the end of the answer. */
  const once_ = async (query: string): Promise<{ firstMs: number; completeMs: number; parts: number }> => {
    const started = performance.now();
    const response = await request(url, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        accept: "multipart/mixed",
        authorization: `Bearer ${token}`,
      },
      body: JSON.stringify({ query }),
    });
    let firstMs = 0;
    let parts = 0;
    let text = "";
    for await (const chunk of response.body) {
      text += chunk.toString("latin1");
      // A part is complete once its JSON body and the next boundary have arrived.
      const complete = text.split("\r\n---").length - 2;
      if (complete > parts) {
        if (parts === 0) firstMs = performance.now() - started;
        parts = complete;
      }
    }
    const completeMs = performance.now() - started;
    if (response.statusCode !== 200 || /"errors"/.test(text))
      throw new Error(`an answer failed: ${text.slice(0, 300)}`);
    return { firstMs: firstMs || completeMs, completeMs, parts: Math.max(parts, 1) };
  };

  const results: Record<string, { first: number[]; complete: number[] }[]> = {};
  for (const setting of SETTINGS) {
    await ask({ kind: "latency", default: setting.default, routes: setting.routes });
    for (const operation of OPERATIONS) await once_(operation.query); // warm-up (and first compile)
    for (let round = 1; round <= rounds; round++)
      for (const operation of OPERATIONS) {
        const first: number[] = [];
        const complete: number[] = [];
        let parts = 0;
        const until = performance.now() + (seconds * 1000) / rounds;
        while (performance.now() < until) {
          const timing = await once_(operation.query);
          first.push(timing.firstMs);
          complete.push(timing.completeMs);
          parts = timing.parts;
        }
        const line = {
          setting: setting.name,
          operation: operation.name,
          round,
          requests: first.length,
          parts,
          firstPartP50Ms: percentile(first, 0.5),
          firstPartP99Ms: percentile(first, 0.99),
          completeP50Ms: percentile(complete, 0.5),
          completeP99Ms: percentile(complete, 0.99),
        };
        console.log(JSON.stringify(line));
        const key = `${setting.name}|${operation.name}`;
        results[key] = [...(results[key] ?? []), { first, complete }];
      }
  }

  const rows: string[] = [
    "| EnKash latency | Operation | Parts | First part p50 | First part p99 | Complete p50 | Complete p99 |",
    "| --- | --- | ---: | ---: | ---: | ---: | ---: |",
  ];
  for (const setting of SETTINGS)
    for (const operation of OPERATIONS) {
      const perRound = results[`${setting.name}|${operation.name}`] ?? [];
      const summary = {
        setting: setting.name,
        operation: operation.name,
        rounds: perRound.length,
        requests: perRound.reduce((sum, round) => sum + round.first.length, 0),
        firstPartP50Ms: median(perRound.map((round) => percentile(round.first, 0.5))),
        firstPartP99Ms: median(perRound.map((round) => percentile(round.first, 0.99))),
        completeP50Ms: median(perRound.map((round) => percentile(round.complete, 0.5))),
        completeP99Ms: median(perRound.map((round) => percentile(round.complete, 0.99))),
      };
      console.log(JSON.stringify({ summary: true, ...summary }));
      const parts = operation.name.endsWith("Deferred") ? "2+" : "1";
      rows.push(
        `| ${setting.name} | ${operation.name} | ${parts} | ${ms(summary.firstPartP50Ms)} | ${ms(summary.firstPartP99Ms)} | ${ms(summary.completeP50Ms)} | ${ms(summary.completeP99Ms)} |`,
      );
    }
  console.log(`\n${rows.join("\n")}\n`);
  console.log(
    `(${rounds} interleaved rounds of ${(seconds / rounds).toFixed(1)} s per operation and setting, one request at a time; medians of the rounds' percentiles; ms)`,
  );

  await server.drain(1_000);
  await enkash.close();
  const exited = once(child, "exit");
  await ask({ kind: "close" });
  await exited;
}

function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)] ?? Number.NaN;
}

function median(values: readonly number[]): number {
  return percentile(values, 0.5);
}

const ms = (value: number) => value.toFixed(1);

// Last, once every constant above is initialised: the child runs the sandbox, the parent the rest.
if (process.argv.includes("--sandbox")) await runSandbox();
else await main();
