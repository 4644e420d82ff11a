import { createHash } from "node:crypto";
import { getNamedType, isInterfaceType, isObjectType } from "graphql";
import { describe, expect, it } from "vitest";
import {
  BlockCardDocument,
  CreateCardDocument,
  LoadCardDocument,
  LockCardDocument,
  OrderPhysicalCardDocument,
  RequestCardReplacementDocument,
  SetCardPinDocument,
  UnlockCardDocument,
  UpdateCardControlsDocument,
} from "../../operations/generated.ts";
import { schema } from "../../src/schema/index.ts";
import { useHarness } from "../helpers/harness.ts";
import { globalId as id } from "../helpers/ids.ts";

/**
 * Authorization belongs to the objects: whatever path reaches a Company, CardAccount, Card or
 * Transaction (root fields, node/nodes, nested fields, mutation payloads, idempotent replays), one
 * check decides, before any EnKash call, and a refused object looks exactly like a missing one.
 */
const h = useHarness();
const ANAY_CARD_ID = id("Card", "CEKEP5GSGP/CABFIPS/EKCMB7KAEW");
const MFA = { medium: "AUTHENTICATOR" as const, code: "123456" };

/** Active cards of CABFIPS other than EKCMB7KAEW, with at least one transaction (seeded). */
async function otherActiveCards(): Promise<string[]> {
  const result = await h.gql(
    `query C { cardAccount(companyId: "CEKEP5GSGP", cardAccountId: "CABFIPS") { cards(first: 20, status: ACTIVE) { edges { node { enKashCardId transactions(first: 1) { edges { node { id } } } } } } } }`,
  );
  const edges = (
    result.data as {
      cardAccount: {
        cards: { edges: { node: { enKashCardId: string; transactions: { edges: unknown[] } } }[] };
      };
    }
  ).cardAccount.cards.edges;
  return edges
    .map((edge) => edge.node)
    .filter((card) => card.enKashCardId !== "EKCMB7KAEW" && card.transactions.edges.length > 0)
    .map((card) => card.enKashCardId);
}

const balanceOf = async (enKashCardId: string) => {
  const result = await h.gql(
    `query B { card(companyId: "CEKEP5GSGP", cardAccountId: "CABFIPS", enKashCardId: "${enKashCardId}") { balance { amount } } }`,
  );
  return Number((result.data as { card: { balance: { amount: string } } }).card.balance.amount);
};

describe("idempotent replays belong to the caller that made them", () => {
  it("the same subject under another company's token gets NOT_FOUND, never the first caller's card", async () => {
    const anayOps = await h.token({ role: "COMPANY_ADMIN", companies: ["CEKEP5GSGP"], subject: "ops" });
    const vikramOps = await h.token({ role: "COMPANY_ADMIN", companies: ["CEK7T1WMC6"], subject: "ops" });
    const input = { cardId: ANAY_CARD_ID, amount: "12.00", idempotencyKey: "shared-subject-key" };
    const first = await h.gql(LoadCardDocument, { input }, { token: anayOps });
    expect(first.data?.loadCard.userErrors).toEqual([]);
    const firstCard = await h.gql(
      `query N($id: ID!) { node(id: $id) { ... on Card { cardholder { name } } } }`,
      { id: ANAY_CARD_ID },
      { token: anayOps },
    );
    const name = (firstCard.data as { node: { cardholder: { name: string } } }).node.cardholder.name;

    const before = h.sandbox.calls.count();
    const replay = await h.gql(
      `mutation L($input: LoadCardInput!) { loadCard(input: $input) { card { id cardholder { name } balance { formatted } } transaction { id } userErrors { code field } } }`,
      { input },
      { token: vikramOps },
    );
    expect(replay.data).toEqual({
      loadCard: {
        card: null,
        transaction: null,
        userErrors: [{ code: "NOT_FOUND", field: ["input", "cardId"] }],
      },
    });
    expect(JSON.stringify(replay)).not.toContain(name);
    expect(h.sandbox.calls.count()).toBe(before);
  });

  it("a token with another scope reaches no record of the first; money still moves once (EnKash refuses the key's reference, read as the load made)", async () => {
    const narrow = await h.token({ role: "COMPANY_ADMIN", companies: ["CEKEP5GSGP"], subject: "ops-2" });
    const wide = await h.token({
      role: "COMPANY_ADMIN",
      companies: ["CEKEP5GSGP", "CEK7T1WMC6"],
      subject: "ops-2",
    });
    const start = await balanceOf("EKCMB7KAEW");
    const input = { cardId: ANAY_CARD_ID, amount: "7.00", idempotencyKey: "scoped-key" };
    const first = await h.gql(LoadCardDocument, { input }, { token: narrow });
    expect(first.data?.loadCard.userErrors).toEqual([]);
    // Not a replay of the first token's record: a new run, whose load EnKash refuses as a duplicate
    // of the subject's key reference; the load it finds is on a card this token may see.
    const other = await h.gql(LoadCardDocument, { input }, { token: wide });
    expect(other.data?.loadCard.userErrors).toEqual([]);
    expect(other.data?.loadCard.transaction?.id).toBe(first.data?.loadCard.transaction?.id);
    expect(await balanceOf("EKCMB7KAEW")).toBeCloseTo(start + 7, 2);
    // The first caller still gets its own result back.
    const again = await h.gql(LoadCardDocument, { input }, { token: narrow });
    expect(again.data?.loadCard.userErrors).toEqual([]);
  });

  it("the load reference made from an idempotency key cannot be guessed and used first by someone else", async () => {
    const intern = await h.token({ role: "COMPANY_ADMIN", companies: ["CEKEP5GSGP"], subject: "intern" });
    const payroll = await h.token({
      role: "COMPANY_ADMIN",
      companies: ["CEKEP5GSGP"],
      subject: "payroll-bot",
    });
    const key = "payroll-2026-12-run";
    // What the reference was before: a plain hash of the subject and the key, anyone could compute it.
    const guessed = `IDEM${createHash("sha256").update(`payroll-bot:${key}`).digest("hex").slice(0, 28).toUpperCase()}`;
    const squat = await h.gql(
      LoadCardDocument,
      { input: { cardId: ANAY_CARD_ID, amount: "0.01", referenceNumber: guessed } },
      { token: intern },
    );
    expect(squat.data?.loadCard.userErrors).toEqual([]);
    const load = await h.gql(
      LoadCardDocument,
      { input: { cardId: ANAY_CARD_ID, amount: "5.00", idempotencyKey: key } },
      { token: payroll },
    );
    expect(load.data?.loadCard.userErrors).toEqual([]);
    expect(load.data?.loadCard.transaction?.referenceNumber).not.toBe(guessed);
  });

  it("the same key with another PIN is IDEMPOTENCY_KEY_REUSED; the record keeps neither PIN", async () => {
    const [pinCard] = await otherActiveCards();
    const card = id("Card", `CEKEP5GSGP/CABFIPS/${pinCard}`);
    const first = await h.gql(SetCardPinDocument, {
      input: { cardId: card, pin: "4821", idempotencyKey: "pin-k" },
    });
    expect(first.data?.setCardPin.userErrors).toEqual([]);
    const before = h.sandbox.calls.count("setPin");
    const other = await h.gql(SetCardPinDocument, {
      input: { cardId: card, pin: "9153", idempotencyKey: "pin-k" },
    });
    expect(other.data?.setCardPin.userErrors[0]).toMatchObject({
      code: "IDEMPOTENCY_KEY_REUSED",
      field: ["input", "idempotencyKey"],
    });
    const same = await h.gql(SetCardPinDocument, {
      input: { cardId: card, pin: "4821", idempotencyKey: "pin-k" },
    });
    expect(same.data?.setCardPin.userErrors).toEqual([]);
    expect(h.sandbox.calls.count("setPin")).toBe(before);
    expect(h.store.dump()).not.toMatch(/4821|9153/);
  });
});

describe("moving money needs the cards:load scope, on every path", () => {
  it("createCard with an initial load is FORBIDDEN without cards:load; without a load it is not", async () => {
    const token = await h.token({
      role: "COMPANY_ADMIN",
      companies: ["CEKEP5GSGP"],
      subject: "writer-only",
      scopes: ["cards:read", "cards:write"],
    });
    const input = (mobile: string, initialLoad?: string) => ({
      accountId: id("CardAccount", "CEKEP5GSGP/CABFIPS"),
      cardholder: { firstName: "Scoped", mobile },
      ...(initialLoad ? { initialLoad } : {}),
    });
    const before = h.sandbox.calls.count("createCard");
    const loaded = await h.gql(CreateCardDocument, { input: input("7111111101", "1000.00") }, { token });
    expect(loaded.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
    expect(h.sandbox.calls.count("createCard")).toBe(before);
    const plain = await h.gql(CreateCardDocument, { input: input("7111111102") }, { token });
    expect(plain.data?.createCard.userErrors).toEqual([]);
  });
});

describe("the isolation matrix over idempotent replays", () => {
  it("every idempotent mutation, replayed with the first caller's key by the same subject under another company's token: NOT_FOUND, nothing of the first answer, no EnKash call", async () => {
    const [replaced, blocked, ordered] = await otherActiveCards();
    const cardOf = (enKashCardId: string | undefined) => id("Card", `CEKEP5GSGP/CABFIPS/${enKashCardId}`);
    const address = { line1: "1 MG Road", city: "Pune", state: "Maharashtra", pincode: "411001" };
    const mutations: [string, (token: string, key: string) => Promise<{ data?: unknown }>][] = [
      [
        "createCard",
        (token, key) =>
          h.gql(
            CreateCardDocument,
            {
              input: {
                idempotencyKey: key,
                accountId: id("CardAccount", "CEKEP5GSGP/CABFIPS"),
                cardholder: { firstName: "Replay", lastName: "Matrix", mobile: "9123400001" },
              },
            },
            { token },
          ),
      ],
      [
        "setCardPin",
        (token, key) =>
          h.gql(
            SetCardPinDocument,
            { input: { idempotencyKey: key, cardId: ANAY_CARD_ID, pin: "2468" } },
            { token },
          ),
      ],
      [
        "lockCard",
        (token, key) =>
          h.gql(
            LockCardDocument,
            { input: { idempotencyKey: key, cardId: ANAY_CARD_ID, otp: MFA } },
            { token },
          ),
      ],
      [
        "unlockCard",
        (token, key) =>
          h.gql(
            UnlockCardDocument,
            { input: { idempotencyKey: key, cardId: ANAY_CARD_ID, otp: MFA } },
            { token },
          ),
      ],
      [
        "loadCard",
        (token, key) =>
          h.gql(
            LoadCardDocument,
            { input: { idempotencyKey: key, cardId: ANAY_CARD_ID, amount: "3.00" } },
            { token },
          ),
      ],
      [
        "updateCardControls",
        (token, key) =>
          h.gql(
            UpdateCardControlsDocument,
            { input: { idempotencyKey: key, cardId: ANAY_CARD_ID, international: false } },
            { token },
          ),
      ],
      [
        "orderPhysicalCard",
        (token, key) =>
          h.gql(
            OrderPhysicalCardDocument,
            { input: { idempotencyKey: key, cardId: cardOf(ordered), deliveryAddress: address } },
            { token },
          ),
      ],
      [
        "requestCardReplacement",
        (token, key) =>
          h.gql(
            RequestCardReplacementDocument,
            { input: { idempotencyKey: key, cardId: cardOf(replaced), otp: MFA } },
            { token },
          ),
      ],
      [
        "blockCard",
        (token, key) =>
          h.gql(
            BlockCardDocument,
            { input: { idempotencyKey: key, cardId: cardOf(blocked), reason: "lost", otp: MFA } },
            { token },
          ),
      ],
    ];
    const first = await h.token({ role: "COMPANY_ADMIN", companies: ["CEKEP5GSGP"], subject: "matrix" });
    const other = await h.token({ role: "COMPANY_ADMIN", companies: ["CEK7T1WMC6"], subject: "matrix" });
    for (const [name, run] of mutations) {
      const key = `matrix-${name}`;
      const original = (await run(first, key)) as { data: Record<string, { userErrors: unknown[] }> };
      expect(original.data[name]?.userErrors, name).toEqual([]);
      const before = h.sandbox.calls.count();
      const replay = (await run(other, key)) as { data: Record<string, Record<string, unknown>> };
      const payload = replay.data[name] as Record<string, unknown>;
      expect(payload.userErrors, name).toEqual([expect.objectContaining({ code: "NOT_FOUND" })]);
      for (const [field, value] of Object.entries(payload))
        if (field !== "userErrors") expect(value, `${name}.${field}`).toBeNull();
      expect(h.sandbox.calls.count(), name).toBe(before);
    }
  });
});

describe("every path to an object runs the object's check", () => {
  it("a cardholder reaches neither the account, the company nor another card through nested fields", async () => {
    const token = await h.token({
      role: "CARDHOLDER",
      companies: ["CEKEP5GSGP"],
      cards: ["EKCMB7KAEW"],
      subject: "holder-nested",
    });
    const result = await h.gql(
      `query C { card(companyId: "CEKEP5GSGP", cardAccountId: "CABFIPS", enKashCardId: "EKCMB7KAEW") {
        account { id primaryCard { id } }
        company { id cardAccounts { id } }
        transactions(first: 3) { edges { node { id card { enKashCardId account { id } company { id } } } } }
      } }`,
      {},
      { token },
    );
    expect(result.errors).toBeUndefined();
    const card = (result.data as { card: Record<string, unknown> }).card;
    expect(card.account).toBeNull();
    expect(card.company).toBeNull();
    const edges = (card.transactions as { edges: { node: { card: Record<string, unknown> } }[] }).edges;
    expect(edges.length).toBeGreaterThan(0);
    for (const edge of edges)
      expect(edge.node.card).toEqual({ enKashCardId: "EKCMB7KAEW", account: null, company: null });
  });

  it("a mutation payload shows only what the viewer may see: a cardholder's replacement card is not in their token", async () => {
    const [, replaced] = await otherActiveCards();
    const token = await h.token({
      role: "CARDHOLDER",
      companies: ["CEKEP5GSGP"],
      cards: [replaced as string],
      subject: "holder-replacing",
    });
    const result = await h.gql(
      RequestCardReplacementDocument,
      { input: { cardId: id("Card", `CEKEP5GSGP/CABFIPS/${replaced}`), otp: MFA } },
      { token },
    );
    expect(result.errors).toBeUndefined();
    expect(result.data?.requestCardReplacement.userErrors).toEqual([]);
    expect(result.data?.requestCardReplacement.replacedCard?.status).toBe("BLOCKED");
    expect(result.data?.requestCardReplacement.newCard).toBeNull();
  });

  it("a transaction of another card is refused before EnKash is asked, in every ID form", async () => {
    const partner = await h.token();
    const [other] = await otherActiveCards();
    const list = await h.gql(
      `query T { card(companyId: "CEKEP5GSGP", cardAccountId: "CABFIPS", enKashCardId: "${other}") { transactions(first: 1) { edges { node { id enKashTransactionId } } } } }`,
      {},
      { token: partner },
    );
    const node = (
      list.data as {
        card: { transactions: { edges: { node: { id: string; enKashTransactionId: string } }[] } };
      }
    ).card.transactions.edges[0]?.node;
    if (!node) throw new Error("no transaction on another card of CABFIPS");
    const holder = await h.token({
      role: "CARDHOLDER",
      companies: ["CEKEP5GSGP"],
      cards: ["EKCMB7KAEW"],
      subject: "holder-txn",
    });
    const legacyId = id("Transaction", `CEKEP5GSGP/CABFIPS/${node.enKashTransactionId}`);
    const before = h.sandbox.calls.count();
    const result = await h.gql(
      `query N($a: ID!, $b: ID!) { a: node(id: $a) { id } b: node(id: $b) { id } }`,
      { a: node.id, b: legacyId },
      { token: holder },
    );
    expect(result.data).toEqual({ a: null, b: null });
    expect(h.sandbox.calls.count()).toBe(before);
    // The partner admin finds it by either form.
    const found = await h.gql(
      `query N($a: ID!, $b: ID!) { a: node(id: $a) { id } b: node(id: $b) { id } }`,
      { a: node.id, b: legacyId },
      { token: partner },
    );
    expect(found.data).toEqual({ a: { id: node.id }, b: { id: node.id } });
  });

  it("every field that returns a Company, CardAccount, Card, Transaction or Node is checked", () => {
    const guarded = new Set(["Company", "CardAccount", "Card", "Transaction", "Node"]);
    const unchecked: string[] = [];
    let checked = 0;
    for (const type of Object.values(schema.getTypeMap())) {
      if (!(isObjectType(type) || isInterfaceType(type)) || type.name.startsWith("__")) continue;
      for (const field of Object.values(type.getFields())) {
        if (!guarded.has(getNamedType(field.type).name)) continue;
        if (field.extensions?.visibility === "checked") checked++;
        else unchecked.push(`${type.name}.${field.name}`);
      }
    }
    expect(unchecked).toEqual([]);
    expect(checked).toBeGreaterThan(15);
  });
});
