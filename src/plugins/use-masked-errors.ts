import { GraphQLError } from "graphql";
import type { Plugin } from "graphql-yoga";
import type { Context } from "../context.ts";
import { eachPart, mapPartErrors } from "./incremental-results.ts";

/**
 * Errors a client can act on pass through (they are GraphQLErrors with a code: bad input,
 * UPSTREAM_UNAVAILABLE). Everything else becomes "Unexpected error." with the request ID in
 * `extensions`, and its cause is logged through the request's logger (names and messages only;
 * ours never hold secrets).
 *
 * `typed` is the schema's wording of a failure for clients (src/schema/errors.ts, `queryError`):
 * a GraphQLError when a client can act on it, else the error itself. It is handed in by the app,
 * so that this plugin needs nothing from the schema.
 *
 * Every part of an incremental result (@defer, @stream) is masked the same way, the errors of its
 * deferred and streamed entries included; so is every event of a subscription, and its refusal
 * before the first (errors of `subscribe` itself).
 */
export function useMaskedErrorsWithRequestId(typed: (error: Error) => unknown): Plugin<Context> {
  const masking = ({ requestId, log }: Context) => {
    const mask = (error: GraphQLError): GraphQLError => {
      const original = error.originalError;
      if (!original) return error;
      // A typed error raised by a resolver (an EnKash failure already coded) gets the ID too,
      // so the caller can quote it; errors without an original (validation) happen before
      // any work and are left as they are.
      if (original instanceof GraphQLError)
        return new GraphQLError(error.message, {
          nodes: error.nodes,
          path: error.path,
          extensions: { ...error.extensions, requestId },
        });
      // EnKash failures a client can act on (unavailable, rate or budget used up, not found)
      // become typed errors wherever they were thrown from.
      const actionable = typed(original);
      if (actionable instanceof GraphQLError)
        return new GraphQLError(actionable.message, {
          nodes: error.nodes,
          path: error.path,
          extensions: { ...actionable.extensions, requestId },
        });
      log.error(
        {
          path: error.path?.join("."),
          error: {
            name: original.name,
            code: (original as { code?: unknown }).code,
            message: original.message,
          },
        },
        "unexpected error in a resolver",
      );
      return new GraphQLError("Unexpected error.", {
        nodes: error.nodes,
        path: error.path,
        extensions: { code: "INTERNAL_SERVER_ERROR", requestId },
      });
    };
    return (payload: Parameters<typeof eachPart>[0]) =>
      eachPart(payload, (part, replace) => {
        const masked = mapPartErrors(part, mask);
        if (masked !== part) replace(masked);
      });
  };
  return {
    onExecute() {
      return {
        onExecuteDone: (payload) => masking(payload.args.contextValue)(payload),
      };
    },
    onSubscribe() {
      return {
        onSubscribeResult: (payload) => masking(payload.args.contextValue)(payload),
      };
    },
  };
}
