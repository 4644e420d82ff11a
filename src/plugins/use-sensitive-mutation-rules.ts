import {
  type FragmentDefinitionNode,
  GraphQLError,
  getArgumentValues,
  getOperationAST,
  getVariableValues,
  Kind,
  type OperationDefinitionNode,
} from "graphql";
import { collectFields } from "graphql/execution/collectFields.js";
import type { Plugin } from "graphql-yoga";

/**
 * Mutations that spend an OTP, send one, or move money may run at most once per request, never
 * under an alias and never beside another mutation: so aliases, fragments and batches cannot
 * multiply OTP guesses or loads in one request. `createCard` moves money when it has an
 * `initialLoad`, and then counts like `loadCard`.
 *
 * The rule counts what will execute, not the document's top-level syntax: the root fields are
 * collected with graphql-js's own `collectFields` (the function its executor uses), after fragment
 * spreads, inline fragments and @skip/@include are resolved with the request's coerced variables.
 * Fields the executor merges (one response key) run once and count once.
 */
const SENSITIVE_MUTATIONS = new Set([
  "generateCardOtp",
  "setCardPin",
  "lockCard",
  "unlockCard",
  "blockCard",
  "resetCardActivation",
  "requestCardReplacement",
  "loadCard",
  "resendPaymentOtp",
  "validatePaymentOtp",
]);

const refusal = (message: string) => new GraphQLError(message, { extensions: { code: "BAD_USER_INPUT" } });

/** Why this operation may not run as sent; empty when it may. */
function sensitiveMutationProblems(
  schema: Parameters<typeof collectFields>[0],
  operation: OperationDefinitionNode,
  fragments: Record<string, FragmentDefinitionNode>,
  variables: Record<string, unknown>,
): GraphQLError[] {
  const mutationType = schema.getMutationType();
  if (operation.operation !== "mutation" || !mutationType) return [];
  const collected = collectFields(schema, fragments, variables, mutationType, operation.selectionSet);
  const fields = [...collected].map(([responseKey, nodes]) => ({
    responseKey,
    name: nodes[0]?.name.value ?? responseKey,
    node: nodes[0],
  }));
  const movesMoney = (field: (typeof fields)[number]) => {
    const definition = mutationType.getFields()[field.name];
    if (field.name !== "createCard" || !definition || !field.node) return false;
    try {
      const input = getArgumentValues(definition, field.node, variables).input as { initialLoad?: unknown };
      return input?.initialLoad != null;
    } catch {
      // Arguments the executor would refuse anyway: counted, to be safe.
      return true;
    }
  };
  const sensitive = fields.filter((field) => SENSITIVE_MUTATIONS.has(field.name) || movesMoney(field));
  if (sensitive.length === 0) return [];
  const problems: GraphQLError[] = [];
  if (sensitive.length > 1)
    problems.push(refusal("At most one OTP-gated or money-moving mutation per document"));
  for (const field of sensitive)
    if (field.responseKey !== field.name) problems.push(refusal(`${field.name} may not be aliased`));
  if (fields.filter((field) => field.name !== "__typename").length > 1)
    problems.push(refusal(`${sensitive[0]?.name} must be the only field of its mutation`));
  return problems;
}

export function useSensitiveMutationRules(): Plugin {
  return {
    onExecute({ args, setResultAndStopExecution }) {
      const operation = getOperationAST(args.document, args.operationName);
      if (operation?.operation !== "mutation") return;
      const coerced = getVariableValues(
        args.schema,
        operation.variableDefinitions ?? [],
        (args.variableValues ?? {}) as Record<string, unknown>,
      );
      // Variables that do not coerce: the executor refuses the request itself, before any field.
      if (coerced.errors) return;
      const fragments: Record<string, FragmentDefinitionNode> = {};
      for (const definition of args.document.definitions)
        if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments[definition.name.value] = definition;
      const problems = sensitiveMutationProblems(args.schema, operation, fragments, coerced.coerced);
      if (problems.length > 0) setResultAndStopExecution({ errors: problems });
    },
  };
}
