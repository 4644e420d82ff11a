import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  EnkashAbortedError,
  EnkashContractError,
  EnkashError,
  EnkashInvalidRequestError,
  EnkashLoginLockedError,
  EnkashNotFoundError,
  EnkashOutcomeUnknownError,
  EnkashRateLimitedError,
  EnkashRejectedError,
  EnkashTimeoutError,
  EnkashUnauthorizedError,
  EnkashUnavailableError,
  EnkashValidationError,
} from "../../src/enkash/errors.ts";
import {
  assertNoSecrets,
  CORPORATE,
  CORPORATE_CARD,
  GIFT_CARD,
  PREPAID,
  PREPAID_CARD,
  useClient,
} from "../helpers/enkash.ts";

const ctx = useClient({}, { retry: { baseDelayMs: 5, maxDelayMs: 20 } });
const faults = (settings: Record<string, unknown>) =>
  ctx.sandbox.faults.configure({ faults: { retryAfterSeconds: 0, ...settings } });

async function failure(promise: Promise<unknown>): Promise<EnkashError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(EnkashError);
    return error as EnkashError;
  }
  throw new Error("expected the call to fail");
}

describe("typed errors, each with a stable code", () => {
  it("ENKASH_VALIDATION: invalid input never leaves the process, and the error names fields and rules only", async () => {
    const before = ctx.sandbox.calls.count();
    const error = await failure(
      ctx.client.call("setPin", {
        ...PREPAID_CARD,
        pin: "98765",
        otp: { medium: "MOBILE", otpRequestId: "", otp: "12" },
      }),
    );
    expect(error).toBeInstanceOf(EnkashValidationError);
    expect(error.code).toBe("ENKASH_VALIDATION");
    expect((error as EnkashValidationError).problems).toEqual([
      { field: "pin", rule: "must be exactly 4 digits" },
      { field: "otp.otpRequestId", rule: "must not be empty" },
      { field: "otp.otp", rule: "must be 4 to 8 digits" },
    ]);
    expect(error.message).not.toContain("98765");
    const load = await failure(
      ctx.client.call("loadCardBalance", { ...PREPAID_CARD, amount: 10.5, uniqueReferenceNumber: "R" }),
    );
    expect((load as EnkashValidationError).problems).toEqual([
      { field: "amount", rule: "must be a whole number of paise" },
    ]);
    const mobile = await failure(
      ctx.client.call("createCard", { ...PREPAID, mobile: "12345", email: "nope" }),
    );
    expect((mobile as EnkashValidationError).problems.map((p) => p.field)).toEqual(["email", "mobile"]);
    expect(ctx.sandbox.calls.count()).toBe(before);
  });

  it("ENKASH_REJECTED: EnKash's business refusal (code 1) with its message", async () => {
    const error = await failure(
      ctx.client.call("loadCardBalance", { ...GIFT_CARD, amount: 100, uniqueReferenceNumber: "GIFT-RELOAD" }),
    );
    expect(error).toBeInstanceOf(EnkashRejectedError);
    expect(error).toMatchObject({
      code: "ENKASH_REJECTED",
      message: "Gift cards cannot be reloaded",
      status: 200,
      operation: "loadCardBalance",
    });
  });

  it("ENKASH_NOT_FOUND: an unknown account or card", async () => {
    const error = await failure(
      ctx.client.call("getCardDetails", { ...CORPORATE, enKashCardId: "EKCNOTHERE" }),
    );
    expect(error).toBeInstanceOf(EnkashNotFoundError);
    expect(error).toMatchObject({
      code: "ENKASH_NOT_FOUND",
      status: 404,
      message: "Card not found for cardAccountId: CAVBMRFE8 and enKashCardId: EKCNOTHERE",
    });
  });

  it("ENKASH_INVALID_REQUEST: EnKash's 422 for a wrong partner, with its message", async () => {
    const other = ctx.newClient({ partnerId: "CRXXXXXXX" });
    const error = await failure(other.call("getCardAccount", CORPORATE));
    expect(error).toBeInstanceOf(EnkashInvalidRequestError);
    expect(error).toMatchObject({
      code: "ENKASH_INVALID_REQUEST",
      status: 422,
      message: "Card Account does not exist for this partner",
    });
  });

  it("ENKASH_INVALID_REQUEST: a body in the wrong encryption mode", async () => {
    const encrypted = ctx.newClient({ encryption: "aes-128-ecb" });
    const error = await failure(encrypted.call("getCardAccount", CORPORATE));
    expect(error).toMatchObject({
      code: "ENKASH_INVALID_REQUEST",
      status: 422,
      message: "Invalid request format: encryption is not enabled for this partner",
    });
  });

  it("ENKASH_UNAUTHORIZED: bad credentials are not retried and not repeated", async () => {
    const wrong = ctx.newClient({ password: "Wrong@Password1" });
    ctx.secret("Wrong@Password1");
    const tokenCalls = ctx.sandbox.calls.count("token");
    const first = await failure(wrong.call("getCardAccount", CORPORATE));
    expect(first).toBeInstanceOf(EnkashUnauthorizedError);
    expect(first).toMatchObject({
      code: "ENKASH_UNAUTHORIZED",
      message: "EnKash refused the partner credentials: Bad credentials",
    });
    for (let i = 0; i < 5; i++)
      expect((await failure(wrong.call("getCardAccount", CORPORATE))).code).toBe("ENKASH_UNAUTHORIZED");
    expect(ctx.sandbox.calls.count("token")).toBe(tokenCalls + 1);
    expect(ctx.sandbox.auth.locked).toBe(false);
  });

  it("ENKASH_LOGIN_LOCKED: a locked login is reported as such", async () => {
    const wrong = ctx.newClient({ password: "Wrong@Password2" });
    ctx.secret("Wrong@Password2");
    for (let i = 0; i < 3; i++) {
      wrong.resetCredentials();
      await failure(wrong.call("getCardAccount", CORPORATE));
    }
    const locked = ctx.newClient();
    const error = await failure(locked.call("getCardAccount", CORPORATE));
    expect(error).toBeInstanceOf(EnkashLoginLockedError);
    expect(error.code).toBe("ENKASH_LOGIN_LOCKED");
    ctx.sandbox.auth.unlock();
  });

  it("ENKASH_RATE_LIMITED: reads retry after the wait EnKash asks for, then give up", async () => {
    faults({ http429: 1, routes: ["getCardAccount"] });
    const attemptsBefore = ctx.sandbox.calls.count("getCardAccount");
    const error = await failure(ctx.client.call("getCardAccount", CORPORATE));
    faults({});
    expect(error).toBeInstanceOf(EnkashRateLimitedError);
    expect(error).toMatchObject({ code: "ENKASH_RATE_LIMITED", status: 429, retryAfterMs: 0 });
    expect(ctx.sandbox.calls.count("getCardAccount") - attemptsBefore).toBe(3);
  });

  it("ENKASH_UNAVAILABLE: 503, and a refused connection", async () => {
    faults({ http503: 1, routes: ["getCardDetails"] });
    const error = await failure(ctx.client.call("getCardDetails", CORPORATE_CARD));
    faults({});
    expect(error).toBeInstanceOf(EnkashUnavailableError);
    expect(error).toMatchObject({ code: "ENKASH_UNAVAILABLE", status: 503 });

    const nowhere = ctx.newClient({
      baseUrl: "http://127.0.0.1:9",
      tokenUrl: "http://127.0.0.1:9/oauth/token",
    });
    const refused = await failure(nowhere.call("getCardDetails", CORPORATE_CARD));
    expect(refused.code).toBe("ENKASH_UNAVAILABLE");
  });

  it("ENKASH_TIMEOUT: a read that hangs past the deadline", async () => {
    faults({ hang: 1, routes: ["getCardBalance"] });
    const error = await failure(ctx.client.call("getCardBalance", CORPORATE_CARD, { timeoutMs: 300 }));
    faults({});
    expect(error).toBeInstanceOf(EnkashTimeoutError);
    expect(error.code).toBe("ENKASH_TIMEOUT");
  });

  it("ENKASH_OUTCOME_UNKNOWN: a write whose answer was lost, which did happen", async () => {
    faults({ lostResponse: 1, routes: ["loadCardBalance"] });
    const error = await failure(
      ctx.client.call("loadCardBalance", {
        ...PREPAID_CARD,
        amount: 500,
        uniqueReferenceNumber: "LOST-LOAD-1",
      }),
    );
    faults({});
    expect(error).toBeInstanceOf(EnkashOutcomeUnknownError);
    expect(error.code).toBe("ENKASH_OUTCOME_UNKNOWN");
    const found = await ctx.client.call("searchTransactions", { ...PREPAID, references: ["LOST-LOAD-1"] });
    expect(found.totalElements).toBe(1);
  });

  it("ENKASH_OUTCOME_UNKNOWN: a write that hangs past the deadline", async () => {
    faults({ hang: 1, routes: ["setPin"] });
    const error = await failure(
      ctx.client.call("setPin", { ...PREPAID_CARD, pin: "8642" }, { timeoutMs: 300 }),
    );
    ctx.secret("8642");
    faults({});
    expect(error.code).toBe("ENKASH_OUTCOME_UNKNOWN");
  });

  it("ENKASH_ABORTED: the caller gave up", async () => {
    faults({ hang: 1, routes: ["getCardDetails"] });
    const controller = new AbortController();
    const pending = failure(ctx.client.call("getCardDetails", CORPORATE_CARD, { signal: controller.signal }));
    setTimeout(() => controller.abort(), 50);
    const error = await pending;
    faults({});
    expect(error).toBeInstanceOf(EnkashAbortedError);
    expect(error.code).toBe("ENKASH_ABORTED");
  });

  describe("answers from a server that breaks the contract", () => {
    let server: Server;
    let url = "";
    beforeAll(async () => {
      server = createServer((req, res) => {
        res.setHeader("content-type", "application/json");
        if (req.url?.startsWith("/oauth/token"))
          return res.end(
            JSON.stringify({
              access_token: "ContractTestToken0000000000",
              token_type: "bearer",
              expires_in: 3600,
            }),
          );
        if (req.url?.endsWith("/wallet-details"))
          return res.end(
            JSON.stringify({
              code: 0,
              message: "Success",
              payload: { enKashCardId: 42, cardNumber: "6521501234567890" },
            }),
          );
        if (req.url?.endsWith("/cardAccount/get")) return res.end("<html>gateway error</html>");
        if (req.url?.endsWith("/setPin")) {
          res.statusCode = 400;
          const problems = [{ field: "pinBlock", rule: "must be a 4-digit PIN" }];
          return res.end(
            JSON.stringify({
              code: 400,
              message: "Invalid request: pinBlock must be a 4-digit PIN",
              payload: problems,
            }),
          );
        }
        return res.end(JSON.stringify({ status: "ok" }));
      });
      await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
      url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });
    afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

    it("names the fields that broke the contract, never their values", async () => {
      const odd = ctx.newClient({ baseUrl: url, tokenUrl: `${url}/oauth/token` });
      ctx.secret("ContractTestToken0000000000");
      const payload = await failure(odd.call("getCardDetails", CORPORATE_CARD));
      expect(payload).toBeInstanceOf(EnkashContractError);
      expect(payload.code).toBe("ENKASH_CONTRACT");
      expect(payload.message).toMatch(
        /^EnKash's payload for getCardDetails does not match the contract: enKashCardId must be a string; /,
      );
      expect(payload.message).not.toContain("6521501234567890");
      expect((await failure(odd.call("getCardAccount", CORPORATE))).message).toBe(
        "EnKash's answer is not JSON",
      );
      expect((await failure(odd.call("getCardBalance", CORPORATE_CARD))).message).toMatch(/envelope/);
      const invalid = await failure(odd.call("setPin", { ...PREPAID_CARD, pin: "1357" }));
      ctx.secret("1357");
      expect(invalid).toBeInstanceOf(EnkashInvalidRequestError);
      expect(invalid).toMatchObject({
        status: 400,
        message: "Invalid request: pinBlock must be a 4-digit PIN",
        problems: [{ field: "pinBlock", rule: "must be a 4-digit PIN" }],
      });
    });
  });

  it("the secrets scan catches what it must", () => {
    expect(() => assertNoSecrets("card 6521501234567893 x", [])).toThrow();
    expect(() => assertNoSecrets("password Sandbox@123", ["Sandbox@123"])).toThrow();
    expect(() => assertNoSecrets("id EKC94AEX89 at 2026-11-22T03:00:00.000Z", ["Sandbox@123"])).not.toThrow();
  });
});
