import { createHmac, timingSafeEqual } from "node:crypto";

/**
 * How EnKash's webhooks are signed: ASSUMED, since EnKash documents no scheme. Shared by the
 * server, which verifies, and the sandbox, which signs the same way (like payload-encryption.ts).
 *
 * - HMAC-SHA256 under a shared secret, of the raw request body exactly as received (bytes, not a
 *   re-serialised JSON), encoded as hex (or base64) in one header (`x-enkash-signature` by default).
 *   A `sha256=` prefix on the header's value is tolerated (GitHub's and others' form).
 * - With a timestamp header configured, the signed text is `<timestamp>.<body>` (Stripe's form), the
 *   timestamp being Unix seconds; an unsigned timestamp would prove nothing, since whoever replays a
 *   request could change it.
 *
 * Comparison is constant-time over the decoded bytes; a value that does not decode to 32 bytes is
 * refused before any comparison.
 */
export interface WebhookSigning {
  secret: string;
  /** Header carrying the signature, lower case. */
  signatureHeader: string;
  encoding: "hex" | "base64";
  /** Header carrying the Unix time in seconds, signed with the body; null: no timestamp. */
  timestampHeader: string | null;
}

export const DEFAULT_SIGNATURE_HEADER = "x-enkash-signature";

function signedBytes(body: Uint8Array, timestamp: string | null): Buffer {
  return timestamp === null
    ? Buffer.from(body)
    : Buffer.concat([Buffer.from(`${timestamp}.`, "utf8"), Buffer.from(body)]);
}

function mac(secret: string, body: Uint8Array, timestamp: string | null): Buffer {
  return createHmac("sha256", secret).update(signedBytes(body, timestamp)).digest();
}

/** The headers a signed webhook carries (the sandbox's side). */
export function signWebhook(
  signing: WebhookSigning,
  body: Uint8Array,
  nowSeconds: number = Math.floor(Date.now() / 1000),
): Record<string, string> {
  const timestamp = signing.timestampHeader ? String(nowSeconds) : null;
  const headers: Record<string, string> = {
    [signing.signatureHeader]: mac(signing.secret, body, timestamp).toString(signing.encoding),
  };
  if (signing.timestampHeader && timestamp !== null) headers[signing.timestampHeader] = timestamp;
  return headers;
}

export type SignatureCheck =
  | { ok: true }
  | { ok: false; reason: "missing" | "malformed" | "mismatch" | "stale_timestamp" };

const HEX = /^[0-9a-fA-F]{64}$/;
const BASE64 = /^[A-Za-z0-9+/]{43}=?$/;

/** The signature's bytes, or null when the header's value is not a signature in that encoding. */
function decodeSignature(value: string, encoding: "hex" | "base64"): Buffer | null {
  const text = value.trim().replace(/^sha256=/i, "");
  if (encoding === "hex") return HEX.test(text) ? Buffer.from(text, "hex") : null;
  return BASE64.test(text) ? Buffer.from(text, "base64") : null;
}

/**
 * Checks a webhook's signature (the server's side). `toleranceSeconds` bounds how far the signed
 * timestamp may be from now, either way (a replay older than that is refused).
 */
export function verifyWebhook(
  signing: WebhookSigning,
  body: Uint8Array,
  header: (name: string) => string | null,
  options: { toleranceSeconds: number; nowSeconds?: number },
): SignatureCheck {
  const sent = header(signing.signatureHeader);
  if (sent === null || sent.trim() === "") return { ok: false, reason: "missing" };
  const given = decodeSignature(sent, signing.encoding);
  if (!given || given.length !== 32) return { ok: false, reason: "malformed" };
  let timestamp: string | null = null;
  if (signing.timestampHeader) {
    timestamp = header(signing.timestampHeader);
    if (timestamp === null || timestamp === "") return { ok: false, reason: "missing" };
    if (!/^\d{1,12}$/.test(timestamp)) return { ok: false, reason: "malformed" };
  }
  const expected = mac(signing.secret, body, timestamp);
  // The MAC first, in constant time: the timestamp is only trusted once it is proven signed.
  if (!timingSafeEqual(given, expected)) return { ok: false, reason: "mismatch" };
  if (timestamp !== null) {
    const now = options.nowSeconds ?? Math.floor(Date.now() / 1000);
    if (Math.abs(now - Number(timestamp)) > options.toleranceSeconds)
      return { ok: false, reason: "stale_timestamp" };
  }
  return { ok: true };
}
