import SchemaBuilder from "@pothos/core";
import RelayPlugin from "@pothos/plugin-relay";
import ScopeAuthPlugin from "@pothos/plugin-scope-auth";
import TracingPlugin from "@pothos/plugin-tracing";
import ValidationPlugin from "@pothos/plugin-validation";
import { GraphQLError } from "graphql";
import type { Scope } from "../auth/viewer.ts";
import type { Context } from "../context.ts";
import { decodeGlobalId } from "./global-ids.ts";
import { isTraced, tracedResolver } from "./traced-resolvers.ts";
import VisibilityPlugin from "./visibility-plugin.ts";

/**
 * The one SchemaBuilder. Plugin order (a plugin wraps the resolvers of the ones after it):
 * - ScopeAuthPlugin first: it checks the viewer's scopes before any other wrapper runs, so a
 *   refused field or mutation never reaches a resolver (or EnKash); a subscription's, when it is
 *   made (`authorizeOnSubscribe`).
 * - TracingPlugin: the resolvers that wait on EnKash get an OpenTelemetry span
 *   (traced-resolvers.ts), only while tracing is on; after scope-auth, so a refused field costs
 *   no span, and around the rest, so the span covers the visibility check's wait too.
 * - VisibilityPlugin (visibility-plugin.ts): every field that returns a Company, CardAccount,
 *   Card or Transaction passes its value through that type's `visibleTo` check (src/auth/access.ts),
 *   whatever path reached it; a refused object resolves exactly like a missing one. It wraps the
 *   plugins after it, so it sees each field's final value.
 * - ValidationPlugin: arguments declared with `validate` (a zod schema) are checked before the
 *   resolver; a failure is BAD_USER_INPUT naming the argument and the rule, never the value.
 * - RelayPlugin: Node interface, global IDs, `node`/`nodes`, connections. It only adds types and
 *   fields.
 * Expected failures of mutations are data (`userErrors` on every payload), not a plugin.
 */
/** Most IDs one `nodes` query takes (each may cost an EnKash call; see src/limits.ts). */
const MAX_NODE_IDS = 50;

export type Scalars = {
  ID: { Input: string; Output: string };
  Decimal: { Input: number; Output: number };
  DateTime: { Input: string; Output: string };
  Pin: { Input: string; Output: never };
  Otp: { Input: string; Output: never };
};

export const builder = new SchemaBuilder<{
  AuthScopes: { scope: Scope };
  Context: Context;
  Scalars: Scalars;
  DefaultFieldNullability: false;
  DefaultInputFieldRequiredness: true;
  Tracing: boolean;
}>({
  plugins: [ScopeAuthPlugin, TracingPlugin, VisibilityPlugin, ValidationPlugin, RelayPlugin],
  tracing: {
    default: (config) => isTraced(config),
    wrap: tracedResolver(),
  },
  validation: {
    validationError: (failure) =>
      new GraphQLError(
        failure.issues
          .map((issue) =>
            `${(issue.path ?? []).map((part) => (typeof part === "object" ? part.key : part)).join(".")} ${issue.message}`.trim(),
          )
          .join("; "),
        { extensions: { code: "BAD_USER_INPUT" } },
      ),
  },
  scopeAuth: {
    // A subscription's scopes are checked when it is made, before any event (not at each event).
    authorizeOnSubscribe: true,
    authScopes: (context) => ({ scope: (scope: Scope) => context.viewer.scopes.has(scope) }),
    unauthorizedError: (_parent, _context, _info, result) => new ForbiddenError(result.message),
  },
  defaultFieldNullability: false,
  defaultInputFieldRequiredness: true,
  relay: {
    // Only this API's four node types, each with its key shape; anything else is BAD_USER_INPUT.
    decodeGlobalID: (globalID: string) => decodeGlobalId(globalID),
    clientMutationId: "omit",
    cursorType: "String",
    nodeQueryOptions: {
      description: "Fetches any object by its global ID; null when it does not exist or is not served here.",
      authScopes: { scope: "cards:read" },
      args: { id: { description: "A global ID, as returned in any `id` field." } },
    } as never,
    nodesQueryOptions: {
      description: `Fetches several objects by global ID, in order; null for each one that does not exist or is not served here. At most ${MAX_NODE_IDS} IDs.`,
      authScopes: { scope: "cards:read" },
      args: { ids: { description: `Global IDs, as returned in \`id\` fields; 1 to ${MAX_NODE_IDS}.` } },
      // Each ID may cost an EnKash call: a long list is refused before any is looked up.
      resolve: (
        _root: unknown,
        args: { ids: unknown[] },
        _ctx: unknown,
        _info: unknown,
        resolveNodes: (ids: unknown[]) => unknown,
      ) => {
        if (args.ids.length === 0 || args.ids.length > MAX_NODE_IDS)
          throw new GraphQLError(`nodes takes 1 to ${MAX_NODE_IDS} IDs`, {
            extensions: { code: "BAD_USER_INPUT" },
          });
        return resolveNodes(args.ids);
      },
    } as never,
    firstArgOptions: {
      description:
        "Take this many from the start (after `after`); 1 to 100, 20 when neither first nor last is given.",
    },
    lastArgOptions: { description: "Take this many from the end (before `before`); 1 to 100." },
    afterArgOptions: { description: "Start after this cursor (an edge's `cursor` or `pageInfo.endCursor`)." },
    beforeArgOptions: {
      description: "End before this cursor (an edge's `cursor` or `pageInfo.startCursor`).",
    },
    edgesFieldOptions: { description: "The items of this page, each with its cursor." },
    pageInfoFieldOptions: { description: "Where this page sits, and the cursors to move from it." },
    cursorFieldOptions: { description: "Opaque position of this item; pass it as `after` or `before`." },
    nodeFieldOptions: { description: "The item." },
    hasNextPageFieldOptions: { description: "Whether more items follow this page." },
    hasPreviousPageFieldOptions: { description: "Whether items come before this page." },
    startCursorFieldOptions: {
      description: "Cursor of the first item of the page; null when the page is empty.",
    },
    endCursorFieldOptions: {
      description: "Cursor of the last item of the page; null when the page is empty.",
    },
    nodeTypeOptions: { description: "An object with a global ID, which `node` and `nodes` can fetch again." },
    pageInfoTypeOptions: { description: "Where a page of a connection sits in the whole list." },
    idFieldOptions: {
      description: "Opaque global ID (it carries the EnKash IDs needed to fetch the object).",
    },
  },
});

builder.queryType({ description: "Reads: companies, card accounts, cards and transactions." });
builder.mutationType({
  description: "Card operations. Expected failures come back as `userErrors` on each payload.",
});

/** A scope the viewer lacks: refused before any resolver runs. */
class ForbiddenError extends GraphQLError {
  constructor(message: string) {
    super(`Forbidden: ${message}`, { extensions: { code: "FORBIDDEN" } });
  }
}

/** The builder's resolved type parameters, for helpers that take a field builder. */
export type BuilderTypes = typeof builder extends PothosSchemaTypes.SchemaBuilder<infer T> ? T : never;
