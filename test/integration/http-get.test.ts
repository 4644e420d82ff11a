import { createSchema, createYoga } from "graphql-yoga";
import { request } from "undici";
import { describe, expect, it } from "vitest";
import { useCsrfPrevention } from "../../src/plugins/use-csrf-prevention.ts";
import { API_KEY } from "../helpers/harness.ts";
import { useHttpServer } from "../helpers/http-server.ts";
import { PREPAID_CARD_ID } from "../helpers/ids.ts";

/**
 * Issue 11 B: a GET with a bearer token or an API key runs a query (urql's default GET), a GET
 * never runs a mutation, and CSRF prevention is kept for requests a browser could send cross-site
 * without a preflight: those without explicit credentials.
 */
const server = useHttpServer();
const COMPANIES = "query Companies { companies { companyId } }";

async function get(query: string, headers: Record<string, string>) {
  const response = await request(`${server.base}/graphql?query=${encodeURIComponent(query)}`, {
    headers: { accept: "application/graphql-response+json, application/json", ...headers },
  });
  return { status: response.statusCode, body: (await response.body.json()) as Record<string, unknown> };
}

describe("GET /graphql", () => {
  it("runs a query with a bearer token, and with an API key, without a CSRF header", async () => {
    const byToken = await get(COMPANIES, { authorization: `Bearer ${await server.token()}` });
    expect(byToken).toEqual({
      status: 200,
      body: { data: { companies: [{ companyId: "CEKEP5GSGP" }, { companyId: "CEK7T1WMC6" }] } },
    });
    const byKey = await get(COMPANIES, { "x-api-key": API_KEY });
    expect(byKey).toEqual({ status: 200, body: { data: { companies: [{ companyId: "CEK7T1WMC6" }] } } });
    const byKeyScheme = await get(COMPANIES, { authorization: `ApiKey ${API_KEY}` });
    expect(byKeyScheme.status).toBe(200);
  });

  it("never runs a mutation: 405, no EnKash call", async () => {
    const before = server.sandbox.calls.count();
    const card = PREPAID_CARD_ID;
    const answer = await get(
      `mutation GenerateCardOtp { generateCardOtp(input: { cardId: "${card}" }) { otpRequestId } }`,
      { authorization: `Bearer ${await server.token()}` },
    );
    expect(answer.status).toBe(405);
    expect(answer.body.data).toBeUndefined();
    expect(server.sandbox.calls.count()).toBe(before);
  });
});

describe("CSRF prevention applies to requests without explicit credentials", () => {
  // yoga's plugin, wrapped, on a bare yoga: no authentication in front, so the CSRF rule alone decides.
  const yoga = createYoga({
    schema: createSchema({ typeDefs: "type Query { ok: Boolean }" }),
    plugins: [useCsrfPrevention({ requestHeaders: ["x-graphql-csrf"] })],
  });
  const status = async (headers: Record<string, string>) =>
    (await yoga.fetch("http://localhost/graphql?query=%7B__typename%7D", { headers })).status;

  it("refuses a credential-less GET without the CSRF header, lets it through with the header", async () => {
    expect(await status({ accept: "application/json" })).toBe(403);
    expect(await status({ accept: "application/json", "x-graphql-csrf": "1" })).toBe(200);
  });

  it("an Authorization a browser may attach on its own (Basic) still needs the header; Bearer, ApiKey, X-API-Key do not", async () => {
    expect(await status({ authorization: "Basic dXNlcjpwYXNz" })).toBe(403);
    expect(await status({ cookie: "session=1" })).toBe(403);
    expect(await status({ authorization: "Bearer anything" })).toBe(200);
    expect(await status({ authorization: "ApiKey anything" })).toBe(200);
    expect(await status({ "x-api-key": "anything" })).toBe(200);
  });
});
