import type { Plugin } from "graphql-yoga";
import type { Context } from "../context.ts";

/**
 * Adds `extensions.upstreamCalls` ({ total, byOperation }) to every result: the EnKash calls the
 * operation cost. On only when debug output is enabled (the sandbox default).
 */
export function useUpstreamCalls(options: { enabled: boolean }): Plugin<Context> {
  return {
    onExecute() {
      if (!options.enabled) return;
      return {
        onExecuteDone({ args, result, setResult }) {
          if (!("data" in result || "errors" in result)) return;
          const upstreamCalls = args.contextValue.enkash.upstreamCalls();
          setResult({ ...result, extensions: { ...(result.extensions ?? {}), upstreamCalls } });
        },
      };
    },
  };
}
