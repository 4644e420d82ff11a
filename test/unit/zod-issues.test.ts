import { describe, expect, it } from "vitest";
import { z } from "zod";
import { describeZodIssues, summarizeProblems } from "../../src/shared/zod-issues.ts";

/**
 * How a refused input is worded (src/shared/zod-issues.ts): the field and the rule it broke, never
 * the value, so that the words are safe to log and to return whatever the input held.
 */
const problems = (schema: z.ZodType, input: unknown) => {
  const parsed = schema.safeParse(input, { reportInput: true });
  if (parsed.success) throw new Error("expected the input to be refused");
  return describeZodIssues(parsed.error.issues);
};

describe("describeZodIssues", () => {
  const schema = z.strictObject({
    pin: z.string().regex(/^\d{4}$/),
    amount: z.number().min(1).max(100),
    name: z.string().min(2).max(5),
    one: z.string().min(1),
    tags: z.array(z.string()).min(2).max(3),
    kind: z.enum(["A", "B"]),
    holder: z.object({ mobile: z.string() }),
    either: z.union([z.string(), z.number()]),
    mine: z.string().refine((value) => value.length > 3, "must be longer than 3"),
    worded: z.string().min(3, "needs three letters"),
  });
  const secretInput = {
    pin: "98765432",
    amount: 1000,
    name: "Alexander",
    one: "",
    tags: ["4111111111111111"],
    kind: "SECRET-KIND",
    holder: { mobile: 9876543210 },
    either: true,
    mine: "ab",
    worded: "x",
    extra: "SECRET-EXTRA",
  };

  it("names each field by its path and each rule in words", () => {
    expect(problems(schema, secretInput)).toEqual([
      { field: "pin", rule: "must match /^\\d{4}$/" },
      { field: "amount", rule: "must be at most 100" },
      { field: "name", rule: "must be at most 5 characters" },
      { field: "one", rule: "must be at least 1 character" },
      { field: "tags", rule: "must have at least 2 items" },
      { field: "kind", rule: 'must be one of "A", "B"' },
      { field: "holder.mobile", rule: "must be a string" },
      { field: "either", rule: "has an unsupported type" },
      // Rules of our own are used as written.
      { field: "mine", rule: "must be longer than 3" },
      { field: "worded", rule: "needs three letters" },
      // Unknown fields are named (by their names, which the client chose), at the top: "body".
      { field: "body", rule: "has unknown fields extra" },
    ]);
  });

  it("never repeats a value it was given", () => {
    const text = JSON.stringify(problems(schema, secretInput));
    for (const value of ["98765432", "1000", "Alexander", "4111111111111111", "SECRET", "9876543210", "true"])
      expect(text, value).not.toContain(value);
  });

  it("a missing field is required; a wrong type says what it must be; the top level is the body", () => {
    expect(problems(z.object({ a: z.string() }), {})).toEqual([{ field: "a", rule: "is required" }]);
    expect(problems(z.object({ a: z.array(z.number()) }), { a: "x" })).toEqual([
      { field: "a", rule: "must be an array" },
    ]);
    expect(problems(z.string(), 42)).toEqual([{ field: "body", rule: "must be a string" }]);
    expect(problems(z.array(z.number()).max(2), [1, 2, 3])).toEqual([
      { field: "body", rule: "must have at most 2 items" },
    ]);
    expect(
      problems(z.object({ list: z.array(z.object({ n: z.number().min(5) })) }), { list: [{ n: 1 }] }),
    ).toEqual([{ field: "list.0.n", rule: "must be at least 5" }]);
  });
});

describe("summarizeProblems", () => {
  it("joins field and rule, problem by problem", () => {
    expect(
      summarizeProblems([
        { field: "pin", rule: "must match /^\\d{4}$/" },
        { field: "amount", rule: "must be at most 100" },
      ]),
    ).toBe("pin must match /^\\d{4}$/; amount must be at most 100");
    expect(summarizeProblems([])).toBe("");
  });
});
