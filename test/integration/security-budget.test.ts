import { describe, expect, it } from "vitest";
import { AccountDashboardDocument, CardScreenDocument } from "../../operations/generated.ts";
import { MemoryStateStore } from "../../src/state-store.ts";
import { useHarness } from "../helpers/harness.ts";
import { globalId as id } from "../helpers/ids.ts";

/**
 * Every request has an EnKash budget: a cap on `nodes(ids:)`, a per-request ceiling on EnKash calls
 * (64: the 50-card dashboard on a 10,000-card account needs 53), and a per-company rate in the
 * shared store. EnKash calls are counted from the sandbox's call log.
 */
const h = useHarness();
const madeUpCards = (count: number, prefix = "X") =>
  Array.from({ length: count }, (_, i) =>
    id("Card", `CEKEP5GSGP/CABFIPS/EKC${prefix}${String(i).padStart(6, "0")}`),
  );

describe("nodes(ids:) is capped", () => {
  it("a thousand made-up card IDs are refused, typed, before any EnKash call", async () => {
    const ids = madeUpCards(1_100);
    const body = JSON.stringify({
      query: "query N($ids: [ID!]!) { nodes(ids: $ids) { id } }",
      variables: { ids },
    });
    expect(body.length).toBeLessThan(64 * 1024);
    const { result, total } = await h.upstream(() =>
      h.gql(`query N($ids: [ID!]!) { nodes(ids: $ids) { id } }`, { ids }),
    );
    expect(total).toBe(0);
    expect(result.data ?? null).toBeNull();
    expect(result.errors?.[0]).toMatchObject({
      message: "nodes takes 1 to 50 IDs",
      extensions: { code: "BAD_USER_INPUT" },
    });
  });

  it("50 made-up IDs in one served account cost at most one call each, within the request's budget", async () => {
    const { result, total } = await h.upstream(() =>
      h.gql(`query N($ids: [ID!]!) { nodes(ids: $ids) { id } }`, { ids: madeUpCards(50) }),
    );
    expect(result.errors).toBeUndefined();
    expect(result.data).toEqual({ nodes: Array(50).fill(null) });
    expect(total).toBeLessThanOrEqual(51);
  });
});

describe("a request's EnKash calls have a ceiling", () => {
  const small = useHarness({}, {}, { limits: { maxEnkashCallsPerRequest: 3 } });

  it("past the ceiling calls are not made, and the request says why with a code", async () => {
    const { result, total } = await small.upstream(() => small.gql(AccountDashboardDocument, {}));
    expect(total).toBe(3);
    const codes = new Set(result.errors?.map((error) => error.extensions?.code));
    expect(codes).toEqual(new Set(["ENKASH_BUDGET_EXCEEDED"]));
    expect(result.errors?.[0]?.message).toMatch(/more EnKash calls than one request may make \(3\)/);
    // An operation within the ceiling is untouched by it.
    const status = await small.upstream(() =>
      small.gql(
        `query S { card(companyId: "CEKEP5GSGP", cardAccountId: "CABFIPS", enKashCardId: "EKCMB7KAEW") { status balance { amount } } }`,
      ),
    );
    expect(status.result.errors).toBeUndefined();
    expect(status.total).toBe(1);
  });
});

describe("retries spend the budget too", () => {
  it("with EnKash answering 429, two aliased nodes lists still send at most 64 HTTP calls", async () => {
    const query = `query Q($a: [ID!]!, $b: [ID!]!) { a: nodes(ids: $a) { id } b: nodes(ids: $b) { id } }`;
    h.sandbox.faults.configure({ faults: { http429: 1, retryAfterSeconds: 0, routes: ["getCardDetails"] } });
    try {
      const { total } = await h.upstream(() =>
        h.gql(query, { a: madeUpCards(50, "A"), b: madeUpCards(50, "B") }),
      );
      expect(total).toBeLessThanOrEqual(64);
    } finally {
      h.sandbox.faults.configure({});
    }
  });
});

describe("retries count against the caller's rates too", () => {
  const store = new MemoryStateStore();
  const h2 = useHarness(
    {},
    {},
    {
      store: () => store,
      limits: { tenantEnkashCallsPerMinute: 10, viewerEnkashCallsPerMinute: 10 },
      now: () => Date.UTC(2026, 10, 30, 12, 0, 30),
    },
  );

  it("with EnKash answering 503, a company's calls in a minute, retries included, stay within its rate", async () => {
    const token = await h2.token({ role: "COMPANY_ADMIN", companies: ["CEKEP5GSGP"], subject: "retrying" });
    h2.sandbox.faults.configure({ faults: { http503: 1, routes: ["getCardDetails"] } });
    try {
      const { total } = await h2.upstream(async () => {
        for (let i = 0; i < 6; i++)
          await h2.gql(
            `query S { card(companyId: "CEKEP5GSGP", cardAccountId: "CABFIPS", enKashCardId: "EKCMB7KAEW") { status } }`,
            {},
            { token },
          );
      });
      expect(total).toBeLessThanOrEqual(10);
    } finally {
      h2.sandbox.faults.configure({});
    }
  });
});

describe("the default ceiling fits the heaviest legitimate operation", () => {
  const large = useHarness({ size: { cardsPerAccount: 10_000, transactionsPerCard: 5 } });

  it("the 50-card dashboard on a 10,000-card account stays within 64 calls; 100 cards would not", async () => {
    const dashboard = await large.upstream(() => large.gql(AccountDashboardDocument, {}));
    expect(dashboard.result.errors).toBeUndefined();
    expect(dashboard.result.data?.cardAccount?.cards.edges).toHaveLength(50);
    expect(dashboard.total).toBeLessThanOrEqual(64);
    expect(dashboard.total).toBeGreaterThan(50);
    const twice = await large.upstream(() => large.gql(AccountDashboardDocument, { cards: 100 }));
    expect(twice.total).toBe(64);
    expect(twice.result.errors?.[0]?.extensions?.code).toBe("ENKASH_BUDGET_EXCEEDED");
  });
});

describe("each company has a rate of EnKash calls, shared by every instance", () => {
  const store = new MemoryStateStore();
  const clock = () => Date.UTC(2026, 10, 30, 12, 0, 30);
  const limits = { tenantEnkashCallsPerMinute: 10 };
  const a = useHarness({}, {}, { store: () => store, limits, now: clock });
  const b = useHarness({}, {}, { store: () => store, limits, now: clock });

  it("a company that used its share is refused with RATE_LIMITED; other companies and the partner are not", async () => {
    const anay = await a.token({ role: "COMPANY_ADMIN", companies: ["CEKEP5GSGP"], subject: "anay-rate" });
    // Card screens of 4 calls each, alternating between the two instances, until refused.
    const outcomes: { calls: number; codes: unknown[] }[] = [];
    for (let i = 0; i < 5; i++) {
      const instance = i % 2 === 0 ? a : b;
      const run = await instance.upstream(() => instance.gql(CardScreenDocument, {}, { token: anay }));
      outcomes.push({
        calls: run.total,
        codes: run.result.errors?.map((error) => error.extensions?.code) ?? [],
      });
    }
    expect(outcomes.slice(0, 2)).toEqual([
      { calls: 4, codes: [] },
      { calls: 4, codes: [] },
    ]);
    expect(outcomes.reduce((sum, outcome) => sum + outcome.calls, 0)).toBeLessThanOrEqual(10);
    for (const outcome of outcomes.slice(2)) expect(outcome.codes).toContain("RATE_LIMITED");
    expect(outcomes.at(-1)?.calls).toBe(0);

    const vikram = await b.token({
      role: "COMPANY_ADMIN",
      companies: ["CEK7T1WMC6"],
      subject: "vikram-rate",
    });
    const other = await b.gql(
      CardScreenDocument,
      { companyId: "CEK7T1WMC6", cardAccountId: "CAVBMRFE8", enKashCardId: "EKCQMY9BQ0" },
      { token: vikram },
    );
    expect(other.errors).toBeUndefined();
    const partner = await a.gql(CardScreenDocument, {});
    expect(partner.errors).toBeUndefined();
  });
});
