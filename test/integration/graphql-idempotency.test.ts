import { describe, expect, it } from "vitest";
import { CreateCardDocument, LoadCardDocument, SetCardPinDocument } from "../../operations/generated.ts";
import { useHarness } from "../helpers/harness.ts";
import { PREPAID_ACCOUNT_ID as ACCOUNT, PREPAID_CARD_ID as CARD } from "../helpers/ids.ts";

const h = useHarness({ latency: { routes: { createCard: { fixedMs: 150 } } } });

const balance = async () => {
  const result = await h.gql(
    `query B { card(companyId: "CEKEP5GSGP", cardAccountId: "CABFIPS", enKashCardId: "EKCMB7KAEW") { balance { amount } } }`,
  );
  return Number((result.data as { card: { balance: { amount: string } } }).card.balance.amount);
};

describe("idempotent mutations", () => {
  it("a replay with the same Idempotency-Key returns the first result without repeating the write", async () => {
    const start = await balance();
    const before = h.sandbox.calls.count("loadCardBalance");
    const send = () =>
      h.gql(
        LoadCardDocument,
        { input: { cardId: CARD, amount: "25.00", referenceNumber: "IDEM-LOAD-1" } },
        { headers: { "idempotency-key": "load-key-1" } },
      );
    const first = await send();
    const second = await send();
    expect(first.data?.loadCard.userErrors).toEqual([]);
    expect(second.data?.loadCard.userErrors).toEqual([]);
    expect(second.data?.loadCard.transaction?.id).toBe(first.data?.loadCard.transaction?.id);
    expect(h.sandbox.calls.count("loadCardBalance") - before).toBe(1);
    expect(await balance()).toBeCloseTo(start + 25, 2);
  });

  it("the same key with a different input is IDEMPOTENCY_KEY_REUSED, and changes nothing", async () => {
    await h.gql(LoadCardDocument, {
      input: { cardId: CARD, amount: "10.00", referenceNumber: "IDEM-LOAD-2", idempotencyKey: "load-key-2" },
    });
    const before = h.sandbox.calls.count();
    const reused = await h.gql(LoadCardDocument, {
      input: { cardId: CARD, amount: "11.00", referenceNumber: "IDEM-LOAD-2b", idempotencyKey: "load-key-2" },
    });
    expect(reused.data?.loadCard.userErrors[0]).toMatchObject({
      code: "IDEMPOTENCY_KEY_REUSED",
      field: ["input", "idempotencyKey"],
    });
    expect(h.sandbox.calls.count()).toBe(before);
  });

  it("the same key while the first request runs is IDEMPOTENCY_IN_PROGRESS; only one card is created", async () => {
    const before = h.sandbox.calls.count("createCard");
    const input = {
      accountId: ACCOUNT,
      cardholder: { firstName: "Once", mobile: "9333333333" },
      idempotencyKey: "create-once",
    };
    const [a, b] = await Promise.all([
      h.gql(CreateCardDocument, { input }),
      h.gql(CreateCardDocument, { input }),
    ]);
    const codes = [a, b].map((result) => result.data?.createCard.userErrors[0]?.code ?? "ok").sort();
    expect(codes).toEqual(["IDEMPOTENCY_IN_PROGRESS", "ok"]);
    expect(h.sandbox.calls.count("createCard") - before).toBe(1);
    const replay = await h.gql(CreateCardDocument, { input });
    expect(replay.data?.createCard.card?.id).toBe((a.data?.createCard.card ?? b.data?.createCard.card)?.id);
    expect(h.sandbox.calls.count("createCard") - before).toBe(1);
  });

  it("a load's reference comes from the key: a retry after a lost answer recovers the one load made", async () => {
    const start = await balance();
    h.sandbox.faults.configure({ faults: { lostResponse: 1, routes: ["loadCardBalance"] } });
    const input = { cardId: CARD, amount: "40.00", idempotencyKey: "lost-load-key" };
    const lost = await h.gql(LoadCardDocument, { input });
    h.sandbox.faults.configure({ faults: {} });
    expect(lost.data?.loadCard.userErrors[0]?.code).toBe("OUTCOME_UNKNOWN");
    // EnKash refuses the reference as used; the retry finds the load the lost answer made.
    const retry = await h.gql(LoadCardDocument, { input });
    expect(retry.data?.loadCard.userErrors).toEqual([]);
    expect(retry.data?.loadCard.transaction?.amount.amount).toBe("40.00");
    expect(await balance()).toBeCloseTo(start + 40, 2);
    const replay = await h.gql(LoadCardDocument, { input });
    expect(replay.data?.loadCard.transaction?.id).toBe(retry.data?.loadCard.transaction?.id);
    expect(await balance()).toBeCloseTo(start + 40, 2);
    const missing = await h.gql(LoadCardDocument, { input: { cardId: CARD, amount: "1.00" } });
    expect(missing.data?.loadCard.userErrors[0]).toMatchObject({
      code: "INVALID_INPUT",
      field: ["input", "referenceNumber"],
    });
  });

  it("stored results hold no secrets, and keys are bounded", async () => {
    const result = await h.gql(SetCardPinDocument, {
      input: { cardId: CARD, pin: "8024", idempotencyKey: "pin-key" },
    });
    expect(result.data?.setCardPin.userErrors).toEqual([]);
    expect(h.store.dump()).not.toContain("8024");
    const tooLong = await h.gql(SetCardPinDocument, {
      input: { cardId: CARD, pin: "8024", idempotencyKey: "k".repeat(256) },
    });
    expect(tooLong.data?.setCardPin.userErrors[0]).toMatchObject({
      code: "INVALID_INPUT",
      field: ["input", "idempotencyKey"],
    });
  });
});
