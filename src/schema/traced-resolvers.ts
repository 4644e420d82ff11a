import { trace } from "@opentelemetry/api";
import { isRootField } from "@pothos/plugin-tracing";
import { AttributeNames, createOpenTelemetryWrapper } from "@pothos/tracing-opentelemetry";
import type { GraphQLFieldResolver } from "graphql";

/**
 * Which resolvers get a span of their own (@pothos/plugin-tracing with its OpenTelemetry wrapper):
 * those that wait on EnKash. Root fields (they look up the object, and the look-ahead starts their
 * children's calls with it), and the fields below that load a record other than their parent's.
 * A field that reads its parent's record gets none: a span per scalar would cost more than it says.
 */
const TRACED_FIELDS: ReadonlySet<string> = new Set([
  "Card.controls",
  "Card.account",
  "Card.company",
  "Card.transactions",
  "CardAccount.company",
  "CardAccount.primaryCard",
  "CardAccount.cards",
  "CardAccount.transactions",
  "Company.cardAccounts",
  "Transaction.card",
]);

export function isTraced(config: { parentType: string; name: string }): boolean {
  return (
    isRootField(config as Parameters<typeof isRootField>[0]) ||
    TRACED_FIELDS.has(`${config.parentType}.${config.name}`)
  );
}

/**
 * The resolver wrapped in a span, only inside a recorded operation: without tracing configured no
 * span is ever active (no context manager is registered), and an operation sampled out records
 * nothing, so the wrapper is one lookup and the resolver runs as it is. The global tracer is a proxy that finds the provider src/tracing.ts
 * registers, whenever that happens.
 *
 * Nothing of the caller's is recorded: not the arguments, not the field's source text, not an
 * error (the operation's span has the errors' codes); the path has digit runs hidden (aliases are
 * the caller's text).
 */
export function tracedResolver() {
  const wrap = createOpenTelemetryWrapper<boolean>(trace.getTracer("enkash-graphql"), {
    includeArgs: false,
    includeSource: false,
    ignoreError: true,
    onSpan: (span, _options, _parent, _args, _context, info) => {
      span.updateName(`resolve ${info.parentType.name}.${info.fieldName}`);
      span.setAttribute(AttributeNames.FIELD_PATH, pathOf(info.path));
    },
  });
  return <Ctx extends object>(
    resolver: GraphQLFieldResolver<unknown, Ctx>,
    options: boolean,
  ): GraphQLFieldResolver<unknown, Ctx> => {
    const traced = wrap(resolver, options);
    return (parent, args, context, info) =>
      trace.getActiveSpan()?.isRecording()
        ? traced(parent, args, context, info)
        : resolver(parent, args, context, info);
  };
}

function pathOf(path: { key: string | number; prev: unknown }): string {
  const keys: (string | number)[] = [];
  for (let at: typeof path | undefined = path; at; at = at.prev as typeof path | undefined)
    keys.unshift(at.key);
  return keys.join(".").replace(/\d{4,}/g, "…");
}
