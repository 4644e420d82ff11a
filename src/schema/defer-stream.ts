import {
  DirectiveLocation,
  GraphQLBoolean,
  GraphQLDirective,
  GraphQLInt,
  GraphQLNonNull,
  GraphQLString,
  specifiedDirectives,
} from "graphql";

/**
 * `@defer` and `@stream`, declared in the schema itself (and so printed in schema.graphql), with
 * the arguments Yoga's incremental executor (@graphql-tools/executor) reads them by name. Yoga's
 * defer-stream plugin would otherwise add them by replacing the schema with a copy, which would
 * lose what is bound to this schema object (look-ahead's prefetches, src/schema/look-ahead.ts).
 * The rules on their use (never in a mutation, `initialCount` bounds) are the app's
 * (src/plugins/use-incremental-delivery-rules.ts).
 */
const GraphQLDeferDirective = new GraphQLDirective({
  name: "defer",
  description:
    "Delivers this fragment in a later part of an incremental response (multipart/mixed or text/event-stream), when `if` is true or left out. Queries only.",
  locations: [DirectiveLocation.FRAGMENT_SPREAD, DirectiveLocation.INLINE_FRAGMENT],
  args: {
    if: {
      type: new GraphQLNonNull(GraphQLBoolean),
      description: "Deferred when true (the default); false delivers the fragment with its parent.",
      defaultValue: true,
    },
    label: {
      type: GraphQLString,
      description:
        "A name for the part, unique in the document and written as a literal; echoed in the part.",
    },
  },
});

const GraphQLStreamDirective = new GraphQLDirective({
  name: "stream",
  description:
    "Delivers the items of this list after the first `initialCount`, each in a later part of an incremental response, when `if` is true or left out. Queries only.",
  locations: [DirectiveLocation.FIELD],
  args: {
    if: {
      type: new GraphQLNonNull(GraphQLBoolean),
      description: "Streamed when true (the default); false delivers the whole list with its parent.",
      defaultValue: true,
    },
    label: {
      type: GraphQLString,
      description: "A name for the parts, unique in the document and written as a literal; echoed in them.",
    },
    initialCount: {
      type: GraphQLInt,
      description: "How many items come with the parent (0 to 100; 0 by default); the rest are streamed.",
      defaultValue: 0,
    },
  },
});

/** The schema's directives: graphql-js's own, then @defer and @stream. */
export const directives = [...specifiedDirectives, GraphQLDeferDirective, GraphQLStreamDirective];
