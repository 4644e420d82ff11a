import type { Plugin } from "graphql-yoga";

/**
 * Refuses a request body over `maxBytes` before it is read or parsed (413), and a body of unknown
 * length (411): without a length the limit could only be enforced after buffering.
 */
export function useBodyLimit(maxBytes: number): Plugin {
  const refuse = (status: number, message: string) =>
    new Response(JSON.stringify({ errors: [{ message, extensions: { code: "BAD_REQUEST" } }] }), {
      status,
      headers: { "content-type": "application/json" },
    });
  return {
    onRequest({ request, endResponse }) {
      if (request.method === "GET" || request.method === "HEAD" || request.method === "OPTIONS") return;
      const length = request.headers.get("content-length");
      if (length === null) {
        if (request.body) endResponse(refuse(411, "A Content-Length header is required"));
        return;
      }
      if (!/^\d+$/.test(length) || Number(length) > maxBytes)
        endResponse(refuse(413, `Request body exceeds ${maxBytes} bytes`));
    },
  };
}
