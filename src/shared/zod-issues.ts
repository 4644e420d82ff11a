import type { z } from "zod";

/** A field-level problem: which field, and which rule it broke (never its value). */
export interface FieldProblem {
  field: string;
  rule: string;
}

/**
 * Words zod issues as field + rule, without ever including the input value: messages built
 * from these are safe to log and to return, whatever the input held (a PIN, an OTP, a card number).
 */
export function describeZodIssues(issues: readonly z.core.$ZodIssue[]): FieldProblem[] {
  return issues.map((issue) => ({
    field: issue.path.length > 0 ? issue.path.map(String).join(".") : "body",
    rule: ruleOf(issue),
  }));
}

export function summarizeProblems(problems: readonly FieldProblem[]): string {
  return problems.map((problem) => `${problem.field} ${problem.rule}`).join("; ");
}

/** zod's own wording; anything else is a rule we wrote, without values, and is used as is. */
const ZOD_DEFAULT = /^(Invalid|Too (small|big)|Unrecognized|Expected)/;

function ruleOf(issue: z.core.$ZodIssue): string {
  if (issue.code !== "custom" && !ZOD_DEFAULT.test(issue.message)) return issue.message;
  switch (issue.code) {
    case "invalid_type":
      // `input` is present only when parsed with reportInput; it is tested, never printed.
      return issue.input === undefined ? "is required" : `must be ${article(issue.expected)}`;
    case "too_small":
      return issue.origin === "string"
        ? `must be at least ${issue.minimum} character${issue.minimum === 1 ? "" : "s"}`
        : issue.origin === "array"
          ? `must have at least ${issue.minimum} item${issue.minimum === 1 ? "" : "s"}`
          : `must be at least ${issue.minimum}`;
    case "too_big":
      return issue.origin === "string"
        ? `must be at most ${issue.maximum} characters`
        : issue.origin === "array"
          ? `must have at most ${issue.maximum} item${issue.maximum === 1 ? "" : "s"}`
          : `must be at most ${issue.maximum}`;
    case "invalid_format":
      return "pattern" in issue && issue.pattern
        ? `must match ${issue.pattern}`
        : `must be a valid ${issue.format}`;
    case "invalid_value":
      return `must be one of ${issue.values.map((value) => JSON.stringify(value)).join(", ")}`;
    case "invalid_union":
      return "has an unsupported type";
    case "unrecognized_keys":
      return `has unknown fields ${issue.keys.join(", ")}`;
    case "custom":
      // Custom rules are ours and written without values.
      return issue.message;
    default:
      return "is invalid";
  }
}

function article(expected: string): string {
  if (expected === "object" || expected === "array") return `an ${expected}`;
  return `a ${expected}`;
}
