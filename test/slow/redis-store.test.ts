import { Redis } from "ioredis";
import { describe, expect, it } from "vitest";
import { CreateCardAccountDocument, LoadCardDocument } from "../../operations/generated.ts";
import { CallRate } from "../../src/call-rate.ts";
import { AccountDirectory } from "../../src/directory.ts";
import { EnkashClient } from "../../src/enkash/client.ts";
import { createJsonLogger } from "../../src/logger.ts";
import { RateLimiter } from "../../src/rate-limit.ts";
import { createReadiness } from "../../src/readiness.ts";
import { RedisStateStore } from "../../src/redis-store.ts";
import { startSandbox } from "../../src/sandbox/index.ts";
import { EncryptedTokenStore } from "../../src/token-sharing.ts";
import { CORPORATE_CARD, clientOptionsFor } from "../helpers/enkash.ts";
import { useHarness } from "../helpers/harness.ts";
import { PREPAID_CARD_ID } from "../helpers/ids.ts";
import { hasRedisServer, useRedisServer } from "../helpers/redis.ts";

const available = hasRedisServer();
if (!available)
  console.warn(
    "SKIPPED: Redis-backed tests need a redis-server binary (apt-get install redis-server); .ci/run installs it.",
  );

describe.skipIf(!available)("shared state in a real Redis", () => {
  const redis = useRedisServer();

  it("keeps records with expiry, claims keys once, and counts in windows", async () => {
    const store = new RedisStateStore(redis.url);
    try {
      expect(await store.ping()).toBe(true);
      expect(await store.setIfAbsent("claim", "first", 60_000)).toBe(true);
      expect(await store.setIfAbsent("claim", "second", 60_000)).toBe(false);
      expect(await store.get("claim")).toBe("first");
      await store.set("short", "v", 50);
      await new Promise((resolve) => setTimeout(resolve, 120));
      expect(await store.get("short")).toBeNull();
      expect([
        await store.increment("n", 60_000),
        await store.increment("n", 60_000),
        await store.increment("n", 60_000),
      ]).toEqual([1, 2, 3]);
      // A round of calls is counted in one step (the per-company EnKash rate).
      expect(await store.increment("batch", 60_000, 4)).toBe(4);
      expect(await store.increment("batch", 60_000, 3)).toBe(7);
      const rate = new CallRate(store, "company", 5);
      expect(await Promise.all([1, 2, 3, 4, 5, 6, 7].map(() => rate.take("CEKEP5GSGP")))).toEqual([
        true,
        true,
        true,
        true,
        true,
        false,
        false,
      ]);
      // Compare and set in one step (idempotency leases), and sets without expiry (accounts).
      expect(await store.compareAndSet("claim", "other", "third", 60_000)).toBe(false);
      expect(await store.compareAndSet("claim", "first", "third", 60_000)).toBe(true);
      expect(await store.get("claim")).toBe("third");
      await store.addToSet("set", "a");
      await store.addToSet("set", "a");
      await store.addToSet("set", "b");
      expect(await store.setSize("set")).toBe(2);
      expect((await store.setMembers("set")).sort()).toEqual(["a", "b"]);
      // The test server does not persist (and by default never evicts); told to evict, it says so.
      expect(await store.durabilityWarnings()).toEqual([expect.stringContaining("Redis does not persist")]);
      const raw = new Redis(redis.url);
      await raw.config("SET", "maxmemory-policy", "allkeys-lru");
      expect(await store.durabilityWarnings()).toEqual([
        expect.stringContaining("Redis does not persist"),
        expect.stringContaining("maxmemory-policy allkeys-lru"),
      ]);
      await raw.config("SET", "maxmemory-policy", "noeviction");
      await raw.quit();
      await store.delete("claim");
      expect(await store.get("claim")).toBeNull();
      const limiter = new RateLimiter(store);
      const rule = { limit: 2, windowMs: 60_000 };
      expect([
        await limiter.take("k", rule),
        await limiter.take("k", rule),
        await limiter.take("k", rule),
      ]).toEqual([true, true, false]);
    } finally {
      await store.close();
    }
  });

  describe("two server instances on one Redis", () => {
    // Both instances talk to one sandbox (one EnKash) and one Redis.
    const first = useHarness({}, {}, { store: () => new RedisStateStore(redis.url) });
    const second = useHarness(
      {},
      {},
      { store: () => new RedisStateStore(redis.url), sandbox: () => first.sandbox },
    );

    it("an idempotency key used on one instance replays on the other, without a second write", async () => {
      const card = PREPAID_CARD_ID;
      const input = {
        cardId: card,
        amount: "12.00",
        referenceNumber: "REDIS-LOAD-1",
        idempotencyKey: "redis-shared-key",
      };
      const before = first.sandbox.calls.count("loadCardBalance");
      const a = await first.gql(LoadCardDocument, { input });
      const b = await second.gql(LoadCardDocument, { input });
      expect(a.data?.loadCard.userErrors).toEqual([]);
      expect(b.data?.loadCard.transaction?.id).toBe(a.data?.loadCard.transaction?.id);
      expect(first.sandbox.calls.count("loadCardBalance") - before).toBe(1);
    });

    it("an account created on one instance is served by the other, and after a restart", async () => {
      const created = await first.gql(CreateCardAccountDocument, {
        input: {
          companyId: "CEK7T1WMC6",
          companyName: "Vikram Singh",
          planMasterId: "PMMEAL001",
          title: "Shared meals",
          type: "MEAL",
          adminEmail: "hr@example.in",
          adminMobile: "9876543210",
        },
      });
      const account = created.data?.createCardAccount.cardAccount;
      expect(created.data?.createCardAccount.userErrors).toEqual([]);
      if (!account) throw new Error("no account");
      const read = `query A($id: ID!) { node(id: $id) { ... on CardAccount { cardAccountId title } } }`;
      const onSecond = await second.gql<{ node: unknown }, { id: string }>(read, { id: account.id });
      expect(onSecond.data?.node).toEqual({ cardAccountId: account.cardAccountId, title: "Shared meals" });

      // A restarted instance reads the created accounts when it starts (bootstrap refreshes).
      const store = new RedisStateStore(redis.url);
      try {
        const restarted = new AccountDirectory({}, { store, logger: createJsonLogger("error", () => {}) });
        expect(restarted.hasAccount("CEK7T1WMC6", account.cardAccountId)).toBe(false);
        await restarted.refresh();
        expect(restarted.hasAccount("CEK7T1WMC6", account.cardAccountId)).toBe(true);
      } finally {
        await store.close();
      }
    });

    it("OTP rate limits count across instances", async () => {
      const card = PREPAID_CARD_ID;
      const send = (instance: typeof first) =>
        instance.gql(`mutation O { generateCardOtp(input: { cardId: "${card}" }) { userErrors { code } } }`);
      const codes: string[] = [];
      for (const instance of [first, second, first, second, first, second]) {
        const result = (await send(instance)).data as { generateCardOtp: { userErrors: { code: string }[] } };
        codes.push(result.generateCardOtp.userErrors[0]?.code ?? "ok");
      }
      expect(codes).toEqual(["ok", "ok", "ok", "ok", "ok", "RATE_LIMITED"]);
    });
  });

  it("three instances share one encrypted EnKash token: one token request, and one per refusal", async () => {
    const sandbox = await startSandbox({ seed: 1 });
    const stores = [1, 2, 3].map(() => new RedisStateStore(redis.url));
    const clients = stores.map(
      (store) =>
        new EnkashClient({
          ...clientOptionsFor(sandbox),
          sharedToken: new EncryptedTokenStore(store, clientOptionsFor(sandbox)),
        }),
    );
    const burst = () =>
      Promise.all(
        clients.flatMap((client) =>
          Array.from({ length: 20 }, () => client.call("getCardBalance", CORPORATE_CARD)),
        ),
      );
    try {
      await burst();
      expect(sandbox.calls.count("token")).toBe(1);
      sandbox.auth.revokeAll();
      await burst();
      expect(sandbox.calls.count("token")).toBe(2);

      const raw = new Redis(redis.url);
      const keys = await raw.keys("*");
      const values = await Promise.all(
        keys.map(async (key) =>
          (await raw.type(key)) === "set" ? (await raw.smembers(key)).join(" ") : raw.get(key),
        ),
      );
      await raw.quit();
      expect(keys.some((key) => key.startsWith("enkash-token:"))).toBe(true);
      const everything = `${keys.join(" ")} ${values.join(" ")}`;
      for (const token of sandbox.auth.issuedTokens()) expect(everything).not.toContain(token);
    } finally {
      await Promise.all(clients.map((client) => client.close()));
      await Promise.all(stores.map((store) => store.close()));
      await sandbox.close();
    }
  });

  it("readiness reports an unreachable Redis", async () => {
    const sandbox = await startSandbox({ seed: 1 });
    const enkash = new EnkashClient(clientOptionsFor(sandbox));
    const store = new RedisStateStore(redis.url);
    const readiness = createReadiness({ enkash, store, draining: () => false });
    expect(await readiness()).toBeNull();
    await redis.stop();
    expect(await readiness()).toBe("the state store (Redis) is unreachable");
    await store.close();
    await enkash.close();
    await sandbox.close();
  });
});
