import { beforeEach, describe, expect, it } from "vitest";
import { CREDENTIALS, useSandbox } from "../helpers/sandbox.ts";

const ctx = useSandbox({ tokenTtlSeconds: 600 });
beforeEach(() => ctx.reset());

const ACCOUNT = { cardAccountId: "CAVBMRFE8", companyId: "CEK7T1WMC6" };

describe("POST /oauth/token", () => {
  it("refuses wrong client credentials with 401 and does not count them as a failed login", async () => {
    const answer = await ctx.caller.requestToken({}, `${CREDENTIALS.clientId}:wrong-secret`);
    expect(answer.status).toBe(401);
    expect(answer.json).toEqual({ error: "invalid_client", error_description: "Bad client credentials" });
    expect(answer.text).not.toContain("wrong-secret");
    expect(ctx.sandbox.auth.locked).toBe(false);
  });

  it("refuses a missing Basic header with 401", async () => {
    const answer = await ctx.caller.send("POST", "/oauth/token", undefined, {
      rawBody: "grant_type=password",
      contentType: "application/x-www-form-urlencoded",
    });
    expect(answer.status).toBe(401);
    expect(answer.json.error).toBe("unauthorized");
  });

  it("names a missing form field", async () => {
    const answer = await ctx.caller.requestToken({ username: "" });
    expect(answer.status).toBe(400);
    expect(answer.json).toEqual({
      error: "invalid_request",
      error_description: "Missing required parameter: username",
    });
  });

  it("supports only the password grant", async () => {
    const answer = await ctx.caller.requestToken({ grant_type: "client_credentials" });
    expect(answer.status).toBe(400);
    expect(answer.json.error).toBe("unsupported_grant_type");
  });

  it("refuses a form clientId other than the authenticated client", async () => {
    const answer = await ctx.caller.requestToken({ clientId: "CEK7T1WMC6" });
    expect(answer.status).toBe(400);
    expect(answer.json.error).toBe("invalid_request");
  });

  it("locks the login after three wrong passwords in a row, until unlocked", async () => {
    for (let attempt = 1; attempt <= 2; attempt++) {
      const wrong = await ctx.caller.requestToken({ password: "Wrong@123" });
      expect(wrong.json).toEqual({ error: "invalid_grant", error_description: "Bad credentials" });
      expect(wrong.text).not.toContain("Wrong@123");
    }
    const third = await ctx.caller.requestToken({ password: "Wrong@123" });
    expect(third.json).toEqual({
      error: "invalid_grant",
      error_description: "User account is locked after repeated failed logins",
    });
    const right = await ctx.caller.requestToken();
    expect(right.status).toBe(400);
    expect(right.json.error_description).toBe("User account is locked after repeated failed logins");

    const unlock = await ctx.caller.send("POST", "/__sandbox/unlock-login");
    expect(unlock.status).toBe(200);
    expect((await ctx.caller.requestToken()).status).toBe(200);
  });

  it("a successful login resets the failure count", async () => {
    await ctx.caller.requestToken({ password: "Wrong@123" });
    await ctx.caller.requestToken({ password: "Wrong@123" });
    expect((await ctx.caller.requestToken()).status).toBe(200);
    await ctx.caller.requestToken({ password: "Wrong@123" });
    await ctx.caller.requestToken({ password: "Wrong@123" });
    expect((await ctx.caller.requestToken()).status).toBe(200);
  });
});

describe("bearer token and partnerId on card routes", () => {
  it("refuses a missing bearer token with 401 JSON", async () => {
    const answer = await ctx.caller.card("cardAccount/get", ACCOUNT, { token: null });
    expect(answer.status).toBe(401);
    expect(answer.json).toEqual({
      error: "unauthorized",
      error_description: "Full authentication is required to access this resource",
    });
  });

  it("refuses an unknown token without echoing it", async () => {
    const answer = await ctx.caller.card("cardAccount/get", ACCOUNT, {
      token: "NotARealTokenNotARealToken1",
    });
    expect(answer.status).toBe(401);
    expect(answer.json).toEqual({ error: "invalid_token", error_description: "Invalid access token" });
    expect(answer.text).not.toContain("NotARealToken");
  });

  it("refuses an expired token", async () => {
    const token = await ctx.caller.token();
    expect((await ctx.caller.card("cardAccount/get", ACCOUNT, { token })).status).toBe(200);
    ctx.sandbox.clock.advance(601_000);
    const answer = await ctx.caller.card("cardAccount/get", ACCOUNT, { token });
    expect(answer.status).toBe(401);
    expect(answer.json).toEqual({ error: "invalid_token", error_description: "Access token expired" });
  });

  it("issues tokens with the configured TTL and honours a TTL changed at run time", async () => {
    expect((await ctx.caller.requestToken()).json.expires_in).toBe(600);
    const set = await ctx.caller.post("/__sandbox/faults", { tokenTtlSeconds: 30 });
    expect(set.status).toBe(200);
    const short = await ctx.caller.requestToken();
    expect(short.json.expires_in).toBe(30);
    ctx.sandbox.clock.advance(31_000);
    const answer = await ctx.caller.card("cardAccount/get", ACCOUNT, { token: short.json.access_token });
    expect(answer.status).toBe(401);
  });

  it("revoking tokens forces a new login", async () => {
    const token = await ctx.caller.token();
    await ctx.caller.send("POST", "/__sandbox/revoke-tokens");
    expect((await ctx.caller.card("cardAccount/get", ACCOUNT, { token })).status).toBe(401);
  });

  it("answers a wrong partnerId with the documented 422", async () => {
    const answer = await ctx.caller.card("cardAccount/get", ACCOUNT, { partnerId: "CRXXXXXXX" });
    expect(answer.status).toBe(422);
    expect(answer.json).toEqual({
      response_code: 422,
      response_message: "Card Account does not exist for this partner",
      payload: "Card Account does not exist for this partner",
    });
  });

  it("refuses the partner IDs of EnKash's pages unless documentedPartnerIds is on (off by default)", async () => {
    for (const partnerId of ["CRXXXXXXX", "CRM338L2H", "CRMXWB3ZM", "CRMAXZ11Q"]) {
      expect((await ctx.caller.card("cardAccount/get", ACCOUNT, { partnerId })).status, partnerId).toBe(422);
    }
  });

  it("answers a missing partnerId with 400 naming the header", async () => {
    const answer = await ctx.caller.card("cardAccount/get", ACCOUNT, { partnerId: null });
    expect(answer.status).toBe(400);
    expect(answer.json.payload).toEqual([{ field: "partnerId", rule: "header is required" }]);
  });

  it("accepts the header names in either case, as EnKash's samples send both", async () => {
    const token = await ctx.caller.token();
    const answer = await ctx.caller.card("cardAccount/get", ACCOUNT, {
      token: null,
      partnerId: null,
      headers: { Authorization: `Bearer ${token}`, partnerid: CREDENTIALS.partnerId },
    });
    expect(answer.status).toBe(200);
  });
});
