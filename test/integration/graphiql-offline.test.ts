import { request } from "undici";
import { describe, expect, it } from "vitest";
import {
  GRAPHIQL_ASSETS_PATH,
  GRAPHIQL_PAGE_CSP,
  renderGraphiQLPage,
} from "../../src/plugins/graphiql-page.ts";
import { type HttpServer, useHttpServer } from "../helpers/http-server.ts";

/**
 * Issue 17, point 2, over HTTP (the browser itself: test/slow/graphiql-browser.test.ts). GraphiQL's
 * page names no other origin and runs no inline script; its assets come from this server, open
 * without credentials like the page; the page has a Content-Security-Policy of its own and every
 * other response keeps the API's. Before: the page loaded unpkg.com and was the one response
 * without a CSP.
 */
const withGraphiql = useHttpServer({
  graphiql: true,
  graphiqlHeaders: JSON.stringify({ Authorization: "Bearer preset" }),
});
const withoutGraphiql = useHttpServer({ graphiql: false });

const API_CSP = "default-src 'none'; frame-ancestors 'none'";
const ASSETS = {
  "graphiql.js": "text/javascript; charset=utf-8",
  "graphiql.css": "text/css; charset=utf-8",
  "editorWorkerService.worker.js": "text/javascript; charset=utf-8",
  "json.worker.js": "text/javascript; charset=utf-8",
  "graphql.worker.js": "text/javascript; charset=utf-8",
  "favicon.ico": "image/x-icon",
};

async function page(server: HttpServer) {
  const response = await request(`${server.base}/graphql`, { headers: { accept: "text/html" } });
  return { status: response.statusCode, headers: response.headers, html: await response.body.text() };
}

describe("GraphiQL served offline", () => {
  it("the page loads only this server's assets, runs no inline script and carries its own strict policy", async () => {
    const { status, headers, html } = await page(withGraphiql);
    expect(status).toBe(200);
    expect(headers["content-security-policy"]).toBe(GRAPHIQL_PAGE_CSP);
    expect(GRAPHIQL_PAGE_CSP).toContain("script-src 'self';");
    expect(GRAPHIQL_PAGE_CSP).toContain("connect-src 'self';");
    expect(GRAPHIQL_PAGE_CSP).not.toMatch(/script-src[^;]*'unsafe-(inline|eval)'/);
    expect(headers["cache-control"]).toBe("no-store");
    expect(html).not.toMatch(/https?:\/\//);
    // Every <script> either loads from the assets path or is a JSON data block (never executed).
    const scripts = [...html.matchAll(/<script([^>]*)>([^<]*)<\/script>/g)];
    expect(scripts.map(([, attributes]) => attributes?.trim())).toEqual([
      'type="application/json" id="graphiql-options"',
      `src="${GRAPHIQL_ASSETS_PATH}graphiql.js"`,
    ]);
    // The example operations and the preset headers are GraphiQL's options.
    const options = JSON.parse(scripts[0]?.[2] ?? "") as { defaultQuery: string; headers: string };
    expect(options.defaultQuery).toContain("query CardScreen(");
    expect(options.defaultQuery).toContain("subscription CardEvents(");
    expect(JSON.parse(options.headers)).toEqual({ Authorization: "Bearer preset" });
  });

  it("serves every asset without credentials, cacheable for good, with the API's policy", async () => {
    for (const [name, type] of Object.entries(ASSETS)) {
      const response = await request(`${withGraphiql.base}${GRAPHIQL_ASSETS_PATH}${name}`);
      const body = await response.body.arrayBuffer();
      expect(response.statusCode, name).toBe(200);
      expect(response.headers["content-type"], name).toBe(type);
      expect(response.headers["cache-control"], name).toBe("public, max-age=31536000, immutable");
      expect(response.headers["content-security-policy"], name).toBe(API_CSP);
      expect(response.headers["x-content-type-options"], name).toBe("nosniff");
      expect(body.byteLength, name).toBeGreaterThan(1_000);
    }
  });

  it("the style sheet fetches nothing from elsewhere: its fonts and images are data: URLs", async () => {
    const text = await (await request(`${withGraphiql.base}${GRAPHIQL_ASSETS_PATH}graphiql.css`)).body.text();
    const urls = [...text.matchAll(/url\(\s*['"]?([^'")]+)/g)].map(([, url]) => url ?? "");
    expect(urls.length).toBeGreaterThan(0);
    expect(urls.filter((url) => !url.startsWith("data:"))).toEqual([]);
    expect(text).not.toContain("@import");
  });

  it("any other path under /graphiql/, another method, or GraphiQL off: answered like any unknown path (401)", async () => {
    const cases: [HttpServer, string, string][] = [
      [withGraphiql, "GET", `${GRAPHIQL_ASSETS_PATH}nothing.js`],
      [withGraphiql, "GET", "/graphiql/0000000000000000/graphiql.js"],
      [withGraphiql, "GET", `${GRAPHIQL_ASSETS_PATH}../graphql`],
      [withGraphiql, "POST", `${GRAPHIQL_ASSETS_PATH}graphiql.js`],
      [withoutGraphiql, "GET", `${GRAPHIQL_ASSETS_PATH}graphiql.js`],
    ];
    for (const [server, method, path] of cases) {
      const response = await request(`${server.base}${path}`, { method });
      const text = await response.body.text();
      expect(response.statusCode, `${method} ${path}`).toBe(401);
      expect(response.headers["content-security-policy"], path).toBe(API_CSP);
      expect(response.headers["cache-control"], path).toBe("no-store");
      expect(text, path).not.toContain("nothing.js");
    }
  });

  it("every other response keeps the API's policy: JSON, errors, health", async () => {
    const token = await withGraphiql.token();
    const answers = [
      await request(`${withGraphiql.base}/graphql`, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
        body: JSON.stringify({ query: "query Companies { companies { companyId } }" }),
      }),
      await request(`${withGraphiql.base}/graphql`, { headers: { accept: "application/json" } }),
      await request(`${withGraphiql.base}/healthz`),
      await request(`${withoutGraphiql.base}/graphql`, { headers: { accept: "text/html" } }),
    ];
    for (const answer of answers) {
      await answer.body.dump();
      expect(answer.headers["content-security-policy"]).toBe(API_CSP);
    }
  });
});

describe("the page's options block", () => {
  it("cannot be closed by what it carries: a query or header holding </script> stays data", () => {
    const html = renderGraphiQLPage({
      title: "Cards <b>&</b>",
      defaultQuery: "# </script><script>alert(1)</script>\nquery Q { a }",
      headers: '{"x":"</SCRIPT>"}',
    });
    expect(html.match(/<\/script>/gi)).toHaveLength(2);
    expect(html).toContain("<title>Cards &lt;b&gt;&amp;&lt;/b&gt;</title>");
    const block = /<script type="application\/json" id="graphiql-options">([^<]*)<\/script>/.exec(html)?.[1];
    expect(JSON.parse(block ?? "")).toEqual({
      title: "Cards <b>&</b>",
      defaultQuery: "# </script><script>alert(1)</script>\nquery Q { a }",
      headers: '{"x":"</SCRIPT>"}',
    });
  });
});
