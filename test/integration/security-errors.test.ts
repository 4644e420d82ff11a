import { describe, expect, it } from "vitest";
import { LoadCardDocument } from "../../operations/generated.ts";
import { useHarness } from "../helpers/harness.ts";
import { PREPAID_CARD_ID as CARD } from "../helpers/ids.ts";

/**
 * Errors never echo what the caller sent and always carry a code: graphql-js's own messages
 * (enums, scalars, literals, variables, syntax), malformed IDs, and EnKash's refusals (mapped to
 * the server's words; EnKash's text goes to the log only, redacted).
 */
const h = useHarness();
const SECRET = "4111111111111111";
const OTP = "918273";

type Answer = { errors?: readonly { message: string; extensions?: Record<string, unknown> }[] };

/** Nothing the caller sent comes back, and every error says what kind it is. */
function expectCleanErrors(result: Answer, ...sent: string[]) {
  expect(result.errors?.length ?? 0).toBeGreaterThan(0);
  const text = JSON.stringify(result);
  for (const value of sent) expect(text).not.toContain(value);
  for (const error of result.errors ?? []) expect(typeof error.extensions?.code).toBe("string");
}

/** A POST of `body` (JSON, or text sent as it is), asking for application/graphql-response+json. */
async function raw(body: unknown) {
  const response = await h.fetch({
    method: "POST",
    headers: {
      "content-type": "application/json",
      accept: "application/graphql-response+json",
      authorization: `Bearer ${await h.token()}`,
    },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
  return { status: response.status, result: (await response.json()) as Answer };
}

describe("graphql-js messages lose the values they quote", () => {
  it("an OTP typed into an enum field, inline or as a variable", async () => {
    const inline = await h.gql(
      `mutation L { lockCard(input: { cardId: "${CARD}", otp: { medium: ${OTP}, code: "123456" } }) { userErrors { code } } }`,
    );
    expectCleanErrors(inline, OTP);
    const asString = await h.gql(
      `mutation L { lockCard(input: { cardId: "${CARD}", otp: { medium: "${OTP}", code: "123456" } }) { userErrors { code } } }`,
    );
    expectCleanErrors(asString, OTP);
    const variable = await h.gql(
      `mutation L($m: OtpMedium) { lockCard(input: { cardId: "${CARD}", otp: { medium: $m, code: "123456" } }) { userErrors { code } } }`,
      { m: OTP },
    );
    expectCleanErrors(variable, OTP);
    const suggestion = await h.gql(
      `mutation L($m: OtpMedium) { lockCard(input: { cardId: "${CARD}", otp: { medium: $m, code: "123456" } }) { userErrors { code } } }`,
      { m: "SMSS" },
    );
    expectCleanErrors(suggestion, "SMSS");
  });

  it("a card number in every built-in scalar, as a literal and as a variable", async () => {
    const cases: [string, string, unknown][] = [
      [
        `card(companyId: ${SECRET}, cardAccountId: "CABFIPS", enKashCardId: "EKCMB7KAEW") { id }`,
        `query Q($v: String!) { card(companyId: $v, cardAccountId: "CABFIPS", enKashCardId: "EKCMB7KAEW") { id } }`,
        Number(SECRET),
      ],
      [`node(id: ${SECRET}.5) { id }`, `query Q($v: ID!) { node(id: $v) { id } }`, { number: SECRET }],
      [
        `cardAccount(companyId: "CEKEP5GSGP", cardAccountId: "CABFIPS") { cards(first: "${SECRET}") { totalCount } }`,
        `query Q($v: Int) { cardAccount(companyId: "CEKEP5GSGP", cardAccountId: "CABFIPS") { cards(first: $v) { totalCount } } }`,
        SECRET,
      ],
      [
        `companies @include(if: "${SECRET}") { id }`,
        `query Q($v: Boolean!) { companies @include(if: $v) { id } }`,
        SECRET,
      ],
    ];
    for (const [literal, withVariable, value] of cases) {
      expectCleanErrors(await h.gql(`query Q { ${literal} }`), SECRET);
      expectCleanErrors(await h.gql(withVariable, { v: value }), SECRET);
    }
    const nested = await h.gql(LoadCardDocument, {
      input: { cardId: CARD, amount: "1", [SECRET]: SECRET },
    } as never);
    expectCleanErrors(nested, SECRET);
    const object = await h.gql(LoadCardDocument, {
      input: { cardId: CARD, amount: { pan: SECRET } },
    } as never);
    expectCleanErrors(object, SECRET);
  });

  it("a syntax error does not quote the token it stopped at", async () => {
    const { status, result } = await raw({
      query: `query Q { card(companyId: "CEKEP5GSGP" "${SECRET}") { id } }`,
    });
    expect(status).toBe(400);
    expectCleanErrors(result, SECRET);
    expect(result.errors?.[0]?.extensions?.code).toBe("GRAPHQL_PARSE_FAILED");
  });
});

describe("deeply nested input stops before it can exhaust the stack", () => {
  it("a 5,000-deep list literal is a parse error, not a 500", async () => {
    const deep = `${"[".repeat(5_000)}"x"${"]".repeat(5_000)}`;
    const { status, result } = await raw({ query: `query N { nodes(ids: ${deep}) { id } }` });
    expect(status).toBe(400);
    expect(result.errors?.[0]?.extensions?.code).toBe("GRAPHQL_PARSE_FAILED");
    expect(JSON.stringify(result)).not.toMatch(/call stack/i);
  });

  it("a 5,000-deep variable is a typed input error", async () => {
    // Written out by hand: JSON.stringify itself would run out of stack on it.
    const { status, result } = await raw(
      `{"query":"query N($ids: [ID!]!) { nodes(ids: $ids) { id } }","variables":{"ids":${"[".repeat(5_000)}"x"${"]".repeat(5_000)}}}`,
    );
    expect(status).toBe(400);
    expectCleanErrors(result);
    expect(result.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
  });
});

describe("malformed IDs are bad input", () => {
  it("a too-long or ill-formed EnKash ID in card(...) is BAD_USER_INPUT, before EnKash", async () => {
    for (const enKashCardId of ["A".repeat(65), "EKC/../x", SECRET.repeat(5)]) {
      const before = h.sandbox.calls.count();
      const result = await h.gql(
        `query C($id: String!) { card(companyId: "CEKEP5GSGP", cardAccountId: "CABFIPS", enKashCardId: $id) { id } }`,
        { id: enKashCardId },
      );
      expectCleanErrors(result, enKashCardId);
      expect(result.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
      expect(result.errors?.[0]?.message).toMatch(/enKashCardId must be 1 to 64 letters, digits, - or _/);
      expect(h.sandbox.calls.count()).toBe(before);
    }
  });

  it("node with a malformed or unknown-type ID is BAD_USER_INPUT and does not echo the ID", async () => {
    const ids = [
      `%%%${OTP}`,
      Buffer.from(`Password:${OTP}`).toString("base64"),
      Buffer.from(`Card:${OTP}`).toString("base64"),
      Buffer.from(`Card:CEKEP5GSGP/CABFIPS/${"A".repeat(80)}`).toString("base64"),
    ];
    for (const id of ids) {
      const result = await h.gql(`query N($id: ID!) { node(id: $id) { id } }`, { id });
      expectCleanErrors(result, id, OTP);
      expect(result.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    }
    // A well-formed ID of nothing is simply null.
    const missing = await h.gql(`query N($id: ID!) { node(id: $id) { id } }`, {
      id: Buffer.from("Card:CEKEP5GSGP/CABFIPS/EKCNOSUCH1").toString("base64"),
    });
    expect(missing).toMatchObject({ data: { node: null } });
    expect(missing.errors).toBeUndefined();
  });
});

describe("requests that cannot be read get a typed answer without what was sent", () => {
  const send = async (init: RequestInit & { path?: string }) => {
    const response = await h.fetch({
      ...init,
      headers: { authorization: `Bearer ${await h.token()}`, ...(init.headers as Record<string, string>) },
    });
    const text = await response.text();
    return { status: response.status, text };
  };

  it("a body that is not JSON: 400, coded, and not quoted back", async () => {
    const { status, text } = await send({
      method: "POST",
      headers: { "content-type": "application/json" },
      body: `{"query":"mutation { setCardPin(input: {cardId: \\"x\\", pin: \\"2580\\"}) { card { id } } }", "v": ${SECRET}x}`,
    });
    expect(status).toBe(400);
    expect(text).not.toContain(SECRET);
    expect(text).not.toContain("2580");
    expectCleanErrors(JSON.parse(text) as Answer);
  });

  it("a parameter this API does not take is refused without quoting its name", async () => {
    const name = `pin=2580 otp=${OTP} card=${SECRET}`;
    const { status, text } = await send({
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ query: "query Q { companies { companyId } }", [name]: 1 }),
    });
    expect(status).toBe(400);
    for (const secret of ["2580", OTP, SECRET]) expect(text).not.toContain(secret);
    expectCleanErrors(JSON.parse(text) as Answer);
  });

  it("GET or form parameters that are not JSON: 400, coded, not a 500", async () => {
    const query = encodeURIComponent("query Q { companies { companyId } }");
    for (const path of [
      `/graphql?query=${query}&variables=${SECRET}x`,
      `/graphql?query=${query}&extensions=${SECRET}x`,
    ]) {
      const { status, text } = await send({ method: "GET", path, headers: { accept: "application/json" } });
      expect(status, path).toBe(400);
      expect(text).not.toContain(SECRET);
      expectCleanErrors(JSON.parse(text) as Answer);
    }
    const form = await send({
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: `query=${query}&variables=${SECRET}x`,
    });
    expect(form.status).toBe(400);
    expectCleanErrors(JSON.parse(form.text) as Answer);
  });

  it("multipart (file uploads are not part of this API), an unknown path, an unknown type: coded JSON bodies", async () => {
    const cases: [RequestInit & { path?: string }, number][] = [
      [
        {
          method: "POST",
          headers: { "content-type": "multipart/form-data; boundary=x" },
          body: `--x\r\nContent-Disposition: form-data; name="operations"\r\n\r\n${SECRET}\r\n--x--\r\n`,
        },
        415,
      ],
      [{ method: "GET", path: "/nowhere", headers: { accept: "application/json" } }, 404],
      [{ method: "POST", headers: { "content-type": "text/plain" }, body: `{"query":"${SECRET}"}` }, 415],
    ];
    for (const [init, expected] of cases) {
      const { status, text } = await send(init);
      expect(status, init.path ?? String(init.headers)).toBe(expected);
      expect(text).not.toContain(SECRET);
      expectCleanErrors(JSON.parse(text) as Answer);
    }
  });

  it("graphql-armor's limits carry a code", async () => {
    const fields = Array.from({ length: 16 }, (_, i) => `a${i}: companies { companyId }`).join(" ");
    const result = await h.gql(`query Many { ${fields} }`);
    expectCleanErrors(result);
    expect(result.errors?.[0]?.extensions?.code).toBe("GRAPHQL_VALIDATION_FAILED");
    expect(result.errors?.[0]?.message).toBe("Aliases limit of 15 exceeded, found 16.");
    const deep = Array.from(
      { length: 30 },
      (_, i) =>
        `c${i}: cardAccount(companyId: "CEKEP5GSGP", cardAccountId: "CABFIPS") { cards(first: 100) { edges { node { transactions(first: 100) { edges { node { id } } } } } } }`,
    )
      .slice(0, 14)
      .join(" ");
    const costly = await h.gql(`query Costly { ${deep} }`);
    expect(costly.errors?.[0]?.message).toMatch(/^Query Cost limit of 20,000 exceeded, found [\d,.]+\.$/);
  });

  it("a transaction filter EnKash would refuse is BAD_USER_INPUT before any call", async () => {
    for (const filter of [
      `{ type: "${"T".repeat(65)}" }`,
      `{ from: "2026-11-30T00:00:00Z", to: "2026-11-01T00:00:00Z" }`,
      `{ minAmount: "50", maxAmount: "10" }`,
    ]) {
      const before = h.sandbox.calls.count();
      const result = await h.gql(
        `query T { card(companyId: "CEKEP5GSGP", cardAccountId: "CABFIPS", enKashCardId: "EKCMB7KAEW") { transactions(first: 2, filter: ${filter}) { edges { node { id } } } } }`,
      );
      expectCleanErrors(result);
      expect(result.errors?.[0]?.extensions?.code, filter).toBe("BAD_USER_INPUT");
      expect(h.sandbox.calls.count() - before, filter).toBeLessThanOrEqual(1);
    }
  });
});

describe("EnKash's own words stay in the log", () => {
  it("a refusal comes back in the server's words, with EnKash's message logged (redacted)", async () => {
    const before = h.logs.length;
    const result = await h.gql(LoadCardDocument, {
      input: { cardId: CARD, amount: "99999999.00", referenceNumber: "ERR-BIG-1" },
    });
    const [error] = result.data?.loadCard.userErrors ?? [];
    expect(error?.code).toBe("INSUFFICIENT_BALANCE");
    expect(error?.message).toBe("The card account holds less than this amount; nothing moved.");
    const logged = h.logs.slice(before).join("\n");
    expect(logged).toMatch(/"reason":"[^"]*[Ii]nsufficient/);
  });
});
