import { GraphQLError } from "graphql";
import type { Plugin } from "graphql-yoga";

/**
 * graphql-js puts the offending value into its error messages: `Variable "$input" got invalid value
 * "12345" at "input.pin"` for variables, `Expected value of type "Pin!", found "12345"` for inline
 * values. A PIN or OTP must never be echoed, so every such message loses its value here, for
 * every type (a value in the wrong field could be a secret too).
 */
const VARIABLE_VALUE = /^(Variable "\$[^"]+" got invalid value) [\s\S]*?( at "[^"]*"; |; )/;
const LITERAL_VALUE = /^(Expected value of type "[^"]+"), found [\s\S]*?(; |\.$)/;

export function redactInputValues(message: string): string {
  return message
    .replace(VARIABLE_VALUE, (_match, head: string, tail: string) => `${head}${tail}`)
    .replace(LITERAL_VALUE, (_match, head: string, tail: string) => `${head}${tail === "; " ? "; " : "."}`);
}

function redact(error: GraphQLError): GraphQLError {
  const message = redactInputValues(error.message);
  if (message === error.message) return error;
  return new GraphQLError(message, {
    nodes: error.nodes,
    source: error.source,
    positions: error.positions,
    path: error.path,
    extensions: { ...error.extensions, code: "BAD_USER_INPUT" },
  });
}

export function useRedactedInputErrors(): Plugin {
  return {
    onValidate() {
      return ({ result, setResult }) => {
        if (result.length > 0)
          setResult(result.map((error) => (error instanceof GraphQLError ? redact(error) : error)));
      };
    },
    onExecute() {
      return {
        onExecuteDone({ result, setResult }) {
          if ("errors" in result && result.errors?.length) {
            setResult({
              ...result,
              errors: result.errors.map((error) => (error instanceof GraphQLError ? redact(error) : error)),
            });
          }
        },
      };
    },
  };
}
