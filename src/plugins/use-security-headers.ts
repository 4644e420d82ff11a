import type { Plugin } from "graphql-yoga";

/**
 * No caching of card data anywhere, and the usual hardening headers, on every response. Yoga's
 * text/event-stream answer (@defer, @stream) brings its own `Cache-Control: no-cache`, which a set
 * here sent alongside ours: deleted first, so there is one, `no-store` (GraphiQL's versioned
 * assets, the one exception, are marked cacheable by useGraphiQL).
 */
export function useSecurityHeaders(): Plugin {
  return {
    onResponse({ response }) {
      response.headers.delete("cache-control");
      response.headers.set("cache-control", "no-store");
      response.headers.set("x-content-type-options", "nosniff");
      response.headers.set("referrer-policy", "no-referrer");
      response.headers.set("x-frame-options", "DENY");
      response.headers.set("strict-transport-security", "max-age=31536000; includeSubDomains");
      // Nothing here is a document to render: no script, style or frame of any origin. GraphiQL's
      // page, the one exception, gets its own policy from useGraphiQL (which runs after this).
      response.headers.set("content-security-policy", "default-src 'none'; frame-ancestors 'none'");
    },
  };
}
