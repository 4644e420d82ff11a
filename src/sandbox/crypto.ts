import {
  createCipheriv,
  createDecipheriv,
  createHash,
  createHmac,
  randomBytes,
  scryptSync,
  timingSafeEqual,
} from "node:crypto";

export type KeyDerivation = "sha256-16" | "raw-16";

/**
 * The AES-128-ECB/PKCS5 key from the client secret (reference section 4). EnKash's NodeJS sample
 * hashes the secret with SHA-256 and keeps 16 bytes; `raw-16` takes the secret's first 16 bytes,
 * zero-padded, for partners whose key turns out to be used raw.
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

/**
 * Card numbers are never stored: the sandbox keeps the last 4 digits (they are in the masked
 * number) and derives the rest from a keyed hash of the card ID whenever "view card details"
 * needs it. The result is a Luhn-valid RuPay-style number ending in `last4`.
 */
export function deriveCardNumber(key: string, enKashCardId: string, last4: string): string {
  const digest = createHmac("sha256", key).update(`pan:${enKashCardId}`).digest();
  const bin = "652150";
  let middle = "";
  for (let i = 0; i < 5; i++) middle += String((digest[i] ?? 0) % 10);
  // One free digit makes the Luhn sum come out right whatever the last four are.
  for (let free = 0; free <= 9; free++) {
    const candidate = `${bin}${middle}${free}${last4}`;
    if (luhnValid(candidate)) return candidate;
  }
  throw new Error("unreachable: some digit always satisfies the Luhn check");
}

export function deriveCvv(key: string, enKashCardId: string): string {
  const digest = createHmac("sha256", key).update(`cvv:${enKashCardId}`).digest();
  return String(digest.readUInt16BE(0) % 1000).padStart(3, "0");
}

export function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let digit = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return sum % 10 === 0;
}

export interface PinHash {
  salt: string;
  hash: string;
}

// A low scrypt cost keeps PIN setting cheap in benchmarks; the point is that no PIN is kept.
const SCRYPT = { N: 1024, r: 8, p: 1 } as const;

export function hashPin(pin: string): PinHash {
  const salt = randomBytes(16);
  return { salt: salt.toString("base64"), hash: scryptSync(pin, salt, 32, SCRYPT).toString("base64") };
}

export function pinMatches(pin: string, stored: PinHash): boolean {
  const candidate = scryptSync(pin, Buffer.from(stored.salt, "base64"), 32, SCRYPT);
  return timingSafeEqual(candidate, Buffer.from(stored.hash, "base64"));
}

/** A URL-safe 27-character token, the shape of EnKash's access tokens. */
export function newAccessToken(): string {
  return randomBytes(20).toString("base64url").slice(0, 27);
}

export function sameSecret(a: string, b: string): boolean {
  const left = createHash("sha256").update(a).digest();
  const right = createHash("sha256").update(b).digest();
  return timingSafeEqual(left, right);
}
