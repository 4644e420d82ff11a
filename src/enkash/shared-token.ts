/** An EnKash access token and when to fetch the next one (epoch ms). */
export interface SharedToken {
  token: string;
  refreshAt: number;
}

/**
 * Where several server instances keep one EnKash token, so that N instances make one token
 * request instead of N. The client treats it as an optimisation: when it fails, each instance
 * fetches its own token. Implementations must not keep the token readable (see token-sharing.ts).
 */
export interface SharedRefusal {
  code: "ENKASH_UNAUTHORIZED" | "ENKASH_LOGIN_LOCKED";
  message: string;
}

export interface SharedTokenStore {
  /** The token another instance fetched, or null when none is usable. */
  read(): Promise<SharedToken | null>;
  write(token: SharedToken): Promise<void>;
  /** Forgets `token` if it is still the shared one (EnKash refused it). */
  discard(token: string): Promise<void>;
  /**
   * EnKash refused these credentials: remembered so that other instances fail fast instead of
   * each spending one of the three logins EnKash allows before it locks the partner out.
   */
  readRefusal(): Promise<SharedRefusal | null>;
  writeRefusal(refusal: SharedRefusal): Promise<void>;
  /** After the operator fixed the credentials (`resetCredentials()`). */
  clearRefusal(): Promise<void>;
  /** Takes the refresh lock for at most `ttlMs`; true when this instance holds it. */
  lock(ttlMs: number): Promise<boolean>;
  unlock(): Promise<void>;
}
