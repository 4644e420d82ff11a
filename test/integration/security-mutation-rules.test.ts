import { describe, expect, it } from "vitest";
import { useHarness } from "../helpers/harness.ts";
import { PREPAID_CARD_ID as CARD, PREPAID_ACCOUNT_ID } from "../helpers/ids.ts";

/**
 * "One OTP-gated or money-moving mutation per document" counts the root fields the executor will
 * run: after fragments, inline fragments, aliases and directives, as graphql-js collects them.
 */
const h = useHarness();
const load = (alias: string, reference: string) =>
  `${alias}: loadCard(input: { cardId: "${CARD}", amount: "1.00", referenceNumber: "${reference}" }) { userErrors { code } }`;
const lock = (alias: string, code: string) =>
  `${alias}: lockCard(input: { cardId: "${CARD}", otp: { medium: AUTHENTICATOR, code: "${code}" } }) { userErrors { code } }`;

async function refused(query: string, variables: Record<string, unknown> = {}) {
  const before = h.sandbox.calls.count();
  const result = await h.gql(query, variables);
  expect(result.data ?? null).toBeNull();
  expect(result.errors?.length).toBeGreaterThan(0);
  for (const error of result.errors ?? []) expect(error.extensions?.code).toBe("BAD_USER_INPUT");
  expect(result.errors?.map((error) => error.message).join(" | ")).toMatch(
    /at most one OTP-gated or money-moving mutation per document|may not be aliased|must be the only field/,
  );
  // Nothing reached EnKash: no money moved, no OTP spent.
  expect(h.sandbox.calls.count()).toBe(before);
}

describe("sensitive mutations are counted the way the executor collects them", () => {
  it("three aliased loads in an inline fragment are refused; no money moves", async () => {
    await refused(
      `mutation M { ... on Mutation { ${load("a", "FR-1")} ${load("b", "FR-2")} ${load("c", "FR-3")} } }`,
    );
  });

  it("eight aliased OTP guesses in a named fragment are refused", async () => {
    const guesses = Array.from({ length: 8 }, (_, i) => lock(`g${i}`, `99999${i}`)).join(" ");
    await refused(`mutation M { ...Guesses } fragment Guesses on Mutation { ${guesses} }`);
  });

  it("fragments nested in fragments, and a second one beside a field, are refused", async () => {
    await refused(
      `mutation M { ${lock("lockCard", "111111")} ...Outer } fragment Outer on Mutation { ...Inner } fragment Inner on Mutation { ${lock("other", "222222")} }`,
    );
    await refused(
      `mutation M { ... @include(if: true) { ${load("a", "FR-4")} } ... on Mutation { ${load("b", "FR-5")} } }`,
    );
  });

  it("a directive that drops all but one leaves one, which runs once", async () => {
    const before = h.sandbox.calls.count("loadCardBalance");
    const result = await h.gql(
      `mutation M($skip: Boolean!) { ... on Mutation { loadCard(input: { cardId: "${CARD}", amount: "1.00", referenceNumber: "FR-6" }) { userErrors { code } } } other: loadCard(input: { cardId: "${CARD}", amount: "1.00", referenceNumber: "FR-7" }) @skip(if: $skip) { userErrors { code } } }`,
      { skip: true },
    );
    expect(result.errors).toBeUndefined();
    expect(result.data).toEqual({ loadCard: { userErrors: [] } });
    expect(h.sandbox.calls.count("loadCardBalance") - before).toBe(1);
    // With the variable the other way, both would run: refused.
    await refused(
      `mutation M($skip: Boolean!) { ${load("loadCard", "FR-8")} other: loadCard(input: { cardId: "${CARD}", amount: "1.00", referenceNumber: "FR-9" }) @skip(if: $skip) { userErrors { code } } }`,
      { skip: false },
    );
  });

  it("a document of several operations runs only the one named, so it counts alone", async () => {
    const before = h.sandbox.calls.count("loadCardBalance");
    const result = await h.gql(
      `mutation A { ${load("loadCard", "FR-11")} } mutation B { ${load("loadCard", "FR-12")} }`,
      {},
      { operationName: "A" },
    );
    expect(result.errors).toBeUndefined();
    expect(h.sandbox.calls.count("loadCardBalance") - before).toBe(1);
  });

  it("createCard with an initial load moves money: one per request; without one, several are fine", async () => {
    const account = PREPAID_ACCOUNT_ID;
    const create = (alias: string, mobile: string, load: boolean) =>
      `${alias}: createCard(input: { accountId: "${account}", cardholder: { firstName: "Mule", mobile: "${mobile}" }${load ? ', initialLoad: "1000.00"' : ""} }) { userErrors { code } }`;
    await refused(
      `mutation Drain { ${Array.from({ length: 3 }, (_, i) => create(`c${i}`, `700000000${i}`, true)).join(" ")} }`,
    );
    await refused(
      `mutation Drain { ... on Mutation { ${create("a", "7000000010", true)} ${create("b", "7000000011", true)} } }`,
    );
    const before = h.sandbox.calls.count("createCard");
    const plain = await h.gql(
      `mutation Three { ${Array.from({ length: 3 }, (_, i) => create(`c${i}`, `700000002${i}`, false)).join(" ")} }`,
    );
    expect(plain.errors).toBeUndefined();
    expect(h.sandbox.calls.count("createCard") - before).toBe(3);
  });

  it("the same field twice under one response key runs once and is allowed", async () => {
    const before = h.sandbox.calls.count("loadCardBalance");
    const field = `loadCard(input: { cardId: "${CARD}", amount: "1.00", referenceNumber: "FR-10" }) { userErrors { code } }`;
    const result = await h.gql(`mutation M { ${field} ... on Mutation { ${field} } }`);
    expect(result.errors).toBeUndefined();
    expect(h.sandbox.calls.count("loadCardBalance") - before).toBe(1);
  });
});
