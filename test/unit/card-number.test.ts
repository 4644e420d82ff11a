import { describe, expect, it } from "vitest";
import { card, transaction } from "../../src/enkash/wire/responses.ts";
import { readMaskedCardNumber } from "../../src/shared/card-number.ts";

/**
 * Every form of masked number EnKash may send gives only digits that really are the card's, and
 * shows at most the first 6 and last 4: the documented forms (`XXXX XXXX XXXX 3211`,
 * `2004 01XX XXXX XX87`), with or without spaces, 16 or 19 digits, and numbers that show too much.
 */
describe("masked card numbers, in every form", () => {
  const table: [sent: string, masked: string | null, last4: string | null, lastDigits: string | null][] = [
    // Documented forms.
    ["XXXX XXXX XXXX 3211", "XXXX XXXX XXXX 3211", "3211", "3211"],
    ["2004 01XX XXXX XX87", "2004 01XX XXXX XX87", null, "87"],
    // Without spaces, and with other separators.
    ["XXXXXXXXXXXX3211", "XXXX XXXX XXXX 3211", "3211", "3211"],
    ["200401XXXXXXXX87", "2004 01XX XXXX XX87", null, "87"],
    ["XXXX-XXXX-XXXX-3211", "XXXX XXXX XXXX 3211", "3211", "3211"],
    // First six and last four.
    ["608326XXXXXX1234", "6083 26XX XXXX 1234", "1234", "1234"],
    ["6083 26XX XXXX 1234", "6083 26XX XXXX 1234", "1234", "1234"],
    // 19 digits: grouped so that the last four stand together.
    ["XXXXXXXXXXXXXXX1234", "XXX XXXX XXXX XXXX 1234", "1234", "1234"],
    ["508500XXXXXXXXXXX12", "508 500X XXXX XXXX XX12", null, "12"],
    // Showing more than the standards allow: cut back to the first 6 and last 4.
    ["4111 1111 1111 1111", "4111 11XX XXXX 1111", "1111", "1111"],
    ["41111111XXXX1234", "4111 11XX XXXX 1234", "1234", "1234"],
    ["XXXXXXXXXX123456", "XXXX XXXX XXXX 3456", "3456", "3456"],
    // A digit inside the mask is neither a first nor a last digit.
    ["XXXX 12XX XXXX 3456", "XXXX XXXX XXXX 3456", "3456", "3456"],
    // Other mask characters.
    ["**** **** **** 9876", "XXXX XXXX XXXX 9876", "9876", "9876"],
    ["xxxxxxxxxxxx9876", "XXXX XXXX XXXX 9876", "9876", "9876"],
    // No digits shown.
    ["XXXX XXXX XXXX XXXX", "XXXX XXXX XXXX XXXX", null, ""],
    // Not a card number.
    ["not a card", null, null, null],
    ["1234", null, null, null],
    ["XXXX XXXX XXXX XXXX XXXX", null, null, null],
  ];

  it.each(table)("%s", (sent, masked, last4, lastDigits) => {
    const read = readMaskedCardNumber(sent);
    expect(read?.masked ?? null).toBe(masked);
    expect(read?.last4 ?? null).toBe(last4);
    expect(read?.lastDigits ?? null).toBe(lastDigits);
    if (read) {
      // Never more than 10 digits show, never more than 6 leading and 4 trailing.
      const digits = read.masked.replace(/\D/g, "");
      expect(digits.length).toBeLessThanOrEqual(10);
    }
  });

  const base = {
    enKashCardId: "EKC1",
    cardAccountId: "CA1",
    cardStatus: { name: "UL", label: "UnLocked" },
    otbBalance: 10,
  };

  it("the card object reads either field name, and an unreadable mask is unknown, not a failed call", () => {
    expect(card.parse({ ...base, maskedNumber: "2004 01XX XXXX XX87" }).maskedNumber).toMatchObject({
      last4: null,
      lastDigits: "87",
    });
    expect(card.parse({ ...base, maskedCardNumber: "XXXX XXXX XXXX 0624" }).maskedNumber?.last4).toBe("0624");
    expect(card.parse({ ...base, maskedNumber: "garbage" }).maskedNumber).toBeNull();
    expect(card.parse(base).maskedNumber).toBeNull();
  });

  it("a transaction's maskedCard is optional and never fatal", () => {
    const txn = {
      enKashTransactionId: "ECT1",
      enKashCardId: "EKC1",
      principalAmount: 10,
      cardTransactionType: "DR",
      type: "SALE",
      status: "SUCCESS",
      txnDate: "2026-11-01T00:00:00Z",
    };
    expect(transaction.parse(txn).maskedCard).toBeNull();
    expect(transaction.parse({ ...txn, maskedCard: "not a card" }).maskedCard).toBeNull();
    expect(transaction.parse({ ...txn, maskedCard: "4111111111111111" }).maskedCard?.masked).toBe(
      "4111 11XX XXXX 1111",
    );
  });
});
