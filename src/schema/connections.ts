import { GraphQLError } from "graphql";
import type { Window } from "../enkash/planner.ts";
import { queryError } from "./errors.ts";

export interface ConnectionArgs {
  first?: number | null;
  last?: number | null;
  after?: string | null;
  before?: string | null;
}

const CURSOR_PREFIX = "offset:";
const DEFAULT_SIZE = 20;
const MAX_SIZE = 100;

export const offsetCursor = (offset: number): string =>
  Buffer.from(`${CURSOR_PREFIX}${offset}`).toString("base64url");

function decodeCursor(cursor: string, name: string): number {
  const text = Buffer.from(cursor, "base64url").toString("utf8");
  const offset = text.startsWith(CURSOR_PREFIX) ? Number(text.slice(CURSOR_PREFIX.length)) : Number.NaN;
  if (!Number.isSafeInteger(offset) || offset < 0) badInput(`${name} is not a cursor of this list`);
  return offset;
}

function badInput(message: string): never {
  throw new GraphQLError(message, { extensions: { code: "BAD_USER_INPUT" } });
}

/**
 * A Relay connection over an EnKash list that pages by offset. `first`/`last` are bounded to
 * 1..100; cursors are opaque offsets. When the source reports its total (`knowsTotal`), exactly the
 * page is fetched and `hasNextPage` comes from the total; otherwise one extra item is asked for.
 * `last` without `before` needs the total first: its probe asks the source for it (`countsTotal`),
 * and a source that cannot say is refused rather than answered from a wrong end.
 */
export async function offsetConnection<T>(
  args: ConnectionArgs,
  options: {
    knowsTotal: boolean;
    /** Whether the operation selects `pageInfo`; without it no extra item is fetched to learn `hasNextPage`. */
    pageInfoSelected?: boolean;
  },
  fetch: (offset: number, limit: number, need?: { countsTotal: true }) => Promise<Window<T>>,
) {
  for (const name of ["first", "last"] as const) {
    const value = args[name];
    if (
      value !== null &&
      value !== undefined &&
      (!Number.isInteger(value) || value < 1 || value > MAX_SIZE)
    ) {
      badInput(`${name} must be between 1 and ${MAX_SIZE}`);
    }
  }
  if (args.first != null && args.last != null) badInput("pass first or last, not both");
  try {
    const afterOffset = args.after ? decodeCursor(args.after, "after") + 1 : 0;
    let start = afterOffset;
    let size = args.first ?? DEFAULT_SIZE;
    if (args.last != null) {
      let end = args.before ? decodeCursor(args.before, "before") : null;
      if (end === null) {
        const probe = await fetch(0, 1, { countsTotal: true });
        // Without a total, one item says nothing about where the list ends.
        if (probe.total === null && probe.items.length > 0)
          badInput("last needs before on this list, whose length is not known: pass before, or use first");
        end = probe.total ?? 0;
      }
      start = Math.max(afterOffset, end - args.last);
      size = Math.max(0, end - start);
    } else if (args.before) {
      size = Math.min(size, Math.max(0, decodeCursor(args.before, "before") - start));
    }
    const probeNext = !options.knowsTotal && options.pageInfoSelected !== false;
    const window =
      size === 0 ? { items: [] as T[], total: null } : await fetch(start, size + (probeNext ? 1 : 0));
    const items = window.items.slice(0, size);
    const hasNextPage =
      args.last != null || args.before
        ? false
        : window.total !== null
          ? start + items.length < window.total
          : window.items.length > size;
    const edges = items.map((node, index) => ({ node, cursor: offsetCursor(start + index) }));
    return {
      edges,
      pageInfo: {
        hasNextPage,
        hasPreviousPage: start > 0,
        startCursor: edges[0]?.cursor ?? null,
        endCursor: edges[edges.length - 1]?.cursor ?? null,
      },
      totalCount: window.total,
    };
  } catch (error) {
    throw queryError(error);
  }
}
