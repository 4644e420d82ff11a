import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { createYoga } from "graphql-yoga";
import type { Authenticator } from "./auth/authenticate.ts";
import type { Viewer } from "./auth/viewer.ts";
import { type Context, type ContextSettings, createContext } from "./context.ts";
import type { AccountDirectory } from "./directory.ts";
import type { EnkashClient } from "./enkash/client.ts";
import type { Logger } from "./logger.ts";
import { useAuthentication } from "./plugins/use-authentication.ts";
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
  authenticate: Authenticator;
  /** Headers GraphiQL starts with (e.g. a sandbox token), as JSON text. */
  graphiqlHeaders?: string;
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
  const viewers = new WeakMap<Request, Viewer>();
  return createYoga<Record<string, unknown>, Context>({
    schema,
    graphqlEndpoint: "/graphql",
    context: ({ request }) => {
      const viewer = viewers.get(request);
      // useAuthentication ran first; a request without a viewer never reaches execution.
      if (!viewer) throw new Error("request was not authenticated");
      return createContext(options, { viewer, signal: request.signal });
    },
    // Masking is done by useMaskedErrorsWithRequestId, which knows the request ID.
    maskedErrors: false,
    logging: false,
    graphiql: options.graphiql
      ? {
          title: "EnKash cards GraphQL",
          defaultQuery: exampleOperations(),
          ...(options.graphiqlHeaders ? { headers: options.graphiqlHeaders } : {}),
        }
      : false,
    plugins: [
      useAuthentication(options.authenticate, viewers),
      useRedactedInputErrors(),
      useMaskedErrorsWithRequestId(options.logger),
      useUpstreamCalls({ enabled: options.debugExtensions }),
    ],
  });
}
