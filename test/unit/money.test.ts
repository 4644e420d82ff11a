import { describe, expect, it } from "vitest";
import { parseRupees, parseSignedRupees } from "../../src/shared/money.ts";

/** Rupee amounts become integer paise from their decimal text, never through float arithmetic. */
describe("rupee amounts", () => {
  it("reads numbers and numeric strings with at most two decimals", () => {
    expect(parseSignedRupees(92415.44)).toBe(9_241_544);
    expect(parseSignedRupees("92415.44")).toBe(9_241_544);
    expect(parseSignedRupees(-990553.44)).toBe(-99_055_344);
    expect(parseSignedRupees(0.1)).toBe(10);
    expect(parseSignedRupees(-0)).toBe(0);
    expect(Object.is(parseSignedRupees(-0), -0)).toBe(false);
    expect(parseSignedRupees(0.1 + 0.2)).toBeUndefined();
    expect(parseSignedRupees(1.005)).toBeUndefined();
    expect(parseSignedRupees(1e12)).toBeUndefined();
    expect(parseSignedRupees(Number.NaN)).toBeUndefined();
    expect(parseSignedRupees("1.234")).toBeUndefined();
    expect(parseRupees(-1)).toBeUndefined();
  });

  it("the number fast path agrees with the decimal text of the number", () => {
    // Seeded so a failure reproduces: amounts with 0 to 4 decimals over the whole 12-digit range.
    let seed = 42;
    const random = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    for (let i = 0; i < 20_000; i++) {
      const decimals = Math.floor(random() * 5);
      const magnitude = 10 ** Math.floor(random() * 12);
      const value = Number((random() * magnitude * (random() < 0.2 ? -1 : 1)).toFixed(decimals));
      const viaText = parseSignedRupees(String(value));
      expect(parseSignedRupees(value), String(value)).toBe(viaText === 0 ? 0 : viaText);
    }
  });
});
