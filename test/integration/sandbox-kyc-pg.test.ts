import { beforeEach, describe, expect, it } from "vitest";
import { useSandbox } from "../helpers/sandbox.ts";

const ctx = useSandbox();
beforeEach(() => ctx.reset());

const query = (card: Record<string, string>) => `?${new URLSearchParams(card).toString()}`;
const CARD = { companyId: "CEKEP5GSGP", cardAccountId: "CABFIPS", enKashCardId: "EKCMB7KAEW" };
const GIFT_CARD = { companyId: "CEKEP5GSGP", cardAccountId: "CAA8W45", enKashCardId: "EKC94AEX89" };

describe("VKYC", () => {
  it("generates a link, reports its status, and reflects a completed review", async () => {
    const before = await ctx.caller.send("GET", `/api/v0/partner/enKashCard/vkyc/status${query(CARD)}`);
    expect(before.json).toEqual({
      code: 0,
      message: "Success",
      payload: {
        enKashCardId: "EKCMB7KAEW",
        vkycStatus: "NOT_INITIATED",
        kycStatus: { name: "MIN_KYC", label: "Min KYC" },
      },
    });
    const link = await ctx.caller.send("GET", `/api/v0/partner/enKashCard/vkyc/link${query(CARD)}`);
    expect(link.json).toEqual({
      code: 0,
      message: "Success",
      payload: {
        enKashCardId: "EKCMB7KAEW",
        vkycLink: expect.stringMatching(/^https:\/\//),
        expiresAt: expect.any(String),
      },
    });
    expect(
      (await ctx.caller.send("GET", `/api/v0/partner/enKashCard/vkyc/status${query(CARD)}`)).json.payload
        .vkycStatus,
    ).toBe("LINK_GENERATED");
    ctx.sandbox.clock.advance(25 * 3600 * 1000);
    ctx.caller.forgetToken(); // the token (24 h) has expired too
    expect(
      (await ctx.caller.send("GET", `/api/v0/partner/enKashCard/vkyc/status${query(CARD)}`)).json.payload
        .vkycStatus,
    ).toBe("LINK_EXPIRED");
    await ctx.caller.post("/__sandbox/vkyc/complete", { enKashCardId: "EKCMB7KAEW", approved: true });
    const done = await ctx.caller.send("GET", `/api/v0/partner/enKashCard/vkyc/status${query(CARD)}`);
    expect(done.json.payload).toEqual({
      enKashCardId: "EKCMB7KAEW",
      vkycStatus: "COMPLETED",
      kycStatus: { name: "FULL_KYC", label: "Full KYC" },
    });
    const again = await ctx.caller.send("GET", `/api/v0/partner/enKashCard/vkyc/link${query(CARD)}`);
    expect(again.json.message).toBe("Card holder has already completed full KYC");
  });

  it("refuses gift cards and missing query parameters", async () => {
    expect(
      (await ctx.caller.send("GET", `/api/v0/partner/enKashCard/vkyc/link${query(GIFT_CARD)}`)).json.message,
    ).toBe("Video KYC is not available for gift cards");
    const missing = await ctx.caller.send("GET", "/api/v0/partner/enKashCard/vkyc/link?companyId=CEKEP5GSGP");
    expect(missing.status).toBe(400);
    expect(missing.json.payload.map((problem: { field: string }) => problem.field).sort()).toEqual([
      "cardAccountId",
      "enKashCardId",
    ]);
  });
});

describe("VKYC business hours", () => {
  const hours = useSandbox({ vkycBusinessHoursOnly: true });

  it("refuses a link outside 10:00-18:00 IST on working days", async () => {
    // Move the clock to the next Sunday, noon IST, whatever today is.
    const now = new Date(hours.sandbox.clock.now() + 5.5 * 3600_000);
    const daysToSunday = (7 - now.getUTCDay()) % 7 || 7;
    const sundayNoonIst =
      Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + daysToSunday, 12) - 5.5 * 3600_000;
    hours.sandbox.clock.advance(sundayNoonIst - hours.sandbox.clock.now());
    hours.caller.forgetToken();
    const sunday = await hours.caller.send("GET", `/api/v0/partner/enKashCard/vkyc/link${query(CARD)}`);
    expect(sunday.json.message).toBe("Video KYC is available between 10:00 and 18:00 IST on working days");
    hours.sandbox.clock.advance(24 * 3600_000);
    hours.caller.forgetToken();
    const monday = await hours.caller.send("GET", `/api/v0/partner/enKashCard/vkyc/link${query(CARD)}`);
    expect(monday.json.code).toBe(0);
  });
});

describe("Payment Gateway OTP", () => {
  it("validates a pending payment with the right OTP", async () => {
    const created = await ctx.caller.post("/__sandbox/pg/payments", { amount: "1250.75", orderId: "ORD-77" });
    const { ekPayId } = created.json;
    const answer = await ctx.caller.post("/pay/otp/validate", { ekPayId, otp: "123456" });
    expect(answer.json).toEqual({
      response_code: 0,
      response_message: "Success",
      payload: {
        uniqueTransactionId: ekPayId,
        publicIdentifierKey: expect.any(String),
        transactionId: ekPayId,
        amount: "1250.75",
        currency: "INR",
        otpReferenceNumber: expect.any(String),
        txnMessage: "Transaction successful",
        txnStatus: "SUCCESS",
        txnDate: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
        orderId: "ORD-77",
      },
    });
    expect(
      (await ctx.caller.post("/pay/otp/validate", { ekPayId, otp: "123456" })).json.response_message,
    ).toBe("Transaction is not awaiting an OTP");
    expect((await ctx.caller.send("GET", `/pay/resend/otp/${ekPayId}`)).status).toBe(409);
  });

  it("fails the payment after three wrong OTPs; a resend restores the attempts", async () => {
    const { ekPayId } = (await ctx.caller.post("/__sandbox/pg/payments", { amount: 10, orderId: "ORD-78" }))
      .json;
    await ctx.caller.post("/pay/otp/validate", { ekPayId, otp: "000000" });
    await ctx.caller.post("/pay/otp/validate", { ekPayId, otp: "000000" });
    expect((await ctx.caller.send("GET", `/pay/resend/otp/${ekPayId}`)).text).toBe("OTP sent successfully");
    await ctx.caller.post("/pay/otp/validate", { ekPayId, otp: "000000" });
    await ctx.caller.post("/pay/otp/validate", { ekPayId, otp: "000000" });
    const third = await ctx.caller.post("/pay/otp/validate", { ekPayId, otp: "000000" });
    expect(third.json.response_message).toBe("Invalid OTP; attempts exceeded, transaction failed");
    expect((await ctx.caller.post("/pay/otp/validate", { ekPayId, otp: "123456" })).json.response_code).toBe(
      1,
    );
  });

  it("resend answers 404 text for an unknown transaction", async () => {
    const answer = await ctx.caller.send("GET", "/pay/resend/otp/NOPE");
    expect(answer.status).toBe(404);
    expect(answer.text).toBe("Transaction not found");
  });
});
