import { describe, expect, it } from "vitest";
import { createLoaders } from "../../src/enkash/loaders.ts";
import type { EnkashSession } from "../../src/enkash/session.ts";

/**
 * EnKash is asked with an account the viewer may see; whatever it answers must belong to that
 * account. If EnKash ever answered a card or transaction of another account (it refuses a card not
 * in the named account today, so this stands in for EnKash with a fake session that misbehaves),
 * the loaders treat it as missing rather than show it.
 */
const everything = { account: () => true, card: () => true, transaction: () => true };
const OTHER = { companyId: "CEK7T1WMC6", cardAccountId: "CAVBMRFE8" };

function misbehavingEnkash(): EnkashSession {
  const card = { enKashCardId: "EKCQMY9BQ0", ...OTHER };
  const transaction = { enKashTransactionId: "ECTR1", enKashCardId: "EKCQMY9BQ0", ...OTHER };
  return {
    call: async (name: string) => {
      if (name === "getCardDetails") return card;
      if (name === "searchTransactions") return { content: [transaction], last: true, totalElements: 1 };
      if (name === "listCards") return { content: [card], last: true, totalElements: 1 };
      throw new Error(`unexpected ${name}`);
    },
  } as unknown as EnkashSession;
}

describe("answers that do not belong to the account asked about", () => {
  it("are treated as missing, for cards, card lists and transactions", async () => {
    const loaders = createLoaders(misbehavingEnkash(), everything);
    expect(await loaders.card.load("CEKEP5GSGP/CABFIPS/EKCQMY9BQ0")).toBeNull();
    expect(await loaders.transaction.load("CEKEP5GSGP/CABFIPS/EKCQMY9BQ0/ECTR1")).toBeNull();
    const window = await loaders.transactionWindow.load({
      account: { companyId: "CEKEP5GSGP", cardAccountId: "CABFIPS" },
      enKashCardId: "EKCQMY9BQ0",
      filter: {},
      offset: 0,
      limit: 5,
    });
    expect(window.items).toEqual([]);
    const cards = await loaders.cardWindow.load({
      account: { companyId: "CEKEP5GSGP", cardAccountId: "CABFIPS" },
      status: undefined,
      offset: 0,
      limit: 5,
    });
    expect(cards.items).toEqual([]);
  });
});
