import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { Socket } from "node:net";
import { performance } from "node:perf_hooks";
import { setTimeout as sleep } from "node:timers/promises";
import { decryptPayload, encryptPayload, isEncryptedWrapper } from "../../shared/payload-encryption.ts";
import type { CallLog } from "../call-log.ts";
import type { Fault, FaultInjector } from "../faults.ts";
import type { RouteName, SandboxOptions } from "../options.ts";
import { BusinessError, OAuthError, SandboxHttpError } from "./errors.ts";
import type { Route, RouteContext, RouteResult } from "./route.ts";
import type { Router } from "./router.ts";

export interface ServerDependencies {
  router: Router;
  options: SandboxOptions;
  calls: CallLog;
  faults: FaultInjector;
  /** Everything a handler needs except the per-request parts. */
  context(): Omit<RouteContext, "body" | "query" | "params" | "headers">;
}

/** A refusal in EnKash's shape, produced before or instead of a handler's result. */
interface Reply {
  status: number;
  body: string;
  contentType: string;
  /** Close the connection after answering (the request body was not read to its end). */
  close?: boolean;
  headers?: Record<string, string>;
}

/**
 * The sandbox's HTTP front: routing, latency and faults, bearer checks, body limits, JSON and
 * form parsing, payload encryption, and EnKash's envelopes and error shapes. It must answer
 * anything thrown at it and never crash.
 */
export function createSandboxServer(deps: ServerDependencies): { server: Server; close(): Promise<void> } {
  const sockets = new Set<Socket>();
  const server = createServer((req, res) => {
    void handle(deps, req, res).catch((error: unknown) => {
      // Only a bug in the sandbox lands here; answer and keep serving.
      console.error("sandbox: unexpected error", error instanceof Error ? error.message : error);
      if (!res.headersSent)
        send(res, {
          status: 500,
          ...envelopeBody("A", 500, "Internal server error", "Internal server error"),
        });
    });
  });
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  server.on("clientError", (_error, socket) => {
    if (socket.writable) socket.end("HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n");
  });
  return {
    server,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        // Hanging calls and idle keep-alive connections would hold close() open forever.
        for (const socket of sockets) socket.destroy();
      }),
  };
}

async function handle(deps: ServerDependencies, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const started = performance.now();
  const url = new URL(req.url ?? "/", "http://sandbox.local");
  const method = req.method ?? "GET";
  const match = deps.router.match(method, url.pathname);
  let routeName = "unmatched";
  let fault: Fault | null = null;
  let delayMs = 0;
  res.on("close", () => {
    // The log is of EnKash API calls; the sandbox's own helpers would only blur the counts.
    if (match.found && match.route.kind === "helper") return;
    deps.calls.add({
      route: routeName,
      method,
      path: url.pathname,
      status: res.writableFinished ? res.statusCode : 0,
      durationMs: Math.round((performance.now() - started) * 100) / 100,
      delayMs,
      fault,
      traceparent: traceparentOf(req),
      at: Date.now(),
    });
  });

  if (!match.found) {
    const message =
      match.status === 404
        ? `No route for ${method} ${url.pathname}`
        : `Method ${method} is not allowed here`;
    send(res, { status: match.status, ...envelopeBody("A", match.status, message, message) });
    return;
  }
  const { route } = match;
  routeName = route.name;

  if (route.kind !== "helper") {
    const name = route.name as RouteName;
    delayMs = deps.faults.delayMs(name);
    if (delayMs > 0) await sleep(delayMs);
    fault = deps.faults.pick(name);
    if (fault === "reset") return void req.socket.destroy();
    if (fault === "hang") return; // never answered; the sandbox's close() ends it
    if (fault === "http429") {
      const message = "Too many requests";
      const retryAfter = String(deps.faults.settings().faults.retryAfterSeconds);
      return send(res, {
        status: 429,
        ...envelopeBody(route.envelope, 429, message, message),
        headers: { "retry-after": retryAfter },
      });
    }
    if (fault === "http500" || fault === "http503") {
      const message = fault === "http500" ? "Internal Server Error" : "Service Unavailable";
      const status = fault === "http500" ? 500 : 503;
      return send(res, { status, ...envelopeBody(route.envelope, status, message, message) });
    }
  }

  const envelope = deps.options.envelopes[route.name as RouteName] ?? route.envelope;
  const encrypted = route.kind === "card" && deps.options.encryption === "aes-128-ecb";
  let payloadLayerPassed = false;
  let result: RouteResult;
  try {
    if (route.kind === "card") {
      deps.context().auth.authorize(header(req, "authorization"), header(req, "partnerid"));
    }
    let body = await readBody(req, route, deps.options.maxBodyBytes);
    if (route.kind === "card" && route.body === "json") body = unwrapPayload(body, deps.options);
    payloadLayerPassed = true;
    result = await route.handle({
      ...deps.context(),
      body,
      query: url.searchParams,
      params: match.params,
      headers: req.headers,
    });
  } catch (error) {
    const reply = replyForError(error, envelope);
    if (!reply) throw error;
    return send(res, encrypted && payloadLayerPassed ? encryptReply(reply, deps.options) : reply);
  }

  if (fault === "lostResponse") return void req.socket.destroy();
  const reply: Reply =
    result.kind === "raw"
      ? { status: result.status, body: result.body, contentType: result.contentType }
      : { status: 200, ...envelopeBody(envelope, 0, "Success", result.payload) };
  send(res, encrypted ? encryptReply(reply, deps.options) : reply);
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

async function readBody(req: IncomingMessage, route: Route, limit: number): Promise<unknown> {
  if (route.body === "none") {
    req.resume();
    return undefined;
  }
  const declared = Number(req.headers["content-length"] ?? "0");
  if (declared > limit) throw tooLarge(limit);
  const contentType = (header(req, "content-type") ?? "").toLowerCase();
  const wanted = route.body === "json" ? "application/json" : "application/x-www-form-urlencoded";
  if (!contentType.startsWith(wanted)) {
    throw new SandboxHttpError(415, `Content type must be ${wanted}`);
  }
  const text = (await collect(req, limit)).toString("utf8");
  if (route.body === "form") return new URLSearchParams(text);
  if (text.trim() === "") throw new SandboxHttpError(400, "Required request body is missing");
  try {
    return JSON.parse(text);
  } catch {
    throw new SandboxHttpError(400, "Malformed JSON request");
  }
}

/**
 * Reads the body up to `limit` bytes. Past the limit it stops listening without destroying the
 * socket, so the 413 can still be sent (with `Connection: close`).
 */
function collect(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.off("data", onData);
        req.pause();
        reject(tooLarge(limit));
        return;
      }
      chunks.push(chunk);
    };
    req.on("data", onData);
    req.once("end", () => resolve(Buffer.concat(chunks)));
    req.once("error", reject);
  });
}

class BodyTooLarge extends SandboxHttpError {}

function tooLarge(limit: number): SandboxHttpError {
  return new BodyTooLarge(413, `Request body exceeds ${limit} bytes`);
}

/** Reference section 4: with encryption on, a card call's body is `{"request": base64}`. */
function unwrapPayload(body: unknown, options: SandboxOptions): unknown {
  const wrapped = isEncryptedWrapper(body);
  if (options.encryption === "none") {
    if (wrapped)
      throw new SandboxHttpError(422, "Invalid request format: encryption is not enabled for this partner");
    return body;
  }
  if (!wrapped) throw new SandboxHttpError(422, "Invalid encrypted request");
  try {
    return decryptPayload(body.request, options.credentials.clientSecret, options.keyDerivation);
  } catch {
    throw new SandboxHttpError(422, "Invalid encrypted request");
  }
}

function encryptReply(reply: Reply, options: SandboxOptions): Reply {
  const parsed: unknown = JSON.parse(reply.body);
  const request = encryptPayload(parsed, options.credentials.clientSecret, options.keyDerivation);
  // EnKash's page names the response wrapper `request` too; the sandbox follows it literally.
  return { ...reply, body: JSON.stringify({ request }) };
}

function replyForError(error: unknown, envelope: "A" | "B"): Reply | undefined {
  if (error instanceof OAuthError) {
    return {
      status: error.status,
      contentType: "application/json",
      body: JSON.stringify({ error: error.error, error_description: error.description }),
    };
  }
  if (error instanceof BusinessError) {
    return { status: 200, ...envelopeBody(envelope, 1, error.message, error.message) };
  }
  if (error instanceof SandboxHttpError) {
    return {
      status: error.status,
      ...envelopeBody(envelope, error.status, error.message, error.payload),
      close: error instanceof BodyTooLarge,
    };
  }
  return undefined;
}

function envelopeBody(
  envelope: "A" | "B",
  code: number,
  message: string,
  payload: unknown,
): Omit<Reply, "status"> {
  const body =
    envelope === "A"
      ? { code, message, payload: payload ?? null }
      : { response_code: code, response_message: message, payload: payload ?? null };
  return { contentType: "application/json", body: JSON.stringify(body) };
}

function send(res: ServerResponse, reply: Reply): void {
  if (res.headersSent || res.destroyed) return;
  res.statusCode = reply.status;
  res.setHeader("content-type", reply.contentType);
  res.setHeader("content-length", Buffer.byteLength(reply.body));
  if (reply.close) res.setHeader("connection", "close");
  for (const [name, value] of Object.entries(reply.headers ?? {})) res.setHeader(name, value);
  res.end(reply.body);
}

/** A well-formed `traceparent` only (it is echoed in the call log): anything else is null. */
function traceparentOf(req: IncomingMessage): string | null {
  const value = req.headers.traceparent;
  return typeof value === "string" && /^[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$/.test(value)
    ? value
    : null;
}
