import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { signWebhook, verifyWebhook, type WebhookSigning } from "../../src/shared/webhook-signature.ts";

/** The assumed signing scheme of EnKash's webhooks (docs/events.md): HMAC-SHA256 of the raw body. */
const SIGNING: WebhookSigning = {
  secret: "a-shared-webhook-secret-0123456789",
  signatureHeader: "x-enkash-signature",
  encoding: "hex",
  timestampHeader: null,
};
const BODY = Buffer.from('{"enKashTransactionId":"ECTR000000001"}');
const headersOf = (headers: Record<string, string>) => (name: string) => headers[name] ?? null;
const verify = (signing: WebhookSigning, body: Uint8Array, headers: Record<string, string>, now?: number) =>
  verifyWebhook(signing, body, headersOf(headers), {
    toleranceSeconds: 300,
    ...(now ? { nowSeconds: now } : {}),
  });

describe("webhook signatures", () => {
  it("signs the raw body with HMAC-SHA256 in hex, which anyone holding the secret can reproduce", () => {
    const headers = signWebhook(SIGNING, BODY);
    expect(headers).toEqual({
      "x-enkash-signature": createHmac("sha256", SIGNING.secret).update(BODY).digest("hex"),
    });
    expect(verify(SIGNING, BODY, headers)).toEqual({ ok: true });
    // A sha256= prefix is tolerated; base64 when configured.
    expect(
      verify(SIGNING, BODY, { "x-enkash-signature": `sha256=${headers["x-enkash-signature"]}` }).ok,
    ).toBe(true);
    const base64 = { ...SIGNING, encoding: "base64" as const };
    expect(verify(base64, BODY, signWebhook(base64, BODY)).ok).toBe(true);
  });

  it("refuses a missing, malformed or wrong signature, another body, another secret", () => {
    const headers = signWebhook(SIGNING, BODY);
    expect(verify(SIGNING, BODY, {})).toEqual({ ok: false, reason: "missing" });
    expect(verify(SIGNING, BODY, { "x-enkash-signature": "nothex" })).toEqual({
      ok: false,
      reason: "malformed",
    });
    expect(verify(SIGNING, BODY, { "x-enkash-signature": "ab".repeat(31) })).toEqual({
      ok: false,
      reason: "malformed",
    });
    const other = Buffer.from('{"enKashTransactionId":"ECTR000000002"}');
    expect(verify(SIGNING, other, headers)).toEqual({ ok: false, reason: "mismatch" });
    expect(verify({ ...SIGNING, secret: "another-secret-of-enough-length" }, BODY, headers)).toEqual({
      ok: false,
      reason: "mismatch",
    });
    // One byte more (a space re-serialised JSON would add) is another body.
    expect(verify(SIGNING, Buffer.concat([BODY, Buffer.from(" ")]), headers).ok).toBe(false);
  });

  it("with a timestamp header, signs `<timestamp>.<body>` and refuses a replay outside the tolerance", () => {
    const timed = { ...SIGNING, timestampHeader: "x-enkash-timestamp" };
    const headers = signWebhook(timed, BODY, 1_750_000_000);
    expect(headers["x-enkash-timestamp"]).toBe("1750000000");
    expect(headers["x-enkash-signature"]).toBe(
      createHmac("sha256", timed.secret).update(`1750000000.${BODY.toString()}`).digest("hex"),
    );
    expect(verify(timed, BODY, headers, 1_750_000_000 + 300).ok).toBe(true);
    expect(verify(timed, BODY, headers, 1_750_000_000 - 300).ok).toBe(true);
    expect(verify(timed, BODY, headers, 1_750_000_000 + 301)).toEqual({
      ok: false,
      reason: "stale_timestamp",
    });
    // A replay with a fresh timestamp but the old signature: the timestamp is signed.
    expect(verify(timed, BODY, { ...headers, "x-enkash-timestamp": "1750000400" }, 1_750_000_400)).toEqual({
      ok: false,
      reason: "mismatch",
    });
    const noTime = { "x-enkash-signature": headers["x-enkash-signature"] as string };
    expect(verify(timed, BODY, noTime, 1_750_000_000)).toEqual({ ok: false, reason: "missing" });
  });
});
