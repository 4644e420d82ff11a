import { createHash, timingSafeEqual } from "node:crypto";
import { createRemoteJWKSet, type JWTPayload, errors as joseErrors, jwtVerify } from "jose";
import { z } from "zod";
import { VerifiedTokens } from "./verified-tokens.ts";
import { DEFAULT_SCOPES, type Role, SCOPES, type Scope, type Viewer } from "./viewer.ts";

/**
 * Authentication: a JWT bearer token (HS256 with a shared secret, or RS256/ES256 from a JWKS URL)
 * or a static API key (configured as a SHA-256 hash). Both become one Viewer. Refusals carry a
 * reason fit for the caller, never the token.
 */
export interface AuthSettings {
  jwtSecret: string | null;
  jwksUrl: string | null;
  issuer: string;
  audience: string;
  /** Allowed clock skew. */
  clockToleranceSeconds: number;
  apiKeys: readonly ApiKeyEntry[];
  /** Longest lifetime a JWT may have (AUTH_MAX_TOKEN_LIFETIME_SECONDS); default 24 h. */
  maxTokenLifetimeSeconds?: number;
}

const DEFAULT_MAX_TOKEN_LIFETIME_SECONDS = 86_400;

export interface ApiKeyEntry {
  /** Hex SHA-256 of the key; the key itself is never configured. */
  sha256: string;
  subject: string;
  role: Role;
  companies: readonly string[] | "all";
  scopes?: readonly Scope[];
}

export class AuthenticationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "AuthenticationError";
  }
}

const claimsSchema = z.object({
  sub: z.string().min(1),
  role: z.enum(["PARTNER_ADMIN", "COMPANY_ADMIN", "CARDHOLDER"]),
  companies: z.array(z.string().min(1)).optional(),
  cards: z.array(z.string().min(1)).optional(),
  scope: z.string().optional(),
});

export type Authenticator = (authorization: string | null, apiKey: string | null) => Promise<Viewer>;

export function createAuthenticator(settings: AuthSettings): Authenticator {
  const jwks = settings.jwksUrl ? createRemoteJWKSet(new URL(settings.jwksUrl)) : null;
  const secret = settings.jwtSecret ? new TextEncoder().encode(settings.jwtSecret) : null;
  const verified = new VerifiedTokens();
  const maxLifetime = settings.maxTokenLifetimeSeconds ?? DEFAULT_MAX_TOKEN_LIFETIME_SECONDS;
  return async (authorization, apiKey) => {
    const key = apiKey ?? /^ApiKey\s+(\S+)$/i.exec(authorization ?? "")?.[1];
    if (key) return viewerForApiKey(settings.apiKeys, key);
    const bearer = /^Bearer\s+(\S+)$/i.exec(authorization ?? "")?.[1];
    if (!bearer)
      throw new AuthenticationError(
        "Authentication required: send Authorization: Bearer <JWT> or an API key",
      );
    const cacheKey = VerifiedTokens.keyOf(bearer);
    const known = verified.get(cacheKey);
    if (known) return known;
    let payload: JWTPayload;
    try {
      const options = {
        issuer: settings.issuer,
        audience: settings.audience,
        clockTolerance: settings.clockToleranceSeconds,
        // Only these; "none" and algorithm confusion (an HS256 token signed with a public key) are refused.
        algorithms: jwks ? ["RS256", "ES256"] : ["HS256"],
        // A token without exp would never expire (and a leaked one would be a key forever).
        requiredClaims: ["exp"],
      };
      if (jwks) payload = (await jwtVerify(bearer, jwks, options)).payload;
      else if (secret) payload = (await jwtVerify(bearer, secret, options)).payload;
      else throw new AuthenticationError("JWT authentication is not configured");
    } catch (error) {
      throw new AuthenticationError(describeJwtError(error));
    }
    // jose accepts any iat; one in the future (or after exp) would hide a token's true age.
    if (
      payload.iat !== undefined &&
      payload.iat > Math.floor(Date.now() / 1000) + settings.clockToleranceSeconds
    )
      throw new AuthenticationError("Invalid token: issued in the future");
    if (lifetimeOf(payload, settings.clockToleranceSeconds) > maxLifetime)
      throw new AuthenticationError(`Invalid token: lifetime exceeds the ${maxLifetime} s maximum`);
    const claims = claimsSchema.safeParse(payload);
    if (!claims.success)
      throw new AuthenticationError("Invalid token: its claims do not name a subject and role");
    const { sub, role, companies, cards, scope } = claims.data;
    if (role !== "PARTNER_ADMIN" && (!companies || companies.length === 0))
      throw new AuthenticationError("Invalid token: no companies for this role");
    if (role === "CARDHOLDER" && (!cards || cards.length === 0))
      throw new AuthenticationError("Invalid token: a cardholder token names no cards");
    const viewer: Viewer = {
      subject: sub,
      role,
      scopes: scopesOf(role, scope?.split(" ").filter(Boolean)),
      companies: role === "PARTNER_ADMIN" ? (companies ?? "all") : (companies ?? []),
      cards: role === "CARDHOLDER" ? (cards ?? []) : null,
    };
    verified.set(cacheKey, viewer, payload.exp);
    return viewer;
  };
}

/**
 * How long a verified token lives: exp - iat when it says when it was issued, and in any case what
 * remains of it now (less the clock skew allowed), so neither a far exp nor a future iat passes.
 */
function lifetimeOf(payload: JWTPayload, clockToleranceSeconds: number): number {
  const exp = payload.exp ?? Number.POSITIVE_INFINITY;
  const remaining = exp - Math.floor(Date.now() / 1000) - clockToleranceSeconds;
  return Math.max(remaining, payload.iat === undefined ? 0 : exp - payload.iat);
}

function scopesOf(role: Role, requested: readonly string[] | undefined): ReadonlySet<Scope> {
  const allowed = new Set<Scope>(DEFAULT_SCOPES[role]);
  if (!requested) return allowed;
  // A token may narrow its role's scopes, never widen them.
  return new Set(
    requested.filter(
      (scope): scope is Scope => (SCOPES as readonly string[]).includes(scope) && allowed.has(scope as Scope),
    ),
  );
}

function viewerForApiKey(entries: readonly ApiKeyEntry[], key: string): Viewer {
  const digest = createHash("sha256").update(key).digest();
  const entry = entries.find((candidate) => {
    const stored = Buffer.from(candidate.sha256, "hex");
    return stored.length === digest.length && timingSafeEqual(stored, digest);
  });
  if (!entry) throw new AuthenticationError("Invalid API key");
  return {
    subject: entry.subject,
    role: entry.role,
    scopes: scopesOf(entry.role, entry.scopes),
    companies: entry.companies,
    cards: null,
  };
}

function describeJwtError(error: unknown): string {
  if (error instanceof AuthenticationError) return error.message;
  if (error instanceof joseErrors.JWTExpired) return "Invalid token: expired";
  if (
    error instanceof joseErrors.JWTClaimValidationFailed &&
    error.claim === "exp" &&
    error.reason === "missing"
  )
    return "Invalid token: no expiry";
  if (error instanceof joseErrors.JWTClaimValidationFailed)
    return `Invalid token: ${error.claim} claim check failed`;
  if (error instanceof joseErrors.JOSEAlgNotAllowed) return "Invalid token: algorithm not allowed";
  if (error instanceof joseErrors.JWSSignatureVerificationFailed) return "Invalid token: bad signature";
  return "Invalid token";
}
