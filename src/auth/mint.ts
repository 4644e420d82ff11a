import { SignJWT } from "jose";
import type { Role, Scope } from "./viewer.ts";

export interface MintOptions {
  secret: string;
  issuer: string;
  audience: string;
  subject: string;
  role: Role;
  companies?: readonly string[];
  cards?: readonly string[];
  scopes?: readonly Scope[];
  ttlSeconds?: number;
}

/** An HS256 token the server accepts (for operators, the sandbox banner and tests). */
export function mintToken(options: MintOptions): Promise<string> {
  return new SignJWT({
    role: options.role,
    ...(options.companies ? { companies: [...options.companies] } : {}),
    ...(options.cards ? { cards: [...options.cards] } : {}),
    ...(options.scopes ? { scope: options.scopes.join(" ") } : {}),
  })
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .setSubject(options.subject)
    .setIssuer(options.issuer)
    .setAudience(options.audience)
    .setIssuedAt()
    .setExpirationTime(`${options.ttlSeconds ?? 3600}s`)
    .sign(new TextEncoder().encode(options.secret));
}
