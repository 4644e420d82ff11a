import { GraphQLError } from "graphql";
import type { Plugin } from "graphql-yoga";
import { redactInputValues } from "./use-redacted-input-errors.ts";

/**
 * Errors from before GraphQL starts: reading the request and routing it.
 *
 * - Yoga's request parsers put the JSON parser's message into `extensions.originalError` (a POST
 *   whose body is not JSON got its own text back, PIN included), and a GET or form request whose
 *   `variables` or `extensions` is not JSON threw a bare SyntaxError (HTTP 500, no code). Every
 *   parsing failure becomes a 400 with a code and a message of its own.
 * - A parameter other than GraphQL's own is refused without quoting its name (yoga quotes it).
 * - Yoga answers 404 (no such path), 405, 406 and 415 with an empty body; those get a GraphQL
 *   error body with a code, like every other refusal.
 */
const STATUS_CODES: Record<number, [code: string, message: string]> = {
  404: ["NOT_FOUND", "Nothing is served at this path; GraphQL is at /graphql."],
  405: ["METHOD_NOT_ALLOWED", "This method is not allowed here (queries: GET or POST; mutations: POST)."],
  406: ["NOT_ACCEPTABLE", "Ask for application/json or application/graphql-response+json."],
  415: ["UNSUPPORTED_MEDIA_TYPE", "Send application/json (or, for GET, query parameters)."],
};

/** The parameters of a GraphQL request over HTTP (documentId: persisted documents). */
const PARAMETERS = new Set(["query", "variables", "operationName", "extensions", "documentId"]);

function badRequest(error: unknown): GraphQLError {
  if (error instanceof GraphQLError) {
    // The status always applies (yoga's `spec` flag would make it 200 for a plain JSON Accept).
    const status = (error.extensions.http as { status?: number } | undefined)?.status ?? 400;
    return new GraphQLError(redactInputValues(error.message), {
      extensions: { code: error.extensions.code ?? "BAD_REQUEST", http: { status } },
    });
  }
  return new GraphQLError("The request's parameters are not valid JSON.", {
    extensions: { code: "BAD_REQUEST", http: { status: 400 } },
  });
}

export function useRequestErrors(): Plugin {
  return {
    onRequestParse({ requestParser, setRequestParser }) {
      if (!requestParser) return;
      setRequestParser(async (request) => {
        let params: Awaited<ReturnType<typeof requestParser>>;
        try {
          params = await requestParser(request);
        } catch (error) {
          throw badRequest(error);
        }
        // Yoga refuses an unknown parameter by quoting its name, which is whatever the caller sent.
        if (params && typeof params === "object" && !Array.isArray(params)) {
          for (const [name, value] of Object.entries(params))
            if (value != null && !PARAMETERS.has(name))
              throw new GraphQLError(
                "The request has a parameter this API does not take (it takes query, variables, operationName and extensions).",
                { extensions: { code: "BAD_REQUEST", http: { status: 400 } } },
              );
        }
        return params;
      });
    },
    onResponse({ response, setResponse }) {
      const known = STATUS_CODES[response.status];
      if (!known || response.headers.get("content-type")) return;
      // Yoga's own empty refusals get a body; their headers (Allow, security headers) are kept.
      const [code, message] = known;
      const headers = new Headers(response.headers);
      headers.set("content-type", "application/json; charset=utf-8");
      setResponse(
        new Response(JSON.stringify({ errors: [{ message, extensions: { code } }] }), {
          status: response.status,
          headers,
        }),
      );
    },
  };
}
