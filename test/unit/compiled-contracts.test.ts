import { describe, expect, it } from "vitest";
import type { z } from "zod";
import { endpoints } from "../../src/enkash/endpoints.ts";
import * as response from "../../src/enkash/wire/responses.ts";
import { DOCUMENTED_CARD_ACCOUNT_CAVBMRFE8, DOCUMENTED_CARD_EKC94AEX89 } from "../helpers/documented.ts";
import { pageOf, SAMPLE_TRANSACTION, SAMPLE_USAGE_CONTROLS } from "../helpers/wire-samples.ts";

/**
 * The EnKash contracts run through zod's compiler (src/enkash/endpoints.ts). A compiled parser must
 * answer exactly as zod's runtime parser does: the same value for what it accepts, the same refusal
 * (paths and messages) for what it rejects. Checked here on documented answers and on every field of
 * them replaced, one at a time, by values of every JSON kind, both sides compared.
 */

/** Values of every JSON kind, and the odd forms EnKash might send. */
const REPLACEMENTS: unknown[] = [
  undefined,
  null,
  "",
  "x",
  "12.50",
  "12.345",
  12.5,
  -1,
  0,
  true,
  "true",
  {},
  [],
  { name: "BL", label: "Blocked" },
];

function variants(value: Record<string, unknown>): unknown[] {
  const out: unknown[] = [value, null, "text", []];
  for (const key of Object.keys(value))
    for (const replacement of REPLACEMENTS) {
      const changed: Record<string, unknown> = { ...value };
      if (replacement === undefined) delete changed[key];
      else changed[key] = replacement;
      out.push(changed);
    }
  return out;
}

function outcome(schema: z.ZodType, value: unknown) {
  const parsed = schema.safeParse(value, { reportInput: true });
  return parsed.success
    ? { success: true, data: parsed.data }
    : {
        success: false,
        issues: parsed.error.issues.map(({ path, message, code }) => ({ path, message, code })),
      };
}

const CASES: [keyof typeof endpoints, z.ZodType, Record<string, unknown>][] = [
  ["getCardDetails", response.card, DOCUMENTED_CARD_EKC94AEX89],
  ["getCardAccount", response.cardAccount, DOCUMENTED_CARD_ACCOUNT_CAVBMRFE8.payload],
  ["getUsageControls", response.usageControls, SAMPLE_USAGE_CONTROLS],
  ["searchTransactions", response.transactionPage, pageOf(SAMPLE_TRANSACTION)],
  ["listCards", response.cardPage, pageOf(DOCUMENTED_CARD_EKC94AEX89)],
];

describe("compiled EnKash contracts", () => {
  it.each(CASES)("%s: compiled, and answering as the runtime parser does", (name, runtime, documented) => {
    const compiled = endpoints[name].response;
    // A compiled clone keeps the runtime parser as its fallback; an uncompiled schema has none.
    expect(compiled).not.toBe(runtime);
    expect(
      (compiled as unknown as { _zod: { bag: { fallbackRun?: unknown } } })._zod.bag.fallbackRun,
    ).toBeTypeOf("function");
    let accepted = 0;
    let refused = 0;
    const inputs = [
      ...variants(documented),
      // Inside pages, the items' fields too.
      ...(Array.isArray(documented.content)
        ? variants(documented.content[0] as Record<string, unknown>).map((item) => pageOf(item))
        : []),
    ];
    for (const input of inputs) {
      const expected = outcome(runtime, input);
      expect(outcome(compiled, input)).toEqual(expected);
      if (expected.success) accepted++;
      else refused++;
    }
    // Both sides of the contract were exercised.
    expect(accepted).toBeGreaterThan(10);
    expect(refused).toBeGreaterThan(3);
  });
});
