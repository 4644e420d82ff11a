import { describe, expect, it } from "vitest";
import {
  BlockCardDocument,
  CardScreenDocument,
  CreateCardAccountDocument,
  CreateCardDocument,
  GenerateCardOtpDocument,
  LoadCardDocument,
  LockCardDocument,
  OrderPhysicalCardDocument,
  RequestCardReplacementDocument,
  SetCardPinDocument,
  UnlockCardDocument,
  UpdateCardControlsDocument,
} from "../../operations/generated.ts";
import type { FaultInput } from "../../src/sandbox/options.ts";
import { useHarness } from "../helpers/harness.ts";
import { globalId as id } from "../helpers/ids.ts";

const h = useHarness();
const PREPAID_ACCOUNT = id("CardAccount", "CEKEP5GSGP/CABFIPS");
const GIFT_ACCOUNT = id("CardAccount", "CEKEP5GSGP/CAA8W45");
const GIFT_CARD = id("Card", "CEKEP5GSGP/CAA8W45/EKC94AEX89");
let mobiles = 9_100_000_000;

async function newCard(overrides: Record<string, unknown> = {}) {
  const result = await h.gql(CreateCardDocument, {
    input: {
      accountId: PREPAID_ACCOUNT,
      cardholder: { firstName: "Asha", lastName: "Rao", mobile: String(mobiles++) },
      initialLoad: "500.00",
      ...overrides,
    },
  });
  expect(result.data?.createCard.userErrors).toEqual([]);
  const card = result.data?.createCard.card;
  if (!card) throw new Error("no card");
  return card;
}

async function otp(cardId: string, action?: "TRANSACTION_OTP" | "SET_PIN") {
  const result = await h.gql(GenerateCardOtpDocument, { input: { cardId, ...(action ? { action } : {}) } });
  const payload = result.data?.generateCardOtp;
  expect(payload?.userErrors).toEqual([]);
  return { otpRequestId: payload?.otpRequestId ?? "", code: "123456" };
}

/** Runs a mutation that must be refused, and proves the sandbox's state did not change. */
async function refused<T>(run: () => Promise<T>): Promise<T> {
  const before = h.sandbox.state.snapshot();
  const result = await run();
  expect(h.sandbox.state.snapshot()).toBe(before);
  return result;
}

describe("createCard", () => {
  it("issues a prepaid card with its initial load; the account's type decides the kind", async () => {
    const card = await newCard();
    expect(card).toMatchObject({
      kind: "PREPAID",
      status: "ACTIVE",
      balance: { amount: "500.00" },
      cardholder: { name: "Asha Rao" },
    });
    const gift = await h.gql(CreateCardDocument, {
      input: {
        accountId: GIFT_ACCOUNT,
        cardholder: { firstName: "Dev", mobile: String(mobiles++) },
        initialLoad: "1000",
      },
    });
    expect(gift.data?.createCard.card).toMatchObject({ kind: "GIFT", balance: { amount: "1000.00" } });
  });

  it("a physical card starts in activation, and its first PIN activates it", async () => {
    const card = await newCard({
      physical: true,
      deliveryAddress: { line1: "4 Park Street", city: "Kolkata", state: "West Bengal", pincode: "700016" },
    });
    expect(card.status).toBe("ACTIVATION_IN_PROGRESS");
    const pin = await h.gql(SetCardPinDocument, { input: { cardId: card.id, pin: "2468" } });
    expect(pin.data?.setCardPin).toEqual({
      card: { id: card.id, status: "ACTIVE", activated: true },
      userErrors: [],
    });
  });

  it("refuses bad cardholder details with the path of each field, sending nothing to EnKash", async () => {
    const before = h.sandbox.calls.count();
    const result = await refused(() =>
      h.gql(CreateCardDocument, {
        input: {
          accountId: PREPAID_ACCOUNT,
          cardholder: { firstName: "Asha", mobile: "12345", email: "not-an-email" },
        },
      }),
    );
    expect(result.data?.createCard).toEqual({
      card: null,
      userErrors: [
        {
          code: "INVALID_INPUT",
          message: "email must be a valid email address",
          field: ["input", "cardholder", "email"],
        },
      ],
    });
    const date = await h.gql(CreateCardDocument, {
      input: {
        accountId: PREPAID_ACCOUNT,
        cardholder: { firstName: "A", mobile: "9000000099", dateOfBirth: "2001-02-30" },
      },
    });
    expect(date.data?.createCard.userErrors).toEqual([
      {
        code: "INVALID_INPUT",
        message: "dateOfBirth must be a real calendar date",
        field: ["input", "cardholder", "dateOfBirth"],
      },
    ]);
    expect(h.sandbox.calls.count()).toBe(before);
  });

  it("a physical card needs an address to go to", async () => {
    const result = await refused(() =>
      h.gql(CreateCardDocument, {
        input: {
          accountId: PREPAID_ACCOUNT,
          physical: true,
          cardholder: { firstName: "P", mobile: String(mobiles++) },
        },
      }),
    );
    expect(result.data?.createCard.userErrors[0]).toMatchObject({
      code: "INVALID_INPUT",
      field: ["input", "deliveryAddress"],
    });
  });

  it("a gift card without an initial load is an input error; an unknown account is not found", async () => {
    const gift = await refused(() =>
      h.gql(CreateCardDocument, {
        input: { accountId: GIFT_ACCOUNT, cardholder: { firstName: "Dev", mobile: String(mobiles++) } },
      }),
    );
    expect(gift.data?.createCard.userErrors).toEqual([
      {
        code: "INVALID_INPUT",
        message: "initialLoad is required for gift cards",
        field: ["input", "initialLoad"],
      },
    ]);
    const unknown = await h.gql(CreateCardDocument, {
      input: {
        accountId: id("CardAccount", "CEKEP5GSGP/CANOPE01"),
        cardholder: { firstName: "A", mobile: "9000000098" },
      },
    });
    expect(unknown.data?.createCard.userErrors[0]).toMatchObject({
      code: "NOT_FOUND",
      field: ["input", "accountId"],
    });
    const notAnId = await h.gql(CreateCardDocument, {
      input: { accountId: "garbage", cardholder: { firstName: "A", mobile: "9000000097" } },
    });
    expect(notAnId.data?.createCard.userErrors[0]).toMatchObject({
      code: "INVALID_INPUT",
      field: ["input", "accountId"],
    });
  });

  it("takes what EnKash takes: no cardholder details at all, or an existing EnKash user", async () => {
    const bare = await h.gql(CreateCardDocument, { input: { accountId: PREPAID_ACCOUNT } });
    expect(bare.data?.createCard.userErrors).toEqual([]);
    expect(bare.data?.createCard.card).toMatchObject({ status: "ACTIVE", cardholder: { name: null } });
    // Without a mobile there is no SMS OTP; EnKash says so, and the server passes it on as NOT_ALLOWED.
    const noSms = await h.gql(GenerateCardOtpDocument, {
      input: { cardId: bare.data?.createCard.card?.id ?? "" },
    });
    expect(noSms.data?.generateCardOtp.userErrors[0]?.code).toBe("NOT_ALLOWED");

    // EK94JCMP is the cardholder of source 002's gift card, in the same company.
    const existing = await h.gql(CreateCardDocument, {
      input: { accountId: PREPAID_ACCOUNT, cardholder: { enKashUserId: "EK94JCMP" } },
    });
    expect(existing.data?.createCard.userErrors).toEqual([]);
    expect(existing.data?.createCard.card?.cardholder).toMatchObject({ name: "Mr Johnny Dew" });

    const stranger = await refused(() =>
      h.gql(CreateCardDocument, {
        input: { accountId: PREPAID_ACCOUNT, cardholder: { enKashUserId: "EKNOUSER", firstName: "X" } },
      }),
    );
    expect(stranger.data?.createCard.userErrors).toEqual([
      {
        code: "INVALID_INPUT",
        message: "enKashUserId must name an existing EnKash user of this company",
        field: ["input", "cardholder", "enKashUserId"],
      },
    ]);
  });

  it("a load above the account balance is INSUFFICIENT_BALANCE and creates nothing", async () => {
    const result = await refused(() =>
      h.gql(CreateCardDocument, {
        input: {
          accountId: GIFT_ACCOUNT,
          cardholder: { firstName: "Big", mobile: String(mobiles++) },
          initialLoad: "99500.01",
        },
      }),
    );
    expect(result.data?.createCard.userErrors).toEqual([
      {
        code: "INSUFFICIENT_BALANCE",
        message: "The card account holds less than this amount; nothing moved.",
        field: null,
      },
    ]);
  });
});

describe("generateCardOtp", () => {
  it("returns the request ID, the masked mobile and when it expires", async () => {
    const card = await newCard();
    const sent = Date.now();
    const result = await h.gql(GenerateCardOtpDocument, { input: { cardId: card.id, action: "SET_PIN" } });
    const answered = Date.now();
    const payload = result.data?.generateCardOtp;
    expect(payload).toMatchObject({
      otpRequestId: expect.stringMatching(/^EK[A-Z0-9]{8}$/),
      maskedMobile: expect.stringMatching(/^91X{6}\d{2}$/),
      userErrors: [],
    });
    // Five minutes (the harness's otpTtlSeconds) from some moment while the request ran, however
    // long it took: bracketed by clock readings taken before and after it.
    const expiresAt = Date.parse(payload?.expiresAt ?? "");
    expect(expiresAt).toBeGreaterThanOrEqual(sent + 300_000);
    expect(expiresAt).toBeLessThanOrEqual(answered + 300_000);
  });
});

describe("lock, unlock, block", () => {
  it("lock and unlock switch both ways; block is final and refuses everything after", async () => {
    const card = await newCard();
    const locked = await h.gql(LockCardDocument, {
      input: { cardId: card.id, reason: "Misplaced", otp: await otp(card.id) },
    });
    expect(locked.data?.lockCard).toEqual({ card: { id: card.id, status: "LOCKED" }, userErrors: [] });
    const proof = await otp(card.id);
    const again = await refused(() => h.gql(LockCardDocument, { input: { cardId: card.id, otp: proof } }));
    expect(again.data?.lockCard.userErrors[0]).toMatchObject({
      code: "TRANSITION_NOT_ALLOWED",
      message: "The card's status does not allow this.",
    });
    const unlocked = await h.gql(UnlockCardDocument, {
      input: { cardId: card.id, otp: { medium: "AUTHENTICATOR", code: "123456" } },
    });
    expect(unlocked.data?.unlockCard.card?.status).toBe("ACTIVE");

    const blocked = await h.gql(BlockCardDocument, {
      input: { cardId: card.id, reason: "Card stolen", otp: await otp(card.id) },
    });
    expect(blocked.data?.blockCard).toEqual({ card: { id: card.id, status: "BLOCKED" }, userErrors: [] });
    const unlock = await refused(() =>
      h.gql(UnlockCardDocument, {
        input: { cardId: card.id, otp: { medium: "AUTHENTICATOR", code: "123456" } },
      }),
    );
    expect(unlock.data?.unlockCard.userErrors[0]?.code).toBe("TRANSITION_NOT_ALLOWED");
    const load = await refused(() =>
      h.gql(LoadCardDocument, { input: { cardId: card.id, amount: "10", referenceNumber: `BL-${card.id}` } }),
    );
    expect(load.data?.loadCard.userErrors[0]?.code).toBe("TRANSITION_NOT_ALLOWED");
    const pin = await refused(() => h.gql(SetCardPinDocument, { input: { cardId: card.id, pin: "1357" } }));
    expect(pin.data?.setCardPin.userErrors[0]?.code).toBe("TRANSITION_NOT_ALLOWED");
    const controls = await refused(() =>
      h.gql(UpdateCardControlsDocument, { input: { cardId: card.id, atm: false } }),
    );
    expect(controls.data?.updateCardControls.userErrors[0]?.code).toBe("TRANSITION_NOT_ALLOWED");
    const otpAfter = await refused(() => h.gql(GenerateCardOtpDocument, { input: { cardId: card.id } }));
    expect(otpAfter.data?.generateCardOtp.userErrors[0]?.code).toBe("TRANSITION_NOT_ALLOWED");
  });

  it("a wrong OTP is OTP_INVALID and changes nothing but the attempt count; three wrong kill it", async () => {
    const card = await newCard();
    const proof = await otp(card.id);
    for (const attempt of [1, 2]) {
      const wrong = await h.gql(LockCardDocument, {
        input: { cardId: card.id, otp: { ...proof, code: "000000" } },
      });
      expect(wrong.data?.lockCard.userErrors[0], `attempt ${attempt}`).toMatchObject({
        code: "OTP_INVALID",
        field: null,
      });
    }
    const third = await h.gql(LockCardDocument, {
      input: { cardId: card.id, otp: { ...proof, code: "000000" } },
    });
    expect(third.data?.lockCard.userErrors[0]?.code).toBe("OTP_EXPIRED");
    const right = await h.gql(LockCardDocument, { input: { cardId: card.id, otp: proof } });
    expect(right.data?.lockCard.userErrors[0]?.code).toBe("OTP_EXPIRED");
    const missing = await h.gql(LockCardDocument, { input: { cardId: card.id, otp: { code: "123456" } } });
    expect(missing.data?.lockCard.userErrors).toEqual([
      {
        code: "INVALID_INPUT",
        message: "otpRequestId is required for an SMS OTP",
        field: ["input", "otp", "otpRequestId"],
      },
    ]);
    const state = await h.gql(CardScreenDocument, {
      companyId: "CEKEP5GSGP",
      cardAccountId: "CABFIPS",
      enKashCardId: card.enKashCardId,
    });
    expect(state.data?.card?.status).toBe("ACTIVE");
  });

  it("an expired OTP is OTP_EXPIRED", async () => {
    const card = await newCard();
    const proof = await otp(card.id);
    h.sandbox.clock.advance(301_000);
    const result = await h.gql(LockCardDocument, { input: { cardId: card.id, otp: proof } });
    expect(result.data?.lockCard.userErrors[0]).toMatchObject({
      code: "OTP_EXPIRED",
      message: "The OTP expired or ran out of attempts; generate a new one.",
    });
  });
});

describe("loadCard", () => {
  it("moves money onto the card and returns the transaction; a repeated reference moves nothing", async () => {
    const card = await newCard();
    const reference = `LOAD-${card.enKashCardId}`;
    const result = await h.gql(LoadCardDocument, {
      input: { cardId: card.id, amount: "1234.56", referenceNumber: reference },
    });
    expect(result.data?.loadCard).toMatchObject({
      card: { balance: { amount: "1734.56", formatted: "₹1,734.56" } },
      transaction: { amount: { amount: "1234.56" }, referenceNumber: reference },
      userErrors: [],
    });
    const again = await refused(() =>
      h.gql(LoadCardDocument, { input: { cardId: card.id, amount: "1234.56", referenceNumber: reference } }),
    );
    expect(again.data?.loadCard).toMatchObject({
      card: null,
      transaction: null,
      userErrors: [{ code: "DUPLICATE_REFERENCE" }],
    });
  });

  it("refuses gift cards, short balances and malformed amounts", async () => {
    const gift = await refused(() =>
      h.gql(LoadCardDocument, { input: { cardId: GIFT_CARD, amount: "10", referenceNumber: "GIFT-LOAD" } }),
    );
    expect(gift.data?.loadCard.userErrors[0]).toMatchObject({
      code: "NOT_ALLOWED",
      message: "This card's or account's type does not allow this.",
    });
    const card = await newCard();
    const short = await refused(() =>
      h.gql(LoadCardDocument, {
        input: { cardId: card.id, amount: "99999999.00", referenceNumber: "TOO-MUCH" },
      }),
    );
    expect(short.data?.loadCard.userErrors[0]?.code).toBe("INSUFFICIENT_BALANCE");
    const floaty = await h.gql(LoadCardDocument, {
      input: { cardId: card.id, amount: "10.005", referenceNumber: "X" },
    });
    expect(floaty.errors?.[0]?.message).toMatch(/Decimal must be a string of rupees with at most 2 decimals/);
    expect(floaty.errors?.[0]?.message).not.toContain("10.005");
  });
});

describe("updateCardControls", () => {
  it("changes switches and limits; null removes a limit", async () => {
    const card = await newCard();
    const result = await h.gql(UpdateCardControlsDocument, {
      input: {
        cardId: card.id,
        atm: false,
        international: true,
        limits: { perTransaction: "2500.50", daily: "10000", dailyCount: 5 },
      },
    });
    expect(result.data?.updateCardControls).toEqual({
      card: {
        id: card.id,
        controls: {
          pos: true,
          online: true,
          atm: false,
          international: true,
          contactless: true,
          limits: { perTransaction: { amount: "2500.50" }, daily: { amount: "10000.00" }, dailyCount: 5 },
        },
      },
      userErrors: [],
    });
    const cleared = await h.gql(UpdateCardControlsDocument, {
      input: { cardId: card.id, limits: { perTransaction: null } },
    });
    expect(cleared.data?.updateCardControls.card?.controls.limits.perTransaction).toBeNull();
    expect(cleared.data?.updateCardControls.card?.controls.limits.dailyCount).toBe(5);
  });
});

describe("requestCardReplacement and orderPhysicalCard", () => {
  it("replaces a card: new card with the balance, old one blocked", async () => {
    const card = await newCard();
    const result = await h.gql(RequestCardReplacementDocument, {
      input: { cardId: card.id, otp: await otp(card.id) },
    });
    const payload = result.data?.requestCardReplacement;
    expect(payload?.userErrors).toEqual([]);
    expect(payload?.replacedCard).toEqual({ id: card.id, status: "BLOCKED" });
    expect(payload?.newCard).toMatchObject({ status: "ACTIVE", balance: { amount: "500.00" } });
    expect(payload?.newCard?.id).not.toBe(card.id);
  });

  it("orders a plastic once; the second order is NOT_ALLOWED", async () => {
    const card = await newCard();
    const address = { line1: "12 MG Road", city: "Pune", state: "Maharashtra", pincode: "411001" };
    const first = await h.gql(OrderPhysicalCardDocument, {
      input: { cardId: card.id, deliveryAddress: address },
    });
    expect(first.data?.orderPhysicalCard).toEqual({ card: { id: card.id, physical: true }, userErrors: [] });
    const second = await refused(() =>
      h.gql(OrderPhysicalCardDocument, { input: { cardId: card.id, deliveryAddress: address } }),
    );
    expect(second.data?.orderPhysicalCard.userErrors[0]?.code).toBe("NOT_ALLOWED");
    const badPin = await h.gql(OrderPhysicalCardDocument, {
      input: { cardId: card.id, deliveryAddress: { ...address, pincode: "41100" } },
    });
    // The rule is checked on the input itself, so the path names the field that broke it.
    expect(badPin.data?.orderPhysicalCard.userErrors[0]).toEqual({
      code: "INVALID_INPUT",
      message: "pincode must be a 6-digit PIN code",
      field: ["input", "deliveryAddress", "pincode"],
    });
  });
});

describe("createCardAccount", () => {
  it("opens an account that is served from then on", async () => {
    const result = await h.gql(CreateCardAccountDocument, {
      input: {
        companyId: "CEK7T1WMC6",
        companyName: "Vikram Singh",
        planMasterId: "PMMEAL001",
        title: "Meals 2026",
        type: "MEAL",
        adminEmail: "hr@example.in",
        adminMobile: "9000000001",
      },
    });
    const account = result.data?.createCardAccount.cardAccount;
    expect(account).toMatchObject({
      title: "Meals 2026",
      type: "MEAL",
      availableBalance: { amount: "0.00" },
    });
    const found = await h.gql(`query A { node(id: "${account?.id}") { id } }`);
    expect(found.data).toEqual({ node: { id: account?.id } });
    const duplicate = await refused(() =>
      h.gql(CreateCardAccountDocument, {
        input: {
          companyId: "CEK7T1WMC6",
          companyName: "Vikram Singh",
          planMasterId: "PMMEAL001",
          title: "Meals 2026",
          type: "MEAL",
          adminEmail: "hr@example.in",
          adminMobile: "9000000001",
        },
      }),
    );
    expect(duplicate.data?.createCardAccount.userErrors[0]?.code).toBe("REJECTED");
    const unknown = await h.gql(CreateCardAccountDocument, {
      input: {
        companyId: "CEKNOPE000",
        companyName: "X",
        planMasterId: "PMMEAL001",
        title: "T",
        type: "MEAL",
        adminEmail: "a@b.in",
        adminMobile: "9000000001",
      },
    });
    expect(unknown.data?.createCardAccount.userErrors[0]).toMatchObject({
      code: "NOT_FOUND",
      field: ["input", "companyId"],
    });
  });
});

describe("EnKash failures during mutations", () => {
  const faults = (settings: FaultInput) => h.sandbox.faults.configure({ faults: settings });

  it("unavailable is UPSTREAM_UNAVAILABLE (retryable); a lost answer is OUTCOME_UNKNOWN", async () => {
    const card = await newCard();
    faults({ http503: 1, routes: ["loadCardBalance"] });
    const down = await h.gql(LoadCardDocument, {
      input: { cardId: card.id, amount: "10", referenceNumber: `DOWN-${card.id}` },
    });
    expect(down.data?.loadCard.userErrors).toEqual([
      {
        code: "UPSTREAM_UNAVAILABLE",
        message: "EnKash is unavailable right now; nothing happened. Try again later.",
        field: null,
      },
    ]);
    faults({ lostResponse: 1, routes: ["loadCardBalance"] });
    const lost = await h.gql(LoadCardDocument, {
      input: { cardId: card.id, amount: "10", referenceNumber: `LOST-${card.id}` },
    });
    faults({});
    expect(lost.data?.loadCard.userErrors[0]?.code).toBe("OUTCOME_UNKNOWN");
    const retry = await h.gql(LoadCardDocument, {
      input: { cardId: card.id, amount: "10", referenceNumber: `LOST-${card.id}` },
    });
    expect(retry.data?.loadCard.userErrors[0]?.code).toBe("DUPLICATE_REFERENCE");
  });
});
