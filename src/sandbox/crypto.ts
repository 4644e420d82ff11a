import { createHash, createHmac, randomBytes, scryptSync, timingSafeEqual } from "node:crypto";

/**
 * Card numbers are never stored: the sandbox keeps the first 6 and last 4 digits (what a mask may
 * show) and derives the rest from a keyed hash of the card ID whenever "view card details" needs
 * it. The result is a Luhn-valid number of `length` digits, `bin` first and `last4` last; the
 * 16-digit numbers are the ones the sandbox always derived.
 */
export function deriveCardNumber(
  key: string,
  enKashCardId: string,
  bin: string,
  last4: string,
  length: 16 | 19 = 16,
): string {
  const digest = createHmac("sha256", key).update(`pan:${enKashCardId}`).digest();
  let middle = "";
  for (let i = 0; i < length - bin.length - last4.length - 1; i++) middle += String((digest[i] ?? 0) % 10);
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

/** A URL-safe 27-character token, the shape of EnKash's access tokens. */
export function newAccessToken(): string {
  return randomBytes(20).toString("base64url").slice(0, 27);
}

export function sameSecret(a: string, b: string): boolean {
  const left = createHash("sha256").update(a).digest();
  const right = createHash("sha256").update(b).digest();
  return timingSafeEqual(left, right);
}
