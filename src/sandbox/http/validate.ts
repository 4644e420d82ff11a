import type { z } from "zod";
import { badRequest, type FieldProblem } from "./errors.ts";

/**
 * Parses a request body with a route's zod schema. Failures become HTTP 400 listing each field
 * and the rule it broke, worded here rather than taken from zod so that no input value is echoed.
 */
export function parseRequest<S extends z.ZodType>(schema: S, body: unknown): z.output<S> {
  // reportInput lets a rule tell a missing field from a wrong one; the input is never echoed.
  const result = schema.safeParse(body, { reportInput: true });
  if (result.success) return result.data;
  throw badRequest(result.error.issues.map(describeIssue));
}

function describeIssue(issue: z.core.$ZodIssue): FieldProblem {
  const field = issue.path.length > 0 ? issue.path.map(String).join(".") : "body";
  return { field, rule: ruleOf(issue) };
}

function ruleOf(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case "invalid_type":
      return issue.input === undefined ? "is required" : `must be ${article(issue.expected)}`;
    case "too_small":
      return issue.origin === "string"
        ? `must be at least ${issue.minimum} characters`
        : issue.origin === "array"
          ? `must have at least ${issue.minimum} items`
          : `must be at least ${issue.minimum}`;
    case "too_big":
      return issue.origin === "string"
        ? `must be at most ${issue.maximum} characters`
        : issue.origin === "array"
          ? `must have at most ${issue.maximum} items`
          : `must be at most ${issue.maximum}`;
    case "invalid_format":
      // Our own patterns carry a worded rule; zod's default wording starts with "Invalid".
      if (!issue.message.startsWith("Invalid")) return issue.message;
      return "pattern" in issue && issue.pattern
        ? `must match ${issue.pattern}`
        : `must be a valid ${issue.format}`;
    case "invalid_value":
      return `must be one of ${issue.values.map((value) => JSON.stringify(value)).join(", ")}`;
    case "invalid_union":
      return "has an unsupported type";
    case "custom":
      // Custom rules are ours and written without values.
      return issue.message;
    default:
      return "is invalid";
  }
}

function article(expected: string): string {
  if (expected === "object") return "an object";
  if (expected === "array") return "an array";
  return `a ${expected}`;
}
