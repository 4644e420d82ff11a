import { beforeEach, describe, expect, it } from "vitest";
import { useSandbox } from "../helpers/sandbox.ts";

const ctx = useSandbox();
beforeEach(() => ctx.reset());

const CORPORATE = { companyId: "CEK7T1WMC6", cardAccountId: "CAVBMRFE8" };
const CARD = { ...CORPORATE, enKashCardId: "EKCQMY9BQ0" };

interface Txn {
  enKashTransactionId: string;
  enKashCardId: string;
  principalAmount: number;
  cardTransactionType: string;
  status: string;
  type: string;
  txnDate: string;
  pgReferenceNumber: string | null;
  declineReason: string | null;
  balance: number;
  txnDetails: { merchantName: string | null; mcc: string | null; channel: string | null };
}

async function search(filter: Record<string, unknown> = {}): Promise<{
  content: Txn[];
  totalElements: number;
  totalPages: number;
  page: number;
  size: number;
  last: boolean;
}> {
  const answer = await ctx.caller.card("transaction/all", { ...CORPORATE, size: 100, ...filter });
  expect(answer.status, answer.text).toBe(200);
  return answer.json.payload;
}

async function all(filter: Record<string, unknown> = {}): Promise<Txn[]> {
  const out: Txn[] = [];
  for (let page = 0; ; page++) {
    const result = await search({ ...filter, page });
    out.push(...result.content);
    if (result.last) return out;
  }
}

const spend = (body: Record<string, unknown>) =>
  ctx.caller.post("/__sandbox/purchase", {
    enKashCardId: "EKCQMY9BQ0",
    merchantName: "Swiggy",
    mcc: "5812",
    channel: "ECOM",
    ...body,
  });

describe("transaction search", () => {
  it("lists newest first with consistent pages", async () => {
    const first = await search({ size: 25 });
    expect(first.size).toBe(25);
    expect(first.totalElements).toBeGreaterThan(200);
    expect(first.totalPages).toBe(Math.ceil(first.totalElements / 25));
    const everything = await all();
    expect(everything).toHaveLength(first.totalElements);
    expect(new Set(everything.map((txn) => txn.enKashTransactionId)).size).toBe(everything.length);
    const times = everything.map((txn) => Date.parse(txn.txnDate));
    expect([...times].sort((a, b) => b - a)).toEqual(times);
    expect(first.content.map((txn) => txn.enKashTransactionId)).toEqual(
      everything.slice(0, 25).map((txn) => txn.enKashTransactionId),
    );
  });

  it("filters by card, direction, status, type, amount range and date range", async () => {
    const everything = await all();
    const from = Date.parse(everything[Math.floor(everything.length / 2)]?.txnDate ?? "");
    const filter = {
      enKashCardId: "EKCQMY9BQ0",
      cardTransactionType: "DR",
      status: "SUCCESS",
      type: "SALE",
      amountFrom: 100,
      amountTo: "5000.50",
      txnDateFrom: new Date(from).toISOString(),
    };
    const expected = everything.filter(
      (txn) =>
        txn.enKashCardId === "EKCQMY9BQ0" &&
        txn.cardTransactionType === "DR" &&
        txn.status === "SUCCESS" &&
        txn.type === "SALE" &&
        txn.principalAmount >= 100 &&
        txn.principalAmount <= 5000.5 &&
        Date.parse(txn.txnDate) >= from,
    );
    expect(expected.length).toBeGreaterThan(0);
    expect((await all(filter)).map((txn) => txn.enKashTransactionId)).toEqual(
      expected.map((txn) => txn.enKashTransactionId),
    );
    const declined = await all({ status: "DECLINED" });
    expect(declined.every((txn) => txn.declineReason !== null && txn.cardTransactionType === "DR")).toBe(
      true,
    );
    const credits = await all({ cardTransactionType: "CR" });
    expect(credits.length).toBeGreaterThan(0);
    expect(credits.every((txn) => txn.cardTransactionType === "CR")).toBe(true);
  });

  it("finds transactions by ID lists and by reference", async () => {
    const some = (await search({ size: 3 })).content;
    const byIds = await all({ enKashTransactionIds: some.map((txn) => txn.enKashTransactionId) });
    expect(byIds.map((txn) => txn.enKashTransactionId).sort()).toEqual(
      some.map((txn) => txn.enKashTransactionId).sort(),
    );
    const loads = (await all({ cardTransactionType: "CR", type: "ALLOCATE_FUND" })).filter(
      (txn) => txn.pgReferenceNumber,
    );
    const reference = loads[0]?.pgReferenceNumber ?? "";
    expect((await all({ pgReferenceNumber: reference })).map((txn) => txn.pgReferenceNumber)).toEqual([
      reference,
    ]);
    expect((await all({ pgReferenceNumbers: [reference, "NOPE"] })).length).toBe(1);
  });

  it("scopes to the account, and refuses inverted ranges and bad dates with 400", async () => {
    const other = await ctx.caller.card("transaction/all", {
      companyId: "CEKEP5GSGP",
      cardAccountId: "CABFIPS",
      enKashCardId: "EKCQMY9BQ0",
    });
    expect(other.json.payload.totalElements).toBe(0);
    const inverted = await ctx.caller.card("transaction/all", { ...CORPORATE, amountFrom: 10, amountTo: 5 });
    expect(inverted.status).toBe(400);
    expect(inverted.json.payload).toEqual([
      { field: "amountFrom", rule: "must not be greater than amountTo" },
    ]);
    const badDate = await ctx.caller.card("transaction/all", { ...CORPORATE, txnDateFrom: "yesterday" });
    expect(badDate.json.payload).toEqual([{ field: "txnDateFrom", rule: "must be an ISO-8601 date-time" }]);
    const bigPage = await ctx.caller.card("transaction/all", { ...CORPORATE, size: 101 });
    expect(bigPage.json.payload).toEqual([{ field: "size", rule: "must be at most 100" }]);
  });

  it("each card's running balance matches its transactions", async () => {
    const card = (await ctx.caller.card("wallet-details", CARD)).json.payload;
    const history = (await all({ enKashCardId: "EKCQMY9BQ0" })).reverse();
    let paise = 0;
    for (const txn of history) {
      if (txn.status === "SUCCESS")
        paise += Math.round(txn.principalAmount * 100) * (txn.cardTransactionType === "CR" ? 1 : -1);
      expect(Math.round(txn.balance * 100)).toBe(paise);
    }
    expect(Math.round(card.otbBalance * 100)).toBe(paise);
  });
});

describe("simulated purchases (/__sandbox/purchase)", () => {
  it("approves a spend: debits the card and records a DR SALE with merchant details", async () => {
    const before = (await ctx.caller.card("wallet-details", CARD)).json.payload.otbBalance;
    const answer = await spend({ amount: "349.50", merchantName: "Zomato", city: "Bengaluru" });
    expect(answer.json).toMatchObject({
      approved: true,
      declineReason: null,
      transaction: {
        cardTransactionType: "DR",
        type: "SALE",
        status: "SUCCESS",
        principalAmount: 349.5,
        txnDetails: { merchantName: "Zomato", mcc: "5812", channel: "ECOM" },
      },
    });
    const after = (await ctx.caller.card("wallet-details", CARD)).json.payload;
    expect(Math.round(before * 100) - Math.round(after.otbBalance * 100)).toBe(34950);
    expect(after.usedDtd).toBe(349.5);
    expect((await search({ size: 1 })).content[0]?.enKashTransactionId).toBe(
      answer.json.transaction.enKashTransactionId,
    );
  });

  it("declines a short balance and records the decline without moving money", async () => {
    const balance = (await ctx.caller.card("wallet-details", CARD)).json.payload.otbBalance;
    const answer = await spend({ amount: balance + 1 });
    expect(answer.json).toMatchObject({
      approved: false,
      declineReason: "Insufficient balance",
      transaction: { status: "DECLINED", balance },
    });
    expect((await ctx.caller.card("wallet-details", CARD)).json.payload.otbBalance).toBe(balance);
  });

  it("declines a locked card", async () => {
    await ctx.caller.card("block", { ...CARD, blockCode: "L", otpMedium: "MFA", mfaCode: "123456" });
    expect((await spend({ amount: 10 })).json.declineReason).toBe("Card is locked");
  });

  it("declines what usage controls forbid: channel switches, per-transaction, daily and count limits", async () => {
    const rule = (body: Record<string, unknown>) =>
      ctx.caller.card("velocity/rule", { ...CORPORATE, enKashCardIds: ["EKCQMY9BQ0"], ...body });
    await rule({ onlineAllowed: false });
    expect((await spend({ amount: 10 })).json.declineReason).toBe("Online transactions are disabled");
    await rule({ onlineAllowed: true, perTxnLimit: 100 });
    expect((await spend({ amount: 100.01 })).json.declineReason).toBe("Per transaction limit exceeded");
    expect((await spend({ amount: 100 })).json.approved).toBe(true);
    await rule({ perTxnLimit: null, dtd: 150 });
    expect((await spend({ amount: 60 })).json.declineReason).toBe("Daily limit exceeded");
    await rule({ dtd: null, ecomDailyLimitCount: 2 });
    expect((await spend({ amount: 1 })).json.approved).toBe(true);
    expect((await spend({ amount: 1 })).json.declineReason).toBe("Online daily limit exceeded");
    await rule({ atmAllowed: false });
    expect(
      (await spend({ amount: 500, merchantName: "SBI ATM", mcc: "6011", channel: "ATM" })).json.declineReason,
    ).toBe("ATM transactions are disabled");
    expect((await spend({ amount: 5, channel: "POS", international: true })).json.declineReason).toBe(
      "International transactions are disabled",
    );
    await rule({ contactlessAllowed: false });
    expect((await spend({ amount: 5, channel: "POS", contactless: true })).json.declineReason).toBe(
      "Contactless transactions are disabled",
    );
    const declined = await all({
      status: "DECLINED",
      txnDateFrom: new Date(ctx.sandbox.clock.now() - 60_000).toISOString(),
    });
    expect(declined).toHaveLength(7);
  });
});
