import { describe, expect, it } from "vitest";
import { useHarness } from "../helpers/harness.ts";

/**
 * Without REDIS_URL there is no delivery queue (docs/webhooks.md): the mutations refuse with a code
 * that says what the operator must set, change nothing, and no company lists an endpoint.
 */
const h = useHarness();

describe("partner webhooks without Redis", () => {
  it("register, rotate and remove answer WEBHOOKS_UNAVAILABLE; the list is empty", async () => {
    const register = await h.gql(
      `mutation { registerWebhookEndpoint(input: { companyId: "CEKEP5GSGP", url: "https://hooks.partner.example/", eventTypes: [STATUS_CHANGED] }) { webhookEndpoint { id } secret userErrors { code message field retryable } } }`,
    );
    expect(register.data).toEqual({
      registerWebhookEndpoint: {
        webhookEndpoint: null,
        secret: null,
        userErrors: [
          {
            code: "WEBHOOKS_UNAVAILABLE",
            message: "Partner webhooks need the server's Redis (REDIS_URL); none is configured",
            field: null,
            retryable: false,
          },
        ],
      },
    });
    for (const mutation of ["rotateWebhookEndpointSecret", "removeWebhookEndpoint"]) {
      const answer = await h.gql<Record<string, { userErrors: { code: string }[] }>, never>(
        `mutation { ${mutation}(input: { endpointId: "whe_AAAAAAAAAAAAAAAAAAAAAA" }) { userErrors { code } } }`,
      );
      expect(answer.data?.[mutation]?.userErrors.map((e) => e.code)).toEqual(["WEBHOOKS_UNAVAILABLE"]);
    }
    const listed = await h.gql(`{ company(companyId: "CEKEP5GSGP") { webhookEndpoints { id } } }`);
    expect(listed.data).toEqual({ company: { webhookEndpoints: [] } });
  });
});
