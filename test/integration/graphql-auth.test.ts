import { SignJWT } from "jose";
import { describe, expect, it } from "vitest";
import {
  BlockCardDocument,
  CardScreenDocument,
  CompaniesDocument,
  CreateCardDocument,
  GenerateCardOtpDocument,
  LoadCardDocument,
  LockCardDocument,
  OrderPhysicalCardDocument,
  RequestCardReplacementDocument,
  SetCardPinDocument,
  UnlockCardDocument,
  UpdateCardControlsDocument,
} from "../../operations/generated.ts";
import { API_KEY, AUTH, useHarness } from "../helpers/harness.ts";
import { globalId as id } from "../helpers/ids.ts";

const h = useHarness();
const ANAY_CARD = { companyId: "CEKEP5GSGP", cardAccountId: "CABFIPS", enKashCardId: "EKCMB7KAEW" };
const VIKRAM_CARD = { companyId: "CEK7T1WMC6", cardAccountId: "CAVBMRFE8", enKashCardId: "EKCQMY9BQ0" };
const VIKRAM_CARD_ID = id("Card", "CEK7T1WMC6/CAVBMRFE8/EKCQMY9BQ0");
const OTHER_ANAY_CARD_ID = id("Card", "CEKEP5GSGP/CAA8W45/EKC94AEX89");
const MFA = { medium: "AUTHENTICATOR" as const, code: "123456" };

async function unauthenticated(headers: Record<string, string>) {
  const before = h.sandbox.calls.count();
  const response = await h.fetch({
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify({ query: "{ companies { companyId } }" }),
  });
  expect(response.status).toBe(401);
  const body = (await response.json()) as { errors: { message: string; extensions: { code: string } }[] };
  expect(body.errors[0]?.extensions.code).toBe("UNAUTHENTICATED");
  expect(h.sandbox.calls.count()).toBe(before);
  return body.errors[0]?.message;
}

const sign = (
  claims: Record<string, unknown>,
  options: { secret?: string; issuer?: string; audience?: string; expires?: string | number } = {},
) =>
  new SignJWT({ role: "PARTNER_ADMIN", ...claims })
    .setProtectedHeader({ alg: "HS256" })
    .setSubject("attacker")
    .setIssuer(options.issuer ?? AUTH.issuer)
    .setAudience(options.audience ?? AUTH.audience)
    .setIssuedAt()
    .setExpirationTime(options.expires ?? "1h")
    .sign(new TextEncoder().encode(options.secret ?? AUTH.secret));

describe("authentication", () => {
  it("refuses missing, malformed and bad credentials with 401 and a GraphQL error body", async () => {
    expect(await unauthenticated({})).toBe(
      "Authentication required: send Authorization: Bearer <JWT> or an API key",
    );
    expect(await unauthenticated({ authorization: "Bearer not.a.jwt" })).toBe("Invalid token");
    expect(
      await unauthenticated({
        authorization: `Bearer ${await sign({}, { expires: Math.floor(Date.now() / 1000) - 120 })}`,
      }),
    ).toBe("Invalid token: expired");
    expect(
      await unauthenticated({ authorization: `Bearer ${await sign({}, { issuer: "someone-else" })}` }),
    ).toBe("Invalid token: iss claim check failed");
    expect(
      await unauthenticated({ authorization: `Bearer ${await sign({}, { audience: "another-api" })}` }),
    ).toBe("Invalid token: aud claim check failed");
    expect(
      await unauthenticated({
        authorization: `Bearer ${await sign({}, { secret: "a-different-secret-of-enough-length-0000" })}`,
      }),
    ).toBe("Invalid token: bad signature");
    const good = await sign({});
    const [header, payload] = good.split(".");
    const tampered = `${header}.${Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(payload ?? "", "base64url").toString()), sub: "root" })).toString("base64url")}.${good.split(".")[2]}`;
    expect(await unauthenticated({ authorization: `Bearer ${tampered}` })).toBe(
      "Invalid token: bad signature",
    );
    const none = `${Buffer.from(JSON.stringify({ alg: "none", typ: "JWT" })).toString("base64url")}.${payload}.`;
    expect(await unauthenticated({ authorization: `Bearer ${none}` })).toMatch(/^Invalid token/);
    expect(await unauthenticated({ authorization: `Bearer ${await sign({ role: "GOD" })}` })).toBe(
      "Invalid token: its claims do not name a subject and role",
    );
    expect(await unauthenticated({ "x-api-key": "wrong-key" })).toBe("Invalid API key");
  });

  it("accepts an API key and a JWT; the health endpoint stays open", async () => {
    const byKey = await h.gql(CompaniesDocument, {}, { token: null, headers: { "x-api-key": API_KEY } });
    expect(byKey.data?.companies.map((company) => company.companyId)).toEqual(["CEK7T1WMC6"]);
    const health = await h.fetch({ method: "GET", path: "/healthz" });
    expect(health.status).toBe(200);
  });
});

describe("tenant isolation: what is outside the viewer behaves as missing", () => {
  it("a company admin sees only their company, for queries, node and connections", async () => {
    const token = await h.token({ role: "COMPANY_ADMIN", companies: ["CEKEP5GSGP"], subject: "anay-admin" });
    const companies = await h.gql(CompaniesDocument, {}, { token });
    expect(companies.data?.companies.map((company) => company.companyId)).toEqual(["CEKEP5GSGP"]);
    const before = h.sandbox.calls.count();
    const other = await h.gql(CardScreenDocument, VIKRAM_CARD, { token });
    expect(other).toMatchObject({ data: { card: null } });
    const nodes = await h.gql(
      `query N($ids: [ID!]!) { nodes(ids: $ids) { id } }`,
      { ids: [VIKRAM_CARD_ID, id("CardAccount", "CEK7T1WMC6/CAVBMRFE8"), id("Company", "CEK7T1WMC6")] },
      { token },
    );
    expect(nodes.data).toEqual({ nodes: [null, null, null] });
    const account = await h.gql(
      `query A { cardAccount(companyId: "CEK7T1WMC6", cardAccountId: "CAVBMRFE8") { id } company(companyId: "CEK7T1WMC6") { id } }`,
      {},
      { token },
    );
    expect(account.data).toEqual({ cardAccount: null, company: null });
    expect(h.sandbox.calls.count()).toBe(before);
    const own = await h.gql(CardScreenDocument, ANAY_CARD, { token });
    expect(own.data?.card?.enKashCardId).toBe("EKCMB7KAEW");
  });

  it("a cardholder sees only their own card, not its account or company", async () => {
    const token = await h.token({
      role: "CARDHOLDER",
      companies: ["CEKEP5GSGP"],
      cards: ["EKCMB7KAEW"],
      subject: "cardholder-1",
    });
    const own = await h.gql(
      `query C { card(companyId: "CEKEP5GSGP", cardAccountId: "CABFIPS", enKashCardId: "EKCMB7KAEW") { status account { id } company { id } transactions(first: 2) { edges { node { id } } } } }`,
      {},
      { token },
    );
    expect(own.data).toMatchObject({ card: { status: "ACTIVE", account: null, company: null } });
    const neighbour = await h.gql(
      `query C { card(companyId: "CEKEP5GSGP", cardAccountId: "CAA8W45", enKashCardId: "EKC94AEX89") { id } cardAccount(companyId: "CEKEP5GSGP", cardAccountId: "CABFIPS") { id } companies { id } }`,
      {},
      { token },
    );
    expect(neighbour.data).toEqual({ card: null, cardAccount: null, companies: [] });
  });

  it("every mutation, against another company's admin, another cardholder and a missing scope: refused, no EnKash call", async () => {
    const address = { line1: "1 MG Road", city: "Pune", state: "Maharashtra", pincode: "411001" };
    const viewers: [string, string][] = [
      [
        "another company's admin",
        await h.token({ role: "COMPANY_ADMIN", companies: ["CEKEP5GSGP"], subject: "anay-admin" }),
      ],
      [
        "another cardholder",
        await h.token({
          role: "CARDHOLDER",
          companies: ["CEK7T1WMC6"],
          cards: ["EKCE54IDPE"],
          subject: "other-holder",
        }),
      ],
      ["a missing scope", await h.token({ scopes: ["cards:read"], subject: "auditor" })],
    ];
    const mutations: [string, (token: string) => Promise<unknown>][] = [
      [
        "generateCardOtp",
        (token) => h.gql(GenerateCardOtpDocument, { input: { cardId: VIKRAM_CARD_ID } }, { token }),
      ],
      [
        "setCardPin",
        (token) => h.gql(SetCardPinDocument, { input: { cardId: VIKRAM_CARD_ID, pin: "1234" } }, { token }),
      ],
      [
        "lockCard",
        (token) => h.gql(LockCardDocument, { input: { cardId: VIKRAM_CARD_ID, otp: MFA } }, { token }),
      ],
      [
        "unlockCard",
        (token) => h.gql(UnlockCardDocument, { input: { cardId: VIKRAM_CARD_ID, otp: MFA } }, { token }),
      ],
      [
        "blockCard",
        (token) =>
          h.gql(BlockCardDocument, { input: { cardId: VIKRAM_CARD_ID, reason: "x", otp: MFA } }, { token }),
      ],
      [
        "loadCard",
        (token) =>
          h.gql(
            LoadCardDocument,
            { input: { cardId: VIKRAM_CARD_ID, amount: "1", referenceNumber: "ISO-1" } },
            { token },
          ),
      ],
      [
        "updateCardControls",
        (token) =>
          h.gql(UpdateCardControlsDocument, { input: { cardId: VIKRAM_CARD_ID, atm: false } }, { token }),
      ],
      [
        "requestCardReplacement",
        (token) =>
          h.gql(RequestCardReplacementDocument, { input: { cardId: VIKRAM_CARD_ID, otp: MFA } }, { token }),
      ],
      [
        "orderPhysicalCard",
        (token) =>
          h.gql(
            OrderPhysicalCardDocument,
            { input: { cardId: VIKRAM_CARD_ID, deliveryAddress: address } },
            { token },
          ),
      ],
      [
        "createCard",
        (token) =>
          h.gql(
            CreateCardDocument,
            {
              input: {
                accountId: id("CardAccount", "CEK7T1WMC6/CAVBMRFE8"),
                cardholder: { firstName: "X", mobile: "9000000000" },
              },
            },
            { token },
          ),
      ],
      [
        "createCardAccount",
        (token) =>
          h.gql(
            `mutation A { createCardAccount(input: { companyId: "CEK7T1WMC6", companyName: "V", planMasterId: "PMMEAL001", title: "Iso", type: MEAL, adminEmail: "a@b.in", adminMobile: "9000000000" }) { userErrors { code } } }`,
            {},
            { token },
          ),
      ],
      [
        "registerWebhookEndpoint",
        (token) =>
          h.gql(
            `mutation A { registerWebhookEndpoint(input: { companyId: "CEK7T1WMC6", url: "https://hooks.partner.example/", eventTypes: [STATUS_CHANGED] }) { userErrors { code } } }`,
            {},
            { token },
          ),
      ],
    ];
    for (const [who, token] of viewers) {
      for (const [name, run] of mutations) {
        const before = h.sandbox.calls.count();
        const result = (await run(token)) as {
          data?: Record<string, { userErrors: { code: string }[] }> | null;
          errors?: { extensions?: { code?: string } }[];
        };
        const outcome = result.errors?.[0]?.extensions?.code ?? result.data?.[name]?.userErrors[0]?.code;
        expect(["NOT_FOUND", "FORBIDDEN"], `${name} as ${who}`).toContain(outcome);
        expect(h.sandbox.calls.count(), `${name} as ${who}`).toBe(before);
      }
    }
  });

  it("every query root, against another company's admin and another cardholder, finds nothing", async () => {
    const viewers = [
      await h.token({ role: "COMPANY_ADMIN", companies: ["CEKEP5GSGP"], subject: "anay-admin" }),
      await h.token({
        role: "CARDHOLDER",
        companies: ["CEK7T1WMC6"],
        cards: ["EKCE54IDPE"],
        subject: "other-holder",
      }),
    ];
    const query = `query All($ids: [ID!]!) {
      companies { companyId }
      company(companyId: "CEK7T1WMC6") { id }
      cardAccount(companyId: "CEK7T1WMC6", cardAccountId: "CAVBMRFE8") { id }
      card(companyId: "CEK7T1WMC6", cardAccountId: "CAVBMRFE8", enKashCardId: "EKCQMY9BQ0") { id }
      node(id: "${VIKRAM_CARD_ID}") { id }
      nodes(ids: $ids) { id }
    }`;
    const ids = [VIKRAM_CARD_ID, id("CardAccount", "CEK7T1WMC6/CAVBMRFE8"), id("Company", "CEK7T1WMC6")];
    for (const token of viewers) {
      const before = h.sandbox.calls.count();
      const result = await h.gql(query, { ids }, { token });
      expect(result.data).toMatchObject({
        company: null,
        cardAccount: null,
        card: null,
        node: null,
        nodes: [null, null, null],
      });
      expect(
        (result.data as { companies: { companyId: string }[] }).companies.map((company) => company.companyId),
      ).not.toContain("CEK7T1WMC6");
      expect(h.sandbox.calls.count()).toBe(before);
    }
  });

  it("a missing scope is FORBIDDEN before any resolver runs", async () => {
    const readOnly = await h.token({ scopes: ["cards:read"], subject: "auditor" });
    const before = h.sandbox.calls.count();
    const load = await h.gql(
      LoadCardDocument,
      { input: { cardId: VIKRAM_CARD_ID, amount: "1", referenceNumber: "SCOPE-1" } },
      { token: readOnly },
    );
    expect(load.errors?.[0]).toMatchObject({ extensions: { code: "FORBIDDEN" } });
    expect(load.data).toBeNull();
    const cardholder = await h.token({
      role: "CARDHOLDER",
      companies: ["CEKEP5GSGP"],
      cards: ["EKCMB7KAEW"],
    });
    const cardholderLoad = await h.gql(
      LoadCardDocument,
      {
        input: {
          cardId: id("Card", "CEKEP5GSGP/CABFIPS/EKCMB7KAEW"),
          amount: "1",
          referenceNumber: "SCOPE-2",
        },
      },
      { token: cardholder },
    );
    expect(cardholderLoad.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
    const cardholderOtherCard = await h.gql(
      LockCardDocument,
      { input: { cardId: OTHER_ANAY_CARD_ID, otp: MFA } },
      { token: cardholder },
    );
    expect(cardholderOtherCard.data?.lockCard.userErrors[0]?.code).toBe("NOT_FOUND");
    expect(h.sandbox.calls.count()).toBe(before);
  });
});
