import { Kind, parse } from "graphql";

/** The names of the named operations in GraphQL documents (fragments and unnamed ones left out). */
export function operationNames(documents: Iterable<string>): Set<string> {
  const names = new Set<string>();
  for (const text of documents)
    for (const definition of parse(text).definitions)
      if (definition.kind === Kind.OPERATION_DEFINITION && definition.name) names.add(definition.name.value);
  return names;
}
