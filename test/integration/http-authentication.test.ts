import { Readable } from "node:stream";
import { request } from "undici";
import { describe, expect, it } from "vitest";
import { type HttpServer, useHttpServer } from "../helpers/http-server.ts";

/**
 * Issue 11 A: every request that reaches /graphql is authenticated first, whatever its method,
 * Accept header or path spelling. Without credentials the answer is 401 UNAUTHENTICATED (never a
 * 500, never a validation error that names fields) and EnKash is not called. The GraphiQL page,
 * when it is on, is the only thing a browser without credentials gets.
 */
const withGraphiql = useHttpServer({ graphiql: true });
const withoutGraphiql = useHttpServer({ graphiql: false });

const METHODS = ["GET", "POST"] as const;
const ACCEPTS = [
  "text/html",
  "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
  "application/json",
  "application/graphql-response+json",
  "*/*",
  null,
] as const;
// A valid query, and a probe for a field name (answered by a validation error without the fix).
const QUERIES = ["query Companies { companies { companyId } }", "query Probe { secretFieldProbe }", null];
// Yoga's CSRF header: anyone outside a browser sends it at will.
const CSRF = [false, true] as const;

interface Answer {
  status: number;
  contentType: string;
  text: string;
}

async function send(
  server: HttpServer,
  method: "GET" | "POST",
  accept: string | null,
  query: string | null,
  options: { path?: string; csrf?: boolean } = {},
): Promise<Answer> {
  const path = options.path ?? "/graphql";
  const headers: Record<string, string> = {
    ...(accept ? { accept } : {}),
    ...(options.csrf ? { "x-graphql-csrf": "1" } : {}),
  };
  let url = `${server.base}${path}`;
  let body: string | undefined;
  if (method === "GET") {
    if (query) url += `?query=${encodeURIComponent(query)}`;
  } else {
    headers["content-type"] = "application/json";
    body = JSON.stringify(query ? { query } : {});
  }
  const response = await request(url, { method, headers, ...(body === undefined ? {} : { body }) });
  return {
    status: response.statusCode,
    contentType: String(response.headers["content-type"] ?? ""),
    text: await response.body.text(),
  };
}

function expectUnauthenticated(answer: Answer, label: string): void {
  expect(answer.status, label).toBe(401);
  const body = JSON.parse(answer.text) as { data?: unknown; errors: { extensions: { code: string } }[] };
  expect(
    body.errors.map((error) => error.extensions.code),
    label,
  ).toEqual(["UNAUTHENTICATED"]);
  expect(body.data, label).toBeUndefined();
  expect(answer.text, label).not.toContain("secretFieldProbe");
}

describe("every /graphql request is authenticated first", () => {
  for (const [name, server, graphiql] of [
    ["GraphiQL off", withoutGraphiql, false],
    ["GraphiQL on", withGraphiql, true],
  ] as const) {
    it(`${name}: GET and POST, every Accept, with and without a query: 401 without credentials, no EnKash call`, async () => {
      const before = server.sandbox.calls.count();
      let pages = 0;
      let refusals = 0;
      for (const method of METHODS)
        for (const accept of ACCEPTS)
          for (const query of QUERIES)
            for (const csrf of CSRF) {
              const label = `${method} accept=${accept} query=${query} csrf=${csrf}`;
              const answer = await send(server, method, accept, query, { csrf });
              if (graphiql && method === "GET" && accept?.includes("text/html")) {
                // Yoga's GraphiQL plugin answers before ours: the page, and nothing of the schema.
                expect(answer.status, label).toBe(200);
                expect(answer.contentType, label).toContain("text/html");
                expect(answer.text, label).not.toMatch(/"data"|companyId"\s*:|secretFieldProbe"?\s*[:}]/);
                pages++;
              } else {
                expectUnauthenticated(answer, label);
                refusals++;
              }
            }
      expect(refusals + pages).toBe(METHODS.length * ACCEPTS.length * QUERIES.length * CSRF.length);
      expect(pages).toBe(graphiql ? 2 * QUERIES.length * CSRF.length : 0);
      expect(server.sandbox.calls.count()).toBe(before);
    });
  }

  it("the endpoint's other spellings (trailing slash, a path or query ending in /graphql), and any other path, are authenticated too", async () => {
    const before = withoutGraphiql.sandbox.calls.count();
    for (const path of ["/graphql/", "/anything/graphql", "/healthz-not?next=/graphql", "/nowhere"])
      for (const accept of ["text/html", "application/json"]) {
        // Yoga serves GraphQL on any URL that ends with /graphql: a POST body, or a GET without its own query string.
        const post = await send(withoutGraphiql, "POST", accept, "query Probe { secretFieldProbe }", {
          path,
          csrf: true,
        });
        expectUnauthenticated(post, `POST ${path} ${accept}`);
        const get = await send(withoutGraphiql, "GET", accept, null, { path, csrf: true });
        expectUnauthenticated(get, `GET ${path} ${accept}`);
      }
    expect(withoutGraphiql.sandbox.calls.count()).toBe(before);
  });

  it("other methods and a body of unknown length are 401 too, before anything else is said", async () => {
    for (const method of ["PUT", "DELETE", "PATCH", "TRACE"] as const) {
      const response = await request(`${withoutGraphiql.base}/graphql`, { method });
      const answer = { status: response.statusCode, contentType: "", text: await response.body.text() };
      expectUnauthenticated(answer, method);
    }
    const chunked = await request(`${withoutGraphiql.base}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      // A stream: sent chunked, without a Content-Length (which the body limit requires of callers).
      body: Readable.from([JSON.stringify({ query: "query Q { companies { companyId } }" })]),
    });
    expectUnauthenticated(
      { status: chunked.statusCode, contentType: "", text: await chunked.body.text() },
      "chunked POST",
    );
  });
});
