import { connect } from "node:net";
import { request } from "undici";
import { describe, expect, it } from "vitest";
import { MemoryStateStore } from "../../src/state-store.ts";
import { useHarness } from "../helpers/harness.ts";
import { useHttpServer } from "../helpers/http-server.ts";

/**
 * One caller must not be able to take EnKash away from the others: hanging up is not an EnKash
 * failure (the circuit breaker stays closed), and one viewer gets only a share of its company's
 * EnKash calls.
 */
describe("callers who hang up do not open the circuit breaker", () => {
  // Over real sockets: a caller hanging up is seen by the server only through its connection.
  const server = useHttpServer();

  function sendAndHangUp(token: string, query: string, afterMs: number): Promise<void> {
    const url = new URL(server.base);
    return new Promise((resolve) => {
      const body = JSON.stringify({ query });
      const socket = connect({ host: url.hostname, port: Number(url.port) }, () => {
        socket.write(
          `POST /graphql HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${token}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
        );
        setTimeout(() => {
          socket.destroy();
          resolve();
        }, afterMs);
      });
      socket.on("error", () => resolve());
    });
  }

  it("25 requests abandoned mid-call leave EnKash usable for another company", async () => {
    const holder = await server.token({
      role: "CARDHOLDER",
      companies: ["CEKEP5GSGP"],
      cards: ["EKCMB7KAEW"],
      subject: "hanging-up",
    });
    const other = await server.token({
      role: "COMPANY_ADMIN",
      companies: ["CEK7T1WMC6"],
      subject: "bystander",
    });
    const ask = async (token: string, query: string) => {
      const response = await request(`${server.base}/graphql`, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
        body: JSON.stringify({ query }),
      });
      return response.body.json();
    };
    const bystanderQuery = `query A { cardAccount(companyId: "CEK7T1WMC6", cardAccountId: "CAVBMRFE8") { title } }`;
    expect(await ask(other, bystanderQuery)).toEqual({
      data: { cardAccount: { title: "Vikram Corporate Expenses" } },
    });
    // EnKash holds the card screen's calls (it answers none of them) while the callers hang up.
    server.sandbox.faults.configure({ faults: { hang: 1, routes: ["getCardDetails", "transactions"] } });
    try {
      // The wait before hanging up lets the calls go out; it is not asserted on: on a slower
      // machine fewer calls are in flight when the callers leave, and none may count either way.
      await Promise.all(
        Array.from({ length: 25 }, (_, i) =>
          sendAndHangUp(
            holder,
            `query Screen { card(companyId: "CEKEP5GSGP", cardAccountId: "CABFIPS", enKashCardId: "EKCMB7KAEW") { transactions(first: ${i + 1}) { edges { node { id } } } } }`,
            300,
          ),
        ),
      );
    } finally {
      server.sandbox.faults.configure({});
    }
    expect(await ask(other, bystanderQuery)).toEqual({
      data: { cardAccount: { title: "Vikram Corporate Expenses" } },
    });
    expect(server.logs.filter((line) => line.includes("circuit breaker changed state"))).toEqual([]);
    // Hanging up is not a server fault: nothing is logged as an unexpected error.
    expect(server.logs.filter((line) => line.includes("unexpected error in a resolver"))).toEqual([]);
  });
});

describe("one viewer gets only a share of its company's EnKash calls", () => {
  const store = new MemoryStateStore();
  const h = useHarness(
    {},
    {},
    {
      store: () => store,
      limits: { tenantEnkashCallsPerMinute: 40, viewerEnkashCallsPerMinute: 8 },
      now: () => Date.UTC(2026, 10, 30, 12, 0, 30),
    },
  );

  it("a cardholder who spends their share is RATE_LIMITED; the company's admin still gets answers", async () => {
    const holder = await h.token({
      role: "CARDHOLDER",
      companies: ["CEKEP5GSGP"],
      cards: ["EKCMB7KAEW"],
      subject: "greedy-holder",
    });
    const admin = await h.token({ role: "COMPANY_ADMIN", companies: ["CEKEP5GSGP"], subject: "anay-admin" });
    const query = `query T { card(companyId: "CEKEP5GSGP", cardAccountId: "CABFIPS", enKashCardId: "EKCMB7KAEW") { status a: transactions(first: 1, filter: { minAmount: "1" }) { edges { node { id } } } b: transactions(first: 1, filter: { minAmount: "2" }) { edges { node { id } } } c: transactions(first: 1, filter: { minAmount: "3" }) { edges { node { id } } } } }`;
    let made = 0;
    let refused = 0;
    for (let i = 0; i < 6; i++) {
      const run = await h.upstream(() => h.gql(query, {}, { token: holder }));
      made += run.total;
      if (run.result.errors?.some((error) => error.extensions?.code === "RATE_LIMITED")) refused++;
    }
    expect(made).toBeLessThanOrEqual(8);
    expect(refused).toBeGreaterThan(0);
    const screen = await h.gql(query, {}, { token: admin });
    expect(screen.errors).toBeUndefined();
  });
});

describe("failures of work started ahead are never left unhandled", () => {
  const h = useHarness();
  // An unhandled rejection ends a production process (and fails this run): each of these once did.
  const screen = (transactions: string) =>
    `query S { card(companyId: "CEKEP5GSGP", cardAccountId: "CABFIPS", enKashCardId: "EKCMB7KAEW") { status ${transactions} } cardAccount(companyId: "CEKEP5GSGP", cardAccountId: "CABFIPS") { title ${transactions} } }`;

  it("bad page arguments on prefetched lists answer BAD_USER_INPUT", async () => {
    for (const args of ["first: 0", 'after: "not-a-cursor"', "first: 2, last: 2", "first: 500"]) {
      const result = await h.gql(screen(`transactions(${args}) { edges { cursor } }`));
      expect(
        result.errors?.map((error) => error.extensions?.code),
        args,
      ).toContain("BAD_USER_INPUT");
    }
    // Let any rejection left behind surface before the test ends.
    await new Promise((resolve) => setTimeout(resolve, 50));
  });

  it("EnKash failing the prefetched calls answers UPSTREAM_UNAVAILABLE", async () => {
    h.sandbox.faults.configure({ faults: { http503: 1, routes: ["transactions"] } });
    try {
      const result = await h.gql(screen("transactions(first: 2) { edges { cursor } }"));
      expect(result.errors?.map((error) => error.extensions?.code)).toContain("UPSTREAM_UNAVAILABLE");
    } finally {
      h.sandbox.faults.configure({});
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  });
});
