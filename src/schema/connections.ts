import { resolveOffsetConnection } from "@pothos/plugin-relay";
import type { Window } from "../enkash/loaders.ts";
import { queryError } from "./errors.ts";

export interface ConnectionArgs {
  first?: number | null;
  last?: number | null;
  after?: string | null;
  before?: string | null;
}

/**
 * A Relay connection over an EnKash list that pages by offset. `first`/`last` are bounded to
 * 1..100; cursors are opaque offsets. `last` without `before` needs the total, so it costs one
 * extra call to learn it.
 */
export async function offsetConnection<T>(
  args: ConnectionArgs,
  fetch: (offset: number, limit: number) => Promise<Window<T>>,
) {
  for (const [name, value] of [
    ["first", args.first],
    ["last", args.last],
  ] as const) {
    if (value !== null && value !== undefined && (value < 1 || value > 100)) {
      throw new RangeError(`${name} must be between 1 and 100`);
    }
  }
  try {
    let totalCount: number | null = null;
    if (args.last && !args.before) totalCount = (await fetch(0, 1)).total;
    const connection = await resolveOffsetConnection(
      { args, defaultSize: 20, maxSize: 100, ...(totalCount === null ? {} : { totalCount }) },
      async ({ offset, limit }) => {
        const window = await fetch(offset, limit);
        if (window.total !== null) totalCount = window.total;
        return window.items;
      },
    );
    return { ...connection, totalCount };
  } catch (error) {
    throw queryError(error);
  }
}
