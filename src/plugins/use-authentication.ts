import type { Plugin } from "graphql-yoga";
import { AuthenticationError, type Authenticator } from "../auth/authenticate.ts";
import type { Viewer } from "../auth/viewer.ts";

/**
 * Authenticates every GraphQL request before it is parsed. Missing or invalid credentials get
 * HTTP 401 with a GraphQL error body and go no further. The GraphiQL page itself (a browser GET
 * for HTML) is open; the queries it sends carry credentials like any other.
 */
export function useAuthentication(authenticate: Authenticator, viewers: WeakMap<Request, Viewer>): Plugin {
  return {
    async onRequest({ request, url, endResponse }) {
      if (url.pathname !== "/graphql") return;
      if (request.method === "GET" && (request.headers.get("accept") ?? "").includes("text/html")) return;
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
