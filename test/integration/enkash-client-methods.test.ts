import { describe, expect, it } from "vitest";
import type { SandboxOptionsInput } from "../../src/sandbox/index.ts";
import { routes } from "../../src/sandbox/routes/index.ts";
import { CORPORATE, CORPORATE_CARD, GIFT_CARD, PREPAID, PREPAID_CARD, useClient } from "../helpers/enkash.ts";

/** Every client method succeeds against the sandbox, in both envelope spellings, with and without encryption. */

const flipped = Object.fromEntries(
  routes
    .filter((route) => route.kind !== "helper")
    .map((route) => [route.name, route.envelope === "A" ? "B" : "A"]),
) as SandboxOptionsInput["envelopes"];

const variants: [string, SandboxOptionsInput][] = [
  ["documented envelopes, plain JSON", {}],
  ["swapped envelopes, plain JSON", { envelopes: flipped }],
  ["documented envelopes, AES-128-ECB", { encryption: "aes-128-ecb" }],
  [
    "swapped envelopes, AES-128-ECB (raw-16 key)",
    { envelopes: flipped, encryption: "aes-128-ecb", keyDerivation: "raw-16" },
  ],
];

describe.each(variants)("every EnkashClient method (%s)", (_label, sandboxOptions) => {
  const ctx = useClient(sandboxOptions);

  it("reads accounts, cards, balances, controls, transactions and KYC status", async () => {
    const { client } = ctx;
    const account = await client.call("getCardAccount", CORPORATE);
    expect(account).toMatchObject({
      cardAccountId: "CAVBMRFE8",
      companyName: "Vikram Singh",
      availableBalance: 89_813_800,
      availableCardBalance: 9_241_544,
      primaryEnKashCard: { enKashCardId: "EKCQMY9BQ0" },
    });
    const card = await client.call("getCardDetails", CORPORATE_CARD);
    expect(card).toMatchObject({
      enKashCardId: "EKCQMY9BQ0",
      cardStatus: { name: "UL" },
      // The sandbox sends this card as reference 7.15 shows it (first 6 and last 2): no last four.
      maskedNumber: { masked: "2004 01XX XXXX XX87", last4: null, lastDigits: "87" },
    });
    expect(Number.isInteger(card.otbBalance)).toBe(true);
    expect(await client.call("getCardBalance", CORPORATE_CARD)).toMatchObject({
      enKashCardId: "EKCQMY9BQ0",
      otbBalance: card.otbBalance,
      holdBalance: 0,
    });
    expect(await client.call("getAccountBalance", CORPORATE)).toEqual(
      expect.objectContaining({ availableBalance: 89_813_800, availableCardBalance: 9_241_544 }),
    );
    const controls = await client.call("getUsageControls", CORPORATE_CARD);
    expect(controls).toMatchObject({ posAllowed: true, perTxnLimit: null, dtdCount: null });
    const cards = await client.call("listCards", { ...CORPORATE, status: "UL", size: 5 });
    expect(cards.content.length).toBe(5);
    expect(cards.content.every((item) => item.cardStatus.name === "UL")).toBe(true);
    const transactions = await client.call("searchTransactions", {
      ...CORPORATE,
      enKashCardId: "EKCQMY9BQ0",
      direction: "DR",
      amountFrom: 10_000,
      size: 10,
    });
    expect(transactions.content.length).toBeGreaterThan(0);
    expect(
      transactions.content.every((txn) => txn.cardTransactionType === "DR" && txn.principalAmount >= 10_000),
    ).toBe(true);
    expect(await client.call("getVkycStatus", PREPAID_CARD)).toMatchObject({
      enKashCardId: "EKCMB7KAEW",
      vkycStatus: "NOT_INITIATED",
    });
  });

  it("creates accounts and cards, loads, sets PINs and controls, orders plastic", async () => {
    const { client } = ctx;
    const account = await client.call("createCardAccount", {
      companyId: "CEK7T1WMC6",
      companyName: "Vikram Singh",
      planMasterId: "PMCORP001",
      email: "fin@example.in",
      mobile: "9811111111",
      accountTitle: `Travel ${Math.random().toString(36).slice(2, 8)}`,
      accountType: "CORPORATE",
    });
    expect(account).toMatchObject({
      companyId: "CEK7T1WMC6",
      availableBalance: 0,
      accountType: { name: "CORPORATE" },
    });

    const card = await client.call("createCard", {
      ...PREPAID,
      mobile: `98${String(Date.now()).slice(-8)}`,
      firstName: "Meera",
      lastName: "Iyer",
      gender: "F",
      dateOfBirth: "1990-04-12",
      pan: "ABCPI1234K",
      address: {
        line1: "12 MG Road",
        city: "Pune",
        state: "Maharashtra",
        country: "India",
        pincode: "411001",
      },
      loadAmount: 150_050,
    });
    expect(card).toMatchObject({
      cardAccountId: "CABFIPS",
      otbBalance: 150_050,
      cardStatus: { name: "UL" },
      firstName: "Meera",
    });
    const ref = { ...PREPAID, enKashCardId: card.enKashCardId };

    const load = await client.call("loadCardBalance", {
      ...ref,
      amount: 12_345,
      uniqueReferenceNumber: `REF-${card.enKashCardId}`,
    });
    expect(load).toMatchObject({
      enKashCardId: card.enKashCardId,
      pgReferenceNumber: `REF-${card.enKashCardId}`,
      otbBalance: 162_395,
    });

    expect(await client.call("setPin", { ...ref, pin: "4096" })).toBe("Success");
    ctx.secret("4096");
    expect(
      await client.call("updateUsageControls", {
        ...PREPAID,
        enKashCardIds: [card.enKashCardId],
        atmAllowed: false,
        dailyLimit: 500_000,
        dailyCount: 10,
      }),
    ).toBe("Success");
    expect(await client.call("getUsageControls", ref)).toMatchObject({
      atmAllowed: false,
      dtd: 500_000,
      dtdCount: 10,
    });

    const plastic = await client.call("orderPhysicalCard", {
      ...ref,
      delivery: {
        line1: "4 Park Street",
        city: "Kolkata",
        state: "West Bengal",
        country: "India",
        pincode: "700016",
      },
    });
    expect(plastic).toMatchObject({ physicalCard: true });
    expect((await client.call("getVkycLink", ref)).vkycLink).toMatch(/^https:\/\//);
  });

  it("runs the OTP-gated calls: view details and CVV, lock, unlock, replace, block", async () => {
    const { client } = ctx;
    const card = await client.call("createCard", {
      ...PREPAID,
      mobile: `97${String(Date.now()).slice(-8)}`,
      loadAmount: 10_000,
    });
    const ref = { ...PREPAID, enKashCardId: card.enKashCardId };
    const otp = async (
      action?: "VIEW_CARD_DETAILS" | "VIEW_CVV",
      enKashCardId: string = ref.enKashCardId,
    ) => {
      const issued = await client.call("generateOtp", {
        cardAccountId: ref.cardAccountId,
        enKashCardId,
        ...(action ? { action } : {}),
      });
      expect(issued.mobileNumber).toMatch(/^97X{6}\d{2}$/);
      return { medium: "MOBILE" as const, otpRequestId: issued.otpRequestId, otp: "123456" };
    };

    const details = await client.call("viewCardDetails", { ...ref, otp: await otp("VIEW_CARD_DETAILS") });
    expect(details.cardNumber).toMatch(/^\d{16}$/);
    expect(card.maskedNumber?.last4).toBe(details.cardNumber.slice(-4));
    ctx.secret(details.cardNumber);
    const cvv = await client.call("viewCardCvv", { ...ref, otp: await otp("VIEW_CVV") });
    expect(cvv.cvv).toMatch(/^\d{3}$/);
    ctx.secret(`"cvv":"${cvv.cvv}"`);

    expect(
      await client.call("blockCard", { ...ref, blockCode: "L", reason: "Misplaced", otp: await otp() }),
    ).toBe("Success");
    expect((await client.call("getCardDetails", ref)).cardStatus.name).toBe("L");
    expect(
      await client.call("blockCard", { ...ref, blockCode: "UL", otp: { medium: "MFA", mfaCode: "123456" } }),
    ).toBe("Success");

    const replacement = await client.call("replaceCard", { ...ref, otp: await otp() });
    expect(replacement.enKashCardId).not.toBe(card.enKashCardId);
    expect(replacement.otbBalance).toBe(10_000);
    expect((await client.call("getCardDetails", ref)).cardStatus.name).toBe("BL");

    const newRef = { ...PREPAID, enKashCardId: replacement.enKashCardId };
    expect(
      await client.call("blockCard", {
        ...newRef,
        blockCode: "BL",
        reason: "Card stolen",
        otp: await otp(undefined, newRef.enKashCardId),
      }),
    ).toBe("Success");
  });

  it("turns refusals into typed errors in this envelope and encryption mode", async () => {
    const { client } = ctx;
    await expect(
      client.call("loadCardBalance", { ...GIFT_CARD, amount: 100, uniqueReferenceNumber: "GIFT-R" }),
    ).rejects.toMatchObject({
      code: "ENKASH_REJECTED",
      message: "Gift cards cannot be reloaded",
    });
    await expect(
      client.call("getCardDetails", { ...CORPORATE, enKashCardId: "EKCNOPE000" }),
    ).rejects.toMatchObject({
      code: "ENKASH_NOT_FOUND",
      status: 404,
    });
    await expect(
      client.call("getCardAccount", { companyId: "CEKEP5GSGP", cardAccountId: "CAVBMRFE8" }),
    ).rejects.toMatchObject({
      code: "ENKASH_NOT_FOUND",
      message: "Card account not found for companyId: CEKEP5GSGP and cardAccountId: CAVBMRFE8",
    });
    const refused = ctx.newClient({ partnerId: "CRXXXXXXX" });
    await expect(refused.call("getCardAccount", CORPORATE)).rejects.toMatchObject({
      code: "ENKASH_INVALID_REQUEST",
      status: 422,
    });
  });

  it("reads a gift card and runs the Payment Gateway OTP calls", async () => {
    const { client, sandbox } = ctx;
    expect(await client.call("getCardDetails", GIFT_CARD)).toMatchObject({
      // The sandbox follows source 002: gift cards answer prepaidCard true (binType says gift).
      prepaidCard: true,
      binType: { name: "GIFT_CARD" },
    });
    const payment = sandbox.state.pgPayments.get("EKPAYSBX0002");
    expect(payment?.status).toBe("PENDING_OTP");
    expect(await client.call("pgResendOtp", { enkashTransactionId: "EKPAYSBX0002" })).toBe(
      "OTP sent successfully",
    );
    expect(await client.call("pgValidateOtp", { ekPayId: "EKPAYSBX0002", otp: "123456" })).toMatchObject({
      txnStatus: "SUCCESS",
      // Rupees as paise, like every amount the client reads.
      amount: 25_050,
      orderId: "ORDER1002",
    });
  });
});
