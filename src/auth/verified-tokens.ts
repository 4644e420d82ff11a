import { createHash } from "node:crypto";
import type { Viewer } from "./viewer.ts";

/**
 * Viewers of JWTs already verified, so that a client sending the same token with every request
 * does not pay for a signature check each time (it was a quarter of a small query's CPU). Entries
 * are keyed by the token's SHA-256, never the token itself, and live until the token's `exp` (at
 * most `maxAgeMs`); the oldest go first when the cache is full.
 */
export class VerifiedTokens {
  private readonly entries = new Map<string, { viewer: Viewer; expiresAt: number }>();

  constructor(
    private readonly capacity = 10_000,
    private readonly maxAgeMs = 5 * 60_000,
    private readonly now: () => number = Date.now,
  ) {}

  static keyOf(token: string): string {
    return createHash("sha256").update(token).digest("base64url");
  }

  get(key: string): Viewer | null {
    const entry = this.entries.get(key);
    if (!entry) return null;
    if (entry.expiresAt <= this.now()) {
      this.entries.delete(key);
      return null;
    }
    return entry.viewer;
  }

  /** Remembers a verified token's viewer until `exp` (seconds since the epoch), if it has one. */
  set(key: string, viewer: Viewer, exp: number | undefined): void {
    if (exp === undefined) return;
    const expiresAt = Math.min(exp * 1000, this.now() + this.maxAgeMs);
    if (expiresAt <= this.now()) return;
    if (this.entries.size >= this.capacity) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    this.entries.set(key, { viewer, expiresAt });
  }
}
