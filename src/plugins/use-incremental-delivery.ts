import {
  type ASTVisitor,
  type DirectiveNode,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  GraphQLError,
  type GraphQLSchema,
  getDirectiveValues,
  getOperationAST,
  getVariableValues,
  Kind,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValidationContext,
} from "graphql";
import type { Plugin } from "graphql-yoga";

/**
 * The rules of incremental delivery (@defer, @stream; the directives are the schema's,
 * src/schema/defer-stream.ts, and Yoga's defer-stream plugin adds their own validation rules):
 *
 * - **Queries only.** A mutation's answer is never split into parts: an OTP or money mutation must
 *   answer in one piece, its checks before anything runs. @defer or @stream anywhere in a mutation
 *   (or subscription: the schema has none) operation, fragments it spreads included, and whatever
 *   their `if`, is a validation error, HTTP 400, and nothing runs. Yoga's own rule only looks at the
 *   root fields.
 * - **`initialCount` from 0 to 100.** The executor fails on a negative or null one as an internal
 *   error; no list of this API holds more than 100 items. A literal out of range is a validation
 *   error; one from a variable, BAD_USER_INPUT; both HTTP 400 before anything runs.
 * - **Ask for parts.** An operation that will answer in parts, asked for without `multipart/mixed`
 *   or `text/event-stream` in `Accept`, is refused 406 before it runs: Yoga answers that 406 only
 *   after the whole operation ran, EnKash calls and all.
 */
const MAX_INITIAL_COUNT = 100;

const INCREMENTAL = new Set(["defer", "stream"]);

const ONLY_QUERIES =
  "@defer and @stream are for queries only: a mutation's answer is never split into parts.";
const INITIAL_COUNT = `@stream's initialCount must be from 0 to ${MAX_INITIAL_COUNT}.`;

/** The @defer and @stream directives in a selection set and the fragments it reaches. */
function incrementalDirectives(
  selectionSet: SelectionSetNode,
  fragments: (name: string) => FragmentDefinitionNode | undefined,
): DirectiveNode[] {
  const found: DirectiveNode[] = [];
  const seen = new Set<string>();
  const visit = (set: SelectionSetNode) => {
    for (const selection of set.selections) {
      for (const directive of selection.directives ?? [])
        if (INCREMENTAL.has(directive.name.value)) found.push(directive);
      if (selection.kind === Kind.FRAGMENT_SPREAD) {
        const name = selection.name.value;
        if (seen.has(name)) continue;
        seen.add(name);
        const fragment = fragments(name);
        if (fragment) visit(fragment.selectionSet);
      } else if (selection.selectionSet) visit(selection.selectionSet);
    }
  };
  visit(selectionSet);
  return found;
}

const byDocument = new WeakMap<OperationDefinitionNode, ReturnType<typeof incrementalDirectives>>();

/** The operation's @defer and @stream directives (worked out once per parsed operation). */
function directivesOf(document: DocumentNode, operation: OperationDefinitionNode) {
  let found = byDocument.get(operation);
  if (!found) {
    const fragments = new Map<string, FragmentDefinitionNode>();
    for (const definition of document.definitions)
      if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
    found = incrementalDirectives(operation.selectionSet, (name) => fragments.get(name));
    byDocument.set(operation, found);
  }
  return found;
}

/** Whether the operation asks for @defer or @stream anywhere (whatever their `if`). */
export function usesIncrementalDelivery(document: DocumentNode, operation: OperationDefinitionNode): boolean {
  return directivesOf(document, operation).length > 0;
}

function validationError(message: string, nodes: readonly DirectiveNode[]): GraphQLError {
  return new GraphQLError(message, {
    nodes,
    extensions: { code: "GRAPHQL_VALIDATION_FAILED", http: { status: 400 } },
  });
}

/**
 * @defer and @stream only in queries, at most `maxDirectives` of them per operation (each spread
 * of a fragment counted: graphql-armor's directive limit counts a fragment once however often it
 * is spread, and each deferred spread runs the fragment again); a literal initialCount within bounds.
 */
const incrementalDeliveryRule =
  (maxDirectives: number) =>
  (context: ValidationContext): ASTVisitor => ({
    OperationDefinition(operation) {
      const found = incrementalDirectives(
        operation.selectionSet,
        (name) => context.getFragment(name) ?? undefined,
      );
      if (found.length === 0) return;
      if (operation.operation !== "query") context.reportError(validationError(ONLY_QUERIES, found));
      else if (found.length > maxDirectives)
        context.reportError(
          validationError(
            `Directives limit of ${maxDirectives} exceeded: at most ${maxDirectives} @defer and @stream per operation, each spread of a fragment counted.`,
            found.slice(maxDirectives),
          ),
        );
    },
    Directive(directive) {
      if (directive.name.value !== "stream") return;
      const argument = directive.arguments?.find((arg) => arg.name.value === "initialCount");
      const value = argument?.value;
      if (!value || value.kind === Kind.VARIABLE) return;
      const count = value.kind === Kind.INT ? Number(value.value) : Number.NaN;
      if (!(count >= 0 && count <= MAX_INITIAL_COUNT))
        context.reportError(validationError(INITIAL_COUNT, [directive]));
    },
  });

/**
 * Whether an Accept header takes an incremental answer (multipart/mixed or text/event-stream), read
 * as Yoga's result processors read it: an empty or absent header is any type, and a type asked in a
 * charset other than UTF-8 is not served (`multipart/mixed; charset=latin1` would pass a check that
 * ignored it, run, and then be refused by Yoga).
 */
function acceptsParts(accept: string | null): boolean {
  const types = (accept || "*/*")
    .replace(/\s/g, "")
    .toLowerCase()
    .split(",")
    .filter((entry) => {
      const charset = entry.split(";").find((parameter) => parameter.startsWith("charset="));
      return charset === undefined || charset === "charset=utf-8";
    })
    .map((entry) => entry.split(";")[0] ?? "");
  return types.some((type) => {
    const [main, sub] = type.split("/");
    return (
      (main === "*" && sub === "*") ||
      (main === "multipart" && (sub === "*" || sub === "mixed")) ||
      (main === "text" && (sub === "*" || sub === "event-stream"))
    );
  });
}

function requestError(message: string, code: string, status: number): GraphQLError {
  return new GraphQLError(message, { extensions: { code, http: { status } } });
}

/** `maxDirectives`: the operation's directive limit (graphql-armor's), applied to @defer and @stream by occurrence. */
export function useIncrementalDelivery(options: { maxDirectives: number }): Plugin {
  const rule = incrementalDeliveryRule(options.maxDirectives);
  return {
    onValidate({ addValidationRule }) {
      addValidationRule(rule);
    },
    onExecute({ args, setResultAndStopExecution }) {
      const operation = getOperationAST(args.document, args.operationName);
      if (!operation) return;
      const found = directivesOf(args.document, operation);
      if (found.length === 0) return;
      const coerced = getVariableValues(
        args.schema,
        operation.variableDefinitions ?? [],
        (args.variableValues ?? {}) as Record<string, unknown>,
      );
      // Variables that do not coerce: the executor refuses the request itself, before any field.
      if (coerced.errors) return;
      let active = false;
      for (const directive of found) {
        const values = directiveValues(args.schema, directive, coerced.coerced);
        if (values?.if === false) continue;
        active = true;
        if (directive.name.value === "stream") {
          const count = values?.initialCount;
          if (typeof count !== "number" || count < 0 || count > MAX_INITIAL_COUNT) {
            setResultAndStopExecution({ errors: [requestError(INITIAL_COUNT, "BAD_USER_INPUT", 400)] });
            return;
          }
        }
      }
      const request = (args.contextValue as { request?: Request }).request;
      if (active && request && !acceptsParts(request.headers.get("accept")))
        setResultAndStopExecution({
          errors: [
            requestError(
              "This operation uses @defer or @stream and answers in parts: ask for multipart/mixed or text/event-stream (Accept).",
              "NOT_ACCEPTABLE",
              406,
            ),
          ],
        });
    },
  };
}

/** A directive's argument values with the request's variables (undefined when it cannot be read). */
function directiveValues(
  schema: GraphQLSchema,
  directive: DirectiveNode,
  variables: Record<string, unknown>,
): Record<string, unknown> | undefined {
  const definition = schema.getDirective(directive.name.value);
  if (!definition) return undefined;
  // getDirectiveValues reads a directive off the node it is on: a stand-in node carrying just it.
  const node = {
    kind: Kind.FIELD,
    name: { kind: Kind.NAME, value: "_" },
    directives: [directive],
  } as FieldNode;
  try {
    return getDirectiveValues(definition, node, variables);
  } catch {
    // Arguments validation let through but that do not coerce: read as no value (refused below).
    return undefined;
  }
}
