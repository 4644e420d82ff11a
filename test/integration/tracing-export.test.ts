import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { request } from "undici";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mintToken } from "../../src/auth/mint.ts";
import { createJsonLogger } from "../../src/logger.ts";
import { start } from "../../src/start.ts";

/**
 * Issue 17 (1): with OTEL_EXPORTER_OTLP_ENDPOINT set, the server (started as `npm start` starts it,
 * in process) sends its spans over OTLP/HTTP to the collector at that URL: here a real node:http
 * receiver that keeps what it is sent. The spans of one operation reach it when the server stops
 * (the batch is flushed on shutdown), with the export headers of OTEL_EXPORTER_OTLP_HEADERS.
 */
const received: { path: string; headers: IncomingMessage["headers"]; body: string }[] = [];
const collector = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on("data", (chunk: Buffer) => chunks.push(chunk));
  req.on("end", () => {
    received.push({
      path: req.url ?? "",
      headers: req.headers,
      body: Buffer.concat(chunks).toString("utf8"),
    });
    res.writeHead(200, { "content-type": "application/json" }).end("{}");
  });
});
beforeAll(() => new Promise<void>((resolve) => collector.listen(0, "127.0.0.1", resolve)));
afterAll(() => new Promise<void>((resolve) => collector.close(() => resolve())));

describe("OTLP export", () => {
  it("sends the operation's spans to the configured collector, with its headers", async () => {
    const { port } = collector.address() as AddressInfo;
    const secret = "a-long-enough-shared-secret-for-hs256-0002";
    const started = await start(
      {
        ENKASH_MODE: "sandbox",
        PORT: "0",
        SANDBOX_PORT: "0",
        AUTH_JWT_SECRET: secret,
        OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${port}`,
        OTEL_EXPORTER_OTLP_HEADERS: "x-collector-key=k%3D1",
        OTEL_SERVICE_NAME: "export-test",
      },
      { print: () => {}, printError: () => {}, logger: () => createJsonLogger("error", () => {}) },
    );
    if (!("running" in started)) throw new Error(`start failed: ${JSON.stringify(started)}`);
    const token = await mintToken({
      secret,
      issuer: "enkash-graphql",
      audience: "enkash-graphql",
      subject: "export-test",
      role: "PARTNER_ADMIN",
    });
    const answer = await request(started.running.url, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: "query Exported { companies { companyId } }" }),
    });
    expect(answer.statusCode).toBe(200);
    await answer.body.text();
    await started.running.stop();

    const traces = received.filter((entry) => entry.path === "/v1/traces");
    expect(traces.length).toBeGreaterThan(0);
    expect(traces[0]?.headers["x-collector-key"]).toBe("k=1");
    const body = traces.map((entry) => entry.body).join("\n");
    expect(body).toContain("query Exported");
    expect(body).toContain("export-test");
    expect(body).not.toContain(token);
  });
});
