import { randomUUID } from "node:crypto";
import type { Plugin } from "graphql-yoga";

/**
 * Every request gets an ID, sent back in `X-Request-Id` and carried by every log line written for
 * it (Context.log, EnKash calls included) and by masked errors, so a caller's report finds its
 * lines. Made here, never taken from the caller: a caller's header could carry anything (a card
 * number, a forged ID) into the logs.
 */
export function useRequestId(ids: WeakMap<Request, string>): Plugin {
  return {
    onRequest({ request }) {
      ids.set(request, randomUUID());
    },
    onResponse({ request, response }) {
      const id = ids.get(request);
      if (id) response.headers.set("x-request-id", id);
    },
  };
}
