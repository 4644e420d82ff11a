import { parse } from "graphql";
import { describe, expect, it } from "vitest";
import { createJsonLogger } from "../../src/logger.ts";
import { useCompiledExecution } from "../../src/plugins/use-compiled-execution.ts";
import { schema } from "../../src/schema/index.ts";

/**
 * The compiled executor (graphql-jit) never takes a subscription: Yoga runs subscriptions through
 * `subscribe`, and one that reached `execute` anyway is left to graphql-js. A query, the control,
 * is compiled from its first run with compileAfterRuns 0.
 */
function replacesExecutor(document: string): boolean {
  const plugin = useCompiledExecution({ compileAfterRuns: 0, logger: createJsonLogger("error", () => {}) });
  let replaced = false;
  plugin.onExecute?.({
    args: { schema, document: parse(document), variableValues: {}, contextValue: {} },
    setExecuteFn: () => {
      replaced = true;
    },
    setResultAndStopExecution: () => {},
  } as never);
  return replaced;
}

describe("the compiled executor and subscriptions", () => {
  it("leaves a subscription to graphql-js, and compiles a query", () => {
    expect(replacesExecutor(`subscription { cardEvents(cardId: "Q2FyZDpBL0IvQw==") { id } }`)).toBe(false);
    expect(replacesExecutor(`{ companies { totalCount } }`)).toBe(true);
  });
});
