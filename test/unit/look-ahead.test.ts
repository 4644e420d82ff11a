import { ObjectRef } from "@pothos/core";
import { buildSchema, type GraphQLResolveInfo, type GraphQLSchema, graphqlSync } from "graphql";
import { describe, expect, it } from "vitest";
import type { Context } from "../../src/context.ts";
import type { BuilderTypes } from "../../src/schema/builder.ts";
import { schema as serverSchema } from "../../src/schema/index.ts";
import { LookAhead, Prefetchers } from "../../src/schema/look-ahead.ts";

/**
 * The look-ahead walker on its own: what it finds in an operation, and which registered prefetches
 * it starts. Each test parses an operation against a small schema and runs it as far as the root
 * field, whose resolve info is where a resolver would start looking ahead. No server, no EnKash.
 */
const sdl = `
  interface Node { id: ID! }
  union Thing = Card | Account
  type Query { card(id: ID!): Card }
  type Card implements Node {
    id: ID!
    name(style: String = "short"): String
    transactions(first: Int, after: String): TransactionConnection!
    account: Account
    owner: Node
  }
  type Account { title: String, cards(first: Int): [Card!]! }
  type TransactionConnection { edges: [TransactionEdge!]!, pageInfo: PageInfo! }
  type TransactionEdge { node: Transaction! }
  type Transaction { amount: Int }
  type PageInfo { hasNextPage: Boolean! }
`;
const small = buildSchema(sdl);

/** The resolve info of the root `card` field when `operation` runs on `schema`. */
function infoOf(operation: string, variableValues: Record<string, unknown> = {}, schema = small) {
  let captured: GraphQLResolveInfo | undefined;
  const card = (_args: unknown, _ctx: unknown, info: GraphQLResolveInfo) => {
    captured = info;
    return null;
  };
  const result = graphqlSync({ schema, source: operation, rootValue: { card }, variableValues });
  expect(result.errors).toBeUndefined();
  if (!captured) throw new Error("the card field did not run");
  return captured;
}

const at = (operation: string, variables?: Record<string, unknown>) =>
  LookAhead.of(infoOf(operation, variables));

describe("what the walker finds", () => {
  it("takes the place's type from the schema, and each field's from its definition", () => {
    const card = at(
      `{ card(id: "1") { transactions(first: 3) { edges { node { amount } } } account { title } } }`,
    );
    expect(card.type?.name).toBe("Card");
    const [transactions] = card.fields("transactions");
    expect(transactions?.args).toEqual({ first: 3 });
    expect(transactions?.below.type?.name).toBe("TransactionConnection");
    // Through a list and a non-null wrapper.
    const [edges] = transactions?.below.fields("edges") ?? [];
    expect(edges?.below.type?.name).toBe("TransactionEdge");
    expect(edges?.below.fields("node")[0]?.below.type?.name).toBe("Transaction");
    expect(card.fields("account")[0]?.below.fields("title")).toHaveLength(1);
  });

  it("finds each alias of a field, with its own arguments (defaults and variables filled in)", () => {
    const card = at(
      `query ($n: Int) { card(id: "1") { short: name latest: transactions(first: $n) { pageInfo { hasNextPage } }
        older: transactions(first: 10, after: "b2Zmc2V0OjA=") { pageInfo { hasNextPage } } name(style: "long") } }`,
      { n: 5 },
    );
    expect(card.fields("name").map((field) => field.args)).toEqual([{ style: "short" }, { style: "long" }]);
    expect(card.fields("transactions").map((field) => field.args)).toEqual([
      { first: 5 },
      { first: 10, after: "b2Zmc2V0OjA=" },
    ]);
  });

  it("looks through named fragments, inline fragments and type conditions that apply", () => {
    const card = at(`
      query { card(id: "1") { ...Names ... on Card { account { title } } ... on Node { id }
        ... on Thing { ... on Card { owner { id } } } ... { transactions { pageInfo { hasNextPage } } } } }
      fragment Names on Card { name ...More }
      fragment More on Node { id }`);
    expect(card.fields("name")).toHaveLength(1);
    expect(card.fields("id")).toHaveLength(2);
    expect(card.fields("account")).toHaveLength(1);
    expect(card.fields("owner")).toHaveLength(1);
    expect(card.fields("transactions")).toHaveLength(1);
  });

  it("leaves out what @skip and @include leave out, on fields, fragments and spreads", () => {
    const operation = `
      query ($yes: Boolean!, $no: Boolean!) { card(id: "1") {
        a: name @include(if: $yes) b: name @include(if: $no) c: name @skip(if: $yes) d: name @skip(if: $no)
        ... on Card @include(if: $no) { account { title } }
        ...Transactions @skip(if: $yes)
        ... @skip(if: false) { id }
      } }
      fragment Transactions on Card { transactions { pageInfo { hasNextPage } } }`;
    const card = at(operation, { yes: true, no: false });
    expect(card.fields("name")).toHaveLength(2);
    expect(card.fields("account")).toHaveLength(0);
    expect(card.fields("transactions")).toHaveLength(0);
    expect(card.fields("id")).toHaveLength(1);
    expect(at(operation, { yes: false, no: true }).fields("account")).toHaveLength(1);
  });

  it("finds nothing for fields the type lacks, nor behind an interface (its object is not known yet)", () => {
    const card = at(`{ card(id: "1") { owner { id ... on Card { name } } name } }`);
    expect(card.fields("nonexistent")).toEqual([]);
    const [owner] = card.fields("owner");
    expect(owner?.below.type).toBeNull();
    expect(owner?.below.fields("id")).toEqual([]);
    expect(card.fields("name")[0]?.below.type).toBeNull();
  });
});

describe("prefetches", () => {
  const CardRef = new ObjectRef<BuilderTypes, { id: string }>("Card");
  const AccountRef = new ObjectRef<BuilderTypes, { accountId: string }>("Account");
  const ctx = {} as Context;

  /** Prefetches on `schema` that record what they were started for. */
  function recording(schema: GraphQLSchema) {
    const started: string[] = [];
    const registry = new Prefetchers();
    registry.add(CardRef, "name", (card, args) => started.push(`name of ${card.id} ${JSON.stringify(args)}`));
    registry.add(CardRef, "transactions", (card, _args, _ctx, below) =>
      started.push(`transactions of ${card.id}, pageInfo ${below.fields("pageInfo").length > 0}`),
    );
    // The account's fields start with the card's: the account prefetches the level below.
    registry.add(CardRef, "account", (card, _args, _ctx, below) =>
      below.prefetch({ accountId: `account of ${card.id}` }, ctx),
    );
    registry.add(AccountRef, "title", (account) => started.push(`title of ${account.accountId}`));
    registry.bind(schema);
    return started;
  }

  it("starts the prefetch of each selected field, once per selection, with its arguments and the place below", () => {
    const schema = buildSchema(sdl);
    const started = recording(schema);
    const info = infoOf(
      `{ card(id: "1") { id name a: name(style: "long") transactions { pageInfo { hasNextPage } }
        account { title } } }`,
      {},
      schema,
    );
    LookAhead.of(info).prefetch({ id: "C1" }, ctx);
    expect(started).toEqual([
      'name of C1 {"style":"short"}',
      'name of C1 {"style":"long"}',
      "transactions of C1, pageInfo true",
      "title of account of C1",
    ]);
  });

  it("keeps a prefetch's failure, thrown or rejected, to itself: the field's resolver reports it", async () => {
    const schema = buildSchema(sdl);
    const registry = new Prefetchers();
    registry.add(CardRef, "name", () => {
      throw new Error("bad argument");
    });
    registry.add(CardRef, "transactions", () => Promise.reject(new Error("EnKash is down")));
    registry.bind(schema);
    const info = infoOf(`{ card(id: "1") { name transactions { pageInfo { hasNextPage } } } }`, {}, schema);
    expect(() => LookAhead.of(info).prefetch({ id: "C1" }, ctx)).not.toThrow();
    // A rejection nobody handled would fail this test run.
    await new Promise((resolve) => setTimeout(resolve, 10));
  });

  it("refuses, when the schema is built, a prefetch for a type or field the schema lacks", () => {
    const renamed = buildSchema(sdl.replaceAll("Card", "PaymentCard"));
    const onCard = new Prefetchers();
    onCard.add(CardRef, "name", () => null);
    expect(() => onCard.bind(renamed)).toThrow("a prefetch is registered for Card.name, not in the schema");
    const misspelt = new Prefetchers();
    misspelt.add(CardRef, "nmae", () => null);
    expect(() => misspelt.bind(buildSchema(sdl))).toThrow("Card.nmae");
    const onInterface = new Prefetchers();
    onInterface.add(new ObjectRef<BuilderTypes, unknown>("Node"), "id", () => null);
    expect(() => onInterface.bind(buildSchema(sdl))).toThrow("Node.id");
    const twice = new Prefetchers();
    twice.add(CardRef, "name", () => null);
    expect(() => twice.add(CardRef, "name", () => null)).toThrow("Card.name has two prefetches");
  });

  it("refuses to look ahead on a schema its prefetches were not checked against", () => {
    const info = infoOf(`{ card(id: "1") { name } }`, {}, buildSchema(sdl));
    expect(() => LookAhead.of(info).prefetch({ id: "C1" }, ctx)).toThrow("no prefetches bound");
  });

  it("the server's own prefetches all name fields of the server's schema (binding it did not throw)", () => {
    expect(serverSchema.getQueryType()?.getFields().card).toBeDefined();
  });
});
