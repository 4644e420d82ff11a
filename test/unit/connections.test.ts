import { GraphQLError } from "graphql";
import { describe, expect, it } from "vitest";
import { EnkashTimeoutError, EnkashUnavailableError } from "../../src/enkash/errors.ts";
import { type ConnectionArgs, offsetConnection, offsetCursor } from "../../src/schema/connections.ts";

/**
 * Relay connections over EnKash lists paged by offset (src/schema/connections.ts): argument rules,
 * which window is asked for, cursors and pageInfo, on an in-memory list.
 */
function list(length: number, knowsTotal: boolean) {
  const items = Array.from({ length }, (_, i) => `item-${i}`);
  const fetched: [offset: number, limit: number][] = [];
  const fetch = async (offset: number, limit: number) => {
    fetched.push([offset, limit]);
    return { items: items.slice(offset, offset + limit), total: knowsTotal ? items.length : null };
  };
  return { items, fetched, fetch };
}

async function connection(
  args: ConnectionArgs,
  source: ReturnType<typeof list>,
  options: { knowsTotal: boolean; pageInfoSelected?: boolean },
) {
  const result = await offsetConnection(args, options, source.fetch);
  return { ...result, nodes: result.edges.map((edge) => edge.node) };
}

/** The GraphQL error a call fails with: its message and extensions code. */
async function refusal(promise: Promise<unknown>): Promise<{ message: string; code: unknown }> {
  const error = await promise.then(
    () => undefined,
    (failure: unknown) => failure,
  );
  expect(error).toBeInstanceOf(GraphQLError);
  return { message: (error as GraphQLError).message, code: (error as GraphQLError).extensions.code };
}

describe("arguments", () => {
  it("first and last are whole numbers from 1 to 100, and not both", async () => {
    const source = list(10, true);
    for (const args of [
      { first: 0 },
      { first: 101 },
      { first: 2.5 },
      { last: 0 },
      { last: 101 },
      { last: -1 },
    ]) {
      const name = Object.keys(args)[0];
      expect(await refusal(connection(args, source, { knowsTotal: true })), JSON.stringify(args)).toEqual({
        message: `${name} must be between 1 and 100`,
        code: "BAD_USER_INPUT",
      });
    }
    expect(await refusal(connection({ first: 2, last: 2 }, source, { knowsTotal: true }))).toEqual({
      message: "pass first or last, not both",
      code: "BAD_USER_INPUT",
    });
    expect(await connection({ first: 1 }, source, { knowsTotal: true })).toMatchObject({ nodes: ["item-0"] });
    expect(await connection({ first: 100, last: null }, source, { knowsTotal: true })).toMatchObject({
      nodes: source.items,
    });
    // Refused before anything is fetched.
    expect(source.fetched).toEqual([
      [0, 1],
      [0, 100],
    ]);
  });

  it("a cursor is this list's offset, opaque: anything else is refused by name", async () => {
    const source = list(10, true);
    const encode = (text: string) => Buffer.from(text).toString("base64url");
    for (const cursor of [
      "not-a-cursor",
      encode("offset:-1"),
      encode("offset:1.5"),
      encode("offset:9007199254740993"),
      encode("cursor:3"),
    ]) {
      expect(await refusal(connection({ after: cursor }, source, { knowsTotal: true })), cursor).toEqual({
        message: "after is not a cursor of this list",
        code: "BAD_USER_INPUT",
      });
      expect(await refusal(connection({ last: 2, before: cursor }, source, { knowsTotal: true }))).toEqual({
        message: "before is not a cursor of this list",
        code: "BAD_USER_INPUT",
      });
    }
    expect(offsetCursor(3)).toBe(encode("offset:3"));
    expect(source.fetched).toEqual([]);
  });
});

describe("forward pages", () => {
  it("20 by default; first asks for exactly the page when the source knows its total", async () => {
    const source = list(50, true);
    const page = await connection({}, source, { knowsTotal: true });
    expect(page.nodes).toEqual(source.items.slice(0, 20));
    expect(page.totalCount).toBe(50);
    expect(page.pageInfo).toEqual({
      hasNextPage: true,
      hasPreviousPage: false,
      startCursor: offsetCursor(0),
      endCursor: offsetCursor(19),
    });
    expect(page.edges.map((edge) => edge.cursor)).toEqual(
      source.items.slice(0, 20).map((_, i) => offsetCursor(i)),
    );

    const next = await connection({ first: 20, after: page.pageInfo.endCursor }, source, {
      knowsTotal: true,
    });
    expect(next.nodes).toEqual(source.items.slice(20, 40));
    expect(next.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: true });
    const last = await connection({ first: 20, after: next.pageInfo.endCursor }, source, {
      knowsTotal: true,
    });
    expect(last.nodes).toEqual(source.items.slice(40, 50));
    expect(last.pageInfo).toMatchObject({ hasNextPage: false, endCursor: offsetCursor(49) });
    expect(source.fetched).toEqual([
      [0, 20],
      [20, 20],
      [40, 20],
    ]);
  });

  it("without a total, one more item is asked for to learn hasNextPage, and not shown", async () => {
    const source = list(40, false);
    const page = await connection({ first: 20 }, source, { knowsTotal: false });
    expect(page.nodes).toEqual(source.items.slice(0, 20));
    expect(page.totalCount).toBeNull();
    expect(page.pageInfo.hasNextPage).toBe(true);
    const end = await connection({ first: 20, after: offsetCursor(19) }, source, { knowsTotal: false });
    expect(end.nodes).toEqual(source.items.slice(20, 40));
    expect(end.pageInfo.hasNextPage).toBe(false);
    expect(source.fetched).toEqual([
      [0, 21],
      [20, 21],
    ]);
  });

  it("without a total and without pageInfo selected, no extra item is fetched", async () => {
    const source = list(40, false);
    const page = await connection({ first: 20 }, source, { knowsTotal: false, pageInfoSelected: false });
    expect(page.nodes).toEqual(source.items.slice(0, 20));
    expect(source.fetched).toEqual([[0, 20]]);
  });

  it("first with before stops at before; an empty window fetches nothing", async () => {
    const source = list(50, true);
    const page = await connection({ first: 20, after: offsetCursor(4), before: offsetCursor(10) }, source, {
      knowsTotal: true,
    });
    expect(page.nodes).toEqual(source.items.slice(5, 10));
    // A page that ends at `before` says nothing about what follows.
    expect(page.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: true });
    const empty = await connection({ after: offsetCursor(9), before: offsetCursor(10) }, source, {
      knowsTotal: true,
    });
    expect(empty).toMatchObject({
      nodes: [],
      totalCount: null,
      pageInfo: { hasNextPage: false, hasPreviousPage: true, startCursor: null, endCursor: null },
    });
    expect(source.fetched).toEqual([[5, 5]]);
  });

  it("past the end: no edges, null cursors", async () => {
    const source = list(5, true);
    const page = await connection({ first: 10, after: offsetCursor(20) }, source, { knowsTotal: true });
    expect(page).toMatchObject({
      nodes: [],
      totalCount: 5,
      pageInfo: { hasNextPage: false, hasPreviousPage: true, startCursor: null, endCursor: null },
    });
  });
});

describe("backward pages", () => {
  it("last without before reads the total first, then the last items", async () => {
    // The source reports its total either way (EnKash's searches do); knowsTotal only says whether
    // it can be relied on to learn hasNextPage.
    for (const knowsTotal of [true, false]) {
      const source = list(45, true);
      const page = await connection({ last: 10 }, source, { knowsTotal });
      expect(page.nodes).toEqual(source.items.slice(35, 45));
      expect(page.pageInfo).toEqual({
        hasNextPage: false,
        hasPreviousPage: true,
        startCursor: offsetCursor(35),
        endCursor: offsetCursor(44),
      });
      expect(source.fetched).toEqual([
        [0, 1],
        [35, knowsTotal ? 10 : 11],
      ]);
    }
  });

  it("last with before is the items just before it, never before after", async () => {
    const source = list(45, true);
    const page = await connection({ last: 10, before: offsetCursor(30) }, source, { knowsTotal: true });
    expect(page.nodes).toEqual(source.items.slice(20, 30));
    expect(page.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: true });
    const clipped = await connection(
      { last: 10, after: offsetCursor(24), before: offsetCursor(30) },
      source,
      {
        knowsTotal: true,
      },
    );
    expect(clipped.nodes).toEqual(source.items.slice(25, 30));
    const start = await connection({ last: 10, before: offsetCursor(3) }, source, { knowsTotal: true });
    expect(start.nodes).toEqual(source.items.slice(0, 3));
    expect(start.pageInfo.hasPreviousPage).toBe(false);
    expect(source.fetched).toEqual([
      [20, 10],
      [25, 5],
      [0, 3],
    ]);
  });
});

describe("failures of the source", () => {
  it("EnKash failures become the graph's typed errors; others pass through", async () => {
    const failing = (error: Error) => () => Promise.reject(error);
    const unavailable = await refusal(
      offsetConnection(
        {},
        { knowsTotal: true },
        failing(new EnkashUnavailableError("down", { operation: "x" })),
      ),
    );
    expect(unavailable.code).toBe("UPSTREAM_UNAVAILABLE");
    const timeout = await refusal(
      offsetConnection({}, { knowsTotal: true }, failing(new EnkashTimeoutError("slow", { operation: "x" }))),
    );
    expect(timeout.code).toBe("UPSTREAM_UNAVAILABLE");
    const bug = new Error("a bug");
    await expect(offsetConnection({}, { knowsTotal: true }, failing(bug))).rejects.toBe(bug);
  });
});

describe("last without before", () => {
  it("asks the source for the list's length, and refuses a source that cannot say it", async () => {
    const asked: unknown[] = [];
    const counting = async (offset: number, limit: number, need?: { countsTotal: true }) => {
      asked.push(need);
      return { items: ["a", "b", "c"].slice(offset, offset + limit), total: need?.countsTotal ? 3 : null };
    };
    const last = await offsetConnection({ last: 2 }, { knowsTotal: false }, counting);
    expect(last.edges.map((edge) => edge.node)).toEqual(["b", "c"]);
    expect(asked[0]).toEqual({ countsTotal: true });

    const unknown = list(5, false);
    expect(await refusal(connection({ last: 2 }, unknown, { knowsTotal: false }))).toEqual({
      message: "last needs before on this list, whose length is not known: pass before, or use first",
      code: "BAD_USER_INPUT",
    });
    expect((await connection({ last: 2 }, list(0, false), { knowsTotal: false })).nodes).toEqual([]);
  });
});
