import { describe, expect, it } from "vitest";
import { seedState } from "../../src/sandbox/seed.ts";
import type { SandboxState } from "../../src/sandbox/state/store.ts";

const ANCHOR = Date.parse("2026-11-01T00:00:00Z");
const DAY = 86_400_000;
const seed = (seedNumber: number, cardsPerAccount = 14, transactionsPerCard = 40): SandboxState =>
  seedState({ seed: seedNumber, anchor: ANCHOR, cardsPerAccount, transactionsPerCard, now: () => ANCHOR });

describe("seed data", () => {
  it("the same seed gives identical data twice; another seed differs", () => {
    const first = seed(5).snapshot();
    expect(seed(5).snapshot()).toBe(first);
    expect(seed(6).snapshot()).not.toBe(first);
  });

  it("has the documented example IDs where the examples put them", () => {
    const state = seed(1);
    const where = (cardId: string) => state.cards.get(cardId)?.cardAccountId;
    expect(state.companies.has("CEKEP5GSGP")).toBe(true);
    expect(state.companies.has("CEK7T1WMC6")).toBe(true);
    expect(["CAA8W45", "CABFIPS", "CAC7975"].map((id) => state.accounts.get(id)?.companyId)).toEqual([
      "CEKEP5GSGP",
      "CEKEP5GSGP",
      "CEKEP5GSGP",
    ]);
    expect(state.accounts.get("CAVBMRFE8")?.companyId).toBe("CEK7T1WMC6");
    expect([where("EKC94AEX89"), where("EKCMB7KAEW"), where("EKCBEFFEC1")]).toEqual([
      "CAA8W45",
      "CABFIPS",
      "CAC7975",
    ]);
    expect(state.accounts.get("CAVBMRFE8")?.primaryCardId).toBe("EKCQMY9BQ0");
  });

  it("has 2+ companies, 4 accounts of different types, 50+ cards in every state, 2,000+ transactions over 90 days", () => {
    const state = seed(1);
    expect(state.companies.size).toBeGreaterThanOrEqual(2);
    const types = [...state.accounts.values()].map((account) => account.accountType);
    expect(new Set(types).size).toBe(4);
    expect(types).toEqual(expect.arrayContaining(["RELOADABLE_GPR", "GIFT", "MEAL", "CORPORATE"]));
    expect(state.cards.size).toBeGreaterThanOrEqual(50);
    const statuses = new Set([...state.cards.values()].map((card) => card.status));
    expect([...statuses].sort()).toEqual(["AP", "BL", "L", "UL"]);
    expect(new Set([...state.cards.values()].map((card) => card.kycStatus)).size).toBeGreaterThanOrEqual(3);
    expect(state.transactions.size).toBeGreaterThanOrEqual(2000);
    const recent = [...state.transactions.values()].filter(
      (txn) => txn.at >= ANCHOR - 90 * DAY && txn.at < ANCHOR,
    );
    expect(recent.length).toBeGreaterThanOrEqual(2000);
    expect(Math.min(...recent.map((txn) => txn.at))).toBeLessThan(ANCHOR - 80 * DAY);
    const merchants = new Set(recent.flatMap((txn) => (txn.merchant ? [txn.merchant.name] : [])));
    expect(merchants.size).toBeGreaterThan(15);
    expect([...merchants]).toEqual(expect.arrayContaining(["Swiggy", "BigBasket", "IRCTC", "Indian Oil"]));
    const kinds = new Set(recent.map((txn) => `${txn.direction}:${txn.type}:${txn.status}`));
    expect([...kinds]).toEqual(
      expect.arrayContaining([
        "CR:ALLOCATE_FUND:SUCCESS",
        "DR:SALE:SUCCESS",
        "DR:SALE:DECLINED",
        "CR:REFUND:SUCCESS",
      ]),
    );
  });

  it("is consistent: every card's balance is the sum of its successful transactions, never negative", () => {
    const state = seed(3);
    for (const card of state.cards.values()) {
      let balance = 0;
      for (const txn of state.transactionsOfCard(card.enKashCardId)) {
        if (txn.status === "SUCCESS") balance += txn.direction === "CR" ? txn.amount : -txn.amount;
        expect(balance).toBeGreaterThanOrEqual(0);
      }
      expect(card.balance, card.enKashCardId).toBe(balance);
      expect(Number.isInteger(card.balance)).toBe(true);
    }
    const onCards = state.cardsOf("CAVBMRFE8").reduce((sum, card) => sum + card.balance, 0);
    expect(onCards).toBe(9_241_544);
  });

  it("gift cards are never reloaded and blocked cards show a reason", () => {
    const state = seed(2);
    for (const card of state.cardsOf("CAA8W45")) {
      const loads = state.transactionsOfCard(card.enKashCardId).filter((txn) => txn.type === "ALLOCATE_FUND");
      expect(loads.length, card.enKashCardId).toBe(1);
    }
    for (const card of state.cards.values()) if (card.status === "BL") expect(card.blockReason).toBeTruthy();
  });

  it("the size option scales to 10,000 cards", () => {
    const state = seed(1, 2_500, 5);
    expect(state.cards.size).toBeGreaterThanOrEqual(10_000);
    expect(state.cardsOf("CABFIPS").length).toBeGreaterThanOrEqual(2_500);
  });
});
