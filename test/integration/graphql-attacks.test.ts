import { describe, expect, it } from "vitest";
import { useHarness } from "../helpers/harness.ts";
import { PREPAID_CARD_ID as CARD } from "../helpers/ids.ts";

/** Hostile requests: each refused with a clear error, none reaching EnKash. */
const h = useHarness();
const production = useHarness({}, {}, { introspection: false });

async function refusedWithoutEnkash(
  run: () => Promise<{ errors?: readonly { message: string }[] | undefined }>,
  message: RegExp,
) {
  const before = h.sandbox.calls.count();
  const result = await run();
  expect(result.errors?.map((error) => error.message).join(" | ")).toMatch(message);
  expect(h.sandbox.calls.count()).toBe(before);
  return result;
}

describe("attack requests", () => {
  it("16 aliases are refused", async () => {
    const fields = Array.from({ length: 16 }, (_, i) => `a${i}: companies { companyId }`).join(" ");
    await refusedWithoutEnkash(() => h.gql(`query Many { ${fields} }`), /aliases/i);
  });

  it("OTP guessing with aliases, or several sensitive mutations in one document, is refused", async () => {
    const guesses = Array.from(
      { length: 3 },
      (_, i) =>
        `g${i}: lockCard(input: { cardId: "${CARD}", otp: { otpRequestId: "EKAAAAAAAA", code: "00000${i}" } }) { userErrors { code } }`,
    ).join(" ");
    await refusedWithoutEnkash(() => h.gql(`mutation Guess { ${guesses} }`), /may not be aliased/);
    await refusedWithoutEnkash(
      () =>
        h.gql(
          `mutation A { lockCard(input: { cardId: "${CARD}", otp: { medium: AUTHENTICATOR, code: "000001" } }) { userErrors { code } } unlockCard(input: { cardId: "${CARD}", otp: { medium: AUTHENTICATOR, code: "000002" } }) { userErrors { code } } }`,
        ),
      /At most one OTP-gated or money-moving mutation per document/,
    );
    await refusedWithoutEnkash(
      () =>
        h.gql(
          `mutation M { loadCard(input: { cardId: "${CARD}", amount: "1", referenceNumber: "R" }) { userErrors { code } } createCardAccount(input: { companyId: "X", companyName: "X", planMasterId: "X", title: "X", type: MEAL, adminEmail: "a@b.in", adminMobile: "9000000000" }) { userErrors { code } } }`,
        ),
      /must be the only field of its mutation/,
    );
  });

  it("a query 20 levels deep is refused", async () => {
    const deep = `query Deep { card(companyId: "CEKEP5GSGP", cardAccountId: "CABFIPS", enKashCardId: "EKCMB7KAEW") { ${"account { primaryCard { ".repeat(10)}id${" } }".repeat(10)} } }`;
    // Depth and cost limits both catch it; either is a clear refusal.
    await refusedWithoutEnkash(() => h.gql(deep), /depth limit|Cost limit/i);
  });

  it("an oversized body is 413, a body without length 411, a JSON array (batch) is refused", async () => {
    const token = await h.token();
    const big = await h.fetch({
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: `query Big { companies { companyId } } # ${"x".repeat(70 * 1024)}` }),
    });
    expect(big.status).toBe(413);
    expect(((await big.json()) as { errors: { message: string }[] }).errors[0]?.message).toBe(
      "Request body exceeds 65536 bytes",
    );
    const batch = await h.fetch({
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
      body: JSON.stringify([
        { query: "query A { companies { companyId } }" },
        { query: "query B { companies { companyId } }" },
      ]),
    });
    expect(batch.status).toBeGreaterThanOrEqual(400);
    expect(await batch.text()).not.toContain('"data"');
  });

  it("introspection is refused in production mode, allowed with the sandbox", async () => {
    const refused = await production.gql(`query I { __schema { types { name } } }`);
    expect(refused.errors?.[0]?.message).toMatch(/introspection/i);
    const allowed = await h.gql(`query I { __schema { queryType { name } } }`);
    expect(allowed.data).toEqual({ __schema: { queryType: { name: "Query" } } });
  });

  it("field suggestions are hidden", async () => {
    const result = await h.gql(`query T { companis { companyId } }`);
    expect(result.errors?.[0]?.message).not.toMatch(/Did you mean/);
  });

  it("a GET with a token needs no CSRF header (it is preflighted); every response says no-store", async () => {
    const token = await h.token();
    const get = await h.fetch({
      method: "GET",
      path: `/graphql?query=${encodeURIComponent("query Q { companies { companyId } }")}`,
      headers: { authorization: `Bearer ${token}`, accept: "application/json" },
    });
    expect(get.status).toBe(200);
    expect(get.headers.get("cache-control")).toBe("no-store");
    const post = await h.fetch({
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: "query Q { companies { companyId } }" }),
    });
    expect(post.headers.get("cache-control")).toBe("no-store");
    expect(post.headers.get("x-content-type-options")).toBe("nosniff");
    const unauthenticated = await h.fetch({
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "{}",
    });
    expect(unauthenticated.headers.get("cache-control")).toBe("no-store");
  });

  it("OTP sends and OTP attempts are rate limited per viewer and card", async () => {
    const sends: string[] = [];
    for (let i = 0; i < 6; i++) {
      const result = await h.gql(
        `mutation O { generateCardOtp(input: { cardId: "${CARD}" }) { userErrors { code } } }`,
      );
      sends.push(
        (result.data as { generateCardOtp: { userErrors: { code: string }[] } }).generateCardOtp.userErrors[0]
          ?.code ?? "ok",
      );
    }
    expect(sends).toEqual(["ok", "ok", "ok", "ok", "ok", "RATE_LIMITED"]);
    // Ten OTP-proved attempts per viewer and card, right codes included (wrong codes are bounded
    // per card much sooner: test/security-otp.test.ts).
    const attempts: string[] = [];
    for (let i = 0; i < 11; i++) {
      const before = h.sandbox.calls.count("blockCard");
      const mutation = i % 2 === 0 ? "lockCard" : "unlockCard";
      const result = await h.gql(
        `mutation L { ${mutation}(input: { cardId: "${CARD}", otp: { medium: AUTHENTICATOR, code: "123456" } }) { userErrors { code } } }`,
      );
      attempts.push(
        (result.data as Record<string, { userErrors: { code: string }[] }>)[mutation]?.userErrors[0]?.code ??
          "ok",
      );
      if (i === 10) expect(h.sandbox.calls.count("blockCard")).toBe(before);
    }
    expect(attempts.slice(0, 10).every((code) => code === "ok")).toBe(true);
    expect(attempts[10]).toBe("RATE_LIMITED");
    // Another viewer is counted apart.
    const other = await h.token({ subject: "someone-else" });
    const theirs = await h.gql(
      `mutation O { generateCardOtp(input: { cardId: "${CARD}" }) { userErrors { code } } }`,
      {},
      { token: other },
    );
    expect(
      (theirs.data as { generateCardOtp: { userErrors: unknown[] } }).generateCardOtp.userErrors,
    ).toEqual([]);
  });
});
