/**
 * Money in the sandbox is an integer count of paise. EnKash sends rupee amounts as JSON numbers
 * or numeric strings with at most two decimals; they are parsed from their decimal text, never
 * through float arithmetic, so 0.1 + 0.2 style errors cannot creep into balances.
 */
export type Paise = number;

const RUPEES = /^(-?)(0|[1-9]\d{0,11})(?:\.(\d{1,2}))?$/;

/** Parses a non-negative rupee amount (number or string, at most 2 decimals, at most 12 integer digits). */
export function parseRupees(value: number | string): Paise | undefined {
  const paise = parseSignedRupees(value);
  return paise === undefined || paise < 0 || Object.is(paise, -0) ? undefined : paise;
}

/** Like parseRupees, but a leading minus is allowed (EnKash reports some balances negative). */
export function parseSignedRupees(value: number | string): Paise | undefined {
  if (typeof value === "number") {
    // Fast path for JSON numbers (most amounts; big pages hold thousands). A double printed with
    // at most 2 decimals is exactly the double nearest to paise / 100, so this accepts the same
    // numbers the text check below does, without building and matching a string.
    if (!Number.isFinite(value) || Math.abs(value) >= 1e12) return undefined;
    const paise = Math.round(value * 100);
    return paise / 100 === value ? paise + 0 : undefined;
  }
  const text = typeof value === "number" ? (Number.isFinite(value) ? String(value) : "") : value.trim();
  const match = RUPEES.exec(text);
  if (!match) return undefined;
  const [, sign = "", whole = "0", fraction = ""] = match;
  const paise = Number(whole) * 100 + Number(fraction.padEnd(2, "0"));
  return sign === "-" ? -paise : paise;
}

/** Renders paise as the JSON number EnKash uses (rupees, at most 2 decimals). */
export function toRupees(paise: Paise): number {
  // Dividing an integer by 100 yields the double nearest to the 2-decimal value, which JSON
  // prints as exactly that decimal; no arithmetic is done on the result.
  return paise / 100;
}

/** "1234.50" style text, for plain-text PG responses and descriptions. */
export function formatRupees(paise: Paise): string {
  const sign = paise < 0 ? "-" : "";
  const abs = Math.abs(paise);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, "0")}`;
}
