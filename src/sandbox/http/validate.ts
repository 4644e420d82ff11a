import type { z } from "zod";
import { describeZodIssues } from "../../shared/zod-issues.ts";
import { badRequest } from "./errors.ts";

/**
 * Parses a request body with a route's zod schema. Failures become HTTP 400 listing each field
 * and the rule it broke, never the value sent.
 */
export function parseRequest<S extends z.ZodType>(schema: S, body: unknown): z.output<S> {
  // reportInput lets a rule tell a missing field from a wrong one; the input is never echoed.
  const result = schema.safeParse(body, { reportInput: true });
  if (result.success) return result.data;
  throw badRequest(describeZodIssues(result.error.issues));
}
