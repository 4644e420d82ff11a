import { Readable } from "node:stream";
import { request } from "undici";
import { describe, expect, it } from "vitest";
import { routes } from "../../src/sandbox/routes/index.ts";
import { CARD_API, useSandbox } from "../helpers/sandbox.ts";

const ctx = useSandbox({ envelopes: { createCard: "B" } });

describe("bad input gets a 4xx in EnKash's shape, and the sandbox never crashes", () => {
  it("malformed JSON is a 400", async () => {
    const answer = await ctx.caller.card("cardAccount/get", undefined, { rawBody: '{"companyId": ' });
    expect(answer.status).toBe(400);
    expect(answer.json).toEqual({
      response_code: 400,
      response_message: "Malformed JSON request",
      payload: "Malformed JSON request",
    });
  });

  it("an empty body is a 400", async () => {
    const answer = await ctx.caller.card("setPin", undefined, { rawBody: "" });
    expect(answer.status).toBe(400);
    expect(answer.json.message).toBe("Required request body is missing");
  });

  it("a JSON array or scalar body is a 400 naming the body", async () => {
    for (const rawBody of ["[1,2,3]", '"text"', "42", "null"]) {
      const answer = await ctx.caller.card("setPin", undefined, { rawBody });
      expect(answer.status, rawBody).toBe(400);
      expect(answer.json.payload).toEqual([{ field: "body", rule: "must be an object" }]);
    }
  });

  it("a wrong content type is a 415", async () => {
    const answer = await ctx.caller.card("setPin", undefined, {
      rawBody: "pin=1234",
      contentType: "text/plain",
    });
    expect(answer.status).toBe(415);
    expect(answer.json).toEqual({
      code: 415,
      message: "Content type must be application/json",
      payload: "Content type must be application/json",
    });
  });

  it("an unknown route is a 404 and a wrong method a 405", async () => {
    const unknown = await ctx.caller.send("POST", `${CARD_API}/teleport`, {});
    expect(unknown.status).toBe(404);
    expect(unknown.json).toEqual({
      code: 404,
      message: `No route for POST ${CARD_API}/teleport`,
      payload: `No route for POST ${CARD_API}/teleport`,
    });
    const wrongMethod = await ctx.caller.send("GET", `${CARD_API}/setPin`);
    expect(wrongMethod.status).toBe(405);
  });

  it("a body over 1 MiB is a 413 and the connection is closed", async () => {
    const huge = JSON.stringify({ companyId: "x".repeat(1024 * 1024 + 10) });
    const answer = await ctx.caller.card("setPin", undefined, { rawBody: huge });
    expect(answer.status).toBe(413);
    expect(answer.json.message).toBe("Request body exceeds 1048576 bytes");
    expect(answer.headers.connection).toBe("close");
  });

  it("a body streamed past 1 MiB without a length is a 413 too", async () => {
    const token = await ctx.caller.token();
    async function* chunks() {
      for (let i = 0; i < 20; i++) yield Buffer.alloc(64 * 1024, 0x20);
    }
    const response = await request(`${ctx.sandbox.url}${CARD_API}/setPin`, {
      method: "POST",
      headers: {
        authorization: `Bearer ${token}`,
        partnerId: "CRSANDBOX1",
        "content-type": "application/json",
      },
      body: Readable.from(chunks()),
    });
    expect(response.statusCode).toBe(413);
    await response.body.text();
  });

  it("per-route envelope overrides apply", async () => {
    const answer = await ctx.caller.card("", { companyId: "CEKEP5GSGP", cardAccountId: "CANOPE" });
    expect(answer.json).toMatchObject({ response_code: 404 });
  });

  it("survives garbage thrown at every route, then still answers", async () => {
    const garbage: (string | undefined)[] = [
      "",
      "{",
      "[]",
      "null",
      '{"companyId": {"$gt": ""}, "cardAccountId": [], "enKashCardId": 1e309}',
      '{"amount": "NaN", "pinBlock": -1, "enKashCardIds": {"length": 5}}',
      `{"${"k".repeat(5000)}": true}`,
      '{"__proto__": {"polluted": true}, "constructor": {"prototype": {"polluted": true}}}',
      JSON.stringify({
        companyId: "CEKEP5GSGP",
        cardAccountId: "CABFIPS",
        enKashCardId: "EKCMB7KAEW",
        amount: 1e21,
        transactionType: "CR",
        uniqueReferenceNumber: "\u0000",
      }),
      "\u00ff\u00fe garbage \ud800",
    ];
    let answered = 0;
    for (const route of routes) {
      // Helpers such as /__sandbox/reset and /revoke-tokens end earlier tokens: log in per route.
      ctx.caller.forgetToken();
      const token = await ctx.caller.token();
      const path = route.path.replace(":enkashTransactionId", "%2e%2e%2f");
      for (const body of garbage) {
        for (const contentType of ["application/json", "application/x-www-form-urlencoded", "text/plain"]) {
          const response = await request(`${ctx.sandbox.url}${path}`, {
            method: route.method,
            headers: {
              authorization: `Bearer ${token}`,
              partnerId: "CRSANDBOX1",
              "content-type": contentType,
            },
            ...(route.method === "GET" ? {} : { body }),
          });
          expect(response.statusCode, `${route.method} ${path} ${body?.slice(0, 30)}`).toBeLessThan(500);
          await response.body.text();
          answered++;
        }
      }
    }
    expect(answered).toBe(routes.length * garbage.length * 3);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    ctx.caller.forgetToken();
    const health = await ctx.caller.card("cardAccount/get", {
      companyId: "CEK7T1WMC6",
      cardAccountId: "CAVBMRFE8",
    });
    expect(health.json.response_code).toBe(0);
    expect(ctx.sandbox.calls.totals().byStatus["500"]).toBeUndefined();
  });
});
