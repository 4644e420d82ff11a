import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PartnerSender } from "../../src/events/partner/sender.ts";
import { parseAllowList } from "../../src/events/partner/ssrf.ts";

/**
 * One delivery attempt over real sockets (src/events/partner/sender.ts): the connection's own DNS
 * lookup refuses non-public addresses (a name that resolves to loopback is not called), address
 * literals too, redirects are not followed, a partner's endless answer is cut off, a silent one
 * times out. The server counts what reached it, so "refused" means nothing was sent.
 */
let server: Server;
let port = 0;
const hits: string[] = [];

beforeAll(async () => {
  server = createServer((request, response) => {
    hits.push(request.url ?? "");
    request.resume();
    if (request.url === "/redirect") return response.writeHead(302, { location: "/elsewhere" }).end();
    if (request.url === "/silent") return; // never answers
    if (request.url === "/huge") {
      response.writeHead(200, { "content-type": "text/plain" });
      const chunk = Buffer.alloc(64 * 1024, 97);
      const write = () => {
        while (response.write(chunk)) {}
        response.once("drain", write);
      };
      return write();
    }
    response.writeHead(204).end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const body = JSON.stringify({ id: "dlv_test" });

describe("a delivery attempt", () => {
  it("to a host name resolving to loopback, not allowed: refused at connection, nothing sent", async () => {
    const sender = new PartnerSender(parseAllowList(""), 2_000);
    const before = hits.length;
    try {
      const result = await sender.send(`http://localhost:${port}/hook`, body, {});
      expect(result).toMatchObject({ statusCode: null, errorKind: "TARGET_REFUSED" });
      const literal = await sender.send(`http://127.0.0.1:${port}/hook`, body, {});
      expect(literal).toMatchObject({ statusCode: null, errorKind: "TARGET_REFUSED" });
      const mapped = await sender.send(`http://[::ffff:127.0.0.1]:${port}/hook`, body, {});
      expect(mapped).toMatchObject({ statusCode: null, errorKind: "TARGET_REFUSED" });
    } finally {
      await sender.close();
    }
    expect(hits.length).toBe(before);
  });

  it("to an allowed target: sent, 2xx is success", async () => {
    const sender = new PartnerSender(parseAllowList("127.0.0.1/32"), 2_000);
    try {
      expect(await sender.send(`http://127.0.0.1:${port}/hook`, body, {})).toMatchObject({
        statusCode: 204,
        errorKind: null,
      });
    } finally {
      await sender.close();
    }
  });

  it("a redirect is a failed attempt, not followed", async () => {
    const sender = new PartnerSender(parseAllowList("127.0.0.1/32"), 2_000);
    try {
      expect(await sender.send(`http://127.0.0.1:${port}/redirect`, body, {})).toMatchObject({
        statusCode: 302,
        errorKind: "HTTP_STATUS",
      });
      expect(hits).not.toContain("/elsewhere");
    } finally {
      await sender.close();
    }
  });

  it("an endless answer is read up to the cap and dropped; a silent endpoint times out", async () => {
    const sender = new PartnerSender(parseAllowList("127.0.0.1/32"), 1_000);
    try {
      expect(await sender.send(`http://127.0.0.1:${port}/huge`, body, {})).toMatchObject({
        statusCode: 200,
        errorKind: null,
      });
      expect(await sender.send(`http://127.0.0.1:${port}/silent`, body, {})).toMatchObject({
        statusCode: null,
        errorKind: "TIMEOUT",
      });
    } finally {
      await sender.close();
    }
  });
});
