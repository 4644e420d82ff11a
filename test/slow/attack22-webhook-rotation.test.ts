import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PartnerEndpointStore } from "../../src/events/partner/endpoints.ts";
import { endpointSecret, signingSecrets } from "../../src/events/partner/secrets.ts";
import { hasRedisServer, useRedisServer } from "../helpers/redis.ts";

/**
 * Attack 22 on secret rotation (src/events/partner/endpoints.ts). The hole: a rotation wrote the
 * generation after the one it had read, whatever Redis held by then. Two callers rotating at once
 * (each read generation 1 before either wrote) both got generation 2; worse, one that read its
 * copy before two other rotations wrote generation 2 over 3, so the secret the last caller was
 * shown never signed, and generation 1 (the secret being rotated away, perhaps leaked) came back
 * into its grace period. A rotation now moves on from what Redis holds, so every caller gets a
 * generation of its own and the count never goes back.
 */
const available = hasRedisServer();
const GRACE_MS = 60_000;

describe.skipIf(!available)("rotating an endpoint's secret from a stale read", () => {
  const server = useRedisServer();
  let redis: Redis;
  let store: PartnerEndpointStore;

  beforeAll(() => {
    redis = new Redis(server.url);
    store = new PartnerEndpointStore(redis, "attack22");
  });
  afterAll(() => redis?.disconnect());

  it("never moves the generation back, and each rotation gets a new one", async () => {
    const created = await store.create(
      { companyId: "CEKEP5GSGP", url: "https://hooks.example/", eventTypes: ["TRANSACTION_POSTED"] },
      10,
    );
    // Caller A reads the endpoint (generation 1) and is slow; B and C rotate meanwhile.
    const staleForA = await store.get(created.id);
    const byB = await store.rotate((await store.get(created.id)) ?? created, GRACE_MS);
    const byC = await store.rotate((await store.get(created.id)) ?? created, GRACE_MS);
    expect([byB.generation, byC.generation]).toEqual([2, 3]);

    const byA = await store.rotate(staleForA ?? created, GRACE_MS);

    const stored = await store.get(created.id);
    expect(stored?.generation).toBe(4);
    expect(byA.generation).toBe(4);
    // A's secret signs, C's still does in the grace; generation 1's is not revived.
    const key = Buffer.alloc(32, 7);
    expect(stored && signingSecrets(key, stored)).toEqual([
      endpointSecret(key, created.id, 4),
      endpointSecret(key, created.id, 3),
    ]);
  });

  it("keeps a removal that raced the rotation", async () => {
    const created = await store.create(
      { companyId: "CEKEP5GSGQ", url: "https://hooks.example/", eventTypes: ["TRANSACTION_POSTED"] },
      10,
    );
    await store.remove(created);
    await store.rotate(created, GRACE_MS);
    expect(await store.get(created.id)).toBeNull();
    expect(await store.ofCompany("CEKEP5GSGQ")).toEqual([]);
  });
});
