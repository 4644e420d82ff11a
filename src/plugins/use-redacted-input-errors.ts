import { GraphQLError } from "graphql";
import type { Plugin } from "graphql-yoga";
import { eachPart, mapPartErrors } from "./incremental-results.ts";

/**
 * graphql-js quotes what the caller sent in its messages: `Variable "$input" got invalid value
 * "12345" at "input.pin"`, `Value "918273" does not exist in "OtpMedium" enum.`, `Expected value of
 * type "Int", found "4111…".`, `Syntax Error: Unexpected String "…".` A PIN, OTP or card number typed
 * into the wrong place would come back. Every error of a request (parse, validation, variables,
 * execution) passes through here:
 *
 * 1. The value positions of graphql-js's message templates are cut out (each pattern below).
 * 2. Then a net for whatever no pattern knows: a quoted text that is not a GraphQL name, type or
 *    path becomes "…", and so does every run of 4 or more digits (PINs, OTPs, card numbers,
 *    mobiles). The server's own messages are written to pass it unchanged (2,000 not 2000).
 * 3. Every error gets a code: GRAPHQL_PARSE_FAILED, GRAPHQL_VALIDATION_FAILED, BAD_USER_INPUT for
 *    a request's variables, INTERNAL_SERVER_ERROR for anything else that has none.
 */
const NAME = "[_A-Za-z][_0-9A-Za-z]*";
const SAFE_QUOTED = new RegExp(
  [
    `^\\$?${NAME}$`, // a name or a variable
    `^[[]*${NAME}!?(?:]!?)*$`, // a type, e.g. [ID!]!
    `^\\$?${NAME}(?:\\.${NAME}|\\[\\d{1,3}\\])*$`, // a path, e.g. input.cardholder.mobile, ids[3]
  ].join("|"),
);

type Rule = [RegExp, (match: RegExpExecArray, inner: string | undefined) => string];

/** graphql-js's templates that quote a value, and the same message without it. */
const RULES: Rule[] = [
  // Variable "$v" got invalid value <value>[ at "path"]; <inner>
  [
    new RegExp(`^(Variable "\\$${NAME}" got invalid value)([\\s\\S]*)$`),
    (match, inner) => {
      const rest = match[2] ?? "";
      const head =
        inner !== undefined && rest.endsWith(`; ${inner}`) ? rest.slice(0, -inner.length - 2) : rest;
      const at = / at "[^"]*"$/.exec(head)?.[0] ?? "";
      return `${match[1]}${at}; ${inner !== undefined ? redactInputValues(inner) : "it does not fit its type."}`;
    },
  ],
  // Expected value of type "T", found <literal>[; <inner>]
  [
    /^(Expected value of type "[^"]*"), found ([\s\S]*)$/,
    (match, inner) =>
      inner !== undefined && (match[2] ?? "").endsWith(`; ${inner}`)
        ? `${match[1]}; ${redactInputValues(inner)}`
        : `${match[1]}.`,
  ],
  // Int cannot represent non-integer value: <value>  (and Float, String, Boolean, ID)
  [
    /^(Int|Float|String|Boolean|ID) cannot represent ([^:]*):[\s\S]*$/,
    (match) => `${match[1]} cannot represent ${match[2]}.`,
  ],
  // Enum "E" cannot represent non-string value: <value>.
  [
    new RegExp(`^(Enum "${NAME}") cannot represent [\\s\\S]*$`),
    (match) => `${match[1]} cannot represent this value.`,
  ],
  // Value "<value>" does not exist in "E" enum.
  [
    new RegExp(`^Value [\\s\\S]* does not exist in ("${NAME}") enum\\.[\\s\\S]*$`),
    (match) => `The value does not exist in ${match[1]} enum.`,
  ],
  // Syntax Error: Unexpected String "<value>".  /  …, found Int "<value>".
  [/^(Syntax Error: [\s\S]*?\b(?:Name|Int|Float|String|BlockString)) "[\s\S]*$/, (match) => `${match[1]}.`],
];

/** A message without the values it quoted (see above). */
export function redactInputValues(message: string, inner?: string): string {
  let text = message;
  for (const [pattern, rewrite] of RULES) {
    const match = pattern.exec(text);
    if (match) {
      text = rewrite(match, inner);
      break;
    }
  }
  return text
    .replace(/\s*Did you mean [\s\S]*$/, "")
    .replace(/"((?:[^"\\]|\\.)*)"/g, (quoted, content: string) =>
      SAFE_QUOTED.test(content) ? quoted : '"…"',
    )
    .replace(/\d{4,}/g, "…");
}

function redact(error: GraphQLError, fallbackCode: string): GraphQLError {
  const original = error.originalError;
  const inner = original && original !== error ? original.message : undefined;
  const message = redactInputValues(error.message, inner);
  if (message === error.message && typeof error.extensions?.code === "string") return error;
  return new GraphQLError(message, {
    nodes: error.nodes,
    source: error.source,
    positions: error.positions,
    path: error.path,
    // Kept, so that useMaskedErrorsWithRequestId still knows an unexpected error when it sees one.
    originalError: error.originalError,
    extensions: { ...error.extensions, code: error.extensions?.code ?? fallbackCode },
  });
}

export function useRedactedInputErrors(): Plugin {
  return {
    onParse() {
      return ({ result, replaceParseResult }) => {
        if (result instanceof GraphQLError) replaceParseResult(redact(result, "GRAPHQL_PARSE_FAILED"));
      };
    },
    onValidate() {
      return ({ result, setResult }) => {
        if (result.length > 0)
          setResult(
            result.map((error) =>
              error instanceof GraphQLError ? redact(error, "GRAPHQL_VALIDATION_FAILED") : error,
            ),
          );
      };
    },
    onExecute() {
      return {
        onExecuteDone(payload) {
          // Every part of an incremental result too (@defer, @stream), deferred entries included.
          return eachPart(payload, (part, replace) => {
            const redacted = mapPartErrors(part, (error) =>
              error instanceof GraphQLError
                ? redact(error, error.path ? "INTERNAL_SERVER_ERROR" : "BAD_USER_INPUT")
                : error,
            );
            if (redacted !== part) replace(redacted);
          });
        },
      };
    },
  };
}
