import { formatRupees } from "../shared/money.ts";
import { builder } from "./builder.ts";

/** Money is carried as whole paise; this type shows it three ways, none of them a float. */
export const MoneyRef = builder.objectRef<number>("Money");

const CurrencyEnum = builder.enumType("Currency", {
  description: "ISO 4217 currency. EnKash prepaid cards hold Indian rupees only.",
  values: { INR: { description: "Indian rupee (₹), 100 paise." } },
});

MoneyRef.implement({
  description: "An exact amount of money.",
  fields: (t) => ({
    amount: t.field({
      type: "Decimal",
      description: 'The amount in rupees, exact, as a decimal string ("1500.50").',
      resolve: (paise) => paise,
    }),
    minorUnits: t.string({
      description: "The amount in paise, as a string of digits (it can exceed a 32-bit Int).",
      resolve: (paise) => String(paise),
    }),
    currency: t.field({ type: CurrencyEnum, description: "Always INR.", resolve: () => "INR" as const }),
    formatted: t.string({
      description: 'For display, with Indian digit grouping: "₹1,50,050.00".',
      resolve: (paise) => formatInr(paise),
    }),
  }),
});

/** ₹ with the Indian numbering system (last three digits, then groups of two). */
function formatInr(paise: number): string {
  const [whole = "0", fraction = "00"] = formatRupees(Math.abs(paise)).split(".");
  const head = whole.slice(0, -3);
  const tail = whole.slice(-3);
  const grouped = head ? `${head.replace(/\B(?=(\d{2})+(?!\d))/g, ",")},${tail}` : tail;
  return `${paise < 0 ? "-" : ""}₹${grouped}.${fraction}`;
}
