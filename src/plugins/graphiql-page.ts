import { createHash } from "node:crypto";
import { createRequire } from "node:module";
import type { GraphiQLOptions } from "graphql-yoga";

/**
 * GraphiQL's page, served offline: every script, style sheet, worker and icon it needs comes from
 * this server (use-graphiql.ts serves the bundle @graphql-yoga/render-graphiql publishes),
 * none from a CDN, so it renders without internet access and under a Content-Security-Policy
 * that names no origin but this one. Yoga's own page loads unpkg.com; its offline renderer
 * (`renderGraphiQL` of that package) inlines 9 MB of script into the page, which only
 * `script-src 'unsafe-inline'` would run.
 *
 * The page itself runs no inline script: GraphiQL's options (the example operations, the dev
 * token) sit in a JSON data block, which a browser never executes, and the served start script
 * reads them from there.
 */

const require = createRequire(import.meta.url);
const RENDER_GRAPHIQL_VERSION = (require("@graphql-yoga/render-graphiql/package.json") as { version: string })
  .version;

/** The options block's element ID, shared by the page and the start script. */
const OPTIONS_ID = "graphiql-options";

/**
 * Monaco (GraphiQL's editor) starts its language workers from `MonacoEnvironment.getWorkerUrl`:
 * pointed at this server's copies, so no blob: or CDN worker is needed. Set before the bundle runs.
 */
export const GRAPHIQL_PRELUDE = `(function () {
  // The bundle's own URL, read while it runs: the workers sit beside it.
  var base = document.currentScript.src;
  self.MonacoEnvironment = {
    globalAPI: false,
    getWorkerUrl: function (_moduleId, label) {
      return new URL(label + ".worker.js", base).href;
    },
  };
})();`;

/** Runs after the bundle: renders GraphiQL with the options the page carries. */
export const GRAPHIQL_START = `YogaGraphiQL.renderYogaGraphiQL(
  document.getElementById("root"),
  JSON.parse(document.getElementById(${JSON.stringify(OPTIONS_ID)}).textContent),
);`;

/**
 * Where the assets live. The path carries a hash of the bundle's version and of this file's
 * browser code, so an asset at a given path never changes and browsers may cache it for good.
 */
export const GRAPHIQL_ASSETS_PATH = `/graphiql/${createHash("sha256")
  .update(`${RENDER_GRAPHIQL_VERSION}\n${GRAPHIQL_PRELUDE}\n${GRAPHIQL_START}`)
  .digest("hex")
  .slice(0, 16)}/`;

/**
 * The page's policy: scripts, workers and style sheets only from this origin, data: only for
 * the fonts and images the style sheet embeds, requests only to this origin (GraphQL over
 * fetch and Server-Sent Events). One relaxation: `style-src 'unsafe-inline'`, because Monaco
 * and GraphiQL's components add <style> elements and style attributes at run time without a
 * nonce; styles run no script, and `script-src` allows no inline code at all.
 */
export const GRAPHIQL_PAGE_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "worker-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "font-src data:",
  "img-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join("; ");

/**
 * JSON for a `<script type="application/json">` block: `<` escaped, so no value (a query's
 * comment, a header) can close the element; JSON.parse reads `\u003c` back as `<`.
 */
function jsonForScriptBlock(value: unknown): string {
  return JSON.stringify(value).replace(/</g, "\\u003c").replace(/>/g, "\\u003e").replace(/&/g, "\\u0026");
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

/** Yoga's `renderGraphiQL`: the page for the options createApp gives (see src/app.ts). */
export function renderGraphiQLPage(options: GraphiQLOptions): string {
  const assets = GRAPHIQL_ASSETS_PATH;
  return `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <title>${escapeHtml(options.title ?? "GraphiQL")}</title>
    <link rel="icon" href="${assets}favicon.ico" />
    <link rel="stylesheet" href="${assets}graphiql.css" />
  </head>
  <body id="body" class="no-focus-outline">
    <noscript>You need to enable JavaScript to run GraphiQL.</noscript>
    <script type="application/json" id="${OPTIONS_ID}">${jsonForScriptBlock(options)}</script>
    <div id="root"></div>
    <script src="${assets}graphiql.js"></script>
  </body>
</html>
`;
}
