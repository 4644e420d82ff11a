import type { IncomingHttpHeaders } from "node:http";
import type { SandboxAuth } from "../auth.ts";
import type { CallLog } from "../call-log.ts";
import type { SandboxClock } from "../clock.ts";
import type { FaultInjector } from "../faults.ts";
import type { RouteName, SandboxOptions } from "../options.ts";
import type { SandboxState } from "../state/store.ts";

/** What a route handler can reach. `state` is read through the sandbox because reset replaces it. */
export interface RouteContext {
  readonly state: SandboxState;
  readonly options: SandboxOptions;
  readonly auth: SandboxAuth;
  readonly clock: SandboxClock;
  readonly calls: CallLog;
  readonly faults: FaultInjector;
  readonly body: unknown;
  readonly query: URLSearchParams;
  readonly params: Readonly<Record<string, string>>;
  readonly headers: IncomingHttpHeaders;
  /** Rebuilds state from the seed (sandbox helper). */
  reset(): void;
}

export type RouteResult =
  /** Success in the route's envelope: code 0, message "Success". */
  | { kind: "success"; payload: unknown }
  /** A body sent as is (token endpoint, PG plain text, sandbox helpers). */
  | { kind: "raw"; status: number; contentType: string; body: string };

export interface Route {
  /** EnKash routes carry a RouteName; helpers a descriptive name. */
  name: RouteName | `sandbox:${string}`;
  method: "GET" | "POST" | "DELETE";
  /** Path template; `:name` matches one path segment. */
  path: string;
  /** `card` routes need a bearer token and partnerId and take part in payload encryption. */
  kind: "card" | "token" | "pg" | "helper";
  /** The body the route reads. */
  body: "json" | "form" | "none";
  /** The response envelope EnKash's page shows for this endpoint. */
  envelope: "A" | "B";
  handle(context: RouteContext): RouteResult | Promise<RouteResult>;
}

export function success(payload: unknown): RouteResult {
  return { kind: "success", payload };
}

export function json(status: number, body: unknown): RouteResult {
  return { kind: "raw", status, contentType: "application/json", body: JSON.stringify(body) };
}

export function text(status: number, body: string): RouteResult {
  return { kind: "raw", status, contentType: "text/plain; charset=utf-8", body };
}
