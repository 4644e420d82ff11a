import { beforeEach, describe, expect, it } from "vitest";
import { CREDENTIALS, useSandbox } from "../helpers/sandbox.ts";

const ctx = useSandbox();
beforeEach(() => ctx.reset());

const PREPAID = { companyId: "CEKEP5GSGP", cardAccountId: "CABFIPS" };
const GIFT = { companyId: "CEKEP5GSGP", cardAccountId: "CAA8W45" };
const PREPAID_CARD = { ...PREPAID, enKashCardId: "EKCMB7KAEW" };
const GIFT_CARD = { ...GIFT, enKashCardId: "EKC94AEX89" };
const CORPORATE_PRIMARY = { companyId: "CEK7T1WMC6", cardAccountId: "CAVBMRFE8", enKashCardId: "EKCQMY9BQ0" };

/** Sends a request that must be refused, and proves the sandbox's state did not change. */
async function refusedWithoutChange(
  path: string,
  body: unknown,
  expected: { status?: number; message: string | RegExp },
) {
  const before = ctx.sandbox.state.snapshot();
  const answer = await ctx.caller.card(path, body);
  expect(answer.status).toBe(expected.status ?? 200);
  const message = answer.json.message ?? answer.json.response_message;
  if (expected.status === undefined) expect(answer.json.code ?? answer.json.response_code).toBe(1);
  expect(message).toMatch(expected.message);
  expect(ctx.sandbox.state.snapshot()).toBe(before);
  return answer;
}

async function cardObject(card: { companyId: string; cardAccountId: string; enKashCardId: string }) {
  return (await ctx.caller.card("wallet-details", card)).json.payload;
}

async function setStatus(card: typeof PREPAID_CARD, blockCode: string, reason?: string) {
  const otpRequestId = await ctx.caller.otp(card.cardAccountId, card.enKashCardId);
  return ctx.caller.card("block", {
    ...card,
    blockCode,
    otpMedium: "MOBILE",
    otpRequestId,
    otp: CREDENTIALS.otp,
    otpRequired: true,
    reason,
  });
}

async function createCard(body: Record<string, unknown>) {
  const answer = await ctx.caller.card("", body);
  expect(answer.json.code, answer.text).toBe(0);
  return answer.json.payload;
}

describe("card status machine", () => {
  it("locks and unlocks (L <-> UL)", async () => {
    expect((await setStatus(PREPAID_CARD, "L", "Lost wallet")).json).toEqual({
      code: 0,
      message: "Success",
      payload: "Success",
    });
    expect((await cardObject(PREPAID_CARD)).cardStatus).toEqual({ name: "L", label: "Locked" });
    expect((await setStatus(PREPAID_CARD, "UL")).json.code).toBe(0);
    expect((await cardObject(PREPAID_CARD)).cardStatus).toEqual({ name: "UL", label: "UnLocked" });
  });

  it("refuses to lock a locked card or unlock an active one, changing nothing", async () => {
    const otpRequestId = await ctx.caller.otp("CABFIPS", "EKCMB7KAEW");
    await refusedWithoutChange(
      "block",
      { ...PREPAID_CARD, blockCode: "UL", otpMedium: "MOBILE", otpRequestId, otp: CREDENTIALS.otp },
      { message: "Card is already unlocked" },
    );
  });

  it("blocked (BL) is final: no unlock, no load, no PIN, no controls, no OTP, no replacement", async () => {
    expect((await setStatus(PREPAID_CARD, "BL", "Card stolen")).json.code).toBe(0);
    expect((await cardObject(PREPAID_CARD)).cardStatus).toEqual({ name: "BL", label: "Blocked" });
    await refusedWithoutChange(
      "block",
      {
        ...PREPAID_CARD,
        blockCode: "UL",
        otpMedium: "MOBILE",
        otpRequestId: "EKXXXXXXXX",
        otp: CREDENTIALS.otp,
      },
      { message: /blocked/ },
    );
    await refusedWithoutChange(
      "balance",
      { ...PREPAID_CARD, amount: 10, transactionType: "CR", uniqueReferenceNumber: "BL-LOAD-1" },
      { message: "Card is blocked; it cannot be loaded" },
    );
    await refusedWithoutChange(
      "setPin",
      { ...PREPAID_CARD, pinBlock: "1234", otpRequired: false },
      { message: /blocked/ },
    );
    await refusedWithoutChange(
      "velocity/rule",
      { ...PREPAID, enKashCardIds: ["EKCMB7KAEW"], posAllowed: false },
      { message: /blocked/ },
    );
    await refusedWithoutChange(
      "otp",
      { cardOtpAction: "TRANSACTION_OTP", cardAccountId: "CABFIPS", enKashCardId: "EKCMB7KAEW" },
      { message: /blocked/ },
    );
    await refusedWithoutChange(
      "replaceCard",
      { enKashCardId: "EKCMB7KAEW", otpMedium: "MOBILE", otpRequestId: "EKXXXXXXXX", otp: CREDENTIALS.otp },
      { message: /blocked/ },
    );
    const spend = await ctx.caller.post("/__sandbox/purchase", {
      enKashCardId: "EKCMB7KAEW",
      amount: 10,
      merchantName: "DMart",
      mcc: "5411",
      channel: "POS",
    });
    expect(spend.json).toMatchObject({ approved: false, declineReason: "Card is blocked" });
  });

  it("a physical card starts in AP: it cannot be locked or unlocked, and a first PIN activates it", async () => {
    const card = await createCard({
      ...PREPAID,
      mobile: "9000000001",
      firstName: "Asha",
      physicalCard: true,
    });
    expect(card.cardStatus.name).toBe("AP");
    expect(card.cardActivated).toBe(false);
    const ref = { ...PREPAID, enKashCardId: card.enKashCardId };
    const otpRequestId = await ctx.caller.otp("CABFIPS", card.enKashCardId);
    await refusedWithoutChange(
      "block",
      { ...ref, blockCode: "L", otpMedium: "MOBILE", otpRequestId, otp: CREDENTIALS.otp },
      { message: "Card activation is in progress; set a PIN to activate it first" },
    );
    await refusedWithoutChange(
      "block",
      { ...ref, blockCode: "AP", otpMedium: "MOBILE", otpRequestId, otp: CREDENTIALS.otp },
      { message: "Card activation is already in progress" },
    );
    expect(
      (await ctx.caller.card("setPin", { ...ref, pinBlock: "4321", otpRequired: false })).json.code,
    ).toBe(0);
    const after = await cardObject(ref);
    expect(after.cardStatus).toEqual({ name: "UL", label: "UnLocked" });
    expect(after.cardActivated).toBe(true);
  });

  it("blockCode AP (source 004) puts an active card back into activation; its next PIN activates it", async () => {
    expect(
      (await ctx.caller.card("setPin", { ...PREPAID_CARD, pinBlock: "1357", otpRequired: false })).json.code,
    ).toBe(0);
    expect((await cardObject(PREPAID_CARD)).cardActivated).toBe(true);
    expect((await setStatus(PREPAID_CARD, "AP", "Reissue PIN")).json).toEqual({
      code: 0,
      message: "Success",
      payload: "Success",
    });
    const inActivation = await cardObject(PREPAID_CARD);
    expect(inActivation.cardStatus).toEqual({ name: "AP", label: "Activation InProgress" });
    expect(inActivation.cardActivated).toBe(false);
    const spend = await ctx.caller.post("/__sandbox/purchase", {
      enKashCardId: "EKCMB7KAEW",
      amount: 10,
      merchantName: "DMart",
      mcc: "5411",
      channel: "POS",
    });
    expect(spend.json).toMatchObject({ approved: false, declineReason: "Card activation is in progress" });
    expect(
      (await ctx.caller.card("setPin", { ...PREPAID_CARD, pinBlock: "2468", otpRequired: false })).json.code,
    ).toBe(0);
    const active = await cardObject(PREPAID_CARD);
    expect(active.cardStatus).toEqual({ name: "UL", label: "UnLocked" });
    expect(active.cardActivated).toBe(true);
  });

  it("blockCode AP also takes a locked card back into activation", async () => {
    expect((await setStatus(PREPAID_CARD, "L")).json.code).toBe(0);
    expect((await setStatus(PREPAID_CARD, "AP")).json.code).toBe(0);
    expect((await cardObject(PREPAID_CARD)).cardStatus.name).toBe("AP");
  });

  it("blockCode AP is refused on a blocked card, changing nothing", async () => {
    expect((await setStatus(PREPAID_CARD, "BL", "Card stolen")).json.code).toBe(0);
    await refusedWithoutChange(
      "block",
      { ...PREPAID_CARD, blockCode: "AP", otpMedium: "MOBILE", otpRequired: false },
      { message: /blocked/ },
    );
  });

  it("a virtual card is usable (UL) at once", async () => {
    const card = await createCard({ ...PREPAID, mobile: "9000000002", firstName: "Ravi" });
    expect(card.cardStatus).toEqual({ name: "UL", label: "UnLocked" });
    expect(card.physicalCard).toBe(false);
  });
});

describe("otpRequired on Block Card and Request Card Replacement", () => {
  it("Block Card with otpRequired false (source 004: 'to be passed as false') checks no OTP", async () => {
    const otpsBefore = ctx.sandbox.state.otps.size;
    const answer = await ctx.caller.card("block", {
      ...PREPAID_CARD,
      blockCode: "L",
      reason: "Lost wallet",
      otpMedium: "MOBILE",
      createdBy: "ops@anay.example",
      otpRequired: false,
    });
    expect(answer.json).toEqual({ code: 0, message: "Success", payload: "Success" });
    expect((await cardObject(PREPAID_CARD)).cardStatus).toEqual({ name: "L", label: "Locked" });
    expect(ctx.sandbox.state.otps.size).toBe(otpsBefore);
    // createdBy is kept with the card's status change, beside the reason.
    expect(ctx.sandbox.state.cards.get("EKCMB7KAEW")).toMatchObject({
      status: "L",
      blockReason: "Lost wallet",
      statusChangedBy: "ops@anay.example",
    });
  });

  it("with otpRequired false an OTP sent along is not checked, and its request is not spent", async () => {
    const otpRequestId = await ctx.caller.otp("CABFIPS", "EKCMB7KAEW");
    const answer = await ctx.caller.card("block", {
      ...PREPAID_CARD,
      blockCode: "L",
      otpMedium: "MOBILE",
      otpRequestId,
      otp: "000000",
      otpRequired: false,
    });
    expect(answer.json.code).toBe(0);
    expect(ctx.sandbox.state.otps.get(otpRequestId)).toMatchObject({ used: false, failedAttempts: 0 });
  });

  it("Block Card without otpRequired, or with true, needs the OTP and changes nothing without it", async () => {
    for (const otpRequired of [undefined, true]) {
      await refusedWithoutChange(
        "block",
        { ...PREPAID_CARD, blockCode: "L", otpMedium: "MOBILE", otpRequired },
        { message: "OTP is required for this operation" },
      );
    }
  });

  it("Request Card Replacement with otpRequired false (G2: 'pass false') replaces without an OTP", async () => {
    const answer = await ctx.caller.card("replaceCard", {
      enKashCardId: "EKCMB7KAEW",
      cardAccountId: "CABFIPS",
      otpMedium: "MOBILE",
      otpRequired: false,
    });
    expect(answer.json.code).toBe(0);
    expect(answer.json.payload.enKashCardId).not.toBe("EKCMB7KAEW");
    expect((await cardObject(PREPAID_CARD)).cardStatus.name).toBe("BL");
  });

  it("Request Card Replacement without otpRequired, or with true, needs the OTP", async () => {
    for (const otpRequired of [undefined, true]) {
      await refusedWithoutChange(
        "replaceCard",
        { enKashCardId: "EKCMB7KAEW", cardAccountId: "CABFIPS", otpMedium: "MOBILE", otpRequired },
        { message: "OTP is required for this operation" },
      );
    }
  });
});

describe("card creation", () => {
  it("gift cards need a load amount, and nothing is created without one", async () => {
    await refusedWithoutChange(
      "",
      { ...GIFT, mobile: "9000000003" },
      { message: "Load amount is mandatory for gift cards" },
    );
    await refusedWithoutChange(
      "",
      { ...GIFT, mobile: "9000000003", loadAmount: 0 },
      { message: "Load amount is mandatory for gift cards" },
    );
  });

  it("a gift card takes its load from the account", async () => {
    const card = await createCard({ ...GIFT, mobile: "9000000004", loadAmount: "250.50" });
    expect(card).toMatchObject({
      otbBalance: 250.5,
      loadAmount: 250.5,
      accountBalance: 99249.5,
      // Source 002: EnKash's own gift card answers prepaidCard true; binType tells gift from GPR.
      prepaidCard: true,
      binType: { name: "GIFT_CARD", label: "Gift Card" },
    });
  });

  it("a gift card may be physical (the newest portal: physical or virtual); it starts in AP", async () => {
    const card = await createCard({
      ...GIFT,
      mobile: "9000000014",
      loadAmount: 300,
      physicalCard: true,
      physicalDeliveryAddressFlag: true,
      deliveryAddress: "12 MG Road",
      deliveryCity: "Pune",
      deliveryState: "Maharashtra",
      deliveryCountry: "India",
      deliveryPincode: "411001",
    });
    expect(card).toMatchObject({
      physicalCard: true,
      physicalCardRequestDate: expect.any(String),
      cardStatus: { name: "AP", label: "Activation InProgress" },
      binType: { name: "GIFT_CARD", label: "Gift Card" },
      otbBalance: 300,
      deliveryPincode: "411001",
      // Source 002: a gift card cannot order a plastic later; it is chosen at issue.
      physicalCardAllowed: false,
    });
    const ref = { ...GIFT, enKashCardId: card.enKashCardId };
    expect((await ctx.caller.card("setPin", { ...ref, pinBlock: "2580" })).json.code).toBe(0);
    expect((await cardObject(ref)).cardStatus).toEqual({ name: "UL", label: "UnLocked" });
  });

  it("refuses a load larger than the account balance, creating nothing", async () => {
    await refusedWithoutChange(
      "",
      { ...GIFT, mobile: "9000000005", loadAmount: 99500.01 },
      { message: "Insufficient balance in card account" },
    );
  });

  it("refuses a second live card for the same mobile number in an account", async () => {
    await createCard({ ...PREPAID, mobile: "9000000006" });
    await refusedWithoutChange(
      "",
      { ...PREPAID, mobile: "9000000006" },
      { message: /already exists for this mobile/ },
    );
  });

  it("validates fields without echoing values", async () => {
    const answer = await refusedWithoutChange(
      "",
      {
        ...PREPAID,
        email: "secret-not-an-email",
        mobile: "98765",
        specialDate: "31-02-2001",
        loadAmount: 1.234,
        documents: [{ docType: "PAN", docNo: "BADPAN" }],
      },
      { status: 400, message: /^Invalid request: / },
    );
    expect(answer.json.payload.map((problem: { field: string }) => problem.field).sort()).toEqual(
      ["documents.0.docNo", "email", "loadAmount", "mobile", "specialDate"].sort(),
    );
    for (const value of ["secret-not-an-email", "98765", "31-02-2001", "1.234", "BADPAN"])
      expect(answer.text).not.toContain(value);
  });

  it("answers an unknown account with the documented 404", async () => {
    await refusedWithoutChange(
      "",
      { companyId: "CEKEP5GSGP", cardAccountId: "CANOPE01" },
      {
        status: 404,
        message: "Card account not found for companyId: CEKEP5GSGP and cardAccountId: CANOPE01",
      },
    );
    await refusedWithoutChange(
      "",
      { companyId: "CEK7T1WMC6", cardAccountId: "CABFIPS" },
      { status: 404, message: /Card account not found/ },
    );
  });

  it("needs only companyId and cardAccountId (source 002): no names, no mobile", async () => {
    const card = await createCard({ ...PREPAID });
    expect(card).toMatchObject({
      enKashCardId: expect.stringMatching(/^EKC[A-Z0-9]{7}$/),
      userId: expect.stringMatching(/^EK[A-Z0-9]{6}$/),
      cardAccountId: "CABFIPS",
      cardStatus: { name: "UL", label: "UnLocked" },
      otbBalance: 0,
    });
    // Absent details are left out of the card object, as EnKash leaves out nulls.
    for (const field of ["firstName", "lastName", "mobile", "email", "title", "gender", "specialDate"])
      expect(card, field).not.toHaveProperty(field);
    const gift = await createCard({ ...GIFT, loadAmount: 100 });
    expect(gift).toMatchObject({ otbBalance: 100, binType: { name: "GIFT_CARD" } });
    expect(gift).not.toHaveProperty("mobile");
  });

  it("the one-live-card-per-mobile rule applies only to cards with a mobile", async () => {
    const first = await createCard({ ...PREPAID });
    const second = await createCard({ ...PREPAID });
    expect(second.enKashCardId).not.toBe(first.enKashCardId);
    expect(second.userId).not.toBe(first.userId);
  });

  it("a card without a mobile gets no SMS OTP (a clear business error), yet can be managed with otpRequired false", async () => {
    const card = await createCard({ ...PREPAID, firstName: "Nomobile" });
    const ref = { ...PREPAID, enKashCardId: card.enKashCardId };
    await refusedWithoutChange(
      "otp",
      { cardOtpAction: "TRANSACTION_OTP", cardAccountId: "CABFIPS", enKashCardId: card.enKashCardId },
      { message: "No mobile number is registered for this card" },
    );
    const lock = await ctx.caller.card("block", {
      ...ref,
      blockCode: "L",
      otpMedium: "MOBILE",
      otpRequired: false,
    });
    expect(lock.json.code).toBe(0);
  });

  it("userId attaches the card to an existing user of the company, whose details fill absent fields", async () => {
    const meal = { companyId: "CEKEP5GSGP", cardAccountId: "CAC7975", enKashCardId: "EKCBEFFEC1" };
    const user = await cardObject(meal);
    const card = await createCard({ ...PREPAID, userId: user.userId, title: "Dr" });
    expect(card).toMatchObject({
      userId: user.userId,
      title: "Dr",
      firstName: user.firstName,
      lastName: user.lastName,
      gender: user.gender,
      email: user.email,
      mobile: "6012345611",
      city: user.city,
      cardAccountId: "CABFIPS",
    });
    expect(card.enKashCardId).not.toBe("EKCBEFFEC1");
  });

  it("a user's mobile counts as given: no second live card for the same user in one account", async () => {
    const user = await cardObject(PREPAID_CARD);
    await refusedWithoutChange(
      "",
      { ...PREPAID, userId: user.userId },
      { message: "A card already exists for this mobile number in the card account" },
    );
  });

  it("refuses a userId that is not a user of the company, without echoing it and creating nothing", async () => {
    const otherCompanysUser = (await cardObject(CORPORATE_PRIMARY)).userId;
    for (const userId of [otherCompanysUser, "EKNOUSER"]) {
      const answer = await refusedWithoutChange(
        "",
        { ...PREPAID, userId, firstName: "X" },
        { message: "User not found for this company" },
      );
      expect(answer.text).not.toContain(userId);
    }
  });

  it("makes a card primary on request, taking the flag from the previous primary", async () => {
    const card = await createCard({ ...PREPAID, mobile: "9000000007", primaryEnKashCard: true });
    const account = (await ctx.caller.card("cardAccount/get", PREPAID)).json.payload;
    expect(account.primaryEnKashCard.enKashCardId).toBe(card.enKashCardId);
    const cards = (await ctx.caller.card("search", { ...PREPAID, size: 100 })).json.payload.content;
    expect(cards.filter((c: { primaryCard: boolean }) => c.primaryCard)).toHaveLength(1);
  });
});

describe("loads", () => {
  const load = (overrides: Record<string, unknown> = {}) => ({
    ...PREPAID_CARD,
    amount: 100,
    transactionType: "CR",
    uniqueReferenceNumber: "LOAD-0001",
    ...overrides,
  });

  it("debits the account, credits the card and records a CR transaction carrying the reference", async () => {
    const before = await cardObject(PREPAID_CARD);
    const accountBefore = (await ctx.caller.card("cardAccount/get", PREPAID)).json.payload;
    const answer = await ctx.caller.card("balance", load({ amount: "100.10" }));
    expect(answer.json.payload).toMatchObject({ pgReferenceNumber: "LOAD-0001", amount: 100.1 });
    const after = await cardObject(PREPAID_CARD);
    const accountAfter = (await ctx.caller.card("cardAccount/get", PREPAID)).json.payload;
    expect(Math.round(after.otbBalance * 100) - Math.round(before.otbBalance * 100)).toBe(10010);
    expect(
      Math.round(accountBefore.availableBalance * 100) - Math.round(accountAfter.availableBalance * 100),
    ).toBe(10010);
    expect(after.enkashCardTxnId).toBe(answer.json.payload.enkashCardTxnId);
    const found = await ctx.caller.card("transaction/all", { ...PREPAID, pgReferenceNumber: "LOAD-0001" });
    expect(found.json.payload.content).toHaveLength(1);
    expect(found.json.payload.content[0]).toMatchObject({
      enKashTransactionId: answer.json.payload.enkashCardTxnId,
      cardTransactionType: "CR",
      type: "ALLOCATE_FUND",
      status: "SUCCESS",
      principalAmount: 100.1,
      pgReferenceNumber: "LOAD-0001",
      balance: after.otbBalance,
    });
  });

  it("rejects a repeated uniqueReferenceNumber and moves no money", async () => {
    expect((await ctx.caller.card("balance", load())).json.code).toBe(0);
    await refusedWithoutChange("balance", load(), { message: /Duplicate uniqueReferenceNumber/ });
  });

  it("rejects insufficient account balance, DR, gift cards and bad amounts, moving nothing", async () => {
    await refusedWithoutChange("balance", load({ amount: 500000.01 }), {
      message: "Insufficient balance in card account",
    });
    await refusedWithoutChange("balance", load({ transactionType: "DR" }), { message: /Only CR/ });
    await refusedWithoutChange(
      "balance",
      { ...GIFT_CARD, amount: 10, transactionType: "CR", uniqueReferenceNumber: "GIFT-1" },
      { message: "Gift cards cannot be reloaded" },
    );
    await refusedWithoutChange("balance", load({ amount: 0 }), {
      status: 400,
      message: /amount must be greater than 0/,
    });
    await refusedWithoutChange("balance", load({ amount: -5 }), { status: 400, message: /amount/ });
    await refusedWithoutChange("balance", load({ uniqueReferenceNumber: undefined }), {
      status: 400,
      message: /uniqueReferenceNumber is required/,
    });
  });

  it("keeps exact paise over many small loads (no float drift)", async () => {
    const before = await cardObject(PREPAID_CARD);
    for (let i = 0; i < 10; i++)
      expect(
        (await ctx.caller.card("balance", load({ amount: 0.1, uniqueReferenceNumber: `DRIFT-${i}` }))).json
          .code,
      ).toBe(0);
    const after = await cardObject(PREPAID_CARD);
    expect(Math.round(after.otbBalance * 100) - Math.round(before.otbBalance * 100)).toBe(100);
    expect(String(after.otbBalance)).toMatch(/^\d+(\.\d{1,2})?$/);
  });
});

describe("PIN", () => {
  it("keeps only a salted hash: the PIN appears nowhere in state", async () => {
    // A PIN that is no JSON string value anywhere in state yet (a last-4 could collide).
    const pinBlock =
      ["7391", "2864", "5027"].find((pin) => !ctx.sandbox.state.snapshot().includes(`"${pin}"`)) ?? "";
    expect(
      (await ctx.caller.card("setPin", { ...PREPAID_CARD, pinBlock, otpRequired: false })).json.code,
    ).toBe(0);
    expect(ctx.sandbox.state.snapshot()).not.toContain(`"${pinBlock}"`);
    const pin = ctx.sandbox.state.cards.get("EKCMB7KAEW")?.pin;
    expect(pin?.salt).toMatch(/^[A-Za-z0-9+/=]{20,}$/);
    expect(pin?.hash).toMatch(/^[A-Za-z0-9+/=]{40,}$/);
    expect(Buffer.from(pin?.hash ?? "", "base64").toString("latin1")).not.toContain(pinBlock);
  });

  it("refuses a PIN that is not 4 digits, without echoing it", async () => {
    const answer = await refusedWithoutChange(
      "setPin",
      { ...PREPAID_CARD, pinBlock: "98765" },
      { status: 400, message: /pinBlock must be a 4-digit PIN/ },
    );
    expect(answer.text).not.toContain("98765");
  });

  it("with otpRequired, needs a valid OTP", async () => {
    await refusedWithoutChange(
      "setPin",
      { ...PREPAID_CARD, pinBlock: "1111", otpRequired: true },
      { message: "OTP is required for this operation" },
    );
    const otpRequestId = await ctx.caller.otp("CABFIPS", "EKCMB7KAEW");
    const answer = await ctx.caller.card("setPin", {
      ...PREPAID_CARD,
      pinBlock: "1111",
      otpRequired: true,
      otpMedium: "MOBILE",
      otpRequestId,
      otp: CREDENTIALS.otp,
    });
    expect(answer.json.code).toBe(0);
  });
});

describe("usage controls", () => {
  it("stores switches and limits for several cards and returns them; null clears a limit", async () => {
    const account = (await ctx.caller.card("search", { ...PREPAID, cardStatus: "UL", size: 2 })).json.payload
      .content;
    const ids = account.map((card: { enKashCardId: string }) => card.enKashCardId);
    const update = await ctx.caller.card("velocity/rule", {
      ...PREPAID,
      enKashCardIds: ids,
      atmAllowed: false,
      internationalAllowed: true,
      perTxnLimit: 2500.5,
      dtd: "10000",
      mtdCount: 40,
      posDailyLimit: "1220",
      posDailyLimitCount: "3",
    });
    expect(update.json.code).toBe(0);
    for (const enKashCardId of ids) {
      const rule = (await ctx.caller.card("velocity/rule/get", { ...PREPAID, enKashCardId })).json.payload;
      expect(rule).toMatchObject({
        enKashCardId,
        atmAllowed: false,
        internationalAllowed: true,
        perTxnLimit: 2500.5,
        dtd: 10000,
        mtdCount: 40,
        posDailyLimit: 1220,
        posDailyLimitCount: 3,
        ytd: null,
      });
      expect((await cardObject({ ...PREPAID, enKashCardId })).atmAllowed).toBe(false);
    }
    await ctx.caller.card("velocity/rule", { ...PREPAID, enKashCardIds: ids[0], perTxnLimit: null });
    expect(
      (await ctx.caller.card("velocity/rule/get", { ...PREPAID, enKashCardId: ids[0] })).json.payload
        .perTxnLimit,
    ).toBeNull();
  });

  it("is all or nothing: one unknown card in the list changes no card", async () => {
    await refusedWithoutChange(
      "velocity/rule",
      { ...PREPAID, enKashCardIds: ["EKCMB7KAEW", "EKCNOPE000"], posAllowed: false },
      { status: 404, message: /EKCNOPE000/ },
    );
  });

  it("validates the list size and limit values", async () => {
    await refusedWithoutChange(
      "velocity/rule",
      { ...PREPAID, enKashCardIds: [] },
      { status: 400, message: /enKashCardIds/ },
    );
    await refusedWithoutChange(
      "velocity/rule",
      { ...PREPAID, enKashCardIds: Array.from({ length: 101 }, (_, i) => `EKC${i}`) },
      { status: 400, message: /enKashCardIds/ },
    );
    await refusedWithoutChange(
      "velocity/rule",
      { ...PREPAID, enKashCardIds: ["EKCMB7KAEW"], dtd: "lots" },
      { status: 400, message: /dtd/ },
    );
  });
});

describe("replacement", () => {
  it("issues a new card to the same holder, moves the balance and blocks the old card", async () => {
    const old = await cardObject(PREPAID_CARD);
    await ctx.caller.card("velocity/rule", { ...PREPAID, enKashCardIds: ["EKCMB7KAEW"], perTxnLimit: 777 });
    const otpRequestId = await ctx.caller.otp("CABFIPS", "EKCMB7KAEW");
    const answer = await ctx.caller.card("replaceCard", {
      enKashCardId: "EKCMB7KAEW",
      cardAccountId: "CABFIPS",
      otpMedium: "MOBILE",
      otpRequestId,
      otp: CREDENTIALS.otp,
      otpRequired: true,
    });
    expect(answer.json.code).toBe(0);
    const replacement = answer.json.payload;
    expect(replacement.enKashCardId).not.toBe("EKCMB7KAEW");
    expect(replacement).toMatchObject({
      userId: old.userId,
      mobile: old.mobile,
      otbBalance: old.otbBalance,
      cardStatus: { name: "UL" },
    });
    expect(replacement.maskedNumber).not.toBe(old.maskedNumber);
    const after = await cardObject(PREPAID_CARD);
    expect(after).toMatchObject({ cardStatus: { name: "BL" }, otbBalance: 0 });
    const rule = (
      await ctx.caller.card("velocity/rule/get", { ...PREPAID, enKashCardId: replacement.enKashCardId })
    ).json.payload;
    expect(rule.perTxnLimit).toBe(777);
  });

  it("needs the OTP and changes nothing without it", async () => {
    await refusedWithoutChange(
      "replaceCard",
      { enKashCardId: "EKCMB7KAEW", otpMedium: "MOBILE" },
      { message: "OTP is required for this operation" },
    );
  });
});

describe("physical card order", () => {
  it("turns a virtual card physical with a delivery address", async () => {
    const answer = await ctx.caller.card("physicalCard", {
      ...PREPAID_CARD,
      deliveryAddress: "12 MG Road",
      deliveryCity: "Pune",
      deliveryState: "Maharashtra",
      deliveryCountry: "India",
      deliveryPincode: "411001",
    });
    expect(answer.json.payload).toMatchObject({
      physicalCard: true,
      physicalDeliveryAddressFlag: true,
      deliveryPincode: "411001",
      physicalCardRequestDate: expect.any(String),
    });
  });

  it("refuses a second order, a gift account and a bad PIN code, changing nothing", async () => {
    const address = {
      deliveryAddress: "12 MG Road",
      deliveryCity: "Pune",
      deliveryState: "Maharashtra",
      deliveryCountry: "India",
      deliveryPincode: "411001",
    };
    await ctx.caller.card("physicalCard", { ...PREPAID_CARD, ...address });
    await refusedWithoutChange(
      "physicalCard",
      { ...PREPAID_CARD, ...address },
      { message: /already been issued/ },
    );
    await refusedWithoutChange("physicalCard", { ...GIFT_CARD, ...address }, { message: /not allowed/ });
    await refusedWithoutChange(
      "physicalCard",
      { ...PREPAID_CARD, ...address, deliveryPincode: "41100" },
      { status: 400, message: /deliveryPincode/ },
    );
  });
});

describe("card accounts", () => {
  it("refuses unknown companies and plans, and duplicate titles, creating nothing", async () => {
    const body = {
      companyId: "CEKEP5GSGP",
      companyName: "Anay",
      planMasterId: "PMGAZ7L5A",
      email: "ops@example.in",
      mobile: "9000000000",
      accountTitle: "Fuel",
      accountType: "FUEL",
    };
    await refusedWithoutChange(
      "cardAccount/create",
      { ...body, companyId: "CEKNOPE000" },
      { status: 404, message: /Company not found/ },
    );
    await refusedWithoutChange(
      "cardAccount/create",
      { ...body, planMasterId: "PMNOPE000" },
      { message: /Plan master not found/ },
    );
    await refusedWithoutChange(
      "cardAccount/create",
      { ...body, accountTitle: "Anay Gift Cards" },
      { message: /already exists/ },
    );
    await refusedWithoutChange(
      "cardAccount/create",
      { ...body, accountType: "SAVINGS" },
      { status: 400, message: /accountType must be one of/ },
    );
  });

  it("a new account, once funded, issues cards", async () => {
    const created = await ctx.caller.card("cardAccount/create", {
      companyId: "CEK7T1WMC6",
      companyName: "Vikram Singh",
      planMasterId: "PMMEAL001",
      email: "hr@example.in",
      mobile: "9000000000",
      accountTitle: "Meals",
      accountType: "MEAL",
    });
    const cardAccountId = created.json.payload.cardAccountId;
    await ctx.caller.post("/__sandbox/fund-account", { cardAccountId, amount: 1000 });
    const card = await createCard({
      companyId: "CEK7T1WMC6",
      cardAccountId,
      mobile: "9000000010",
      loadAmount: 400,
    });
    expect(card).toMatchObject({
      otbBalance: 400,
      accountBalance: 600,
      primaryCard: true,
      accountType: { name: "MEAL" },
    });
  });
});

describe("card balance", () => {
  it("answers a card's spendable balance, or the account's balances", async () => {
    const card = await cardObject(PREPAID_CARD);
    const one = await ctx.caller.card("card-balance", PREPAID_CARD);
    expect(one.json).toEqual({
      code: 0,
      message: "Success",
      payload: {
        companyId: "CEKEP5GSGP",
        cardAccountId: "CABFIPS",
        enKashCardId: "EKCMB7KAEW",
        maskedNumber: card.maskedNumber,
        otbBalance: card.otbBalance,
        holdBalance: 0,
        currency: "INR",
        cardStatus: { name: "UL", label: "UnLocked" },
      },
    });
    const account = await ctx.caller.card("card-balance", PREPAID);
    expect(account.json.payload).toEqual({
      companyId: "CEKEP5GSGP",
      cardAccountId: "CABFIPS",
      availableBalance: 500000,
      availableCardBalance: expect.any(Number),
    });
  });
});
