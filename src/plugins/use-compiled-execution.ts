import {
  astFromValue,
  type DocumentNode,
  type ExecutionResult,
  GraphQLError,
  type GraphQLSchema,
  getOperationAST,
  getVariableValues,
  isInputType,
  type OperationDefinitionNode,
  typeFromAST,
  valueFromASTUntyped,
} from "graphql";
import { type CompiledQuery, compileQuery, isCompiledQuery } from "graphql-jit";
import type { Plugin } from "graphql-yoga";
import type { Logger } from "../logger.ts";
import { usesIncrementalDelivery } from "./use-incremental-delivery.ts";

/**
 * The compiled executor: an operation that has run `compileAfterRuns` times on graphql-js is
 * compiled with graphql-jit and runs compiled from then on (less CPU per field; same schema,
 * resolvers and plugins). Written on graphql-jit directly rather than through
 * @envelop/graphql-jit, whose cache is keyed by document alone: a request naming another operation
 * of a compiled document ran the compiled one, past every check that read the named one (the
 * once-per-request rule for OTP and money mutations, mutations over GET). Here:
 *
 * - The compiled query is kept per document *and* operation name.
 * - Variables are graphql-js's: it coerces them first (its errors, redacted like all input errors,
 *   HTTP 400 as Yoga's executor answers them), and the request stops there when they are bad.
 * - graphql-jit refuses an omitted non-null variable that has a default ("was not provided") and
 *   reads an explicit null for a defaulted variable differently from graphql-js: defaults are
 *   written in as raw values (through the type's own serialisation, so `$min: Decimal = 1` stays
 *   what the client meant), and a request with such a null, or a default that cannot be written
 *   back, runs on graphql-js.
 * - A document graphql-jit cannot compile runs on graphql-js, and is not tried again.
 * - An operation with @defer or @stream (anywhere, fragments included) always runs on Yoga's
 *   incremental executor: graphql-jit ignores both directives and would answer in one piece.
 * - Subscriptions never reach it (Yoga runs them through `subscribe`, not `execute`), and one that
 *   did would be left to graphql-js: each event is executed by graphql-js's own subscription
 *   mapping, which this plugin does not replace.
 */
export function useCompiledExecution(options: { compileAfterRuns: number; logger: Logger }): Plugin {
  const operations = new WeakMap<DocumentNode, Map<string, Compilation>>();
  return {
    onExecute({ args, setExecuteFn, setResultAndStopExecution }) {
      const operation = getOperationAST(args.document, args.operationName);
      if (!operation) return; // graphql-js reports it
      if (operation.operation === "subscription") return;
      const given = (args.variableValues ?? {}) as Record<string, unknown>;
      const definitions = operation.variableDefinitions ?? [];
      if (definitions.length > 0) {
        const coerced = getVariableValues(args.schema, definitions, given, { maxErrors: 50 });
        if (coerced.errors) {
          setResultAndStopExecution({ errors: coerced.errors.map(asRequestError) });
          return;
        }
      }
      if (usesIncrementalDelivery(args.document, operation)) return;
      const compilation = compilationOf(operations, args.document, operation);
      if (compilation.runs < options.compileAfterRuns) {
        compilation.runs++;
        return;
      }
      if (compilation.defaults === undefined) compilation.defaults = rawDefaults(args.schema, operation);
      const variables = compilation.defaults && withDefaults(given, compilation.defaults);
      if (!variables) return;
      if (compilation.compiled === undefined) {
        const compiled = compileQuery(args.schema, args.document, args.operationName ?? undefined);
        compilation.compiled = isCompiledQuery(compiled) ? compiled : null;
        if (!compilation.compiled)
          options.logger.warn(
            { operation: operation.name?.value ?? "anonymous" },
            "graphql-jit cannot compile this operation; it runs on graphql-js",
          );
      }
      const { compiled } = compilation;
      if (!compiled) return;
      setExecuteFn(
        (execution) =>
          compiled.query(execution.rootValue, execution.contextValue, variables) as Promise<ExecutionResult>,
      );
    },
  };
}

interface Compilation {
  /** Runs on graphql-js so far. */
  runs: number;
  /** Undefined: not tried yet; null: graphql-jit could not compile it. */
  compiled?: CompiledQuery | null;
  /**
   * The operation's variable defaults as raw values, worked out once; null when one cannot be
   * written back (the operation then always runs on graphql-js).
   */
  defaults?: Record<string, unknown> | null;
}

function compilationOf(
  operations: WeakMap<DocumentNode, Map<string, Compilation>>,
  document: DocumentNode,
  operation: OperationDefinitionNode,
): Compilation {
  const byName = operations.get(document) ?? new Map<string, Compilation>();
  operations.set(document, byName);
  const name = operation.name?.value ?? "";
  const compilation = byName.get(name) ?? { runs: 0 };
  byName.set(name, compilation);
  return compilation;
}

/**
 * The variables' defaults as a client would send them: through the type's own serialisation
 * (`$min: Decimal = 1` is "1.00", not the Int 1), or null when a type cannot be written back (Pin,
 * Otp never serialise).
 */
function rawDefaults(
  schema: GraphQLSchema,
  operation: OperationDefinitionNode,
): Record<string, unknown> | null {
  const defaults: Record<string, unknown> = {};
  for (const definition of operation.variableDefinitions ?? []) {
    if (!definition.defaultValue) continue;
    const name = definition.variable.name.value;
    const type = typeFromAST(schema, definition.type);
    const coerced = getVariableValues(schema, [definition], {}).coerced?.[name];
    try {
      const literal = isInputType(type) && coerced !== undefined ? astFromValue(coerced, type) : null;
      if (!literal) return null;
      defaults[name] = valueFromASTUntyped(literal);
    } catch {
      return null;
    }
  }
  return defaults;
}

/**
 * The request's variables with the omitted defaults written in; null when it must run on
 * graphql-js (an explicit null for a defaulted variable, which graphql-jit reads as its own).
 */
function withDefaults(
  given: Record<string, unknown>,
  defaults: Record<string, unknown>,
): Record<string, unknown> | null {
  let filled: Record<string, unknown> | undefined;
  for (const [name, value] of Object.entries(defaults)) {
    if (Object.hasOwn(given, name)) {
      if (given[name] === null) return null;
      continue;
    }
    filled ??= { ...given };
    filled[name] = value;
  }
  return filled ?? given;
}

/** A bad variable, as Yoga's own executor answers it: a request error, HTTP 400. */
function asRequestError(error: GraphQLError): GraphQLError {
  return new GraphQLError(error.message, {
    nodes: error.nodes,
    ...(error.originalError ? { originalError: error.originalError } : {}),
    extensions: { ...error.extensions, http: { status: 400 } },
  });
}
