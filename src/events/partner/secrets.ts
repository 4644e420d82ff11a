import { createHmac, hkdfSync } from "node:crypto";
import type { PartnerEndpoint } from "./endpoints.ts";

/**
 * The server key from PARTNER_WEBHOOK_SIGNING_KEY: through HKDF, so the setting's text itself never
 * signs anything and a key shared with another purpose by mistake still yields its own.
 */
export function serverKeyFrom(signingKey: string): Buffer {
  return Buffer.from(hkdfSync("sha256", signingKey, "enkash-graphql", "partner-webhook-secrets-v1", 32));
}

/**
 * Each endpoint's signing secret is derived, never stored: HMAC-SHA256 under a server key
 * (PARTNER_WEBHOOK_SIGNING_KEY's, else one derived from the EnKash credentials; the same on every
 * instance: src/bootstrap.ts) of the endpoint's ID
 * and generation. A rotation moves to the next generation; nothing in Redis, in a log or in an
 * idempotency record is a secret, and a copy of Redis signs nothing.
 */
export function endpointSecret(serverKey: Buffer, endpointId: string, generation: number): string {
  const mac = createHmac("sha256", serverKey).update(`partner-webhook-secret\n${endpointId}\n${generation}`);
  return `whsec_${mac.digest("base64url")}`;
}

/** The secrets that sign a delivery now: the current one, and the previous one during a rotation's grace. */
export function signingSecrets(serverKey: Buffer, endpoint: PartnerEndpoint, now = Date.now()): string[] {
  const current = endpointSecret(serverKey, endpoint.id, endpoint.generation);
  const inGrace = endpoint.previousValidUntil !== null && now < endpoint.previousValidUntil;
  return inGrace ? [current, endpointSecret(serverKey, endpoint.id, endpoint.generation - 1)] : [current];
}
