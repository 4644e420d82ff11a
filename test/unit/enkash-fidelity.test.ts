import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { CARD_FIELDS } from "../../src/enkash/wire/card.ts";
import {
  card,
  cardAccount,
  envelope,
  otpResponse,
  pgValidateResult,
  successText,
} from "../../src/enkash/wire/responses.ts";
import { DOCUMENTED_CARD_ACCOUNT_CAVBMRFE8 } from "../helpers/documented.ts";

/**
 * Each documented response example (the original pages in ../shared/enkash/source-docs) parses in
 * the client with no documented field lost.
 */
const SOURCES = join(import.meta.dirname, "..", "..", "..", "shared", "enkash", "source-docs");
const page = (prefix: string) => {
  const file = readdirSync(SOURCES).find((name) => name.startsWith(prefix));
  if (!file) throw new Error(`source page ${prefix} not found`);
  return readFileSync(join(SOURCES, file), "utf8");
};

/** The JSON object that starts at `marker` in a page's text (its documented example). */
function exampleAt(text: string, marker: string): unknown {
  const start = text.indexOf(marker);
  if (start < 0) throw new Error(`no example at ${marker}`);
  let depth = 0;
  for (let i = start; i < text.length; i++) {
    if (text[i] === "{") depth++;
    if (text[i] === "}" && --depth === 0) return JSON.parse(text.slice(start, i + 1));
  }
  throw new Error("unterminated example");
}

describe("the documented response examples parse with nothing lost", () => {
  it("002: the card object, every field of the example kept", () => {
    const documented = exampleAt(page("002"), '{\n"code": 0') as { payload: Record<string, unknown> };
    const { payload } = envelope.parse(documented) as { payload: Record<string, unknown> };
    const parsed = card.parse(payload) as Record<string, unknown>;
    const lost = Object.keys(payload).filter((field) => !(CARD_FIELDS as readonly string[]).includes(field));
    expect(lost).toEqual([]);
    // Values come through, typed: text as text, rupees as paise, objects as {name, label}.
    expect(parsed).toMatchObject({
      enKashCardId: "EKC94AEX89",
      userId: "EK94JCMP",
      token: "cf5295da683104b6580",
      maskedNumber: { masked: "XXXX XXXX XXXX 3211", last4: "3211" },
      cardStatus: { name: "UL", label: "UnLocked" },
      kycStatus: { name: "NOT_UPLOADED", label: "Not Uploaded" },
      accountType: { name: "GIFT", label: "Gift", description: "Gift" },
      otbBalance: 50_000,
      accountBalance: 9_950_000,
      loadAmount: 50_000,
      prepaidCard: true,
      posAllowed: false,
      cardKitMasterId: "2",
      extEntityId: "EXT58EDZTA1U1",
      createdOn: "Jan 29, 2025 11:57:51 AM",
      latestTnCVersionAccepted: true,
      latestKeyFactAccepted: false,
    });
    for (const field of Object.keys(payload)) expect(parsed[field], `${field} is read`).not.toBeUndefined();
  });

  it("000: the OTP answer", () => {
    const documented = exampleAt(page("000"), '{\n    "code": 0');
    const { payload } = envelope.parse(documented);
    expect(otpResponse.parse(payload)).toEqual({ otpRequestId: "EK7E5CKFQX", mobileNumber: "60XXXXXX11" });
  });

  it("001 and 004: Set Card PIN and Block Card answer Success", () => {
    for (const prefix of ["001", "004"]) {
      const documented = exampleAt(page(prefix), '{\n  "code": 0');
      const { code, payload } = envelope.parse(documented);
      expect(code).toBe(0);
      expect(successText.parse(payload)).toBe("Success");
    }
  });

  it("003 and 7.21: Resend OTP's plain text, and Validate OTP's OTPResponse with all ten fields", () => {
    // 003 documents a 200 text/plain body without showing one: any text is the answer.
    expect(successText.parse("OTP sent successfully")).toBe("OTP sent successfully");
    // 7.21's example is every field as "string"; the fields are all optional.
    const fields = [
      "uniqueTransactionId",
      "publicIdentifierKey",
      "transactionId",
      "currency",
      "otpReferenceNumber",
      "txnMessage",
      "txnStatus",
      "txnDate",
      "orderId",
    ];
    const documented = {
      response_code: 0,
      response_message: "Success",
      payload: { ...Object.fromEntries(fields.map((field) => [field, "string"])), amount: "250.50" },
    };
    const parsed = pgValidateResult.parse(envelope.parse(documented).payload) as Record<string, unknown>;
    for (const field of fields) expect(parsed[field], field).toBe("string");
    expect(parsed.amount).toBe(25_050);
    expect(pgValidateResult.parse({})).toMatchObject({ transactionId: null, amount: null });
  });

  it("7.15: the card account, its primary card cut off as the reference shows it", () => {
    const documented = DOCUMENTED_CARD_ACCOUNT_CAVBMRFE8;

    expect(cardAccount.parse(envelope.parse(documented).payload)).toMatchObject({
      cardAccountId: "CAVBMRFE8",
      creditLimit: 0,
      dynamicLimit: 0,
      usedCreditLimit: -99_055_344,
      availableBalance: 89_813_800,
      availableCardBalance: 9_241_544,
      // Truncated: its ID is kept, and it is not taken for a whole card.
      primaryEnKashCard: { enKashCardId: "EKCQMY9BQ0", record: null },
    });
  });

  it("variants EnKash may send: cardStatus as a string, numbers as strings, switches absent", () => {
    const parsed = card.parse({
      enKashCardId: "EKC1",
      cardAccountId: "CA1",
      cardStatus: "BL",
      maskedCardNumber: "200401XXXXXXXX87",
      otbBalance: "120.50",
      pincode: 323908,
      posAllowed: "true",
    });
    expect(parsed).toMatchObject({
      cardStatus: { name: "BL", label: null },
      maskedNumber: { masked: "2004 01XX XXXX XX87", last4: null, lastDigits: "87" },
      otbBalance: 12_050,
      pincode: "323908",
      posAllowed: true,
      // Absent: unknown, not false.
      atmAllowed: null,
      onlineAllowed: null,
      physicalCard: null,
    });
    expect(() => card.parse({ enKashCardId: "EKC1", cardAccountId: "CA1", cardStatus: "ZZ" })).toThrow();
  });
});
