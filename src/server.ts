import { createServer, type RequestListener } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * The HTTP listener with bounded timeouts and a graceful drain: on `drain()` it stops taking
 * connections, lets accepted requests finish within the grace period, then closes whatever is left.
 */
export interface RunningServer {
  port: number;
  /** True once drain() was called (readiness turns 503). */
  readonly draining: boolean;
  drain(graceMs: number): Promise<{ finishedInTime: boolean }>;
}

interface HttpTimeouts {
  /** Longest time to receive a whole request (headers and body); 408 after it. */
  requestMs: number;
  /** Longest time to receive a request's headers; 408 after it. At most `requestMs`. */
  headersMs: number;
  /** How long an idle keep-alive connection is kept open. */
  keepAliveMs: number;
}

export interface ServerOptions {
  port: number;
  /** Default 0.0.0.0. */
  host?: string;
  timeouts?: HttpTimeouts;
  /** How often node checks the request and headers timeouts (default 1000 ms). */
  connectionsCheckingIntervalMs?: number;
}

/** HTTP_REQUEST_TIMEOUT_MS, HTTP_HEADERS_TIMEOUT_MS, HTTP_KEEP_ALIVE_TIMEOUT_MS defaults. */
const DEFAULT_HTTP_TIMEOUTS: Readonly<HttpTimeouts> = {
  requestMs: 15_000,
  headersMs: 10_000,
  keepAliveMs: 5_000,
};

export async function startServer(handler: RequestListener, options: ServerOptions): Promise<RunningServer> {
  const { port, host = "0.0.0.0", timeouts = DEFAULT_HTTP_TIMEOUTS } = options;
  // Node's defaults (300 s for a request, 60 s for headers) let a client sending a byte a second
  // hold a connection for minutes. The request timeout covers receiving the request only: a
  // slow EnKash answer is bounded by the EnKash client's own deadlines, not by this.
  const server = createServer(
    {
      requestTimeout: timeouts.requestMs,
      headersTimeout: timeouts.headersMs,
      keepAliveTimeout: timeouts.keepAliveMs,
      // Node checks the two timeouts above only this often (default 30 s), so a 15 s timeout
      // could otherwise take 45 s to fire; checking a list of connections each second is cheap.
      connectionsCheckingInterval: options.connectionsCheckingIntervalMs ?? 1_000,
    },
    handler,
  );
  // A failed listen (EADDRINUSE) rejects here rather than as an 'error' event nobody listens to,
  // which would end the process with a stack trace.
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  let draining = false;
  return {
    port: (server.address() as AddressInfo).port,
    get draining() {
      return draining;
    },
    async drain(graceMs) {
      draining = true;
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      // Idle keep-alive connections would hold close() open; busy ones finish their request first.
      server.closeIdleConnections();
      const idleSweep = setInterval(() => server.closeIdleConnections(), 100);
      const finishedInTime = await Promise.race([
        closed.then(() => true),
        new Promise<boolean>((resolve) => setTimeout(() => resolve(false), graceMs)),
      ]);
      clearInterval(idleSweep);
      if (!finishedInTime) server.closeAllConnections();
      await closed;
      return { finishedInTime };
    },
  };
}
