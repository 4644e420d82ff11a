import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { exportJWK, exportSPKI, generateKeyPair, SignJWT } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAuthenticator } from "../../src/auth/authenticate.ts";

/** RS256 and ES256 tokens verified against a JWKS served over loopback HTTP. */
describe("JWKS authentication", () => {
  let server: Server;
  let jwksUrl = "";
  let rsa: Awaited<ReturnType<typeof generateKeyPair>>;
  let ec: Awaited<ReturnType<typeof generateKeyPair>>;

  beforeAll(async () => {
    rsa = await generateKeyPair("RS256", { extractable: true });
    ec = await generateKeyPair("ES256", { extractable: true });
    const keys = [
      { ...(await exportJWK(rsa.publicKey)), kid: "rsa-1", alg: "RS256", use: "sig" },
      { ...(await exportJWK(ec.publicKey)), kid: "ec-1", alg: "ES256", use: "sig" },
    ];
    server = createServer((_req, res) => {
      res.setHeader("content-type", "application/json");
      res.end(JSON.stringify({ keys }));
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    jwksUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/.well-known/jwks.json`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const authenticator = () =>
    createAuthenticator({
      jwtSecret: null,
      jwksUrl,
      issuer: "https://idp.example",
      audience: "enkash-graphql",
      clockToleranceSeconds: 30,
      apiKeys: [],
    });
  const sign = (alg: string, kid: string, key: CryptoKey | Uint8Array) =>
    new SignJWT({ role: "COMPANY_ADMIN", companies: ["CEKEP5GSGP"] })
      .setProtectedHeader({ alg, kid })
      .setSubject("ops@example.in")
      .setIssuer("https://idp.example")
      .setAudience("enkash-graphql")
      .setExpirationTime("10m")
      .sign(key);

  it("accepts RS256 and ES256 tokens signed by a key of the set", async () => {
    const authenticate = authenticator();
    for (const token of [
      await sign("RS256", "rsa-1", rsa.privateKey as CryptoKey),
      await sign("ES256", "ec-1", ec.privateKey as CryptoKey),
    ]) {
      const viewer = await authenticate(`Bearer ${token}`, null);
      expect(viewer).toMatchObject({
        subject: "ops@example.in",
        role: "COMPANY_ADMIN",
        companies: ["CEKEP5GSGP"],
      });
    }
  });

  it("refuses algorithm confusion: an HS256 token keyed with the public key", async () => {
    const publicPem = await exportSPKI(rsa.publicKey as CryptoKey);
    const forged = await sign("HS256", "rsa-1", new TextEncoder().encode(publicPem));
    await expect(authenticator()(`Bearer ${forged}`, null)).rejects.toThrow(/^Invalid token/);
  });
});
