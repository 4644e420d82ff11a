import type { z } from "zod";
import { decryptPayload, isEncryptedWrapper, type KeyDerivation } from "../shared/payload-encryption.ts";
import { describeZodIssues, type FieldProblem, summarizeProblems } from "../shared/zod-issues.ts";
import type { Endpoint } from "./endpoints.ts";
import {
  EnkashContractError,
  type EnkashError,
  EnkashInvalidRequestError,
  EnkashNotFoundError,
  EnkashOutcomeUnknownError,
  EnkashRateLimitedError,
  EnkashRejectedError,
  EnkashUnauthorizedError,
  EnkashUnavailableError,
} from "./errors.ts";
import { parseRetryAfter } from "./retry.ts";
import type { HttpResponse } from "./transport.ts";
import { envelope } from "./wire/responses.ts";

/** How an HTTP answer from EnKash becomes a typed payload or a typed error. */

export interface PayloadCodec {
  encryption: "none" | "aes-128-ecb";
  secret: string;
  keyDerivation: KeyDerivation;
}

export function interpretAnswer<O extends z.ZodType>(
  endpoint: Endpoint<z.ZodType, O>,
  response: HttpResponse,
  codec: PayloadCodec,
  now: number,
): z.output<O> {
  const context = { operation: endpoint.name, status: response.status };
  if (response.status === 200) {
    if (endpoint.answer === "text")
      return parseWith(endpoint.response, response.text, endpoint.name, response.status);
    // The payload wrapper covers the card API only; the token endpoint and PG calls are plain.
    const encrypted = codec.encryption === "aes-128-ecb" && endpoint.host === "card";
    const body = readEnvelope(
      response.text,
      encrypted ? codec : { ...codec, encryption: "none" },
      endpoint.name,
      response.status,
    );
    if (body.code === 0) return parseWith(endpoint.response, body.payload, endpoint.name, response.status);
    throw new EnkashRejectedError(safeMessage(body.message) || "EnKash refused the request", context);
  }
  throw errorForStatus(endpoint, response, codec, now);
}

function errorForStatus(
  endpoint: Endpoint,
  response: HttpResponse,
  codec: PayloadCodec,
  now: number,
): EnkashError {
  const context = { operation: endpoint.name, status: response.status };
  const { message, problems } = describeRefusal(response, codec);
  const status = response.status;
  if (status === 401 || status === 403)
    return new EnkashUnauthorizedError(message || "EnKash refused the access token", context);
  if (status === 404) return new EnkashNotFoundError(message || "Not found", context);
  if (status === 409) return new EnkashRejectedError(message || "EnKash refused the request", context);
  if (status === 429) {
    return new EnkashRateLimitedError(
      message || "EnKash rate limit reached",
      context,
      parseRetryAfter(response.headers["retry-after"], now),
    );
  }
  if (status >= 500) {
    // 503 says the request was not processed; any other 5xx on a write may have been.
    if (endpoint.kind === "write" && status !== 503) {
      return new EnkashOutcomeUnknownError(
        `EnKash answered HTTP ${status} to a write; it may or may not have been applied`,
        context,
      );
    }
    return new EnkashUnavailableError(`EnKash is unavailable (HTTP ${status})`, context);
  }
  if (status >= 400)
    return new EnkashInvalidRequestError(
      message || `EnKash refused the request (HTTP ${status})`,
      context,
      problems,
    );
  return new EnkashContractError(`Unexpected HTTP status ${status}`, context);
}

/** EnKash's message and field list from an error answer, when it has them. */
function describeRefusal(
  response: HttpResponse,
  codec: PayloadCodec,
): { message: string; problems: FieldProblem[] } {
  let body: unknown;
  try {
    body = JSON.parse(response.text);
    if (isEncryptedWrapper(body)) body = decryptPayload(body.request, codec.secret, codec.keyDerivation);
  } catch {
    return { message: safeMessage(response.text.slice(0, 200)), problems: [] };
  }
  const parsed = envelope.safeParse(body);
  if (!parsed.success) {
    const oauth = body as { error_description?: unknown };
    return {
      message: typeof oauth?.error_description === "string" ? safeMessage(oauth.error_description) : "",
      problems: [],
    };
  }
  const problems = Array.isArray(parsed.data.payload)
    ? parsed.data.payload.flatMap((item: unknown) =>
        typeof item === "object" && item !== null && "field" in item && "rule" in item
          ? [{ field: String(item.field), rule: String(item.rule) }]
          : [],
      )
    : [];
  return { message: safeMessage(parsed.data.message), problems };
}

function readEnvelope(text: string, codec: PayloadCodec, operation: string, status: number) {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new EnkashContractError("EnKash's answer is not JSON", { operation, status });
  }
  if (codec.encryption === "aes-128-ecb") {
    if (!isEncryptedWrapper(body))
      throw new EnkashContractError("EnKash's answer is not encrypted though encryption is on", {
        operation,
        status,
      });
    try {
      body = decryptPayload(body.request, codec.secret, codec.keyDerivation);
    } catch {
      throw new EnkashContractError(
        "EnKash's answer could not be decrypted (check ENKASH_ENCRYPTION and the client secret)",
        { operation, status },
      );
    }
  }
  const parsed = envelope.safeParse(body);
  if (!parsed.success) throw contractError(parsed.error, operation, status, "envelope");
  return parsed.data;
}

function parseWith<S extends z.ZodType>(
  schema: S,
  value: unknown,
  operation: string,
  status: number,
): z.output<S> {
  const parsed = schema.safeParse(value, { reportInput: true });
  if (!parsed.success) throw contractError(parsed.error, operation, status, "payload");
  return parsed.data;
}

function contractError(
  error: z.ZodError,
  operation: string,
  status: number,
  part: string,
): EnkashContractError {
  return new EnkashContractError(
    `EnKash's ${part} for ${operation} does not match the contract: ${summarizeProblems(describeZodIssues(error.issues))}`,
    { operation, status },
  );
}

/**
 * EnKash's own messages are passed on, but defensively: any run of 12 or more digits (a card
 * number) is masked, and the length is bounded.
 */
export function safeMessage(message: string): string {
  return message.replace(/\d[\d -]{10,}\d/g, "[redacted]").slice(0, 300);
}
