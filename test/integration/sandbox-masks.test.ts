import { beforeEach, describe, expect, it } from "vitest";
import { luhnValid } from "../../src/sandbox/crypto.ts";
import { CREDENTIALS, useSandbox } from "../helpers/sandbox.ts";

/**
 * Every masked-number form EnKash may send (the `masks` option), applied to every card the
 * sandbox renders. The documented forms are `XXXX XXXX XXXX 3211` (source 002) and
 * `2004 01XX XXXX XX87` (reference 7.15); the others are for testing a client against.
 */

const GIFT_CARD = { companyId: "CEKEP5GSGP", cardAccountId: "CAA8W45", enKashCardId: "EKC94AEX89" };
const PREPAID_CARD = { companyId: "CEKEP5GSGP", cardAccountId: "CABFIPS", enKashCardId: "EKCMB7KAEW" };
const CORPORATE = { companyId: "CEK7T1WMC6", cardAccountId: "CAVBMRFE8" };
const PRIMARY_CARD = { ...CORPORATE, enKashCardId: "EKCQMY9BQ0" };
const OTHER_CARD = { ...CORPORATE, enKashCardId: "EKCE54IDPE" };

interface Form {
  name: string;
  masks: Record<string, unknown>;
  field: "maskedNumber" | "maskedCardNumber";
  digits: 16 | 19;
  /** Expected masks of the documented cards, written out. */
  documented: Record<"EKC94AEX89" | "EKCQMY9BQ0" | "EKCE54IDPE", string>;
  /** The form every other card takes. */
  generated: RegExp;
}

const FORMS: Form[] = [
  {
    name: "default: each documented card as documented, every other card last 4, spaced",
    masks: {},
    field: "maskedNumber",
    digits: 16,
    documented: {
      EKC94AEX89: "XXXX XXXX XXXX 3211",
      EKCQMY9BQ0: "2004 01XX XXXX XX87",
      EKCE54IDPE: "XXXX XXXX XXXX 2209",
    },
    generated: /^XXXX XXXX XXXX \d{4}$/,
  },
  {
    name: "last4 for every card",
    masks: { style: "last4" },
    field: "maskedNumber",
    digits: 16,
    documented: {
      EKC94AEX89: "XXXX XXXX XXXX 3211",
      EKCQMY9BQ0: "XXXX XXXX XXXX 4587",
      EKCE54IDPE: "XXXX XXXX XXXX 2209",
    },
    generated: /^XXXX XXXX XXXX \d{4}$/,
  },
  {
    name: "first6-last2 for every card",
    masks: { style: "first6-last2" },
    field: "maskedNumber",
    digits: 16,
    documented: {
      EKC94AEX89: "6521 50XX XXXX XX11",
      EKCQMY9BQ0: "2004 01XX XXXX XX87",
      EKCE54IDPE: "6521 50XX XXXX XX09",
    },
    generated: /^\d{4} \d{2}XX XXXX XX\d{2}$/,
  },
  {
    name: "first6-last4 for every card",
    masks: { style: "first6-last4" },
    field: "maskedNumber",
    digits: 16,
    documented: {
      EKC94AEX89: "6521 50XX XXXX 3211",
      EKCQMY9BQ0: "2004 01XX XXXX 4587",
      EKCE54IDPE: "6521 50XX XXXX 2209",
    },
    generated: /^\d{4} \d{2}XX XXXX \d{4}$/,
  },
  {
    name: "last4 without spaces",
    masks: { style: "last4", spaced: false },
    field: "maskedNumber",
    digits: 16,
    documented: {
      EKC94AEX89: "XXXXXXXXXXXX3211",
      EKCQMY9BQ0: "XXXXXXXXXXXX4587",
      EKCE54IDPE: "XXXXXXXXXXXX2209",
    },
    generated: /^X{12}\d{4}$/,
  },
  {
    name: "19-digit card numbers (groups of 4 from the left, the last group of 3)",
    masks: { digits: 19 },
    field: "maskedNumber",
    digits: 19,
    documented: {
      EKC94AEX89: "XXXX XXXX XXXX XXX3 211",
      EKCQMY9BQ0: "2004 01XX XXXX XXXX X87",
      EKCE54IDPE: "XXXX XXXX XXXX XXX2 209",
    },
    generated: /^XXXX XXXX XXXX XXX\d \d{3}$/,
  },
  {
    name: "the field named maskedCardNumber (third-party code)",
    masks: { field: "maskedCardNumber" },
    field: "maskedCardNumber",
    digits: 16,
    documented: {
      EKC94AEX89: "XXXX XXXX XXXX 3211",
      EKCQMY9BQ0: "2004 01XX XXXX XX87",
      EKCE54IDPE: "XXXX XXXX XXXX 2209",
    },
    generated: /^XXXX XXXX XXXX \d{4}$/,
  },
];

describe.each(FORMS)("masks: $name", (form) => {
  const ctx = useSandbox({ masks: form.masks });
  beforeEach(() => ctx.reset());
  const other = form.field === "maskedNumber" ? "maskedCardNumber" : "maskedNumber";

  it("the card object carries the form under the chosen field name, and only there", async () => {
    for (const card of [GIFT_CARD, PRIMARY_CARD, OTHER_CARD]) {
      const payload = (await ctx.caller.card("wallet-details", card)).json.payload;
      expect(payload[form.field], card.enKashCardId).toBe(
        form.documented[card.enKashCardId as keyof Form["documented"]],
      );
      expect(payload, card.enKashCardId).not.toHaveProperty(other);
    }
  });

  it("lists, the account's primary card and transactions' maskedCard use it too", async () => {
    const account = (await ctx.caller.card("cardAccount/get", CORPORATE)).json.payload;
    expect(account.primaryEnKashCard[form.field]).toBe(form.documented.EKCQMY9BQ0);
    expect(account.primaryEnKashCard).not.toHaveProperty(other);

    const page = (await ctx.caller.card("search", { ...CORPORATE, size: 100 })).json.payload.content;
    expect(page.length).toBeGreaterThan(2);
    for (const card of page) {
      const expected = form.documented[card.enKashCardId as keyof Form["documented"]] ?? form.generated;
      if (typeof expected === "string") expect(card[form.field]).toBe(expected);
      else expect(card[form.field], card.enKashCardId).toMatch(expected);
      expect(card).not.toHaveProperty(other);
    }

    const transactions = (
      await ctx.caller.card("transaction/all", { ...CORPORATE, enKashCardId: "EKCQMY9BQ0", size: 5 })
    ).json.payload.content;
    expect(transactions.length).toBeGreaterThan(0);
    for (const txn of transactions) expect(txn.maskedCard).toBe(form.documented.EKCQMY9BQ0);
  });

  it("the load and card-balance answers name the card the same way", async () => {
    const card = (await ctx.caller.card("wallet-details", PREPAID_CARD)).json.payload;
    expect(card[form.field]).toMatch(form.generated);
    const load = await ctx.caller.card("balance", {
      ...PREPAID_CARD,
      amount: 10,
      transactionType: "CR",
      uniqueReferenceNumber: "MASK-LOAD-1",
    });
    expect(load.json.payload[form.field]).toBe(card[form.field]);
    expect(load.json.payload).not.toHaveProperty(other);
    const balance = (await ctx.caller.card("card-balance", PREPAID_CARD)).json.payload;
    expect(balance[form.field]).toBe(card[form.field]);
    expect(balance).not.toHaveProperty(other);
  });

  it("the visible digits are the card's real digits (View Card Details), Luhn-valid", async () => {
    for (const ref of [GIFT_CARD, PRIMARY_CARD, PREPAID_CARD]) {
      const masked: string = (await ctx.caller.card("wallet-details", ref)).json.payload[form.field];
      const details = await ctx.caller.card("viewCardDetails", {
        ...ref,
        otpMedium: "MFA",
        mfaCode: CREDENTIALS.otp,
      });
      const cardNumber: string = details.json.payload.cardNumber;
      expect(cardNumber).toMatch(new RegExp(`^\\d{${form.digits}}$`));
      expect(luhnValid(cardNumber)).toBe(true);
      const shown = masked.replaceAll(" ", "");
      expect(shown).toHaveLength(form.digits);
      for (let i = 0; i < shown.length; i++) {
        if (shown[i] !== "X") expect(shown[i], `${ref.enKashCardId} digit ${i}`).toBe(cardNumber[i]);
      }
    }
  });
});

describe("masks: invalid options", () => {
  it("are refused when the sandbox starts, naming the option", async () => {
    const { startSandbox } = await import("../../src/sandbox/index.ts");
    await expect(startSandbox({ masks: { style: "middle4" } as never })).rejects.toThrow(/masks\.style/);
    await expect(startSandbox({ masks: { digits: 18 } as never })).rejects.toThrow(/masks\.digits/);
  });
});
