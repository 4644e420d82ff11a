import { request } from "undici";
import { describe, expect, it } from "vitest";
import { useHttpServer } from "../helpers/http-server.ts";

/**
 * Issue 14 (3): every request has an ID, sent back in X-Request-Id and carried by every log line
 * written for it, the EnKash call that failed underneath it included, so an operator holding a
 * caller's report finds its lines. The ID is the server's own, never the caller's.
 */
const server = useHttpServer();
const CARD = Buffer.from("Card:CEKEP5GSGP/CABFIPS/EKCMB7KAEW").toString("base64");
const QUERY = "query CardStatus($id: ID!) { node(id: $id) { ... on Card { status } } }";

async function post(headers: Record<string, string> = {}) {
  const response = await request(`${server.base}/graphql`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      accept: "application/graphql-response+json",
      authorization: `Bearer ${await server.token()}`,
      ...headers,
    },
    body: JSON.stringify({ query: QUERY, variables: { id: CARD } }),
  });
  const body = (await response.body.json()) as { errors?: { extensions?: { requestId?: string } }[] };
  return { requestId: response.headers["x-request-id"], body };
}

const failureLines = () =>
  server.logs
    .map((line) => JSON.parse(line) as Record<string, unknown>)
    .filter((line) => line.msg === "EnKash call failed");

describe("request IDs in answers and logs", () => {
  it("puts the answer's request ID on the log line of the EnKash call that failed under it", async () => {
    server.sandbox.faults.configure({ faults: { http500: 1, routes: ["getCardDetails"] } });
    try {
      const [first, second] = await Promise.all([post(), post()]);
      expect(first.requestId).toMatch(/^[0-9a-f-]{36}$/);
      expect(second.requestId).toMatch(/^[0-9a-f-]{36}$/);
      expect(first.requestId).not.toBe(second.requestId);
      const logged = failureLines().map((line) => line.requestId);
      expect(logged).toContain(first.requestId);
      expect(logged).toContain(second.requestId);
      expect(logged.every((id) => id === first.requestId || id === second.requestId)).toBe(true);
    } finally {
      server.sandbox.faults.configure({ faults: {} });
    }
  });

  it("answers with the same ID it logged, in a masked or typed error's extensions too", async () => {
    server.sandbox.faults.configure({ faults: { http500: 1, routes: ["getCardDetails"] } });
    try {
      const answer = await post();
      expect(answer.body.errors?.[0]?.extensions?.requestId).toBe(answer.requestId);
    } finally {
      server.sandbox.faults.configure({ faults: {} });
    }
  });

  it("makes its own ID: a caller's X-Request-Id is neither echoed nor logged", async () => {
    const chosen = "4111111111111111";
    const answer = await post({ "x-request-id": chosen });
    expect(answer.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(server.logs.join("\n")).not.toContain(chosen);
  });
});
