import { createHmac } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { endpointSecret, serverKeyFrom, signingSecrets } from "../../src/events/partner/secrets.ts";
import { signPartnerPayload } from "../../src/shared/partner-signature.ts";
import { docsVerifier } from "../helpers/docs-recipe.ts";

/**
 * The signature partners verify (src/shared/partner-signature.ts), checked with the verification
 * recipe of docs/webhooks.md itself: timestamp and body under HMAC-SHA256, one v1 per valid
 * secret during a rotation.
 */
const body = JSON.stringify({ id: "dlv_1", type: "TRANSACTION_POSTED", data: { amount: 12_345 } });
const now = () => Math.floor(Date.now() / 1000);
let verify: Awaited<ReturnType<typeof docsVerifier>>;
beforeAll(async () => {
  verify = await docsVerifier();
});

describe("partner webhook signatures", () => {
  it("signs `<t>.<body>` with HMAC-SHA256, hex, and the docs' recipe accepts it", () => {
    const t = now();
    const header = signPartnerPayload(body, ["whsec_a"], t);
    const expected = createHmac("sha256", "whsec_a").update(`${t}.${body}`).digest("hex");
    expect(header).toBe(`t=${t},v1=${expected}`);
    expect(verify(body, header, "whsec_a")).toBe(true);
  });

  it("the recipe refuses another secret, a changed body, a changed timestamp and a stale one", () => {
    const t = now();
    const header = signPartnerPayload(body, ["whsec_a"], t);
    expect(verify(body, header, "whsec_b")).toBe(false);
    expect(verify(`${body} `, header, "whsec_a")).toBe(false);
    expect(verify(body, header.replace(`t=${t}`, `t=${t - 1}`), "whsec_a")).toBe(false);
    expect(verify(body, signPartnerPayload(body, ["whsec_a"], t - 301), "whsec_a")).toBe(false);
  });

  it("the recipe refuses malformed headers without throwing", () => {
    const t = now();
    for (const header of [
      undefined,
      "",
      "t=x,v1=zz",
      `t=${t}`,
      `t=${t},v1=${"g".repeat(64)}`,
      `v1=${"a".repeat(64)}`,
    ])
      expect(verify(body, header, "whsec_a")).toBe(false);
  });

  it("during a rotation's grace both secrets verify; after it only the new one signs", () => {
    const key = Buffer.alloc(32, 7);
    const rotated = {
      id: "whe_x",
      companyId: "C",
      url: "https://x",
      eventTypes: [],
      generation: 2,
      previousValidUntil: 5_000,
      createdAt: 0,
      rotatedAt: 1_000,
    };
    const [current, previous] = signingSecrets(key, rotated, 4_999);
    expect(current).toBe(endpointSecret(key, "whe_x", 2));
    expect(previous).toBe(endpointSecret(key, "whe_x", 1));
    const header = signPartnerPayload(body, signingSecrets(key, rotated, 4_999), now());
    expect(verify(body, header, endpointSecret(key, "whe_x", 1))).toBe(true);
    expect(verify(body, header, endpointSecret(key, "whe_x", 2))).toBe(true);
    expect(signingSecrets(key, rotated, 5_000)).toEqual([current]);
  });

  it("secrets differ by endpoint, generation and server key", () => {
    const key = Buffer.alloc(32, 7);
    const secrets = new Set([
      endpointSecret(key, "whe_x", 1),
      endpointSecret(key, "whe_x", 2),
      endpointSecret(key, "whe_y", 1),
      endpointSecret(Buffer.alloc(32, 8), "whe_x", 1),
    ]);
    expect(secrets.size).toBe(4);
    expect([...secrets].every((secret) => /^whsec_[\w-]{43}$/.test(secret))).toBe(true);
  });

  it("PARTNER_WEBHOOK_SIGNING_KEY gives one server key on every instance, never the setting's own bytes", () => {
    const setting = "a-partner-signing-key-of-32-chars-or-more";
    const key = serverKeyFrom(setting);
    expect(key).toHaveLength(32);
    expect(serverKeyFrom(setting).equals(key)).toBe(true);
    expect(serverKeyFrom(`${setting}x`).equals(key)).toBe(false);
    expect(key.toString("utf8")).not.toContain(setting.slice(0, 16));
    // A secret follows the key alone: the same endpoint has the same secret wherever it is derived.
    expect(endpointSecret(serverKeyFrom(setting), "whe_x", 1)).toBe(endpointSecret(key, "whe_x", 1));
  });
});
