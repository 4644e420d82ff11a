import { newAccessToken, sameSecret } from "./crypto.ts";
import { badRequest, OAuthError, unprocessable } from "./http/errors.ts";
import type { SandboxOptions } from "./options.ts";

/**
 * The partner IDs shown on EnKash's pages: `CRXXXXXXX` (Set Card PIN, Create, Block Card: source
 * 001, 002, 004), `CRM338L2H` (Generate OTP, source 000), `CRMXWB3ZM` (Get Transaction Details)
 * and `CRMAXZ11Q` (reference section 2). Accepted only with `documentedPartnerIds`.
 */
export const DOCUMENTED_PARTNER_IDS: readonly string[] = ["CRXXXXXXX", "CRM338L2H", "CRMXWB3ZM", "CRMAXZ11Q"];

export interface IssuedToken {
  access_token: string;
  token_type: "bearer";
  refresh_token: string;
  expires_in: number;
  scope: string;
}

/**
 * EnKash's OAuth2 password grant and bearer checks. Tokens live in memory with an expiry; three
 * wrong passwords in a row lock the login until `unlock()` (or a sandbox reset).
 */
export class SandboxAuth {
  private readonly tokens = new Map<string, number>();
  private readonly history: string[] = [];
  private consecutiveFailures = 0;
  private tokenTtlSeconds: number;

  constructor(
    private readonly options: SandboxOptions,
    private readonly now: () => number,
  ) {
    this.tokenTtlSeconds = options.tokenTtlSeconds;
  }

  get locked(): boolean {
    return this.consecutiveFailures >= this.options.loginMaxFailures;
  }

  /** Tokens issued from now on live this long (the soak suite shortens it at run time). */
  setTokenTtl(seconds: number): void {
    this.tokenTtlSeconds = seconds;
  }

  unlock(): void {
    this.consecutiveFailures = 0;
  }

  /** Forgets every issued token and failure, as a restarted EnKash would. */
  reset(): void {
    this.tokens.clear();
    this.consecutiveFailures = 0;
    this.tokenTtlSeconds = this.options.tokenTtlSeconds;
  }

  /** The latest tokens issued (up to 1,000): for tests that prove no token leaks into logs or errors. */
  issuedTokens(): readonly string[] {
    return this.history;
  }

  /** Expires every token now, so clients must fetch a new one. */
  revokeAll(): void {
    this.tokens.clear();
  }

  /** `POST /oauth/token`: Basic client credentials plus the password-grant form. */
  issue(authorization: string | undefined, form: URLSearchParams): IssuedToken {
    const { credentials } = this.options;
    const basic = /^Basic\s+(\S+)$/i.exec(authorization ?? "");
    if (!basic?.[1]) {
      throw new OAuthError(401, "unauthorized", "Full authentication is required to access this resource");
    }
    const decoded = Buffer.from(basic[1], "base64").toString("utf8");
    const separator = decoded.indexOf(":");
    const clientId = separator >= 0 ? decoded.slice(0, separator) : decoded;
    const clientSecret = separator >= 0 ? decoded.slice(separator + 1) : "";
    if (!sameSecret(clientId, credentials.clientId) || !sameSecret(clientSecret, credentials.clientSecret)) {
      throw new OAuthError(401, "invalid_client", "Bad client credentials");
    }
    for (const field of ["grant_type", "username", "password", "clientId"]) {
      if (!form.get(field))
        throw new OAuthError(400, "invalid_request", `Missing required parameter: ${field}`);
    }
    if (form.get("grant_type") !== "password") {
      throw new OAuthError(
        400,
        "unsupported_grant_type",
        "Unsupported grant type: only password is supported",
      );
    }
    if (form.get("clientId") !== credentials.clientId) {
      throw new OAuthError(400, "invalid_request", "clientId does not match the authenticated client");
    }
    if (this.locked) {
      throw new OAuthError(400, "invalid_grant", "User account is locked after repeated failed logins");
    }
    const username = form.get("username") ?? "";
    const password = form.get("password") ?? "";
    if (!sameSecret(username, credentials.username) || !sameSecret(password, credentials.password)) {
      this.consecutiveFailures++;
      throw new OAuthError(
        400,
        "invalid_grant",
        this.locked ? "User account is locked after repeated failed logins" : "Bad credentials",
      );
    }
    this.consecutiveFailures = 0;
    const accessToken = newAccessToken();
    this.tokens.set(accessToken, this.now() + this.tokenTtlSeconds * 1000);
    this.history.push(accessToken);
    if (this.history.length > 1000) this.history.shift();
    return {
      access_token: accessToken,
      token_type: "bearer",
      // No refresh grant is documented; the refresh token is issued for shape only.
      refresh_token: newAccessToken(),
      expires_in: this.tokenTtlSeconds,
      scope: "read write trust",
    };
  }

  /** Checks the bearer token and `partnerId` header of a card API call. */
  authorize(authorization: string | undefined, partnerId: string | undefined): void {
    const bearer = /^Bearer\s+(\S+)$/i.exec(authorization ?? "");
    if (!bearer?.[1]) {
      throw new OAuthError(401, "unauthorized", "Full authentication is required to access this resource");
    }
    const expiresAt = this.tokens.get(bearer[1]);
    if (expiresAt === undefined) throw new OAuthError(401, "invalid_token", "Invalid access token");
    if (expiresAt <= this.now()) {
      this.tokens.delete(bearer[1]);
      throw new OAuthError(401, "invalid_token", "Access token expired");
    }
    if (!partnerId?.trim()) throw badRequest([{ field: "partnerId", rule: "header is required" }]);
    if (!this.acceptsPartner(partnerId.trim())) {
      throw unprocessable("Card Account does not exist for this partner");
    }
  }

  private acceptsPartner(partnerId: string): boolean {
    if (partnerId === this.options.credentials.partnerId) return true;
    return this.options.documentedPartnerIds && DOCUMENTED_PARTNER_IDS.includes(partnerId);
  }
}
