import type { Plugin } from "graphql-yoga";
import {
  GRAPHIQL_ASSETS_PATH,
  GRAPHIQL_PAGE_CSP,
  GRAPHIQL_PRELUDE,
  GRAPHIQL_START,
} from "./graphiql-page.ts";

/**
 * GraphiQL offline (when GRAPHIQL is on): serves the bundle's script, style sheet, Monaco's
 * workers and the icon under GRAPHIQL_ASSETS_PATH, before authentication (a browser fetches them
 * without the token, as it fetches the page), and gives the page (Yoga's GraphiQL response,
 * rendered by graphiql-page.ts) its own Content-Security-Policy. Placed after useSecurityHeaders,
 * whose headers it then adjusts for these responses only.
 */
export function useGraphiQL(): Plugin {
  // 9 MB of strings: loaded on the first asset request, never when GraphiQL goes unused.
  let assets: Promise<ReadonlyMap<string, Asset>> | undefined;
  const served = new WeakSet<Request>();
  return {
    onRequest({ request, url, endResponse }) {
      if (!url.pathname.startsWith(GRAPHIQL_ASSETS_PATH) || request.method !== "GET") return;
      const name = url.pathname.slice(GRAPHIQL_ASSETS_PATH.length);
      assets ??= loadAssets();
      return assets.then((all) => {
        const asset = all.get(name);
        // Any other path goes on like any unknown path (authentication answers it).
        if (!asset) return;
        served.add(request);
        endResponse(new Response(asset.body, { headers: { "content-type": asset.type } }));
      });
    },
    onResponse({ request, response }) {
      if (served.has(request)) {
        // The path changes whenever the content does: cached for good. No secrets in these files.
        response.headers.set("cache-control", "public, max-age=31536000, immutable");
      } else if ((response.headers.get("content-type") ?? "").startsWith("text/html")) {
        // The only HTML this server sends is GraphiQL's page.
        response.headers.set("content-security-policy", GRAPHIQL_PAGE_CSP);
      }
    },
  };
}

interface Asset {
  type: string;
  body: Uint8Array<ArrayBuffer>;
}

async function loadAssets(): Promise<ReadonlyMap<string, Asset>> {
  const bundle = await import("@graphql-yoga/render-graphiql/graphiql");
  const encoder = new TextEncoder();
  const script = (text: string): Asset => ({
    type: "text/javascript; charset=utf-8",
    body: encoder.encode(text),
  });
  // The icon ships as a data: URL; served as the file it encodes.
  const icon = bundle.favicon.slice(bundle.favicon.indexOf(",") + 1);
  return new Map([
    ["graphiql.js", script(`${GRAPHIQL_PRELUDE}\n${bundle.js};\n${GRAPHIQL_START}\n`)],
    ["graphiql.css", { type: "text/css; charset=utf-8", body: encoder.encode(bundle.css) }],
    // The labels Monaco asks getWorkerUrl for (the prelude in graphiql-page.ts).
    ["editorWorkerService.worker.js", script(bundle.editorWorkerService)],
    ["json.worker.js", script(bundle.jsonWorker)],
    ["graphql.worker.js", script(bundle.graphqlWorker)],
    ["favicon.ico", { type: "image/x-icon", body: new Uint8Array(Buffer.from(icon, "base64")) }],
  ]);
}
