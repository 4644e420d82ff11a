import { describe, expect, it } from "vitest";
import { eventsFromRecord } from "../../src/events/records.ts";

/** EnKash's webhook records (reference 9.3, and the assumed status record) into card events. */
const RECEIVED = "2025-06-01T10:00:00.000Z";
const TRANSACTION = {
  enKashTransactionId: "ECTR100000001",
  enKashCardId: "EKCMB7KAEW",
  userId: "EKU1234567",
  companyId: "CEKEP5GSGP",
  companyName: "Anay Gift",
  cardAccountId: "CABFIPS",
  cardHolderName: "Ravi Kumar",
  maskedCard: "XXXX XXXX XXXX 3211",
  cardKitNumber: "KITMB7KAEW",
  principalAmount: 1499.5,
  fcyAmount: 1499.5,
  balance: "2500.25",
  currency: "INR",
  cardTransactionType: "DR",
  type: "SALE",
  status: "SUCCESS",
  pgReferenceNumber: null,
  description: "Swiggy ECOM purchase",
  txnDate: "2025-06-01T09:59:58.000Z",
  createdOn: "Jun 1, 2025 3:29:58 PM",
  txnDetails: {
    id: "ECTR100000001",
    merchantName: "Swiggy",
    mcc: "5812",
    channel: "ECOM",
    merchantCity: "Mumbai",
  },
};

describe("webhook records", () => {
  it("a card transaction gives TRANSACTION_POSTED and BALANCE_CHANGED, amounts in paise", () => {
    const result = eventsFromRecord(TRANSACTION, RECEIVED);
    expect(result).toEqual({
      ok: true,
      events: [
        {
          eventId: "txn:CEKEP5GSGP:ECTR100000001",
          type: "TRANSACTION_POSTED",
          companyId: "CEKEP5GSGP",
          cardAccountId: "CABFIPS",
          enKashCardId: "EKCMB7KAEW",
          occurredAt: "2025-06-01T09:59:58.000Z",
          receivedAt: RECEIVED,
          source: "webhook",
          transaction: {
            transactionId: "ECTR100000001",
            direction: "DR",
            amount: 149_950,
            currency: "INR",
            type: "SALE",
            status: "SUCCESS",
            declineReason: null,
            balanceAfter: 250_025,
            referenceNumber: null,
            description: "Swiggy ECOM purchase",
            merchant: { name: "Swiggy", mcc: "5812", channel: "ECOM", city: "Mumbai" },
            maskedCard: "XXXX XXXX XXXX 3211",
          },
        },
        {
          eventId: "balance:CEKEP5GSGP:ECTR100000001",
          type: "BALANCE_CHANGED",
          companyId: "CEKEP5GSGP",
          cardAccountId: "CABFIPS",
          enKashCardId: "EKCMB7KAEW",
          occurredAt: "2025-06-01T09:59:58.000Z",
          receivedAt: RECEIVED,
          source: "webhook",
          balance: 250_025,
          transactionId: "ECTR100000001",
        },
      ],
    });
    // The cardholder's personal data and the kit number are not carried.
    expect(JSON.stringify(result)).not.toMatch(/Ravi|EKU1234567|KITMB7KAEW/);
  });

  it("reads the other spellings (third-party consumers) and EnKash's date text; no balance, no BALANCE_CHANGED", () => {
    const { enKashTransactionId: _, enKashCardId: __, txnDate: ___, balance: ____, ...rest } = TRANSACTION;
    const result = eventsFromRecord(
      { ...rest, enKashCardTransactionId: "ECTR2", enkashCardId: "EKCMB7KAEW" },
      RECEIVED,
    );
    expect(result.ok && result.events.map((event) => [event.type, event.eventId, event.occurredAt])).toEqual([
      ["TRANSACTION_POSTED", "txn:CEKEP5GSGP:ECTR2", "2025-06-01T09:59:58.000Z"],
    ]);
  });

  it("a declined transaction moved no money: TRANSACTION_POSTED only", () => {
    const result = eventsFromRecord(
      { ...TRANSACTION, status: "DECLINED", declineReason: "Insufficient balance" },
      RECEIVED,
    );
    expect(result.ok && result.events.map((event) => event.type)).toEqual(["TRANSACTION_POSTED"]);
  });

  it("a card status record gives STATUS_CHANGED named by the card, the code and EnKash's time", () => {
    const record = {
      eventType: "CARD_STATUS_CHANGED",
      enKashCardId: "EKCMB7KAEW",
      cardAccountId: "CABFIPS",
      companyId: "CEKEP5GSGP",
      cardStatus: { name: "L", label: "Locked" },
      modifiedOn: "Jun 1, 2025 3:29:58 PM",
    };
    expect(eventsFromRecord(record, RECEIVED)).toEqual({
      ok: true,
      events: [
        {
          eventId: "status:CEKEP5GSGP:EKCMB7KAEW:L:2025-06-01T09:59:58.000Z",
          type: "STATUS_CHANGED",
          companyId: "CEKEP5GSGP",
          cardAccountId: "CABFIPS",
          enKashCardId: "EKCMB7KAEW",
          occurredAt: "2025-06-01T09:59:58.000Z",
          receivedAt: RECEIVED,
          source: "webhook",
          status: "L",
        },
      ],
    });
    const { cardStatus: _, ...bare } = record;
    expect(eventsFromRecord({ ...bare, blockCode: "BL" }, RECEIVED).ok).toBe(true);
    expect(eventsFromRecord({ ...bare, blockCode: "XX" }, RECEIVED)).toMatchObject({
      ok: false,
      code: "INVALID_WEBHOOK_RECORD",
    });
  });

  it("refuses what the events need and cannot read, naming fields and rules, never values", () => {
    const secretish = "4111111111111111";
    const result = eventsFromRecord(
      {
        ...TRANSACTION,
        principalAmount: secretish.concat("x"),
        cardTransactionType: "XX",
        txnDate: "soon",
        createdOn: null,
      },
      RECEIVED,
    );
    expect(result).toMatchObject({ ok: false, code: "INVALID_WEBHOOK_RECORD" });
    const fields = result.ok ? [] : "problems" in result ? result.problems.map((p) => p.field) : [];
    expect(fields.sort()).toEqual(["cardTransactionType", "principalAmount"]);
    expect(JSON.stringify(result)).not.toContain(secretish);
    expect(eventsFromRecord({ ...TRANSACTION, txnDate: "soon", createdOn: null }, RECEIVED)).toMatchObject({
      ok: false,
      problems: [{ field: "txnDate" }],
    });
    expect(eventsFromRecord({ ...TRANSACTION, companyId: undefined }, RECEIVED)).toMatchObject({
      ok: false,
      problems: [{ field: "companyId", rule: "is required" }],
    });
    for (const body of [null, [], "text", 42, { hello: "world" }])
      expect(eventsFromRecord(body, RECEIVED)).toEqual({ ok: false, code: "UNKNOWN_WEBHOOK_RECORD" });
  });

  it("keeps no full card number, CVV, PIN, OTP or token, whatever the record carries", () => {
    const full = "6521501234563211";
    const result = eventsFromRecord(
      {
        ...TRANSACTION,
        maskedCard: full,
        description: `refund to card ${full.replace(/(\d{4})/g, "$1 ").trim()} ok`,
        cardNumber: full,
        cvv: "123",
        pin: "9078",
        otp: "123456",
        token: "a1b2c3d4e5f6a7b8c9d0",
        txnDetails: { ...TRANSACTION.txnDetails, merchantName: `Shop ${full}` },
      },
      RECEIVED,
    );
    const text = JSON.stringify(result);
    expect(result.ok).toBe(true);
    expect(text.replace(/\D/g, "")).not.toContain(full);
    expect(text).not.toMatch(/9078|123456|a1b2c3d4e5f6|"cvv"|"pin"|"otp"|"token"|cardNumber/);
    expect(text).toContain("6521 50XX XXXX 3211");
  });
});
