import { createHmac } from "node:crypto";

/**
 * How this server signs the webhooks it sends to partner back ends (docs/webhooks.md), in Stripe's
 * form, which partners' tooling already knows:
 *
 *   EnKash-GraphQL-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">[,v1=…]
 *
 * The timestamp is signed with the body, so a captured request cannot be replayed later with a new
 * time. During a secret rotation there is one `v1` per secret still valid (the new one first), so a
 * partner verifying with either its old or its new secret accepts the delivery.
 *
 * The verification recipe partners copy is in docs/webhooks.md; the tests verify with that very
 * code (test/helpers/docs-recipe.ts).
 */
export const PARTNER_SIGNATURE_HEADER = "enkash-graphql-signature";
/** The delivery's stable ID: the same on every retry of one event to one endpoint (de-duplicate on it). */
export const PARTNER_DELIVERY_HEADER = "enkash-graphql-delivery";

/** The signature header's value for `body`, signed at `timestamp` (Unix seconds) with each secret. */
export function signPartnerPayload(body: string, secrets: readonly string[], timestamp: number): string {
  const signatures = secrets.map(
    (secret) => `v1=${createHmac("sha256", secret).update(`${timestamp}.${body}`).digest("hex")}`,
  );
  return [`t=${timestamp}`, ...signatures].join(",");
}
