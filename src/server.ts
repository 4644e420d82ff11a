import { createServer, type RequestListener } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * The HTTP listener with a graceful drain: on `drain()` it stops taking connections, lets accepted
 * requests finish within the grace period, then closes whatever is left.
 */
export interface RunningServer {
  port: number;
  /** True once drain() was called (readiness turns 503). */
  readonly draining: boolean;
  drain(graceMs: number): Promise<{ finishedInTime: boolean }>;
}

export async function startServer(
  handler: RequestListener,
  port: number,
  host = "0.0.0.0",
): Promise<RunningServer> {
  const server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(port, host, resolve));
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
