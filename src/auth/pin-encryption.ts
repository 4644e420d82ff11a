import {
  constants,
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  type KeyObject,
  privateDecrypt,
} from "node:crypto";

/**
 * PINs may arrive encrypted to the server's public key (RSA-OAEP with SHA-256), as card issuers do
 * it, so the PIN is never in clear text in GraphQL traffic. The key is published by the
 * `pinEncryptionKey` query field.
 */
export interface PinKey {
  privateKey: KeyObject;
  publicKeyPem: string;
  /** Short fingerprint of the public key, so clients can tell when it changed. */
  keyId: string;
}

export function pinKeyFrom(privateKeyPem: string | null): PinKey {
  const privateKey = privateKeyPem
    ? createPrivateKey(privateKeyPem)
    : generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey;
  const publicKeyPem = createPublicKey(privateKey).export({ type: "spki", format: "pem" }).toString();
  return {
    privateKey,
    publicKeyPem,
    keyId: createHash("sha256").update(publicKeyPem).digest("hex").slice(0, 16),
  };
}

/** The PIN inside `ciphertext` (base64), or null when it does not decrypt to 4 digits. */
export function decryptPin(key: PinKey, ciphertext: string): string | null {
  try {
    const plain = privateDecrypt(
      { key: key.privateKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: "sha256" },
      Buffer.from(ciphertext, "base64"),
    ).toString("utf8");
    return /^\d{4}$/.test(plain) ? plain : null;
  } catch {
    return null;
  }
}
