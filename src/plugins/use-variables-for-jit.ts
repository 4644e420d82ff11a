import { GraphQLError, getOperationAST, valueFromASTUntyped } from "graphql";
import { getVariableValues } from "graphql/execution/values.js";
import type { Plugin } from "graphql-yoga";

/**
 * Variables as graphql-js reads them, for the compiled executor (graphql-jit, useGraphQlJit after
 * this plugin). graphql-js coerces them first: a bad variable gets graphql-js's own errors (worded
 * as elsewhere, redacted by useRedactedInputErrors, bounded in depth) and the request stops there,
 * as it did without the compiler. Then the operation's defaults are written into the variables the
 * request left out, because graphql-jit refuses an omitted non-null variable that has a default
 * (`$id: String! = "…"` "was not provided") where graphql-js uses the default. The compiled query
 * parses the raw values again (custom scalars run once more, on good values).
 */
export function useVariablesForJit(): Plugin {
  return {
    onExecute({ args, setResultAndStopExecution }) {
      const operation = getOperationAST(args.document, args.operationName);
      const definitions = operation?.variableDefinitions ?? [];
      if (definitions.length === 0) return;
      const given = (args.variableValues ?? {}) as Record<string, unknown>;
      const coerced = getVariableValues(args.schema, definitions, given, { maxErrors: 50 });
      if (coerced.errors) {
        // As Yoga's own executor answers them: a request error, HTTP 400.
        setResultAndStopExecution({
          errors: coerced.errors.map(
            (error) =>
              new GraphQLError(error.message, {
                nodes: error.nodes,
                ...(error.originalError ? { originalError: error.originalError } : {}),
                extensions: { ...error.extensions, http: { status: 400 } },
              }),
          ),
        });
        return;
      }
      let filled: Record<string, unknown> | undefined;
      for (const definition of definitions) {
        const name = definition.variable.name.value;
        if (definition.defaultValue && !Object.hasOwn(given, name)) {
          filled ??= { ...given };
          filled[name] = valueFromASTUntyped(definition.defaultValue);
        }
      }
      // The executor reads this same args object after the plugins' onExecute.
      if (filled) args.variableValues = filled;
    },
  };
}
