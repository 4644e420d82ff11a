import { parseArgs } from "node:util";
import { mintToken } from "../src/auth/mint.ts";
import { type Role, SCOPES, type Scope } from "../src/auth/viewer.ts";

/**
 * `npm run token -- --role <PARTNER_ADMIN|COMPANY_ADMIN|CARDHOLDER> [--company ID]... [--card ID]...
 * [--scopes "cards:read cards:pin"] [--ttl SECONDS] [--subject NAME]`: mints an HS256 token with
 * AUTH_JWT_SECRET (and AUTH_ISSUER / AUTH_AUDIENCE), for operators and tests.
 */
const { values } = parseArgs({
  options: {
    role: { type: "string" },
    company: { type: "string", multiple: true },
    card: { type: "string", multiple: true },
    scopes: { type: "string" },
    ttl: { type: "string", default: "3600" },
    subject: { type: "string" },
  },
});

const fail = (message: string): never => {
  console.error(message);
  process.exit(2);
};

const secret =
  process.env.AUTH_JWT_SECRET ?? fail("AUTH_JWT_SECRET must be set (the server's shared secret)");
const role =
  (["PARTNER_ADMIN", "COMPANY_ADMIN", "CARDHOLDER"] as const).find(
    (candidate) => candidate === values.role?.toUpperCase(),
  ) ?? fail("--role must be PARTNER_ADMIN, COMPANY_ADMIN or CARDHOLDER");
const scopes = values.scopes?.split(/[\s,]+/).filter(Boolean);
for (const scope of scopes ?? [])
  if (!(SCOPES as readonly string[]).includes(scope))
    fail(`unknown scope ${scope}; known: ${SCOPES.join(", ")}`);
if (!/^\d+$/.test(values.ttl)) fail("--ttl must be a number of seconds");

const token = await mintToken({
  secret,
  issuer: process.env.AUTH_ISSUER ?? "enkash-graphql",
  audience: process.env.AUTH_AUDIENCE ?? "enkash-graphql",
  subject: values.subject ?? `operator-${(role as Role).toLowerCase()}`,
  role: role as Role,
  ...(values.company ? { companies: values.company } : {}),
  ...(values.card ? { cards: values.card } : {}),
  ...(scopes ? { scopes: scopes as Scope[] } : {}),
  ttlSeconds: Number(values.ttl),
});
console.log(token);
