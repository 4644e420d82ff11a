import { request } from "undici";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createApp } from "../../src/app.ts";
import { DEFAULT_PROTECTIVE_ACTIONS_WITHOUT_OTP } from "../../src/auth/otp-policy.ts";
import { AccountDirectory } from "../../src/directory.ts";
import { EnkashClient } from "../../src/enkash/client.ts";
import { createJsonLogger } from "../../src/logger.ts";
import { Metrics } from "../../src/metrics.ts";
import { RateLimiter } from "../../src/rate-limit.ts";
import { createReadiness } from "../../src/readiness.ts";
import { type Sandbox, startSandbox } from "../../src/sandbox/index.ts";
import { type RunningServer, startServer } from "../../src/server.ts";
import { MemoryStateStore } from "../../src/state-store.ts";
import { clientOptionsFor } from "../helpers/enkash.ts";
import { ACCOUNTS, PIN_KEY, testAuthenticator, testToken } from "../helpers/harness.ts";

/** /healthz, /readyz, /metrics and the graceful drain, over real HTTP. */
describe("operations endpoints and graceful shutdown", () => {
  let sandbox: Sandbox;
  let enkash: EnkashClient;
  let server: RunningServer;
  let yoga: ReturnType<typeof createApp>;
  let token = "";
  let base = "";

  beforeAll(async () => {
    sandbox = await startSandbox({ seed: 3, latency: { routes: { getCardDetails: { fixedMs: 400 } } } });
    const metrics = new Metrics();
    const memory = new MemoryStateStore();
    enkash = new EnkashClient({ ...clientOptionsFor(sandbox), observer: metrics.enkashObserver() });
    yoga = createApp({
      enkash,
      directory: new AccountDirectory(ACCOUNTS),
      logger: createJsonLogger("error", () => {}),
      settings: {
        otpTtlSeconds: 300,
        pinKey: PIN_KEY,
        protectiveActionsWithoutOtp: DEFAULT_PROTECTIVE_ACTIONS_WITHOUT_OTP,
      },
      debugExtensions: false,
      graphiql: false,
      introspection: false,
      limiter: new RateLimiter(memory),
      store: memory,
      metrics,
      readiness: createReadiness({ enkash, draining: () => server?.draining ?? false }),
      authenticate: testAuthenticator(),
    });
    server = await startServer(yoga, { port: 0, host: "127.0.0.1" });
    base = `http://127.0.0.1:${server.port}`;
    token = await testToken("ops");
  });
  afterAll(async () => {
    await enkash.close();
    await sandbox.close();
  });

  const graphql = (query: string, headers: Record<string, string> = {}) =>
    request(`${base}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${token}`, ...headers },
      body: JSON.stringify({ query }),
    });

  it("/healthz and /readyz answer without credentials; /metrics counts operations and EnKash calls", async () => {
    expect((await request(`${base}/healthz`)).statusCode).toBe(200);
    // Yoga's health check moved to /healthz: its default /health is not a second open door.
    const health = await request(`${base}/health`);
    expect(health.statusCode).toBe(401);
    await health.body.text();
    // Readiness answers its own path only, not any URL that ends with it.
    const endsWith = await request(`${base}/nowhere?next=/readyz`);
    expect(endsWith.statusCode).toBe(401);
    await endsWith.body.text();
    const ready = await request(`${base}/readyz`);
    expect(ready.statusCode).toBe(200);
    expect(await ready.body.json()).toEqual({ status: "ready" });
    const answer = await graphql(
      `query CardScreen { card(companyId: "CEKEP5GSGP", cardAccountId: "CABFIPS", enKashCardId: "EKCMB7KAEW") { status } }`,
    );
    expect(answer.statusCode).toBe(200);
    await answer.body.text();
    const metrics = await (await request(`${base}/metrics`)).body.text();
    expect(metrics).toContain('graphql_requests_total{operation="CardScreen",outcome="ok"} 1');
    expect(metrics).toContain('enkash_calls_total{operation="getCardDetails",outcome="ok"} 1');
    expect(metrics).toMatch(/enkash_token_requests_total\{outcome="ok"\} \d/);
    expect(metrics).toContain("idempotent_replays_total 0");
    expect(metrics).not.toContain(token);
  });

  it("readiness fails while the EnKash breaker is open", async () => {
    const broken = createReadiness({
      enkash: new EnkashClient({ ...clientOptionsFor(sandbox), password: "wrong-password-here" }),
      draining: () => false,
    });
    expect(await broken()).toBe("no EnKash token could be obtained");
    sandbox.auth.unlock();
  });

  it("on drain, readiness turns 503 and an accepted request still finishes", async () => {
    const slow = graphql(
      `query Slow { card(companyId: "CEKEP5GSGP", cardAccountId: "CABFIPS", enKashCardId: "EKCMB7KAEW") { balance { amount } } }`,
    ).then(async (response) => ({
      status: response.statusCode,
      body: (await response.body.json()) as { data?: { card: { balance: { amount: string } } } },
    }));
    // Drain once the request has reached the server: its EnKash call (answered after 400 ms) is out.
    await vi.waitFor(() => expect(enkash.load.inFlight).toBeGreaterThan(0), { timeout: 10_000, interval: 5 });
    const drained = server.drain(5_000);
    const readiness = await yoga.fetch("http://localhost/readyz");
    expect(readiness.status).toBe(503);
    expect(await readiness.json()).toEqual({
      status: "not ready",
      reason: "draining: the server is shutting down",
    });
    const finished = await slow;
    expect(finished.status).toBe(200);
    expect(finished.body.data?.card.balance.amount).toMatch(/^\d+\.\d{2}$/);
    expect(await drained).toEqual({ finishedInTime: true });
    await expect(request(`${base}/healthz`)).rejects.toThrow();
  });
});
