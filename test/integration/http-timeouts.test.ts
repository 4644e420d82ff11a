import { connect } from "node:net";
import { describe, expect, it } from "vitest";
import { useHttpServer } from "../helpers/http-server.ts";

/**
 * Issue 11 D: a client that sends its request slowly cannot hold a connection. The server is
 * started with tiny timeouts; the tests trickle bytes over a raw socket and wait generously for
 * the outcome (a 408 and a closed connection), never measuring how long it took.
 */
const server = useHttpServer(
  {},
  { timeouts: { requestMs: 500, headersMs: 400, keepAliveMs: 300 }, connectionsCheckingIntervalMs: 50 },
);

/** Far longer than the tiny timeouts, far shorter than node's defaults (300 s, 60 s). */
const GENEROUS_WAIT_MS = 15_000;

interface Outcome {
  /** Everything the server sent. */
  answer: string;
  /** Whether the server ended the connection within the wait. */
  closed: boolean;
  /** Whether the whole request went out (it must not have: the server cut it short). */
  completed: boolean;
}

/** Sends `head`, then one `drip` every 100 ms until `drips` went out, the socket closed, or the wait ran out. */
function trickle(head: string, drip: string, drips: number): Promise<Outcome> {
  const url = new URL(server.base);
  return new Promise((resolve) => {
    const socket = connect(Number(url.port), url.hostname);
    let answer = "";
    let sent = 0;
    let timer: NodeJS.Timeout | undefined;
    const finish = (closed: boolean) => {
      clearInterval(timer);
      clearTimeout(guard);
      socket.destroy();
      resolve({ answer, closed, completed: sent >= drips });
    };
    const guard = setTimeout(() => finish(false), GENEROUS_WAIT_MS);
    socket.setEncoding("latin1");
    socket.on("data", (chunk: string) => {
      answer += chunk;
    });
    socket.on("error", () => {});
    socket.on("close", () => finish(true));
    socket.on("connect", () => {
      socket.write(head);
      timer = setInterval(() => {
        if (sent < drips && socket.writable) {
          socket.write(drip);
          sent++;
        }
      }, 100);
    });
  });
}

describe("HTTP timeouts", () => {
  it("a body sent at one byte per 100 ms gets 408 and the connection is closed", async () => {
    const token = await server.token();
    const body = 10_000;
    const outcome = await trickle(
      [
        "POST /graphql HTTP/1.1",
        `Host: ${new URL(server.base).host}`,
        "Content-Type: application/json",
        `Authorization: Bearer ${token}`,
        `Content-Length: ${body}`,
        "",
        "",
      ].join("\r\n"),
      " ",
      body,
    );
    expect(outcome.closed).toBe(true);
    expect(outcome.completed).toBe(false);
    expect(outcome.answer).toMatch(/^HTTP\/1\.1 408 /);
  });

  it("headers sent one line per 100 ms get 408 and the connection is closed", async () => {
    const outcome = await trickle(
      `GET /healthz HTTP/1.1\r\nHost: ${new URL(server.base).host}\r\n`,
      "X-Slow: 1\r\n",
      10_000,
    );
    expect(outcome.closed).toBe(true);
    expect(outcome.completed).toBe(false);
    expect(outcome.answer).toMatch(/^HTTP\/1\.1 408 /);
  });

  it("an idle keep-alive connection is closed by the server after its answer", async () => {
    const outcome = await trickle(
      `GET /healthz HTTP/1.1\r\nHost: ${new URL(server.base).host}\r\nConnection: keep-alive\r\n\r\n`,
      "",
      0,
    );
    expect(outcome.closed).toBe(true);
    expect(outcome.answer).toMatch(/^HTTP\/1\.1 200 /);
  });
});
