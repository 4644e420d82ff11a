import { type AuditResult, serverAudits } from "graphql-http";
import { describe, expect, it } from "vitest";
import { type HttpServer, useHttpServer } from "../helpers/http-server.ts";

/**
 * Issue 11 B: graphql-http's server audits (the GraphQL over HTTP spec; MUST, SHOULD and MAY),
 * against the real server over loopback HTTP, every request carrying a bearer token as a client
 * such as urql sends it. Once with introspection on (the sandbox default), once with the
 * production defaults (introspection off).
 */
const developer = useHttpServer({ introspection: true, graphiql: true });
const production = useHttpServer({ introspection: false, graphiql: false });

/**
 * Audits that cannot pass with introspection off, by design: their query is
 * `query Type($name: String!) { __type(name: $name) { name } }`, an introspection query, which
 * INTROSPECTION=false refuses (a validation error). Each passes against the developer server.
 */
const REFUSED_INTROSPECTION = {
  "2EA1": "SHOULD allow map {variables} parameter when accepting application/graphql-response+json",
  "28B9": "MUST allow map {variables} parameter when accepting application/json",
  D6D5: "MAY allow URL-encoded JSON string {variables} parameter in GETs when accepting application/graphql-response+json",
  "6A70": "MAY allow URL-encoded JSON string {variables} parameter in GETs when accepting application/json",
};

async function audit(
  server: HttpServer,
): Promise<{ id: string; name: string; status: AuditResult["status"]; reason: string }[]> {
  const token = await server.token();
  const fetchFn: typeof fetch = (input, init) => {
    const headers = new Headers(init?.headers);
    headers.set("authorization", `Bearer ${token}`);
    return fetch(input, { ...init, headers });
  };
  const results = [];
  for (const { id, name, fn } of serverAudits({ url: `${server.base}/graphql`, fetchFn })) {
    const result = await fn();
    results.push({ id, name, status: result.status, reason: result.status === "ok" ? "" : result.reason });
  }
  return results;
}

describe("GraphQL over HTTP audits (graphql-http)", () => {
  it("with introspection on, every audit passes", async () => {
    const results = await audit(developer);
    expect(results.filter((result) => result.status !== "ok")).toEqual([]);
    // MUST, SHOULD and MAY audits all ran.
    expect(results.length).toBeGreaterThan(50);
  });

  it("with the production defaults, every audit passes but those whose query is introspection", async () => {
    const results = await audit(production);
    const failed = results.filter((result) => result.status !== "ok");
    expect(Object.fromEntries(failed.map((result) => [result.id, result.name]))).toEqual(
      REFUSED_INTROSPECTION,
    );
    expect(results.length).toBeGreaterThan(50);
  });
});
