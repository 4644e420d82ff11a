/**
 * How the sandbox refuses a request. Route handlers throw these; the server turns them into
 * EnKash's shapes. No message may contain a value the caller sent except IDs.
 */

import { type FieldProblem, summarizeProblems } from "../../shared/zod-issues.ts";

export type { FieldProblem };

/** An HTTP-level refusal in the route's envelope, with `code` equal to the HTTP status. */
export class SandboxHttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly payload: unknown = message,
  ) {
    super(message);
    this.name = "SandboxHttpError";
  }
}

/** EnKash's business failure: HTTP 200, code 1, the message repeated as payload. */
export class BusinessError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "BusinessError";
  }
}

/** Spring-OAuth2-style refusals of the token endpoint and of bearer checks. */
export class OAuthError extends Error {
  constructor(
    readonly status: number,
    readonly error: string,
    readonly description: string,
  ) {
    super(description);
    this.name = "OAuthError";
  }
}

export function badRequest(problems: FieldProblem[]): SandboxHttpError {
  return new SandboxHttpError(400, `Invalid request: ${summarizeProblems(problems)}`, problems);
}

export function notFound(message: string): SandboxHttpError {
  return new SandboxHttpError(404, message);
}

export function unprocessable(message: string): SandboxHttpError {
  return new SandboxHttpError(422, message);
}
