import { createCipheriv, createDecipheriv, createHash, hkdfSync, randomBytes, randomUUID } from "node:crypto";
import { z } from "zod";
import type { SharedRefusal, SharedToken, SharedTokenStore } from "./enkash/shared-token.ts";
import type { StateStore } from "./state-store.ts";

export interface TokenSharingCredentials {
  tokenUrl: string;
  clientId: string;
  clientSecret: string;
  username: string;
  password: string;
}

const sealedToken = z.object({ token: z.string().min(1), refreshAt: z.number().int() });
const sealedRefusal = z.object({
  code: z.enum(["ENKASH_UNAUTHORIZED", "ENKASH_LOGIN_LOCKED"]),
  message: z.string(),
});
/** How long a refusal stops other instances from trying: an hour, or until resetCredentials(). */
const REFUSAL_TTL_MS = 60 * 60_000;

/**
 * Shares the EnKash token through the state store (Redis) without storing it readable: the value
 * is AES-256-GCM ciphertext under a key derived (HKDF) from the partner credentials, which every
 * instance has in its configuration and Redis never sees. Someone who can read Redis but lacks the
 * credentials learns nothing; someone with the credentials could fetch a token anyway. The record
 * expires when the token is due for refresh, and the key names carry only a hash of the login's
 * identifiers, so two partner logins on one Redis never share a token.
 */
export class EncryptedTokenStore implements SharedTokenStore {
  private readonly key: Buffer;
  private readonly recordKey: string;
  private readonly lockKey: string;
  private readonly refusalKey: string;
  private readonly owner = randomUUID();

  constructor(
    private readonly store: Pick<StateStore, "get" | "set" | "setIfAbsent" | "deleteIfEquals">,
    credentials: TokenSharingCredentials,
    private readonly now: () => number = Date.now,
  ) {
    const login = `${credentials.tokenUrl}\n${credentials.clientId}\n${credentials.username}`;
    this.key = Buffer.from(
      hkdfSync(
        "sha256",
        `${credentials.clientSecret}\n${credentials.password}`,
        "enkash-token-sharing-v1",
        login,
        32,
      ),
    );
    const name = createHash("sha256").update(login).digest("hex").slice(0, 24);
    this.recordKey = `enkash-token:${name}`;
    this.lockKey = `enkash-token-lock:${name}`;
    this.refusalKey = `enkash-token-refused:${name}`;
  }

  async read(): Promise<SharedToken | null> {
    const sealed = await this.store.get(this.recordKey);
    return sealed === null ? null : this.open(sealed, sealedToken);
  }

  // Sealed like the token, so that a refusal of other credentials (a password since changed)
  // cannot be opened and is ignored.
  async readRefusal(): Promise<SharedRefusal | null> {
    const sealed = await this.store.get(this.refusalKey);
    return sealed === null ? null : this.open(sealed, sealedRefusal);
  }

  async writeRefusal(refusal: SharedRefusal): Promise<void> {
    await this.store.set(this.refusalKey, this.seal(refusal), REFUSAL_TTL_MS);
  }

  async clearRefusal(): Promise<void> {
    const sealed = await this.store.get(this.refusalKey);
    if (sealed !== null) await this.store.deleteIfEquals(this.refusalKey, sealed);
  }

  async write(token: SharedToken): Promise<void> {
    const ttlMs = token.refreshAt - this.now();
    if (ttlMs > 0) await this.store.set(this.recordKey, this.seal(token), ttlMs);
  }

  async discard(token: string): Promise<void> {
    const sealed = await this.store.get(this.recordKey);
    if (sealed !== null && this.open(sealed, sealedToken)?.token === token)
      await this.store.deleteIfEquals(this.recordKey, sealed);
  }

  lock(ttlMs: number): Promise<boolean> {
    return this.store.setIfAbsent(this.lockKey, this.owner, ttlMs);
  }

  unlock(): Promise<void> {
    return this.store.deleteIfEquals(this.lockKey, this.owner);
  }

  private seal(value: SharedToken | SharedRefusal): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv("aes-256-gcm", this.key, iv);
    const body = Buffer.concat([cipher.update(JSON.stringify(value), "utf8"), cipher.final()]);
    return [iv, cipher.getAuthTag(), body].map((part) => part.toString("base64url")).join(".");
  }

  /** The value, or null when the record is unreadable (other credentials, tampering, old format). */
  private open<T>(sealed: string, schema: z.ZodType<T>): T | null {
    try {
      const [iv, tag, body] = sealed.split(".").map((part) => Buffer.from(part, "base64url"));
      if (!iv || !tag || !body) return null;
      const decipher = createDecipheriv("aes-256-gcm", this.key, iv);
      decipher.setAuthTag(tag);
      const plain = Buffer.concat([decipher.update(body), decipher.final()]).toString("utf8");
      const parsed = schema.safeParse(JSON.parse(plain));
      return parsed.success ? parsed.data : null;
    } catch {
      return null;
    }
  }
}
