import SchemaBuilder from "@pothos/core";
import RelayPlugin from "@pothos/plugin-relay";
import type { Context } from "../context.ts";

/**
 * The one SchemaBuilder. Plugin order (a plugin wraps the resolvers of the ones after it):
 * - RelayPlugin: Node interface, global IDs, `node`/`nodes`, connections. It only adds types and
 *   fields, so its position does not change resolver wrapping. (Scope-auth, when added, goes first
 *   so that it checks access before any other plugin runs.)
 * Expected failures of mutations are data (`userErrors` on every payload), not a plugin.
 */
export type Scalars = {
  ID: { Input: string; Output: string };
  Decimal: { Input: number; Output: number };
  DateTime: { Input: string; Output: string };
  Pin: { Input: string; Output: never };
  Otp: { Input: string; Output: never };
};

export const builder = new SchemaBuilder<{
  Context: Context;
  Scalars: Scalars;
  DefaultFieldNullability: false;
  DefaultInputFieldRequiredness: true;
}>({
  plugins: [RelayPlugin],
  defaultFieldNullability: false,
  defaultInputFieldRequiredness: true,
  relay: {
    clientMutationId: "omit",
    cursorType: "String",
    nodeQueryOptions: {
      description: "Fetches any object by its global ID; null when it does not exist or is not served here.",
      args: { id: { description: "A global ID, as returned in any `id` field." } },
    } as never,
    nodesQueryOptions: {
      description:
        "Fetches several objects by global ID, in order; null for each one that does not exist or is not served here.",
      args: { ids: { description: "Global IDs, as returned in `id` fields." } },
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
