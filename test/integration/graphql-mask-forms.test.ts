import { describe, expect, it } from "vitest";
import { useHarness } from "../helpers/harness.ts";
import { GIFT_CARD_ID as GIFT_CARD } from "../helpers/ids.ts";

/**
 * The client against every masked-number form the sandbox can send (its `masks` option): what the
 * graph shows is never more than the first six and last four digits, and `last4` is set only when
 * the card's last four digits are really shown. EKC94AEX89's number is 652150…3211.
 */
const QUERY = `query Masks($id: ID!) {
  node(id: $id) { ... on Card { maskedNumber last4 visibleLastDigits } }
  cardAccount(companyId: "CEKEP5GSGP", cardAccountId: "CAA8W45") {
    transactions(first: 5) { edges { node { card { last4 visibleLastDigits } } } }
  }
}`;

type Answer = {
  node: { maskedNumber: string | null; last4: string | null; visibleLastDigits: string | null };
  cardAccount: {
    transactions: { edges: { node: { card: { last4: string | null; visibleLastDigits: string } } }[] };
  };
};

const FORMS = [
  {
    masks: { style: "last4" },
    shown: { maskedNumber: "XXXX XXXX XXXX 3211", last4: "3211", visibleLastDigits: "3211" },
  },
  {
    masks: { style: "first6-last2" },
    shown: { maskedNumber: "6521 50XX XXXX XX11", last4: null, visibleLastDigits: "11" },
  },
  {
    masks: { style: "first6-last4" },
    shown: { maskedNumber: "6521 50XX XXXX 3211", last4: "3211", visibleLastDigits: "3211" },
  },
  {
    masks: { style: "first6-last4", spaced: false },
    shown: { maskedNumber: "6521 50XX XXXX 3211", last4: "3211", visibleLastDigits: "3211" },
  },
  {
    masks: { style: "first6-last4", digits: 19 },
    shown: { maskedNumber: "652 150X XXXX XXXX 3211", last4: "3211", visibleLastDigits: "3211" },
  },
  {
    masks: { style: "last4", field: "maskedCardNumber" },
    shown: { maskedNumber: "XXXX XXXX XXXX 3211", last4: "3211", visibleLastDigits: "3211" },
  },
  {
    masks: { style: "first6-last2", spaced: false, digits: 19, field: "maskedCardNumber" },
    shown: { maskedNumber: "652 150X XXXX XXXX XX11", last4: null, visibleLastDigits: "11" },
  },
] as const;

describe("every masked-number form EnKash may send", () => {
  const harnesses = FORMS.map((form) => ({ form, h: useHarness({ masks: form.masks }) }));

  for (const { form, h } of harnesses) {
    it(`${JSON.stringify(form.masks)} -> ${form.shown.maskedNumber}, last4 ${form.shown.last4}`, async () => {
      const result = await h.gql<Answer, { id: string }>(QUERY, { id: GIFT_CARD });
      expect(result.errors).toBeUndefined();
      expect(result.data?.node).toEqual(form.shown);
      // Transactions carry the card's mask in the same form: the same rule holds there.
      const cards = result.data?.cardAccount.transactions.edges.map((edge) => edge.node.card) ?? [];
      expect(cards.length).toBeGreaterThan(0);
      for (const card of cards) {
        expect(card.visibleLastDigits).toHaveLength(form.shown.last4 ? 4 : 2);
        expect(card.last4 === null).toBe(form.shown.last4 === null);
      }
    });
  }
});
