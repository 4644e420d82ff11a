import { describe, expect, it } from "vitest";
import {
  CreateCardAccountDocument,
  CreateCardDocument,
  GenerateCardOtpDocument,
  LoadCardDocument,
  LockCardDocument,
  OrderPhysicalCardDocument,
  RequestCardReplacementDocument,
  SetCardPinDocument,
  UpdateCardControlsDocument,
  ValidatePaymentOtpDocument,
} from "../../operations/generated.ts";
import type { Fault } from "../../src/sandbox/faults.ts";
import type { RouteName } from "../../src/sandbox/options.ts";
import { MemoryStateStore } from "../../src/state-store.ts";
import { useHarness } from "../helpers/harness.ts";
import { globalId as id } from "../helpers/ids.ts";

/**
 * Recovery by mutation (docs/operations.md): when a first run sent its write to EnKash and its
 * result was never stored (EnKash's answer lost, or the instance killed), a retry with the same
 * key reconciles with EnKash's state: the original outcome, or OUTCOME_UNKNOWN naming how to
 * check, never a second side effect. Side effects are counted from the sandbox's call log and
 * state.
 */

/**
 * A store that "dies" with its instance: once an idempotency record says `sent`, nothing more is
 * written to it (a killed process never finishes its record), until `revive()`.
 */
class CrashingStore extends MemoryStateStore {
  crashed = false;
  override async compareAndSet(key: string, expected: string, next: string, ttlMs: number) {
    if (this.crashed) return true;
    const done = await super.compareAndSet(key, expected, next, ttlMs);
    if (done && key.startsWith("idempotency:") && next.includes('"step":"sent"')) this.crashed = true;
    return done;
  }
  override async deleteIfEquals(key: string, value: string) {
    if (!this.crashed) await super.deleteIfEquals(key, value);
  }
  revive() {
    this.crashed = false;
  }
}

/** A store that goes away between claiming a record and marking it sent. */
class VanishingStore extends MemoryStateStore {
  away = false;
  override async compareAndSet(key: string, expected: string, next: string, ttlMs: number) {
    if (this.away) throw new Error("connection lost");
    return super.compareAndSet(key, expected, next, ttlMs);
  }
}

const h = useHarness();
const vanishing = new VanishingStore();
const v = useHarness({}, {}, { store: () => vanishing });
const LEASE_MS = 20_000;
const crashing = new CrashingStore();
/** The clock leases are read against: moved by the test, never waited for. */
let skew = 0;
const c = useHarness(
  {},
  {},
  { store: () => crashing, settings: { idempotencyLeaseMs: LEASE_MS, clock: () => Date.now() + skew } },
);

const PREPAID_ACCOUNT = id("CardAccount", "CEKEP5GSGP/CABFIPS");
let mobiles = 9_400_000_000;
let keys = 0;
const newKey = () => `recovery-${++keys}`;

type Harness = typeof h;

/** Runs `run` with a fault on one sandbox route for its first call only. */
async function withFault<T>(
  harness: Harness,
  route: RouteName,
  fault: Fault,
  run: () => Promise<T>,
): Promise<T> {
  harness.sandbox.faults.configure({ faults: { [fault]: 1, routes: [route] } });
  try {
    return await run();
  } finally {
    harness.sandbox.faults.configure({ faults: {} });
  }
}

async function newCard(harness: Harness = h) {
  const result = await harness.gql(CreateCardDocument, {
    input: {
      accountId: PREPAID_ACCOUNT,
      cardholder: { firstName: "Ravi", mobile: String(mobiles++) },
      initialLoad: "100.00",
    },
  });
  const card = result.data?.createCard.card;
  if (!card) throw new Error(JSON.stringify(result));
  return card;
}

const liveCardsWithMobile = (harness: Harness, mobile: string) =>
  [...harness.sandbox.state.cards.values()].filter(
    (card) => card.holder.mobile === mobile && card.status !== "BL",
  ).length;

const calls = (harness: Harness, route: string) => harness.sandbox.calls.count(route);

describe("a lost answer, then a retry with the same key", () => {
  it("createCard: the retry finds the card the lost answer made; one card, one initial load", async () => {
    const mobile = String(mobiles++);
    const input = {
      idempotencyKey: newKey(),
      accountId: PREPAID_ACCOUNT,
      cardholder: { firstName: "Meera", mobile },
      initialLoad: "250.00",
    };
    const before = calls(h, "createCard");
    const lost = await withFault(h, "createCard", "lostResponse", () => h.gql(CreateCardDocument, { input }));
    expect(lost.data?.createCard.userErrors[0]?.code).toBe("OUTCOME_UNKNOWN");
    const retry = await h.gql(CreateCardDocument, { input });
    expect(retry.data?.createCard.userErrors).toEqual([]);
    expect(retry.data?.createCard.card?.balance.amount).toBe("250.00");
    expect(calls(h, "createCard") - before).toBe(1);
    expect(liveCardsWithMobile(h, mobile)).toBe(1);
    const replay = await h.gql(CreateCardDocument, { input });
    expect(replay.data?.createCard.card?.id).toBe(retry.data?.createCard.card?.id);
  });

  it("createCard: when the lost write never arrived, the retry creates the card, once", async () => {
    const mobile = String(mobiles++);
    const input = { idempotencyKey: newKey(), accountId: PREPAID_ACCOUNT, cardholder: { mobile } };
    const reset = await withFault(h, "createCard", "reset", () => h.gql(CreateCardDocument, { input }));
    expect(reset.data?.createCard.userErrors[0]?.code).toBe("OUTCOME_UNKNOWN");
    expect(liveCardsWithMobile(h, mobile)).toBe(0);
    const retry = await h.gql(CreateCardDocument, { input });
    expect(retry.data?.createCard.userErrors).toEqual([]);
    expect(liveCardsWithMobile(h, mobile)).toBe(1);
  });

  it("createCard: a card that cannot be told apart is OUTCOME_UNKNOWN, never a second card", async () => {
    const input = { idempotencyKey: newKey(), accountId: PREPAID_ACCOUNT };
    const before = calls(h, "createCard");
    await withFault(h, "createCard", "lostResponse", () => h.gql(CreateCardDocument, { input }));
    const retry = await h.gql(CreateCardDocument, { input });
    expect(retry.data?.createCard.userErrors[0]?.code).toBe("OUTCOME_UNKNOWN");
    expect(retry.data?.createCard.userErrors[0]?.message).toContain("look for it in the account's cards");
    expect(calls(h, "createCard") - before).toBe(1);
  });

  it("loadCard: EnKash's duplicate refusal of the key's reference is the original load", async () => {
    const card = await newCard();
    const input = { idempotencyKey: newKey(), cardId: card.id, amount: "35.00" };
    const lost = await withFault(h, "loadCardBalance", "lostResponse", () =>
      h.gql(LoadCardDocument, { input }),
    );
    expect(lost.data?.loadCard.userErrors[0]?.code).toBe("OUTCOME_UNKNOWN");
    const retry = await h.gql(LoadCardDocument, { input });
    expect(retry.data?.loadCard.userErrors).toEqual([]);
    expect(retry.data?.loadCard.card?.balance.amount).toBe("135.00");
    expect(retry.data?.loadCard.transaction?.amount.amount).toBe("35.00");
  });

  it("lockCard: the card's status shows the change; no second write", async () => {
    const card = await newCard();
    const input = { idempotencyKey: newKey(), cardId: card.id };
    const before = calls(h, "blockCard");
    await withFault(h, "blockCard", "lostResponse", () => h.gql(LockCardDocument, { input }));
    const retry = await h.gql(LockCardDocument, { input });
    expect(retry.data?.lockCard).toEqual({ card: { id: card.id, status: "LOCKED" }, userErrors: [] });
    expect(calls(h, "blockCard") - before).toBe(1);
  });

  it("lockCard: a write that never arrived is made by the retry", async () => {
    const card = await newCard();
    const input = { idempotencyKey: newKey(), cardId: card.id };
    await withFault(h, "blockCard", "reset", () => h.gql(LockCardDocument, { input }));
    expect(h.sandbox.state.cards.get(card.enKashCardId)?.status).toBe("UL");
    const retry = await h.gql(LockCardDocument, { input });
    expect(retry.data?.lockCard.card?.status).toBe("LOCKED");
  });

  it("orderPhysicalCard: the card shows its plastic; no second order", async () => {
    const card = await newCard();
    const address = { line1: "9 Residency Road", city: "Bengaluru", state: "Karnataka", pincode: "560025" };
    const input = { idempotencyKey: newKey(), cardId: card.id, deliveryAddress: address };
    const before = calls(h, "orderPhysicalCard");
    await withFault(h, "orderPhysicalCard", "lostResponse", () =>
      h.gql(OrderPhysicalCardDocument, { input }),
    );
    const retry = await h.gql(OrderPhysicalCardDocument, { input });
    expect(retry.data?.orderPhysicalCard).toEqual({ card: { id: card.id, physical: true }, userErrors: [] });
    expect(calls(h, "orderPhysicalCard") - before).toBe(1);
  });

  it("requestCardReplacement: the old card blocked, the new one found; one replacement", async () => {
    const card = await newCard();
    const sent = await h.gql(GenerateCardOtpDocument, { input: { cardId: card.id } });
    const otp = { otpRequestId: sent.data?.generateCardOtp.otpRequestId ?? "", code: "123456" };
    const input = { idempotencyKey: newKey(), cardId: card.id, otp };
    const before = calls(h, "replaceCard");
    await withFault(h, "replaceCard", "lostResponse", () => h.gql(RequestCardReplacementDocument, { input }));
    const retry = await h.gql(RequestCardReplacementDocument, { input });
    const payload = retry.data?.requestCardReplacement;
    expect(payload?.userErrors).toEqual([]);
    expect(payload?.replacedCard?.status).toBe("BLOCKED");
    expect(payload?.newCard).toMatchObject({ status: "ACTIVE", balance: { amount: "100.00" } });
    expect(calls(h, "replaceCard") - before).toBe(1);
  });

  it("setCardPin with an OTP: sent again, the spent OTP makes the outcome unknown, said so", async () => {
    const card = await newCard();
    const sent = await h.gql(GenerateCardOtpDocument, { input: { cardId: card.id, action: "SET_PIN" } });
    const otp = { otpRequestId: sent.data?.generateCardOtp.otpRequestId ?? "", code: "123456" };
    const input = { idempotencyKey: newKey(), cardId: card.id, pin: "4920", otp };
    await withFault(h, "setPin", "lostResponse", () => h.gql(SetCardPinDocument, { input }));
    const retry = await h.gql(SetCardPinDocument, { input });
    expect(retry.data?.setCardPin.userErrors[0]).toMatchObject({ code: "OUTCOME_UNKNOWN" });
    expect(retry.data?.setCardPin.userErrors[0]?.message).toContain("Set it again with a new OTP");
    expect(JSON.stringify(retry)).not.toContain("4920");
  });

  it("updateCardControls: setting the same controls again is the recovery", async () => {
    const card = await newCard();
    const input = { idempotencyKey: newKey(), cardId: card.id, atm: false };
    await withFault(h, "updateUsageControls", "lostResponse", () =>
      h.gql(UpdateCardControlsDocument, { input }),
    );
    const retry = await h.gql(UpdateCardControlsDocument, { input });
    expect(retry.data?.updateCardControls.userErrors).toEqual([]);
  });

  it("createCardAccount: EnKash cannot list accounts, so OUTCOME_UNKNOWN, and no second account", async () => {
    const input = {
      idempotencyKey: newKey(),
      companyId: "CEK7T1WMC6",
      companyName: "Vikram Singh",
      planMasterId: "PMMEAL001",
      title: "Lost answer meals",
      type: "MEAL" as const,
      adminEmail: "hr@example.in",
      adminMobile: "9876543210",
    };
    const before = calls(h, "createCardAccount");
    await withFault(h, "createCardAccount", "lostResponse", () =>
      h.gql(CreateCardAccountDocument, { input }),
    );
    const retry = await h.gql(CreateCardAccountDocument, { input });
    expect(retry.data?.createCardAccount.userErrors[0]?.code).toBe("OUTCOME_UNKNOWN");
    expect(calls(h, "createCardAccount") - before).toBe(1);
  });

  it("validatePaymentOtp: a payment no longer waiting is OUTCOME_UNKNOWN (this API cannot read it)", async () => {
    h.sandbox.state.pgPayments.set("EKPAYREC0001", {
      ekPayId: "EKPAYREC0001",
      orderId: "ORD-REC-1",
      amount: 10_000 as never,
      status: "PENDING_OTP",
      failedAttempts: 0,
      resends: 0,
      createdOn: h.sandbox.clock.now(),
    });
    const input = { idempotencyKey: newKey(), paymentId: "EKPAYREC0001", otp: "123456" };
    await withFault(h, "pgValidateOtp", "lostResponse", () => h.gql(ValidatePaymentOtpDocument, { input }));
    expect(h.sandbox.state.pgPayments.get("EKPAYREC0001")?.status).toBe("SUCCESS");
    const retry = await h.gql(ValidatePaymentOtpDocument, { input });
    expect(retry.data?.validatePaymentOtp.userErrors[0]?.code).toBe("OUTCOME_UNKNOWN");
  });
});

describe("an instance killed between 'sent to EnKash' and 'result stored'", () => {
  it("the key answers IN_PROGRESS while the lease holds, then the retry takes over and recovers the card", async () => {
    const mobile = String(mobiles++);
    const input = {
      idempotencyKey: newKey(),
      accountId: PREPAID_ACCOUNT,
      cardholder: { firstName: "Kiran", mobile },
      initialLoad: "75.00",
    };
    const before = calls(c, "createCard");
    // The first run makes the card at EnKash, and its instance "dies": its record stays `sent`.
    await c.gql(CreateCardDocument, { input });
    crashing.revive();
    expect(calls(c, "createCard") - before).toBe(1);
    const during = await c.gql(CreateCardDocument, { input });
    expect(during.data?.createCard.userErrors[0]?.code).toBe("IDEMPOTENCY_IN_PROGRESS");
    skew += LEASE_MS + 1;
    const retry = await c.gql(CreateCardDocument, { input });
    expect(retry.data?.createCard.userErrors).toEqual([]);
    expect(retry.data?.createCard.card?.balance.amount).toBe("75.00");
    expect(calls(c, "createCard") - before).toBe(1);
    expect(liveCardsWithMobile(c, mobile)).toBe(1);
  });
});

describe("the state store lost between claiming a key and sending the write", () => {
  it("the write is not sent and the answer is STATE_STORE_UNAVAILABLE (typed, retryable); the retry goes through", async () => {
    const card = await newCard(v);
    const input = { idempotencyKey: newKey(), cardId: card.id, amount: "3.00" };
    vanishing.away = true;
    const { result, calls: made } = await v.upstream(() => v.gql(LoadCardDocument, { input }));
    vanishing.away = false;
    expect(result.data?.loadCard.userErrors).toEqual([
      expect.objectContaining({ code: "STATE_STORE_UNAVAILABLE", field: null }),
    ]);
    expect(made.loadCardBalance).toBeUndefined();
    const retry = await v.gql(LoadCardDocument, { input });
    expect(retry.data?.loadCard.card?.balance.amount).toBe("103.00");
  });
});
