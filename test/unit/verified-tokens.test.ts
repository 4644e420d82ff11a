import { describe, expect, it } from "vitest";
import { VerifiedTokens } from "../../src/auth/verified-tokens.ts";
import type { Viewer } from "../../src/auth/viewer.ts";

const viewer: Viewer = {
  subject: "s",
  role: "PARTNER_ADMIN",
  scopes: new Set(),
  companies: "all",
  cards: null,
};

describe("verified token cache", () => {
  it("keeps a viewer until the token's exp, keyed by a hash and never by the token", () => {
    let now = 1_000_000;
    const cache = new VerifiedTokens(10, 5 * 60_000, () => now);
    const token = "eyJhbGciOiJIUzI1NiJ9.e30.signature";
    const key = VerifiedTokens.keyOf(token);
    expect(key).not.toContain(token);
    cache.set(key, viewer, Math.floor(now / 1000) + 60);
    expect(cache.get(key)).toBe(viewer);
    now += 61_000;
    expect(cache.get(key)).toBeNull();
  });

  it("holds an entry at most maxAgeMs, skips tokens without exp, and drops the oldest when full", () => {
    let now = 0;
    const cache = new VerifiedTokens(2, 1_000, () => now);
    cache.set("a", viewer, 10_000);
    cache.set("no-exp", viewer, undefined);
    expect(cache.get("no-exp")).toBeNull();
    now = 1_001;
    expect(cache.get("a")).toBeNull();
    cache.set("b", viewer, 10_000);
    cache.set("c", viewer, 10_000);
    cache.set("d", viewer, 10_000);
    expect([cache.get("b"), cache.get("c"), cache.get("d")]).toEqual([null, viewer, viewer]);
  });
});
