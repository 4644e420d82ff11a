import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { SCOPES, type Viewer } from "../../src/auth/viewer.ts";
import type { Context } from "../../src/context.ts";
import { withIdempotency } from "../../src/schema/idempotency.ts";
import { MemoryStateStore } from "../../src/state-store.ts";

/**
 * What makes two mutations "the same request" for an idempotency key (src/schema/idempotency.ts):
 * the mutation and its input in a canonical form (fields in any order, the key itself left out,
 * secrets through a keyed hash), and whose record it is (the caller's subject and whole scope).
 * Through withIdempotency on an in-memory store: a replay returns the first result without running.
 */
const PARTNER_ADMIN: Viewer = {
  subject: "ops",
  role: "PARTNER_ADMIN",
  scopes: new Set(SCOPES),
  companies: "all",
  cards: null,
};

interface Options {
  viewer?: Partial<Viewer>;
  /** The Idempotency-Key header. */
  header?: string;
  /** The key secret inputs are hashed under (derived from the partner credentials). */
  inputHashKey?: Buffer;
}

function server() {
  const store = new MemoryStateStore();
  /** The input hashes of the records written, in order. */
  const recorded: string[] = [];
  const setIfAbsent = store.setIfAbsent.bind(store);
  store.setIfAbsent = async (key, value, ttlMs) => {
    if (key.startsWith("idempotency:")) recorded.push((JSON.parse(value) as { inputHash: string }).inputHash);
    return setIfAbsent(key, value, ttlMs);
  };
  const inputHashKey = randomBytes(32);
  let runs = 0;
  const send = (mutation: string, input: Record<string, unknown>, options: Options = {}) => {
    const ctx = {
      viewer: { ...PARTNER_ADMIN, ...options.viewer },
      idempotencyKey: options.header ?? null,
      inputHashKey: options.inputHashKey ?? inputHashKey,
      store,
      settings: {},
      metrics: { idempotentReplay: () => {} },
      enkash: {},
    } as unknown as Context;
    return withIdempotency(mutation, input, ctx, async () => ({ userErrors: [], run: ++runs }));
  };
  return { send, recorded, runs: () => runs };
}

const REUSED = {
  userErrors: [
    {
      code: "IDEMPOTENCY_KEY_REUSED",
      message: "This idempotency key was used with a different request",
      field: ["input", "idempotencyKey"],
    },
  ],
};

describe("the same request", () => {
  it("has its fields in any order, at any depth", async () => {
    const { send, runs } = server();
    const first = await send("orderPhysicalCard", {
      idempotencyKey: "k1",
      cardId: "Q2FyZDox",
      deliveryAddress: { line1: "1 MG Road", city: "Pune", pincode: "411001" },
    });
    expect(first).toEqual({ userErrors: [], run: 1 });
    const replay = await send("orderPhysicalCard", {
      deliveryAddress: { pincode: "411001", line1: "1 MG Road", city: "Pune" },
      cardId: "Q2FyZDox",
      idempotencyKey: "k1",
    });
    expect(replay).toEqual(first);
    expect(runs()).toBe(1);
  });

  it("is named by the key in the header or in the input alike: the key is not part of the request", async () => {
    const { send, runs } = server();
    const first = await send("loadCard", { cardId: "Q2FyZDox", amount: "10.00" }, { header: "k2" });
    expect(await send("loadCard", { idempotencyKey: "k2", cardId: "Q2FyZDox", amount: "10.00" })).toEqual(
      first,
    );
    // The input's key wins over the header's.
    expect(
      await send(
        "loadCard",
        { idempotencyKey: "k2", cardId: "Q2FyZDox", amount: "10.00" },
        { header: "other" },
      ),
    ).toEqual(first);
    expect(runs()).toBe(1);
  });

  it("leaves out fields that are undefined, as JSON does", async () => {
    const { send, runs } = server();
    const first = await send("lockCard", { idempotencyKey: "k3", cardId: "Q2FyZDox" });
    expect(await send("lockCard", { idempotencyKey: "k3", cardId: "Q2FyZDox", reason: undefined })).toEqual(
      first,
    );
    expect(runs()).toBe(1);
  });
});

describe("another request under the same key: IDEMPOTENCY_KEY_REUSED, nothing run", () => {
  it("another value, a field more or fewer, a list in another order, or another mutation", async () => {
    const { send, runs } = server();
    const input = {
      idempotencyKey: "k4",
      cardId: "Q2FyZDox",
      channels: ["ATM", "POS"],
      limit: { daily: "500" },
    };
    await send("updateCardControls", input);
    for (const [mutation, other] of [
      ["updateCardControls", { ...input, cardId: "Q2FyZDoy" }],
      ["updateCardControls", { ...input, limit: { daily: "501" } }],
      ["updateCardControls", { ...input, limit: { daily: "500", monthly: "900" } }],
      ["updateCardControls", { ...input, atm: true }],
      ["updateCardControls", { idempotencyKey: "k4", cardId: "Q2FyZDox", channels: ["ATM", "POS"] }],
      ["updateCardControls", { ...input, channels: ["POS", "ATM"] }],
      ["lockCard", input],
    ] as const) {
      expect(await send(mutation, other), `${mutation} ${JSON.stringify(other)}`).toEqual(REUSED);
    }
    expect(runs()).toBe(1);
  });
});

describe("secret inputs", () => {
  it("count in the request: another PIN, OTP code or checksum under the same key is another request", async () => {
    const { send, runs } = server();
    const cases: [string, Record<string, unknown>, Record<string, unknown>][] = [
      ["setCardPin", { pin: "1470" }, { pin: "1471" }],
      ["setCardPin", { encryptedPin: "c2VjcmV0LTE=" }, { encryptedPin: "c2VjcmV0LTI=" }],
      [
        "lockCard",
        { otp: { medium: "MOBILE", code: "123456", otpRequestId: "EK1" } },
        { otp: { medium: "MOBILE", code: "654321", otpRequestId: "EK1" } },
      ],
      [
        "lockCard",
        { otp: { medium: "MOBILE", code: "123456" } },
        { otp: { medium: "AUTHENTICATOR", code: "123456" } },
      ],
      ["validatePaymentOtp", { otp: "111111" }, { otp: "222222" }],
      ["validatePaymentOtp", { code: "111111" }, { code: "222222" }],
      ["resendPaymentOtp", { checkSum: "abc" }, { checkSum: "abd" }],
    ];
    for (const [index, [mutation, first, second]] of cases.entries()) {
      const key = { idempotencyKey: `secret-${index}` };
      const original = await send(mutation, { ...key, ...first });
      expect(await send(mutation, { ...key, ...first }), `${mutation} ${index} again`).toEqual(original);
      expect(await send(mutation, { ...key, ...second }), `${mutation} ${index} changed`).toEqual(REUSED);
    }
    expect(runs()).toBe(cases.length);
  });

  it("reach the record only through a hash keyed by the partner's secret", async () => {
    const { send, recorded } = server();
    const [one, other] = [randomBytes(32), randomBytes(32)];
    // Without secrets the input hash is the same whoever computes it...
    await send("loadCard", { idempotencyKey: "p1", amount: "1.00" }, { inputHashKey: one });
    await send("loadCard", { idempotencyKey: "p2", amount: "1.00" }, { inputHashKey: other });
    expect(recorded[0]).toBe(recorded[1]);
    // ...with a PIN (or an OTP code inside `otp`) it depends on the key, so that a stored hash
    // cannot be matched against the 10,000 PINs by someone without the partner's secret.
    await send("setCardPin", { idempotencyKey: "p3", pin: "1470" }, { inputHashKey: one });
    await send("setCardPin", { idempotencyKey: "p4", pin: "1470" }, { inputHashKey: other });
    expect(recorded[2]).not.toBe(recorded[3]);
    await send(
      "lockCard",
      { idempotencyKey: "p5", otp: { medium: "MOBILE", code: "1" } },
      { inputHashKey: one },
    );
    await send(
      "lockCard",
      { idempotencyKey: "p6", otp: { medium: "MOBILE", code: "1" } },
      { inputHashKey: other },
    );
    expect(recorded[4]).not.toBe(recorded[5]);
    expect(recorded).toHaveLength(6);
  });
});

describe("whose record it is", () => {
  it("the caller's subject and whole scope, with companies, cards and scopes in any order", async () => {
    const { send, runs } = server();
    const holder: Partial<Viewer> = {
      subject: "holder-1",
      role: "CARDHOLDER",
      companies: ["CEKEP5GSGP", "CEK7T1WMC6"],
      cards: ["EKCMB7KAEW", "EKC94AEX89"],
      scopes: new Set(["cards:read", "cards:pin"] as const),
    };
    const input = { idempotencyKey: "mine", cardId: "Q2FyZDox" };
    const first = await send("lockCard", input, { viewer: holder });
    const reordered: Partial<Viewer> = {
      ...holder,
      companies: ["CEK7T1WMC6", "CEKEP5GSGP"],
      cards: ["EKC94AEX89", "EKCMB7KAEW"],
      scopes: new Set(["cards:pin", "cards:read"] as const),
    };
    expect(await send("lockCard", input, { viewer: reordered })).toEqual(first);
    expect(runs()).toBe(1);
    // Anything else about the caller is another record: the request runs again, its own.
    for (const viewer of [
      { ...holder, subject: "holder-2" },
      { ...holder, role: "COMPANY_ADMIN" as const, cards: null },
      { ...holder, companies: ["CEKEP5GSGP"] },
      { ...holder, cards: ["EKCMB7KAEW"] },
      { ...holder, scopes: new Set(["cards:read"] as const) },
    ]) {
      const again = await send("lockCard", input, { viewer });
      expect(again, JSON.stringify({ ...viewer, scopes: [...(viewer.scopes ?? [])] })).not.toEqual(first);
      expect(again).toMatchObject({ userErrors: [] });
    }
    expect(runs()).toBe(6);
  });
});

describe("the key", () => {
  it("runs every time without one; refuses one over 255 characters without running", async () => {
    const { send, runs } = server();
    await send("lockCard", { cardId: "Q2FyZDox" });
    await send("lockCard", { cardId: "Q2FyZDox" });
    expect(runs()).toBe(2);
    expect(await send("lockCard", { cardId: "Q2FyZDox", idempotencyKey: "k".repeat(255) })).toMatchObject({
      userErrors: [],
    });
    expect(await send("lockCard", { cardId: "Q2FyZDox", idempotencyKey: "k".repeat(256) })).toEqual({
      userErrors: [
        {
          code: "INVALID_INPUT",
          message: "idempotencyKey must be at most 255 characters",
          field: ["input", "idempotencyKey"],
        },
      ],
    });
    expect(runs()).toBe(3);
  });
});
