import type { YogaServerOptions } from "graphql-yoga";

/**
 * CORS for yoga, from the CORS_ORIGINS allow-list: yoga's own CORS plugin does the work; this only
 * decides, per request, whether it gets any CORS headers at all.
 *
 * Yoga's default reflects every Origin with `Access-Control-Allow-Credentials: true`. With a
 * fixed list, yoga still sends a header to an unlisted origin (the single configured origin, or
 * `null`, which sandboxed iframes and file: pages present as their own origin). So the options are
 * a factory: an origin of the list gets exactly itself; any other, and a request without Origin,
 * gets nothing (`false`). No credentials: callers authenticate with bearer tokens and API keys,
 * never cookies. Responses are all `Cache-Control: no-store`, so no cache can serve one origin's
 * answer to another (no `Vary: Origin` needed).
 */
const CORS_ALLOWED_HEADERS = [
  "content-type",
  "authorization",
  "x-api-key",
  "idempotency-key",
  "x-graphql-csrf",
] as const;

type CorsOption = NonNullable<YogaServerOptions<Record<string, unknown>, Record<string, unknown>>["cors"]>;

export function corsFor(origins: readonly string[]): CorsOption {
  if (origins.length === 0) return false;
  const allowed = new Set(origins);
  return (request: Request) => {
    const origin = request.headers.get("origin");
    if (origin === null || !allowed.has(origin)) return false;
    return {
      origin: [origin],
      methods: ["GET", "POST"],
      allowedHeaders: [...CORS_ALLOWED_HEADERS],
      credentials: false,
      // Browsers cap this (Chrome at 2 h); 10 min keeps a changed list effective soon.
      maxAge: 600,
    };
  };
}
