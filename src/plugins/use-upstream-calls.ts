import type { Plugin } from "graphql-yoga";
import type { Context } from "../context.ts";
import { eachPart } from "./incremental-results.ts";

/**
 * Adds `extensions.upstreamCalls` ({ total, byOperation }) to every result: the EnKash calls the
 * operation cost. On only when debug output is enabled (the sandbox default).
 *
 * An incremental result (@defer, @stream) carries it on every part: the calls started so far, so
 * the last part (`hasNext: false`) has the operation's total, deferred and streamed fields included.
 */
export function useUpstreamCalls(options: { enabled: boolean }): Plugin<Context> {
  return {
    onExecute() {
      if (!options.enabled) return;
      return {
        onExecuteDone(payload) {
          const { enkash } = payload.args.contextValue;
          return eachPart(payload, (part, replace) => {
            if (!("data" in part || "errors" in part || "incremental" in part || "hasNext" in part)) return;
            const upstreamCalls = enkash.upstreamCalls();
            replace({ ...part, extensions: { ...(part.extensions ?? {}), upstreamCalls } });
          });
        },
      };
    },
  };
}
