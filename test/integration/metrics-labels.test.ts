import { randomBytes } from "node:crypto";
import { request } from "undici";
import { describe, expect, it } from "vitest";
import { documentHash } from "../../src/trusted-documents.ts";
import { type HttpServer, useHttpServer } from "../helpers/http-server.ts";

/**
 * Issue 11 G: /metrics labels operations by name only for the operations the server knows (the
 * named operations of operations/*.graphql, and the trusted documents' when that mode is on);
 * every other name is `other`, an unnamed operation `anonymous`. A client inventing names cannot
 * grow the number of series.
 */
const server = useHttpServer();
const REPORT = "query PartnerReport { __typename }";
const trusted = useHttpServer({ trustedDocuments: new Map([[documentHash(REPORT), REPORT]]) });

async function graphql(query: string, token: string): Promise<void> {
  const response = await request(`${server.base}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
    body: JSON.stringify({ query }),
  });
  expect(response.statusCode).toBe(200);
  await response.body.text();
}

async function series(from: HttpServer = server): Promise<{ lines: string[]; operations: Set<string> }> {
  const text = await (await request(`${from.base}/metrics`)).body.text();
  const lines = text.split("\n").filter((line) => line.startsWith("graphql_request"));
  const operations = new Set(lines.map((line) => /operation="([^"]*)"/.exec(line)?.[1] ?? ""));
  return { lines, operations };
}

describe("metric labels", () => {
  it("300 requests with random operation names add at most a constant number of series", async () => {
    const token = await server.token();
    // Every label this test may add, once, so the growth below is the random names' alone.
    await graphql("query Warmup { __typename }", token);
    const before = await series();
    for (let batch = 0; batch < 30; batch++)
      await Promise.all(
        Array.from({ length: 10 }, (_, i) => {
          const name = `Op_${randomBytes(6).toString("hex")}`;
          // Two shapes: one resolver-free, one a lookup (of an unserved card: null, no EnKash call).
          return graphql(
            i % 2 === 0
              ? `query ${name} { __typename }`
              : `query ${name} { card(companyId: "CEKEP5GSGP", cardAccountId: "NOPE", enKashCardId: "NOPE") { id } }`,
            token,
          );
        }),
      );
    const after = await series();
    expect(after.lines.length - before.lines.length).toBeLessThanOrEqual(2);
    expect([...after.operations].filter((operation) => operation.startsWith("Op_"))).toEqual([]);
    expect(after.operations).toEqual(before.operations);
    expect(before.operations.has("other")).toBe(true);
  });

  it("a known operation keeps its name; an unnamed one is anonymous", async () => {
    const token = await server.token();
    await graphql("query Companies { companies { companyId } }", token);
    await graphql("{ __typename }", token);
    const { operations } = await series();
    expect(operations.has("Companies")).toBe(true);
    expect(operations.has("anonymous")).toBe(true);
  });

  it("with trusted documents on, their operation names are labels too", async () => {
    const response = await request(`${trusted.base}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${await trusted.token()}` },
      body: JSON.stringify({
        extensions: { persistedQuery: { version: 1, sha256Hash: documentHash(REPORT) } },
      }),
    });
    expect(await response.body.json()).toEqual({ data: { __typename: "Query" } });
    expect((await series(trusted)).operations).toEqual(new Set(["PartnerReport"]));
  });
});
