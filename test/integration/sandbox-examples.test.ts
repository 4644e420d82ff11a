import { beforeEach, describe, expect, it } from "vitest";
import {
  DOCUMENTED_BLOCK_CARD_REQUEST,
  DOCUMENTED_CARD_ACCOUNT_CAVBMRFE8,
  DOCUMENTED_CARD_EKC94AEX89,
} from "../helpers/documented.ts";
import { useSandbox } from "../helpers/sandbox.ts";

/**
 * Every documented example request, sent verbatim, and the documented shape of the answer,
 * written out as literal JSON (never derived from the sandbox's own schemas).
 */

const ctx = useSandbox();
beforeEach(() => ctx.reset());

/** The fields EnKash documents as required in the card object (reference 13.1, source 002). */
const CARD_OBJECT_FIELDS = [
  "enKashCardId",
  "userId",
  "cardAccountId",
  "maskedNumber",
  "expiryMonth",
  "expiryYear",
  "email",
  "mobile",
  "title",
  "firstName",
  "lastName",
  "gender",
  "specialDate",
  "address",
  "address2",
  "city",
  "state",
  "country",
  "pincode",
  "otbBalance",
  "primaryCard",
  "prepaidCard",
  "physicalCard",
  "cardStatus",
  "kycStatus",
  "pan",
  "physicalCardRequestDate",
  "physicalDeliveryAddressFlag",
  "deliveryAddress",
  "deliveryAddress2",
  "deliveryCity",
  "deliveryState",
  "deliveryCountry",
  "deliveryPincode",
  "cardActivated",
  "companyId",
  "loadAmount",
  "accountBalance",
  "physicalCardAllowed",
  "panValidated",
  "posAllowed",
  "posAllowedAdmin",
  "atmAllowed",
  "atmAllowedAdmin",
  "onlineAllowed",
  "onlineAllowedAdmin",
  "unallocateFundAllowed",
  "companyName",
  "accountType",
  "lastAllocatedAmount",
  "enkashCardTxnId",
];
/** Further fields of EnKash's example card payload. */
const CARD_EXAMPLE_EXTRA_FIELDS = [
  "token",
  "usedMtd",
  "usedDtd",
  "usedYtd",
  "usedLtd",
  "deleted",
  "closedLoopCard",
  "createdOn",
  "modifiedOn",
  "cardProgramme",
  "useAccountFunds",
  "blockCode",
  "remarks",
  "partnerLogo",
  "binType",
  "cardKitMasterId",
  "extEntityId",
  "switchProvider",
  "kitType",
  "surchargeAmt",
  "latestTnCVersionAccepted",
  "latestKeyFactAccepted",
  "latestTnCVersionAcceptedForPrimaryCard",
  "latestKeyFactAcceptedCardForPrimaryCard",
  "tncVersionMasterId",
  "tncUrl",
  "virtualAccountNumber",
  "limitAllocatedLtd",
  "liveImage",
  "cKycEnabled",
  "useParentFundAllowed",
  "defaultCardImage",
  "minKycOtpVerified",
  "enKashSupportEmail",
  "enKashSupportMobile",
  "vKycAllowed",
  "holdBalance",
  "unAllocateHoldBalance",
  "tncUnAllocateAllowed",
  "tncUnAllocateAccepted",
];

describe("documented example requests", () => {
  it("Auth Token: the documented response fields", async () => {
    const answer = await ctx.caller.requestToken();
    expect(answer.status).toBe(200);
    expect(answer.json).toEqual({
      access_token: expect.stringMatching(/^[A-Za-z0-9_-]{27}$/),
      token_type: "bearer",
      refresh_token: expect.stringMatching(/^[A-Za-z0-9_-]{27}$/),
      expires_in: 86399,
      scope: "read write trust",
    });
  });

  it("Create Prepaid Card (G2 example) returns the full card object", async () => {
    const answer = await ctx.caller.card("", {
      companyId: "CEKEP5GSGP",
      cardAccountId: "CABFIPS",
      email: "johny.bateman@example.in",
      mobile: "6001098801",
      title: "Mr",
      firstName: "johny",
      lastName: "bateman",
      gender: "M",
      address: "cda block",
      address2: "ab colony",
      city: "kota",
      state: "Rajasthan",
      country: "India",
      pincode: "323307",
      primaryEnKashCard: false,
      physicalCard: true,
      loadAmount: 10,
      remarks: "string",
      physicalDeliveryAddressFlag: true,
      deliveryAddress: "test",
      deliveryAddress2: "test",
      deliveryCity: "test",
      deliveryState: "test",
      deliveryCountry: "test",
      deliveryPincode: "323309",
      documents: [{ docType: "PAN", docNo: "CPNPN9977R" }],
      specialDate: "02-09-2001",
    });
    expect(answer.status).toBe(200);
    expect(answer.json.code).toBe(0);
    expect(answer.json.message).toBe("Success");
    const card = answer.json.payload;
    for (const field of [...CARD_OBJECT_FIELDS, ...CARD_EXAMPLE_EXTRA_FIELDS])
      expect(card, field).toHaveProperty(field);
    expect(card).toMatchObject({
      enKashCardId: expect.stringMatching(/^EKC[A-Z0-9]{7}$/),
      userId: expect.stringMatching(/^EK[A-Z0-9]{6}$/),
      cardAccountId: "CABFIPS",
      companyId: "CEKEP5GSGP",
      companyName: "Anay Gift",
      maskedNumber: expect.stringMatching(/^XXXX XXXX XXXX \d{4}$/),
      expiryMonth: expect.stringMatching(/^(0[1-9]|1[0-2])$/),
      expiryYear: expect.stringMatching(/^\d{4}$/),
      email: "johny.bateman@example.in",
      mobile: "6001098801",
      firstName: "johny",
      specialDate: "2001-09-02",
      pan: "CPNPN9977R",
      otbBalance: 10,
      loadAmount: 10,
      accountBalance: 499990,
      prepaidCard: true,
      physicalCard: true,
      cardStatus: { name: "AP", label: "Activation InProgress" },
      kycStatus: { name: "MIN_KYC", label: "Min KYC" },
      accountType: { name: "RELOADABLE_GPR", label: "Reloadable Gpr", description: "Reloadable Gpr" },
      deliveryPincode: "323309",
      enkashCardTxnId: expect.stringMatching(/^ECTR[A-Z0-9]{9}$/),
    });
  });

  it("Create Gift Card (G3 example, placeholders) is refused naming the broken field only", async () => {
    const answer = await ctx.caller.card("", {
      userId: "string",
      companyId: "string",
      cardAccountId: "string",
      email: "string",
      mobile: "stringstri",
      title: "string",
      firstName: "string",
      middleName: "string",
      lastName: "string",
      gender: "string",
      specialDate: "string",
      loadAmount: "string",
    });
    expect(answer.status).toBe(400);
    expect(answer.json.code).toBe(400);
    expect(answer.json.payload.map((problem: { field: string }) => problem.field).sort()).toEqual(
      ["email", "gender", "loadAmount", "mobile", "specialDate"].sort(),
    );
    expect(answer.text).not.toContain("stringstri");
  });

  it("Set Card PIN example: {code: 0, message: Success, payload: Success}", async () => {
    const answer = await ctx.caller.card("setPin", {
      companyId: "CEKEP5GSGP",
      cardAccountId: "CAA8W45",
      enKashCardId: "EKC94AEX89",
      pinBlock: 9078,
    });
    expect(answer.status).toBe(200);
    expect(answer.json).toEqual({ code: 0, message: "Success", payload: "Success" });
  });

  it("Generate OTP example: otpRequestId and the masked mobile", async () => {
    const answer = await ctx.caller.card("otp", {
      cardOtpAction: "TRANSACTION_OTP",
      cardAccountId: "CAC7975",
      enKashCardId: "EKCBEFFEC1",
    });
    expect(answer.json).toEqual({
      code: 0,
      message: "Success",
      payload: { otpRequestId: expect.stringMatching(/^EK[A-Z0-9]{8}$/), mobileNumber: "60XXXXXX11" },
    });
  });

  it("Get Card Account Details example reproduces EnKash's documented numbers (envelope B)", async () => {
    const answer = await ctx.caller.card("cardAccount/get", {
      cardAccountId: "CAVBMRFE8",
      companyId: "CEK7T1WMC6",
    });
    expect(answer.json).toMatchObject(DOCUMENTED_CARD_ACCOUNT_CAVBMRFE8);
    for (const field of [
      "availableBalance",
      "totalCards",
      "companyName",
      "companyId",
      "cardAccountId",
      "activeCards",
      "totalAllocationPoint",
      "totalRedemptionPoint",
      "currentMonthAllocationPoint",
      "currentMonthRedemptionPoint",
    ]) {
      expect(typeof answer.json.payload[field], field).toMatch(/number|string/);
    }
  });

  it("Card Usage Controls G2 example is applied and read back by Get Card Usage Limits", async () => {
    const update = await ctx.caller.card("velocity/rule", {
      companyId: "CEKEP5GSGP",
      cardAccountId: "CAA8W45",
      enKashCardIds: ["EKC94AEX89"],
      internationalAllowed: false,
      posAllowed: true,
      atmAllowed: false,
      onlineAllowed: true,
    });
    expect(update.json).toEqual({ code: 0, message: "Success", payload: "Success" });
    const read = await ctx.caller.card("velocity/rule/get", {
      companyId: "CEKEP5GSGP",
      cardAccountId: "CAA8W45",
      enKashCardId: "EKC94AEX89",
    });
    expect(read.json).toMatchObject({
      code: 0,
      message: "Success",
      payload: {
        createdBy: expect.stringContaining("@"),
        createdOn: expect.stringMatching(/^[A-Z][a-z]{2} \d{1,2}, \d{4} \d{1,2}:\d{2}:\d{2} [AP]M$/),
        modifiedOn: expect.stringMatching(/^[A-Z][a-z]{2} \d{1,2}, \d{4} \d{1,2}:\d{2}:\d{2} [AP]M$/),
        posAllowed: true,
        atmAllowed: false,
        onlineAllowed: true,
        internationalAllowed: false,
        perTxnLimit: null,
      },
    });
  });

  it("Card Usage Controls G3 example (string card ID, string limits) is parsed; its placeholder account is unknown", async () => {
    const answer = await ctx.caller.card("velocity/rule", {
      companyId: "string",
      cardAccountId: "string",
      enKashCardIds: "EKC2122",
      posAllowed: true,
      onlineAllowed: true,
      contactlessAllowed: true,
      posDailyLimit: "1220",
      posDailyLimitCount: "1",
      ecomDailyLimit: "100",
      ecomDailyLimitCount: "1",
      contactLessDailyLimit: "100",
      contactLessDailyLimitCount: "1",
    });
    expect(answer.status).toBe(404);
    expect(answer.json).toEqual({
      code: 404,
      message: "Card account not found for companyId: string and cardAccountId: string",
      payload: "Card account not found for companyId: string and cardAccountId: string",
    });
  });

  it("Load Card Balance G2 example moves 10 rupees and echoes the reference", async () => {
    const answer = await ctx.caller.card("balance", {
      companyId: "CEKEP5GSGP",
      cardAccountId: "CABFIPS",
      createdBy: "anay",
      amount: 10,
      transactionType: "CR",
      description: "desc",
      type: "ALLOCATE_FUND",
      transactionCode: "ALLOCATION",
      uniqueReferenceNumber: "Ref123",
      remarks: "string",
      enKashCardId: "EKCMB7KAEW",
    });
    expect(answer.json).toEqual({
      code: 0,
      message: "Success",
      payload: {
        enKashCardId: "EKCMB7KAEW",
        cardAccountId: "CABFIPS",
        enkashCardTxnId: expect.stringMatching(/^ECTR[A-Z0-9]{9}$/),
        pgReferenceNumber: "Ref123",
        amount: 10,
        otbBalance: expect.any(Number),
        accountBalance: 499990,
        maskedNumber: expect.stringMatching(/^XXXX XXXX XXXX \d{4}$/),
      },
    });
  });

  it("Block Card example (placeholders) gets the documented 404 for an unknown account", async () => {
    const answer = await ctx.caller.card("block", DOCUMENTED_BLOCK_CARD_REQUEST);
    expect(answer.status).toBe(404);
    expect(answer.json.code).toBe(404);
  });

  it("Request Card Replacement example (placeholders) is parsed and refused as not found", async () => {
    const answer = await ctx.caller.card("replaceCard", {
      enKashCardId: "string",
      otpRequestId: "string",
      cardAccountId: "string",
      otpMedium: "MOBILE",
      otp: "string",
      mfaCode: "string",
      otpRequired: false,
    });
    expect(answer.status).toBe(404);
  });

  it("Get Card Details (wallet-details) and the older /search return the card object in envelope B", async () => {
    for (const path of ["wallet-details", "search"]) {
      const answer = await ctx.caller.card(path, {
        cardAccountId: "CAVBMRFE8",
        companyId: "CEK7T1WMC6",
        enKashCardId: "EKCE54IDPE",
      });
      expect(answer.json).toMatchObject({
        response_code: 0,
        response_message: "Success",
        payload: {
          enKashCardId: "EKCE54IDPE",
          userId: "EKHCPB7W",
          cardAccountId: "CAVBMRFE8",
          token: "1cfc6f4d558064eb6a20",
          maskedNumber: "XXXX XXXX XXXX 2209",
        },
      });
    }
  });

  it("Get Card Details returns EnKash's documented example card (compared whole in sandbox-fidelity)", async () => {
    const answer = await ctx.caller.card("wallet-details", {
      cardAccountId: "CAA8W45",
      companyId: "CEKEP5GSGP",
      enKashCardId: "EKC94AEX89",
    });
    expect(answer.json.payload).toMatchObject(DOCUMENTED_CARD_EKC94AEX89);
  });

  it("Get Transaction Details example filter (every documented field) answers a page in envelope B", async () => {
    const answer = await ctx.caller.card("transaction/all", {
      companyId: "CEKEP5GSGP",
      companyName: "",
      cardHolderName: "",
      userId: "",
      cardAccountId: "CABFIPS",
      enKashCardId: "EKCMB7KAEW",
      status: "CREATED",
      enKashTransactionIds: [],
      enKashTransactionId: "",
      cardTransactionType: "DR",
      amountFrom: 0,
      amountTo: 100000,
      pgReferenceNumbers: [],
      pgReferenceNumber: "",
      txnDateFrom: "2025-01-24T08:47:01.505Z",
      txnDateTo: "2035-01-24T08:47:01.505Z",
    });
    expect(answer.json).toEqual({
      response_code: 0,
      response_message: "Success",
      payload: { content: [], page: 0, size: 20, totalElements: 0, totalPages: 0, last: true },
    });
  });

  it("PG Validate OTP example (placeholders) is a business failure in envelope B", async () => {
    const answer = await ctx.caller.post("/pay/otp/validate", {
      ekPayId: "string",
      otp: "string",
      checkSum: "string",
    });
    expect(answer.status).toBe(200);
    expect(answer.json).toEqual({
      response_code: 1,
      response_message: "Transaction not found",
      payload: "Transaction not found",
    });
  });

  it("PG Resend OTP answers plain text", async () => {
    const answer = await ctx.caller.send("GET", "/pay/resend/otp/EKPAYSBX0001");
    expect(answer.status).toBe(200);
    expect(answer.headers["content-type"]).toMatch(/^text\/plain/);
    expect(answer.text).toBe("OTP sent successfully");
  });

  it("Create Card Account example (its documented fields) opens an account with a zero balance", async () => {
    const answer = await ctx.caller.card("cardAccount/create", {
      companyId: "CEKEP5GSGP",
      companyName: "anay meal",
      userId: "EKPBJ8L4",
      planMasterId: "PMGAZ7L5A",
      email: "anay.nagar+apitest@enkash.com",
      mobile: "6001020030",
      accountTitle: "Anay Meal Wallet",
      accountType: "MEAL",
    });
    expect(answer.json).toMatchObject({
      code: 0,
      message: "Success",
      payload: {
        cardAccountId: expect.stringMatching(/^CA[A-Z0-9]{7}$/),
        companyId: "CEKEP5GSGP",
        accountTitle: "Anay Meal Wallet",
        accountType: { name: "MEAL", label: "Meal", description: "Meal" },
        availableBalance: 0,
        availableCardBalance: 0,
        totalCards: 0,
        primaryEnKashCard: null,
      },
    });
  });
});
