import { isDeepStrictEqual } from "node:util";
import { describe, expect, it } from "vitest";
import { endpoints } from "../../src/enkash/endpoints.ts";
import { DOCUMENTED_CARD_ACCOUNT_CAVBMRFE8, DOCUMENTED_CARD_EKC94AEX89 } from "../helpers/documented.ts";
import { pageOf, SAMPLE_TRANSACTION, SAMPLE_USAGE_CONTROLS } from "../helpers/wire-samples.ts";

/**
 * Outside attack 20 on the compiled EnKash contracts (src/enkash/endpoints.ts, z.compile): every
 * field of documented answers and of a valid request per endpoint, to 3 levels deep, replaced by
 * hostile values (NaN-like and exponent strings, -0, 1e21, 2^53+1, unicode digits and spaces,
 * nested arrays, {name} objects, own "__proto__"/"constructor" keys, invalid Dates, odd
 * date-times); compiled and runtime answers compared with isDeepStrictEqual (prototypes, -0 and
 * undefined keys included, which toEqual ignores). Passing: a probe that found nothing.
 */
type Run = (p: { value: unknown; issues: unknown[] }, ctx: object) => { value: unknown; issues: unknown[] };
const runtimeOf = (schema: unknown) =>
  (schema as { _zod: { bag: { fallbackRun?: Run } } })._zod.bag.fallbackRun;

const NASTY: unknown[] = [
  "NaN",
  "Infinity",
  "-Infinity",
  "1e400",
  "-0",
  -0,
  1e21,
  1e-7,
  "1e3",
  " 12.50 ",
  "12.50\n",
  "١٢",
  "１２",
  2 ** 53 + 1,
  "0x10",
  "+5",
  ".5",
  "5.",
  "12.5e1",
  "\u200b12",
  "𝟏𝟐",
  [[1]],
  [["a"]],
  { name: "x" },
  { name: 1 },
  JSON.parse('{"__proto__":{"polluted":1},"name":"A"}'),
  { constructor: "x", name: "B" },
  "__proto__",
  "constructor",
  "toString",
  "true ",
  "TRUE",
  1,
  0,
  -1,
  "",
  " ",
  null,
  "a".repeat(100),
  "é",
  "\u0000",
  Number.MAX_VALUE,
  Number.MIN_VALUE,
  1.2345678901234568e29,
  "99999999999999999999.99",
  "-0.00",
  "0.001",
  "1,000.00",
  new Array(3),
  "2026-02-30",
  "2026-11-30T10:15:00Z",
];

function* mutate(value: unknown, depth = 0): Generator<unknown> {
  if (depth > 3) return;
  if (Array.isArray(value)) {
    if (value.length > 0) for (const inner of mutate(value[0], depth + 1)) yield [inner, ...value.slice(1)];
    return;
  }
  if (value && typeof value === "object") {
    const obj = value as Record<string, unknown>;
    for (const key of Object.keys(obj)) {
      for (const n of NASTY) yield { ...obj, [key]: n };
      for (const inner of mutate(obj[key], depth + 1)) yield { ...obj, [key]: inner };
    }
    if (Object.keys(obj).length > 0) yield JSON.parse(`{"__proto__":{"x":1},${JSON.stringify(obj).slice(1)}`);
    yield { ...obj, constructor: { prototype: { y: 1 } }, hasOwnProperty: 1 };
  }
}

const same = (a: unknown, b: unknown) => isDeepStrictEqual(a, b);

// Thousands of values through two parsers: 6 s on Node 20, twice that on Node 22 and 24.
describe(
  "compiled EnKash contracts under adversarial values (attack 20: nothing found)",
  { timeout: 60_000 },
  () => {
    it("responses (JSON round trip: own __proto__ keys kept)", () => {
      const cases: [keyof typeof endpoints, unknown][] = [
        ["getCardDetails", DOCUMENTED_CARD_EKC94AEX89],
        ["getCardAccount", DOCUMENTED_CARD_ACCOUNT_CAVBMRFE8.payload],
        ["getUsageControls", SAMPLE_USAGE_CONTROLS],
        ["searchTransactions", pageOf(SAMPLE_TRANSACTION)],
        ["listCards", pageOf(DOCUMENTED_CARD_EKC94AEX89)],
      ];
      const diffs: string[] = [];
      for (const [name, base] of cases) {
        const schema = endpoints[name].response as unknown as {
          safeParse: (v: unknown) => { success: boolean; data?: unknown };
        };
        const runtime = runtimeOf(schema);
        if (!runtime) {
          diffs.push(`${name}: not compiled`);
          continue;
        }
        for (const input of [base, ...mutate(base)]) {
          const c = schema.safeParse(structuredCloneSafe(input));
          const r = runtime({ value: structuredCloneSafe(input), issues: [] }, {});
          const rOk = r.issues.length === 0;
          if (c.success !== rOk || (rOk && !same(c.data, r.value)))
            diffs.push(
              `${name}: ${JSON.stringify(input).slice(0, 0)} compiled=${c.success} runtime=${rOk} ${diffOf(c.data, r.value, input)}`,
            );
        }
      }
      expect([...new Set(diffs)].slice(0, 20)).toEqual([]);
    });
  },
);

function structuredCloneSafe(v: unknown): unknown {
  // keep own __proto__ keys: rebuild via JSON when possible
  try {
    return JSON.parse(JSON.stringify(v));
  } catch {
    return v;
  }
}

function diffOf(a: unknown, b: unknown, input: unknown, path = ""): string {
  if (same(a, b)) return "";
  if (a && b && typeof a === "object" && typeof b === "object" && !Array.isArray(a)) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b as object)]);
    for (const k of keys) {
      const d = diffOf(
        (a as Record<string, unknown>)[k],
        (b as Record<string, unknown>)[k],
        input,
        `${path}.${k}`,
      );
      if (d) return d;
    }
    return `${path}: proto/shape differs ${Object.getPrototypeOf(a) === Object.getPrototypeOf(b)} c=${JSON.stringify(a).slice(0, 120)} r=${JSON.stringify(b).slice(0, 120)}`;
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    for (let i = 0; i < Math.max(a.length, b.length); i++) {
      const d = diffOf(a[i], b[i], input, `${path}[${i}]`);
      if (d) return d;
    }
  }
  return `${path}: c=${String(JSON.stringify(a)).slice(0, 100)} (${Object.is(a, -0) ? "-0" : typeof a}) r=${String(JSON.stringify(b)).slice(0, 100)} (${Object.is(b, -0) ? "-0" : typeof b})`;
}

function deepCopy(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(deepCopy);
  if (v instanceof Date) return new Date(v.getTime());
  if (v && typeof v === "object") {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v))
      Object.defineProperty(out, k, {
        value: deepCopy((v as Record<string, unknown>)[k]),
        enumerable: true,
        writable: true,
        configurable: true,
      });
    return out;
  }
  return v;
}

const REF = { companyId: "CEKEP5GSGP", cardAccountId: "CAA8W45", enKashCardId: "EKC94AEX89" };
const ADDR = {
  line1: "1 MG Road",
  line2: "Floor 2",
  city: "Pune",
  state: "MH",
  country: "India",
  pincode: "411001",
};
const REQUESTS: [keyof typeof endpoints, unknown][] = [
  [
    "createCardAccount",
    {
      companyId: "CEKEP5GSGP",
      companyName: "Acme",
      planMasterId: "P1",
      email: "a@b.in",
      mobile: "9876543210",
      accountTitle: "T",
      accountType: "CORPORATE",
    },
  ],
  ["getCardAccount", { companyId: "CEKEP5GSGP", cardAccountId: "CAA8W45" }],
  [
    "createCard",
    {
      companyId: "CEKEP5GSGP",
      cardAccountId: "CAA8W45",
      email: "a@b.in",
      mobile: "9876543210",
      firstName: "A",
      dateOfBirth: "1990-01-31",
      address: ADDR,
      pan: "ABCDE1234F",
      primary: true,
      delivery: ADDR,
      loadAmount: 1050,
    },
  ],
  ["setPin", { ...REF, pin: "1234", otp: { medium: "MOBILE", otpRequestId: "R1", otp: "123456" } }],
  ["generateOtp", { cardAccountId: "CAA8W45", enKashCardId: "EKC94AEX89" }],
  ["viewCardCvv", { ...REF, otp: { medium: "MFA", mfaCode: "123456" } }],
  [
    "blockCard",
    { ...REF, blockCode: "L", reason: "x", otp: { medium: "MOBILE", otpRequestId: "R1", otp: "1234" } },
  ],
  [
    "updateUsageControls",
    {
      companyId: "CEKEP5GSGP",
      cardAccountId: "CAA8W45",
      enKashCardIds: ["EKC94AEX89"],
      posAllowed: true,
      perTxnLimit: 500000,
      dailyLimit: null,
      dailyCount: 5,
    },
  ],
  ["orderPhysicalCard", { ...REF, delivery: ADDR }],
  ["loadCardBalance", { ...REF, amount: 15050, uniqueReferenceNumber: "ORDER-42", description: "d" }],
  ["listCards", { companyId: "CEKEP5GSGP", cardAccountId: "CAA8W45", status: "L", page: 0, size: 20 }],
  [
    "searchTransactions",
    {
      ...REF,
      direction: "DR",
      amountFrom: 100,
      amountTo: 200,
      from: "2026-11-01T00:00:00+05:30",
      to: new Date("2026-11-30T00:00:00Z"),
      transactionIds: ["T1"],
      references: ["R"],
      page: 0,
      size: 10,
    },
  ],
  ["pgResendOtp", { enkashTransactionId: "X1" }],
  ["pgValidateOtp", { ekPayId: "X1", otp: "1234", checkSum: "abc" }],
];
const MORE: unknown[] = [
  new Date("invalid"),
  new Date(0),
  "2026-11-30T10:15:00",
  "2026-11-30T10:15:00.123456789+05:30",
  "2026-11-30T10:15:00z",
  "2026-11-30t10:15:00Z",
  "  X1  ",
  "\tX1\n",
  "\u00a0X1\u00a0",
  "\u3000",
  "1234\n",
  "١٢٣٤",
  Number.NaN,
  Number.POSITIVE_INFINITY,
  1.5,
  2 ** 53,
  -0,
  { medium: "MOBILE" },
  { medium: "MFA", mfaCode: "1234", otp: "x" },
  { medium: "mobile", otpRequestId: "R", otp: "1234" },
];

describe(
  "compiled EnKash contracts, requests and answers without a JSON round trip (-0, NaN, Infinity, Dates)",
  { timeout: 60_000 },
  () => {
    it("requests: the same acceptance and the same value (deep strict) as the runtime parser", () => {
      const diffs: string[] = [];
      let total = 0;
      for (const [name, base] of REQUESTS) {
        const schema = endpoints[name].request as unknown as {
          safeParse: (v: unknown) => { success: boolean; data?: unknown };
        };
        const runtime = runtimeOf(schema);
        if (!runtime) {
          diffs.push(`${name}: not compiled`);
          continue;
        }
        const inputs = [base, ...mutate(base)];
        for (const key of Object.keys(base as object))
          for (const m of MORE) inputs.push({ ...(base as object), [key]: m });
        for (const input of inputs) {
          total++;
          let c: { success: boolean; data?: unknown };
          try {
            c = schema.safeParse(deepCopy(input));
          } catch (e) {
            diffs.push(`${name}: compiled threw ${String(e)}`);
            continue;
          }
          let r: { value: unknown; issues: unknown[] };
          try {
            r = runtime({ value: deepCopy(input), issues: [] }, {});
          } catch (e) {
            diffs.push(`${name}: runtime threw ${String(e)}`);
            continue;
          }
          const rOk = r.issues.length === 0;
          if (c.success !== rOk || (rOk && !same(c.data, r.value)))
            diffs.push(
              `${name}: compiled=${c.success} runtime=${rOk} ${diffOf(c.data, r.value, input)} INPUT=${JSON.stringify(input, (_k, v) => (typeof v === "number" && !Number.isFinite(v) ? String(v) : Object.is(v, -0) ? "-0" : v)).slice(0, 250)}`,
            );
        }
      }
      expect(total).toBeGreaterThan(5_000);
      expect([...new Set(diffs)].slice(0, 20)).toEqual([]);
      // No parse wrote through an own "__proto__" key onto Object.prototype.
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      expect(({} as Record<string, unknown>).x).toBeUndefined();
    });
    it("answers: the same acceptance and the same value (deep strict) as the runtime parser", () => {
      const cases: [keyof typeof endpoints, unknown][] = [
        ["getCardDetails", DOCUMENTED_CARD_EKC94AEX89],
        ["getCardAccount", DOCUMENTED_CARD_ACCOUNT_CAVBMRFE8.payload],
        ["getUsageControls", SAMPLE_USAGE_CONTROLS],
        ["searchTransactions", pageOf(SAMPLE_TRANSACTION)],
        ["listCards", pageOf(DOCUMENTED_CARD_EKC94AEX89)],
      ];
      const diffs: string[] = [];
      for (const [name, base] of cases) {
        const schema = endpoints[name].response as unknown as {
          safeParse: (v: unknown) => { success: boolean; data?: unknown };
        };
        const runtime = runtimeOf(schema);
        if (!runtime) continue;
        const inputs = [base, ...mutate(base)];
        for (const key of Object.keys(base as object))
          for (const m of MORE) inputs.push({ ...(base as object), [key]: m });
        for (const input of inputs) {
          const c = schema.safeParse(deepCopy(input));
          const r = runtime({ value: deepCopy(input), issues: [] }, {});
          const rOk = r.issues.length === 0;
          if (c.success !== rOk || (rOk && !same(c.data, r.value)))
            diffs.push(`${name}: compiled=${c.success} runtime=${rOk} ${diffOf(c.data, r.value, input)}`);
        }
      }
      expect([...new Set(diffs)].slice(0, 20)).toEqual([]);
    });
  },
);
