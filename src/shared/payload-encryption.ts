import { createCipheriv, createDecipheriv, createHash } from "node:crypto";

/**
 * EnKash's payload wrapper (reference section 4): AES-128-ECB with PKCS5 padding, keyed from the
 * partner's client secret, base64 on the wire as `{"request": "<ciphertext>"}`. Part of the wire
 * contract, so the client and the sandbox both speak it from here; the sandbox's tests check it
 * against an independent implementation of the documented recipe.
 */
export type KeyDerivation = "sha256-16" | "raw-16";

/**
 * EnKash's NodeJS sample hashes the secret with SHA-256 and keeps 16 bytes; `raw-16` takes the
 * secret's first 16 bytes, zero-padded, for partners whose key turns out to be used raw.
 */
function aesKey(secret: string, derivation: KeyDerivation): Buffer {
  if (derivation === "raw-16") {
    const key = Buffer.alloc(16);
    Buffer.from(secret, "utf8").copy(key, 0, 0, 16);
    return key;
  }
  return createHash("sha256").update(secret, "utf8").digest().subarray(0, 16);
}

export function encryptPayload(value: unknown, secret: string, derivation: KeyDerivation): string {
  const cipher = createCipheriv("aes-128-ecb", aesKey(secret, derivation), null);
  return Buffer.concat([cipher.update(JSON.stringify(value), "utf8"), cipher.final()]).toString("base64");
}

/** Decrypts and parses; throws on a wrong key, bad padding or text that is not JSON. */
export function decryptPayload(base64: string, secret: string, derivation: KeyDerivation): unknown {
  const decipher = createDecipheriv("aes-128-ecb", aesKey(secret, derivation), null);
  const plain = Buffer.concat([decipher.update(Buffer.from(base64, "base64")), decipher.final()]);
  return JSON.parse(plain.toString("utf8"));
}

/** Whether a parsed body is the wrapper: exactly one field, `request`, holding a string. */
export function isEncryptedWrapper(body: unknown): body is { request: string } {
  return (
    typeof body === "object" &&
    body !== null &&
    !Array.isArray(body) &&
    Object.keys(body).length === 1 &&
    typeof (body as { request?: unknown }).request === "string"
  );
}
