import { SignJWT } from "jose";
import { describe, expect, it } from "vitest";
import { createAuthenticator } from "../../src/auth/authenticate.ts";
import { AUTH, refusalOf, useHarness } from "../helpers/harness.ts";

/**
 * Issue 11 F: every JWT carries `exp`, and its lifetime is bounded (AUTH_MAX_TOKEN_LIFETIME_SECONDS,
 * 24 h by default): a leaked token is not a key forever.
 */
const h = useHarness();
const now = () => Math.floor(Date.now() / 1000);

/** A partner-admin token with exactly the time claims given (absent ones are left out). */
const sign = (times: { iat?: number; exp?: number }, secret = AUTH.secret) => {
  const jwt = new SignJWT({ role: "PARTNER_ADMIN" })
    .setProtectedHeader({ alg: "HS256" })
    .setSubject("lifetime-test")
    .setIssuer(AUTH.issuer)
    .setAudience(AUTH.audience);
  if (times.iat !== undefined) jwt.setIssuedAt(times.iat);
  if (times.exp !== undefined) jwt.setExpirationTime(times.exp);
  return jwt.sign(new TextEncoder().encode(secret));
};

const refusal = (token: string) => refusalOf(h, token);

describe("JWT lifetime", () => {
  it("a token without exp is refused, every time it is sent", async () => {
    const token = await sign({ iat: now() });
    expect(await refusal(token)).toBe("Invalid token: no expiry");
    expect(await refusal(token)).toBe("Invalid token: no expiry");
    expect(await refusal(await sign({}))).toBe("Invalid token: no expiry");
  });

  it("a token living longer than 24 h is refused, by exp - iat or, without iat, by what remains", async () => {
    const longer = "Invalid token: lifetime exceeds the 86400 s maximum";
    expect(await refusal(await sign({ iat: now(), exp: now() + 86_401 }))).toBe(longer);
    expect(await refusal(await sign({ iat: now() - 3_600, exp: now() + 86_400 }))).toBe(longer);
    expect(await refusal(await sign({ exp: now() + 2 * 86_400 }))).toBe(longer);
    expect(await refusal(await sign({ exp: now() + 10 * 365 * 86_400 }))).toBe(longer);
  });

  it("a token issued in the future, or after its own expiry, is refused", async () => {
    const future = "Invalid token: issued in the future";
    expect(await refusal(await sign({ iat: now() + 3_600, exp: now() + 7_200 }))).toBe(future);
    expect(await refusal(await sign({ iat: now() + 10 * 86_400, exp: now() + 3_600 }))).toBe(future);
  });

  it("a token of at most 24 h is accepted", async () => {
    expect(await refusal(await sign({ iat: now(), exp: now() + 86_400 }))).toBeUndefined();
    expect(await refusal(await sign({ exp: now() + 3_600 }))).toBeUndefined();
    expect(await refusal(await h.token())).toBeUndefined();
  });

  it("the maximum is configurable", async () => {
    const authenticate = createAuthenticator({
      jwtSecret: AUTH.secret,
      jwksUrl: null,
      issuer: AUTH.issuer,
      audience: AUTH.audience,
      clockToleranceSeconds: 30,
      apiKeys: [],
      maxTokenLifetimeSeconds: 600,
    });
    await expect(
      authenticate(`Bearer ${await sign({ iat: now(), exp: now() + 3_600 })}`, null),
    ).rejects.toThrow("Invalid token: lifetime exceeds the 600 s maximum");
    await expect(
      authenticate(`Bearer ${await sign({ iat: now(), exp: now() + 600 })}`, null),
    ).resolves.toMatchObject({ subject: "lifetime-test" });
  });
});
