import { GraphQLError, Kind, type ValidationContext, type ValidationRule } from "graphql";
import type { Plugin } from "graphql-yoga";

/**
 * Mutations that spend an OTP, send one, or move money may appear at most once per document,
 * never under an alias and never beside another mutation: so aliases and batches cannot multiply
 * OTP guesses or loads in one request.
 */
export const SENSITIVE_MUTATIONS = new Set([
  "generateCardOtp",
  "setCardPin",
  "lockCard",
  "unlockCard",
  "blockCard",
  "requestCardReplacement",
  "loadCard",
]);

export const sensitiveMutationRule: ValidationRule = (context: ValidationContext) => {
  let sensitiveSeen = 0;
  return {
    OperationDefinition(node) {
      if (node.operation !== "mutation") return;
      const fields = node.selectionSet.selections;
      const sensitive = fields.filter(
        (selection) => selection.kind === Kind.FIELD && SENSITIVE_MUTATIONS.has(selection.name.value),
      );
      for (const selection of sensitive) {
        if (selection.kind !== Kind.FIELD) continue;
        sensitiveSeen++;
        const name = selection.name.value;
        if (selection.alias)
          context.reportError(
            new GraphQLError(`${name} may not be aliased`, {
              nodes: selection,
              extensions: { code: "BAD_USER_INPUT" },
            }),
          );
        if (fields.length > 1)
          context.reportError(
            new GraphQLError(`${name} must be the only field of its mutation`, {
              nodes: selection,
              extensions: { code: "BAD_USER_INPUT" },
            }),
          );
        if (sensitiveSeen > 1)
          context.reportError(
            new GraphQLError(`${name}: at most one OTP-gated or money-moving mutation per document`, {
              nodes: selection,
              extensions: { code: "BAD_USER_INPUT" },
            }),
          );
      }
      if (fields.some((selection) => selection.kind !== Kind.FIELD) && sensitive.length > 0) {
        context.reportError(
          new GraphQLError("OTP-gated and money-moving mutations may not be selected through fragments", {
            nodes: node,
            extensions: { code: "BAD_USER_INPUT" },
          }),
        );
      }
    },
  };
};

export function useSensitiveMutationRules(): Plugin {
  return {
    onValidate({ addValidationRule }) {
      addValidationRule(sensitiveMutationRule);
    },
  };
}
