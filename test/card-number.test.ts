import { describe, expect, it } from "vitest";
import { transaction } from "../src/enkash/wire/responses.ts";
import { maskCardNumber } from "../src/shared/card-number.ts";

describe("masked card numbers", () => {
  it("keeps only the last 4 digits, whatever EnKash sent", () => {
    expect(maskCardNumber("XXXX XXXX XXXX 0624")).toBe("XXXX XXXX XXXX 0624");
    expect(maskCardNumber("608326XXXXXX1234")).toBe("XXXXXXXXXXXX1234");
    expect(maskCardNumber("4111 1111 1111 1111")).toBe("XXXX XXXX XXXX 1111");
  });

  it("a transaction's maskedCard is optional and never fatal", () => {
    const base = {
      enKashTransactionId: "ECT1",
      enKashCardId: "EKC1",
      principalAmount: 10,
      cardTransactionType: "DR",
      type: "SALE",
      status: "SUCCESS",
      txnDate: "2026-11-01T00:00:00Z",
    };
    expect(transaction.parse(base).maskedCard).toBeNull();
    expect(transaction.parse({ ...base, maskedCard: "not a card" }).maskedCard).toBeNull();
    expect(transaction.parse({ ...base, maskedCard: "4111111111111111" }).maskedCard).toBe(
      "XXXXXXXXXXXX1111",
    );
  });
});
