import { request } from "undici";
import { describe, expect, it } from "vitest";
import { type HttpServer, useHttpServer } from "../helpers/http-server.ts";

/**
 * Issue 11 C: CORS only for the configured origins (CORS_ORIGINS), without credentials; no CORS at
 * all when none are configured. Over real HTTP, as a browser would send the requests.
 */
const APP = "https://cards.example.in";
const ADMIN = "https://admin.example.in";
const configured = useHttpServer({ corsOrigins: [APP, ADMIN] });
const single = useHttpServer({ corsOrigins: [APP] });
const unconfigured = useHttpServer();

async function post(server: HttpServer, origin: string) {
  const response = await request(`${server.base}/graphql`, {
    method: "POST",
    headers: {
      origin,
      "content-type": "application/json",
      authorization: `Bearer ${await server.token()}`,
    },
    body: JSON.stringify({ query: "query Companies { companies { companyId } }" }),
  });
  await response.body.text();
  return { status: response.statusCode, headers: response.headers };
}

async function preflight(server: HttpServer, origin: string) {
  const response = await request(`${server.base}/graphql`, {
    method: "OPTIONS",
    headers: {
      origin,
      "access-control-request-method": "POST",
      "access-control-request-headers": "authorization,content-type,idempotency-key",
    },
  });
  await response.body.text();
  return { status: response.statusCode, headers: response.headers };
}

describe("CORS", () => {
  it("a listed origin gets exactly itself, without credentials", async () => {
    for (const origin of [APP, ADMIN]) {
      const answer = await post(configured, origin);
      expect(answer.status).toBe(200);
      expect(answer.headers["access-control-allow-origin"]).toBe(origin);
      expect(answer.headers["access-control-allow-credentials"]).toBeUndefined();
    }
  });

  it("an unlisted origin gets no CORS header, with one origin configured or several", async () => {
    for (const server of [configured, single])
      for (const origin of [
        "https://evil.example",
        "null",
        `${APP}.evil.example`,
        "http://cards.example.in",
      ]) {
        const answer = await post(server, origin);
        expect(answer.headers["access-control-allow-origin"], origin).toBeUndefined();
        expect(answer.headers["access-control-allow-credentials"], origin).toBeUndefined();
        const checked = await preflight(server, origin);
        expect(checked.headers["access-control-allow-origin"], origin).toBeUndefined();
        expect(checked.headers["access-control-allow-headers"], origin).toBeUndefined();
      }
  });

  it("a preflight from a listed origin allows GET and POST and the API's request headers", async () => {
    const answer = await preflight(configured, ADMIN);
    expect(answer.status).toBe(204);
    expect(answer.headers["access-control-allow-origin"]).toBe(ADMIN);
    expect(answer.headers["access-control-allow-credentials"]).toBeUndefined();
    expect(String(answer.headers["access-control-allow-methods"]).split(/,\s*/)).toEqual(["GET", "POST"]);
    expect(String(answer.headers["access-control-allow-headers"]).split(/,\s*/)).toEqual([
      "content-type",
      "authorization",
      "x-api-key",
      "idempotency-key",
      "x-graphql-csrf",
    ]);
  });

  it("without CORS_ORIGINS there is no CORS at all", async () => {
    for (const origin of [APP, "https://evil.example"]) {
      const answer = await post(unconfigured, origin);
      expect(answer.status).toBe(200);
      expect(answer.headers["access-control-allow-origin"]).toBeUndefined();
      expect(answer.headers["access-control-allow-credentials"]).toBeUndefined();
      const checked = await preflight(unconfigured, origin);
      expect(checked.headers["access-control-allow-origin"]).toBeUndefined();
    }
  });
});
