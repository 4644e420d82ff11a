import type { TypedDocumentNode } from "@graphql-typed-document-node/core";
import { describe, expect, it } from "vitest";
import {
  BlockCardDocument,
  CreateCardDocument,
  GenerateCardOtpDocument,
  LockCardDocument,
  ResetCardActivationDocument,
  SetCardPinDocument,
  UnlockCardDocument,
} from "../../operations/generated.ts";
import { useHarness } from "../helpers/harness.ts";
import { globalId as id } from "../helpers/ids.ts";

/**
 * Block Card as EnKash documents it (source 004): four block codes, `otpRequired` "to be passed as
 * false", optional reason, `createdBy`. The server's policy: admins may take the protective
 * directions without the cardholder's OTP; unlocking and every cardholder change prove one.
 */
const h = useHarness();
const strict = useHarness({}, {}, { settings: { protectiveActionsWithoutOtp: [] } });

const PREPAID_ACCOUNT = id("CardAccount", "CEKEP5GSGP/CABFIPS");
let mobiles = 9_300_000_000;

async function newCard(harness = h) {
  const result = await harness.gql(CreateCardDocument, {
    input: {
      accountId: PREPAID_ACCOUNT,
      cardholder: { firstName: "Ira", lastName: "Sen", mobile: String(mobiles++) },
      initialLoad: "100.00",
    },
  });
  const card = result.data?.createCard.card;
  if (!card) throw new Error(JSON.stringify(result));
  return card;
}

const companyAdmin = (harness = h) =>
  harness.token({ subject: "ops-desk-7", role: "COMPANY_ADMIN", companies: ["CEKEP5GSGP"] });
const cardholder = (enKashCardId: string) =>
  h.token({ subject: "holder-1", role: "CARDHOLDER", companies: ["CEKEP5GSGP"], cards: [enKashCardId] });

async function otp(cardId: string, token?: string) {
  const sent = await h.gql(GenerateCardOtpDocument, { input: { cardId } }, token ? { token } : {});
  return { otpRequestId: sent.data?.generateCardOtp.otpRequestId ?? "", code: "123456" };
}

describe("admins take the protective directions without the cardholder's OTP", () => {
  it("a company admin locks and blocks with no OTP; EnKash is told otpRequired false and who asked", async () => {
    const card = await newCard();
    const token = await companyAdmin();
    const { result: locked, calls } = await h.upstream(() =>
      h.gql(LockCardDocument, { input: { cardId: card.id } }, { token }),
    );
    expect(locked.data?.lockCard).toEqual({ card: { id: card.id, status: "LOCKED" }, userErrors: [] });
    expect(calls.generateOtp).toBeUndefined();
    expect(h.sandbox.state.cards.get(card.enKashCardId)?.statusChangedBy).toBe("ops-desk-7");

    // Reason is optional, as on EnKash's page.
    const blocked = await h.gql(BlockCardDocument, { input: { cardId: card.id } }, { token });
    expect(blocked.data?.blockCard).toEqual({ card: { id: card.id, status: "BLOCKED" }, userErrors: [] });
  });

  it("a partner admin blocks a card reported stolen, with a reason", async () => {
    const card = await newCard();
    const blocked = await h.gql(BlockCardDocument, { input: { cardId: card.id, reason: "Reported stolen" } });
    expect(blocked.data?.blockCard.card?.status).toBe("BLOCKED");
    expect(h.sandbox.state.cards.get(card.enKashCardId)?.blockReason).toBe("Reported stolen");
  });

  it("unlocking always needs the OTP, for an admin too: the schema requires it", async () => {
    const card = await newCard();
    await h.gql(LockCardDocument, { input: { cardId: card.id } });
    const before = h.sandbox.calls.count("blockCard");
    const unlock = await h.gql(
      "mutation($id: ID!) { unlockCard(input: { cardId: $id }) { card { status } } }",
      { id: card.id },
    );
    expect(unlock.errors?.[0]?.extensions?.code).toBe("GRAPHQL_VALIDATION_FAILED");
    expect(h.sandbox.calls.count("blockCard")).toBe(before);
    const unlocked = await h.gql(UnlockCardDocument, { input: { cardId: card.id, otp: await otp(card.id) } });
    expect(unlocked.data?.unlockCard.card?.status).toBe("ACTIVE");
  });

  it("an admin who gives an OTP anyway has it checked", async () => {
    const card = await newCard();
    const proof = await otp(card.id);
    const wrong = await h.gql(LockCardDocument, {
      input: { cardId: card.id, otp: { ...proof, code: "000000" } },
    });
    expect(wrong.data?.lockCard.userErrors[0]?.code).toBe("OTP_INVALID");
    expect(h.sandbox.state.cards.get(card.enKashCardId)?.status).toBe("UL");
  });
});

describe("cardholders always prove an OTP", () => {
  it("a cardholder's lock or block without OTP is OTP_REQUIRED and reaches no EnKash", async () => {
    const card = await newCard();
    const token = await cardholder(card.enKashCardId);
    const before = h.sandbox.state.snapshot();
    const { result, total } = await h.upstream(async () => ({
      lock: await h.gql(LockCardDocument, { input: { cardId: card.id } }, { token }),
      block: await h.gql(BlockCardDocument, { input: { cardId: card.id } }, { token }),
      reset: await h.gql(ResetCardActivationDocument, { input: { cardId: card.id } }, { token }),
    }));
    const expected = [
      {
        code: "OTP_REQUIRED",
        message: "The cardholder's OTP is required for this change",
        field: ["input", "otp"],
      },
    ];
    expect(result.lock.data?.lockCard).toEqual({ card: null, userErrors: expected });
    expect(result.block.data?.blockCard).toEqual({ card: null, userErrors: expected });
    expect(result.reset.data?.resetCardActivation).toEqual({ card: null, userErrors: expected });
    expect(total).toBe(0);
    expect(h.sandbox.state.snapshot()).toBe(before);

    const locked = await h.gql(
      LockCardDocument,
      { input: { cardId: card.id, otp: await otp(card.id, token) } },
      { token },
    );
    expect(locked.data?.lockCard.card?.status).toBe("LOCKED");
  });

  it("with the policy set to none, admins prove an OTP too", async () => {
    const card = await newCard(strict);
    const token = await companyAdmin(strict);
    type StatusChange = TypedDocumentNode<
      Record<string, { userErrors: { code: string }[] }>,
      { input: { cardId: string } }
    >;
    const documents = [LockCardDocument, BlockCardDocument, ResetCardActivationDocument] as StatusChange[];
    for (const document of documents) {
      const result = await strict.gql(document, { input: { cardId: card.id } }, { token });
      expect(Object.values(result.data ?? {})[0]?.userErrors[0]?.code).toBe("OTP_REQUIRED");
    }
    expect(strict.sandbox.state.cards.get(card.enKashCardId)?.status).toBe("UL");
  });
});

describe("resetCardActivation (EnKash AP)", () => {
  it("sends an ACTIVE card back to activation; a new PIN makes it ACTIVE again", async () => {
    const card = await newCard();
    const reset = await h.gql(ResetCardActivationDocument, {
      input: { cardId: card.id, reason: "PIN seen" },
    });
    expect(reset.data?.resetCardActivation).toEqual({
      card: { id: card.id, status: "ACTIVATION_IN_PROGRESS" },
      userErrors: [],
    });
    // Not twice, and not locked while activating.
    const again = await h.gql(ResetCardActivationDocument, { input: { cardId: card.id } });
    expect(again.data?.resetCardActivation.userErrors[0]?.code).toBe("TRANSITION_NOT_ALLOWED");
    const lock = await h.gql(LockCardDocument, { input: { cardId: card.id } });
    expect(lock.data?.lockCard.userErrors[0]?.code).toBe("TRANSITION_NOT_ALLOWED");

    const pin = await h.gql(SetCardPinDocument, { input: { cardId: card.id, pin: "4826" } });
    expect(pin.data?.setCardPin.userErrors).toEqual([]);
    const after = h.sandbox.state.cards.get(card.enKashCardId);
    expect(after?.status).toBe("UL");
  });

  it("a LOCKED card goes back to activation only with the OTP (else AP and a new PIN would unlock it); a BLOCKED card never", async () => {
    const card = await newCard();
    await h.gql(LockCardDocument, { input: { cardId: card.id } });
    const { result: withoutOtp, calls } = await h.upstream(() =>
      h.gql(ResetCardActivationDocument, { input: { cardId: card.id } }),
    );
    expect(withoutOtp.data?.resetCardActivation.userErrors).toEqual([
      {
        code: "OTP_REQUIRED",
        message:
          "A locked card goes back to activation only with the cardholder's OTP: a new PIN would make it spendable again",
        field: ["input", "otp"],
      },
    ]);
    expect(calls).toEqual({ getCardDetails: 1 });
    expect(h.sandbox.state.cards.get(card.enKashCardId)?.status).toBe("L");

    const reset = await h.gql(ResetCardActivationDocument, {
      input: { cardId: card.id, otp: await otp(card.id) },
    });
    expect(reset.data?.resetCardActivation.card?.status).toBe("ACTIVATION_IN_PROGRESS");
    await h.gql(BlockCardDocument, { input: { cardId: card.id } });
    const refused = await h.gql(ResetCardActivationDocument, { input: { cardId: card.id } });
    expect(refused.data?.resetCardActivation.userErrors[0]?.code).toBe("TRANSITION_NOT_ALLOWED");
  });
});
