import type { Plugin } from "graphql-yoga";
import { AuthenticationError, type Authenticator } from "../auth/authenticate.ts";
import type { Viewer } from "../auth/viewer.ts";

/**
 * Authenticates every request that reaches it, before anything is parsed: missing or invalid
 * credentials get HTTP 401 with a GraphQL error body and go no further.
 *
 * There is deliberately no exception, not for a method, an Accept header or a path: yoga serves
 * GraphQL on `/graphql/` and on any URL that ends in `/graphql`, and an exception for "a browser
 * asking for HTML" let unauthenticated requests reach validation (field names leaked through its
 * errors) and the context factory (HTTP 500). What is open answers before this plugin runs: yoga's
 * health check and GraphiQL page (built-in plugins run before user plugins, and GraphiQL only when
 * configured on), CORS preflights, and /healthz, /readyz, /metrics (useOperationsEndpoints, placed
 * before this plugin).
 */
export function useAuthentication(authenticate: Authenticator, viewers: WeakMap<Request, Viewer>): Plugin {
  return {
    async onRequest({ request, endResponse }) {
      try {
        viewers.set(
          request,
          await authenticate(request.headers.get("authorization"), request.headers.get("x-api-key")),
        );
      } catch (error) {
        const message = error instanceof AuthenticationError ? error.message : "Authentication failed";
        endResponse(
          new Response(JSON.stringify({ errors: [{ message, extensions: { code: "UNAUTHENTICATED" } }] }), {
            status: 401,
            headers: {
              "content-type": "application/json",
              "www-authenticate": 'Bearer realm="enkash-graphql"',
            },
          }),
        );
      }
    },
  };
}
