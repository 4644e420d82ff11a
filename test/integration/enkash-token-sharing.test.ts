import { describe, expect, it, vi } from "vitest";
import type { SharedTokenStore } from "../../src/enkash/shared-token.ts";
import { MemoryStateStore } from "../../src/state-store.ts";
import { EncryptedTokenStore } from "../../src/token-sharing.ts";
import { CORPORATE, CORPORATE_CARD, clientOptionsFor, useClient } from "../helpers/enkash.ts";

/**
 * Several instances sharing one EnKash token through the state store. Each "instance" here is an
 * EnkashClient of its own (own cache, pool and breaker); the store is shared as Redis would be
 * (redis-store.test.ts runs the same on a real redis-server).
 */

const ctx = useClient();

function instances(store: MemoryStateStore, count: number, share: (s: MemoryStateStore) => SharedTokenStore) {
  return Array.from({ length: count }, () => ctx.newClient({ sharedToken: share(store) }));
}

const encrypted = (store: MemoryStateStore) => new EncryptedTokenStore(store, clientOptionsFor(ctx.sandbox));

describe("one EnKash token shared by several instances", () => {
  it("four instances starting together make one token request", async () => {
    const store = new MemoryStateStore();
    const clients = instances(store, 4, encrypted);
    const before = ctx.sandbox.calls.count("token");
    const results = await Promise.allSettled(
      clients.flatMap((client) =>
        Array.from({ length: 25 }, () => client.call("getCardBalance", CORPORATE_CARD)),
      ),
    );
    expect(results.filter((result) => result.status === "fulfilled")).toHaveLength(100);
    expect(ctx.sandbox.calls.count("token") - before).toBe(1);
  });

  it("a token EnKash refused is refreshed once for every instance", async () => {
    const store = new MemoryStateStore();
    const clients = instances(store, 3, encrypted);
    await Promise.all(clients.map((client) => client.call("getCardAccount", CORPORATE)));
    ctx.sandbox.auth.revokeAll();
    const before = ctx.sandbox.calls.count("token");
    const results = await Promise.allSettled(
      clients.flatMap((client) =>
        Array.from({ length: 20 }, () => client.call("getCardBalance", CORPORATE_CARD)),
      ),
    );
    expect(results.filter((result) => result.status === "fulfilled")).toHaveLength(60);
    expect(ctx.sandbox.calls.count("token") - before).toBe(1);
  });

  it("stores the token only as ciphertext, unreadable with other credentials or when altered", async () => {
    const store = new MemoryStateStore();
    const [client] = instances(store, 1, encrypted);
    await client?.call("getCardAccount", CORPORATE);
    const dump = store.dump();
    for (const token of ctx.sandbox.auth.issuedTokens()) expect(dump).not.toContain(token);
    expect(dump).not.toContain(clientOptionsFor(ctx.sandbox).password);

    const ours = encrypted(store);
    expect((await ours.read())?.token).toMatch(/.+/);
    const otherLogin = new EncryptedTokenStore(store, {
      ...clientOptionsFor(ctx.sandbox),
      password: "another-password",
    });
    // Same login identifiers, so the same record; another password cannot decrypt it.
    expect(await otherLogin.read()).toBeNull();

    const [key, entry] = JSON.parse(dump)[0] as [string, { value: string }];
    const [iv, tag, body] = entry.value.split(".");
    const flipped = `${body?.[0] === "A" ? "B" : "A"}${body?.slice(1)}`;
    await store.set(key, `${iv}.${tag}.${flipped}`, 60_000);
    expect(await ours.read()).toBeNull();
  });

  it("keeps serving with a token of its own when the shared store fails", async () => {
    let failures = 0;
    const broken: SharedTokenStore = {
      read: () => Promise.reject(new Error("store down")),
      write: () => Promise.reject(new Error("store down")),
      discard: () => Promise.reject(new Error("store down")),
      lock: () => Promise.reject(new Error("store down")),
      unlock: () => Promise.reject(new Error("store down")),
      readRefusal: () => Promise.reject(new Error("store down")),
      writeRefusal: () => Promise.reject(new Error("store down")),
      clearRefusal: () => Promise.reject(new Error("store down")),
    };
    const client = ctx.newClient({
      sharedToken: broken,
      observer: { onTokenShareFailure: () => failures++ },
    });
    const before = ctx.sandbox.calls.count("token");
    await Promise.all(Array.from({ length: 10 }, () => client.call("getCardBalance", CORPORATE_CARD)));
    expect(ctx.sandbox.calls.count("token") - before).toBe(1);
    expect(failures).toBe(1);
  });

  it("with wrong credentials, three instances spend one login, not three (EnKash locks after three)", async () => {
    const store = new MemoryStateStore();
    const wrong = { ...clientOptionsFor(ctx.sandbox), password: "Wrong@Password1" };
    const clients = Array.from({ length: 3 }, () =>
      ctx.newClient({ password: wrong.password, sharedToken: new EncryptedTokenStore(store, wrong) }),
    );
    const before = ctx.sandbox.calls.count("token");
    const results = await Promise.allSettled(
      clients.flatMap((client) => [
        client.call("getCardBalance", CORPORATE_CARD),
        client.call("getCardBalance", CORPORATE_CARD),
      ]),
    );
    expect(results.every((result) => result.status === "rejected")).toBe(true);
    expect(
      results.map((result) => (result.status === "rejected" ? (result.reason as { code: string }).code : "")),
    ).toEqual(Array(6).fill("ENKASH_UNAUTHORIZED"));
    expect(ctx.sandbox.calls.count("token") - before).toBe(1);

    // The refusal is sealed under the wrong credentials: an instance with the right ones ignores it.
    const fixed = ctx.newClient({ sharedToken: encrypted(store) });
    await expect(fixed.call("getCardBalance", CORPORATE_CARD)).resolves.toBeTruthy();
    // And once the operator resets a refused instance, the refusal is forgotten for all.
    clients[0]?.resetCredentials();
    // The shared refusal is cleared in the background: wait for it, not for a fixed time.
    await vi.waitFor(
      async () => expect(await new EncryptedTokenStore(store, wrong).readRefusal()).toBeNull(),
      {
        timeout: 5_000,
        interval: 5,
      },
    );
  });

  it("an instance whose lock holder died takes over once the lock expires", async () => {
    const store = new MemoryStateStore();
    const share = encrypted(store);
    // A crashed instance took the lock and never released it; it lapses after its TTL.
    expect(await share.lock(300)).toBe(true);
    const [client] = instances(store, 1, encrypted);
    const before = ctx.sandbox.calls.count("token");
    await client?.call("getCardBalance", CORPORATE_CARD);
    expect(ctx.sandbox.calls.count("token") - before).toBe(1);
  });
});
