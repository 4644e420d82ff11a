import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { createYoga } from "graphql-yoga";
import { type Context, type ContextSettings, createContext } from "./context.ts";
import type { AccountDirectory } from "./directory.ts";
import type { EnkashClient } from "./enkash/client.ts";
import type { Logger } from "./logger.ts";
import { useMaskedErrorsWithRequestId } from "./plugins/use-masked-errors.ts";
import { useRedactedInputErrors } from "./plugins/use-redacted-input-errors.ts";
import { useUpstreamCalls } from "./plugins/use-upstream-calls.ts";
import { schema } from "./schema/index.ts";

export interface AppOptions {
  enkash: EnkashClient;
  directory: AccountDirectory;
  logger: Logger;
  settings: ContextSettings;
  /** Adds `extensions.upstreamCalls` to results (on with the sandbox, off against real EnKash by default). */
  debugExtensions: boolean;
  graphiql: boolean;
}

/** The named example operations, preloaded into GraphiQL. */
export function exampleOperations(directory = join(import.meta.dirname, "..", "operations")): string {
  return readdirSync(directory)
    .filter((file) => file.endsWith(".graphql"))
    .sort()
    .map((file) => readFileSync(join(directory, file), "utf8").trim())
    .join("\n\n");
}

/** The GraphQL server, without listening: tests call `yoga.fetch`, main.ts serves it. */
export function createApp(options: AppOptions) {
  return createYoga<Record<string, unknown>, Context>({
    schema,
    graphqlEndpoint: "/graphql",
    context: ({ request }) => createContext(options, { signal: request.signal }),
    // Masking is done by useMaskedErrorsWithRequestId, which knows the request ID.
    maskedErrors: false,
    logging: false,
    graphiql: options.graphiql ? { title: "EnKash cards GraphQL", defaultQuery: exampleOperations() } : false,
    plugins: [
      useRedactedInputErrors(),
      useMaskedErrorsWithRequestId(options.logger),
      useUpstreamCalls({ enabled: options.debugExtensions }),
    ],
  });
}
