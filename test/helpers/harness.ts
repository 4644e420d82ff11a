import type { TypedDocumentNode } from "@graphql-typed-document-node/core";
import { type ExecutionResult, print } from "graphql";
import { afterAll, beforeAll } from "vitest";
import { createApp } from "../../src/app.ts";
import { AccountDirectory } from "../../src/directory.ts";
import { EnkashClient, type EnkashClientOptions } from "../../src/enkash/client.ts";
import { createJsonLogger } from "../../src/logger.ts";
import { type Sandbox, type SandboxOptionsInput, startSandbox } from "../../src/sandbox/index.ts";
import { clientOptionsFor } from "./enkash.ts";

/**
 * The GraphQL server in process (yoga.fetch), its EnKash client talking real HTTP to a sandbox
 * on loopback. Every log line is captured for the secrets scans.
 */
export interface Harness {
  readonly sandbox: Sandbox;
  readonly logs: string[];
  gql<R, V>(
    document: TypedDocumentNode<R, V> | string,
    variables?: V,
  ): Promise<ExecutionResult<R> & { extensions?: { upstreamCalls?: UpstreamCalls } }>;
  /** Sandbox calls by route made while `run` ran (token requests left out). */
  upstream<T>(run: () => Promise<T>): Promise<{ result: T; calls: Record<string, number>; total: number }>;
}

export interface UpstreamCalls {
  total: number;
  byOperation: Record<string, number>;
}

export const ACCOUNTS = { CEKEP5GSGP: ["CAA8W45", "CABFIPS", "CAC7975"], CEK7T1WMC6: ["CAVBMRFE8"] };

export function useHarness(
  sandboxOptions: SandboxOptionsInput = {},
  clientOverrides: Partial<EnkashClientOptions> = {},
): Harness {
  let sandbox: Sandbox | undefined;
  let enkash: EnkashClient | undefined;
  let yoga: ReturnType<typeof createApp> | undefined;
  const logs: string[] = [];
  beforeAll(async () => {
    sandbox = await startSandbox({ seed: 5, ...sandboxOptions });
    const logger = createJsonLogger("debug", (line) => logs.push(line));
    enkash = new EnkashClient({
      ...clientOptionsFor(sandbox),
      logger,
      retry: { baseDelayMs: 2, maxDelayMs: 10 },
      ...clientOverrides,
    });
    yoga = createApp({
      enkash,
      directory: new AccountDirectory(ACCOUNTS),
      logger,
      settings: { otpTtlSeconds: 300 },
      debugExtensions: true,
      graphiql: true,
    });
  });
  afterAll(async () => {
    await enkash?.close();
    await sandbox?.close();
  });
  const harness: Harness = {
    get sandbox() {
      if (!sandbox) throw new Error("not started");
      return sandbox;
    },
    logs,
    async gql(document, variables) {
      if (!yoga) throw new Error("not started");
      const query = typeof document === "string" ? document : print(document);
      const response = await yoga.fetch("http://localhost/graphql", {
        method: "POST",
        headers: { "content-type": "application/json", accept: "application/json" },
        body: JSON.stringify({ query, variables }),
      });
      return (await response.json()) as never;
    },
    async upstream(run) {
      const before = harness.sandbox.calls.totals().byRoute;
      const result = await run();
      const after = harness.sandbox.calls.totals().byRoute;
      const calls: Record<string, number> = {};
      for (const [route, count] of Object.entries(after)) {
        const made = count - (before[route] ?? 0);
        if (made > 0 && route !== "token") calls[route] = made;
      }
      return { result, calls, total: Object.values(calls).reduce((sum, count) => sum + count, 0) };
    },
  };
  return harness;
}
