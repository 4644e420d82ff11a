import { beforeEach, describe, expect, it } from "vitest";
import { luhnValid } from "../../src/sandbox/crypto.ts";
import { CREDENTIALS, useSandbox } from "../helpers/sandbox.ts";

const ctx = useSandbox({ otpTtlSeconds: 300 });
beforeEach(() => ctx.reset());

const CARD = { companyId: "CEKEP5GSGP", cardAccountId: "CABFIPS", enKashCardId: "EKCMB7KAEW" };
const lock = (otpRequestId: string, otp: string = CREDENTIALS.otp) => ({
  ...CARD,
  blockCode: "L",
  otpMedium: "MOBILE",
  otpRequestId,
  otp,
  otpRequired: true,
});

async function status(): Promise<string> {
  return (await ctx.caller.card("wallet-details", CARD)).json.payload.cardStatus.name;
}

describe("OTP requests", () => {
  it("a valid OTP proves the operation once (single use)", async () => {
    const otpRequestId = await ctx.caller.otp("CABFIPS", "EKCMB7KAEW");
    expect((await ctx.caller.card("block", lock(otpRequestId))).json.code).toBe(0);
    const again = await ctx.caller.card("block", { ...lock(otpRequestId), blockCode: "UL" });
    expect(again.json).toEqual({
      code: 1,
      message: "OTP has already been used",
      payload: "OTP has already been used",
    });
    expect(await status()).toBe("L");
  });

  it("expires after its TTL", async () => {
    const otpRequestId = await ctx.caller.otp("CABFIPS", "EKCMB7KAEW");
    ctx.sandbox.clock.advance(301_000);
    const answer = await ctx.caller.card("block", lock(otpRequestId));
    expect(answer.json.message).toBe("OTP has expired; generate a new OTP");
    expect(await status()).toBe("UL");
  });

  it("dies after three wrong codes, even if the right one follows; wrong codes are never echoed", async () => {
    const otpRequestId = await ctx.caller.otp("CABFIPS", "EKCMB7KAEW");
    const messages: string[] = [];
    for (const wrong of ["000001", "000002", "000003"]) {
      const answer = await ctx.caller.card("block", lock(otpRequestId, wrong));
      messages.push(answer.json.message);
      expect(answer.text).not.toContain(wrong);
    }
    expect(messages).toEqual([
      "Invalid OTP; 2 attempt(s) left",
      "Invalid OTP; 1 attempt(s) left",
      "Invalid OTP; attempts exceeded, generate a new OTP",
    ]);
    expect((await ctx.caller.card("block", lock(otpRequestId))).json.message).toBe(
      "OTP attempts exceeded; generate a new OTP",
    );
    expect(await status()).toBe("UL");
  });

  it("is bound to its card: another card's OTP is refused", async () => {
    const otherCard = (
      await ctx.caller.card("search", {
        companyId: "CEKEP5GSGP",
        cardAccountId: "CABFIPS",
        cardStatus: "UL",
        size: 5,
      })
    ).json.payload.content.find((card: { enKashCardId: string }) => card.enKashCardId !== "EKCMB7KAEW");
    const otpRequestId = await ctx.caller.otp("CABFIPS", otherCard.enKashCardId);
    expect((await ctx.caller.card("block", lock(otpRequestId))).json.message).toBe("Invalid OTP request");
    expect((await ctx.caller.card("block", lock("EKNOSUCHID"))).json.message).toBe("Invalid OTP request");
  });

  it("is bound to its action: TRANSACTION_OTP serves any gated call, a specific action only its own", async () => {
    const forCvv = await ctx.caller.otp("CABFIPS", "EKCMB7KAEW", "VIEW_CVV");
    expect((await ctx.caller.card("block", lock(forCvv))).json.message).toBe(
      "OTP was generated for a different action",
    );
    const forBlock = await ctx.caller.otp("CABFIPS", "EKCMB7KAEW", "BLOCK_CARD");
    expect((await ctx.caller.card("block", lock(forBlock))).json.code).toBe(0);
  });

  it("MFA proofs use mfaCode instead of an OTP request", async () => {
    const wrong = await ctx.caller.card("block", {
      ...CARD,
      blockCode: "L",
      otpMedium: "MFA",
      mfaCode: "999999",
    });
    expect(wrong.json.message).toBe("Invalid MFA code");
    const right = await ctx.caller.card("block", {
      ...CARD,
      blockCode: "L",
      otpMedium: "MFA",
      mfaCode: CREDENTIALS.otp,
    });
    expect(right.json.code).toBe(0);
  });

  it("refuses unknown actions and missing fields with 400", async () => {
    const answer = await ctx.caller.card("otp", { cardOtpAction: "STEAL_MONEY", cardAccountId: "CABFIPS" });
    expect(answer.status).toBe(400);
    expect(answer.json.payload.map((problem: { field: string }) => problem.field).sort()).toEqual([
      "cardOtpAction",
      "enKashCardId",
    ]);
  });
});

describe("view card details and CVV", () => {
  it("shows a Luhn-valid number ending in the masked digits, and a 3-digit CVV, each behind an OTP", async () => {
    const card = (await ctx.caller.card("wallet-details", CARD)).json.payload;
    const refused = await ctx.caller.card("viewCardDetails", { ...CARD, otpMedium: "MOBILE" });
    expect(refused.json.message).toBe("OTP is required for this operation");

    const otpRequestId = await ctx.caller.otp("CABFIPS", "EKCMB7KAEW", "VIEW_CARD_DETAILS");
    const details = await ctx.caller.card("viewCardDetails", {
      ...CARD,
      otpMedium: "MOBILE",
      otpRequestId,
      otp: CREDENTIALS.otp,
    });
    expect(details.json).toMatchObject({
      code: 0,
      payload: {
        enKashCardId: "EKCMB7KAEW",
        cardNumber: expect.stringMatching(/^\d{16}$/),
        expiryMonth: card.expiryMonth,
        expiryYear: card.expiryYear,
      },
    });
    const number: string = details.json.payload.cardNumber;
    expect(luhnValid(number)).toBe(true);
    expect(card.maskedNumber.endsWith(number.slice(-4))).toBe(true);
    // The sandbox derives the number; it is not kept in state.
    expect(ctx.sandbox.state.snapshot()).not.toContain(number);

    const cvvOtp = await ctx.caller.otp("CABFIPS", "EKCMB7KAEW");
    const cvv = await ctx.caller.card("viewCvv", {
      ...CARD,
      otpMedium: "MOBILE",
      otpRequestId: cvvOtp,
      otp: CREDENTIALS.otp,
    });
    expect(cvv.json).toEqual({
      code: 0,
      message: "Success",
      payload: { enKashCardId: "EKCMB7KAEW", cvv: expect.stringMatching(/^\d{3}$/) },
    });
  });

  it("the same card shows the same number every time (derived, stable)", async () => {
    const view = async () => {
      const otpRequestId = await ctx.caller.otp("CABFIPS", "EKCMB7KAEW");
      return (
        await ctx.caller.card("viewCardDetails", {
          ...CARD,
          otpMedium: "MOBILE",
          otpRequestId,
          otp: CREDENTIALS.otp,
        })
      ).json.payload.cardNumber;
    };
    expect(await view()).toBe(await view());
  });
});
