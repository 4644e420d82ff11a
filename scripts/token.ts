import { parseArgs } from "node:util";
import { mintToken } from "../src/auth/mint.ts";
import { type Role, SCOPES, type Scope } from "../src/auth/viewer.ts";
import { ConfigError, loadTokenSettings } from "../src/config.ts";

/**
 * `npm run token -- --role <PARTNER_ADMIN|COMPANY_ADMIN|CARDHOLDER> [--company ID]... [--card ID]...
 * [--scopes "cards:read cards:pin"] [--ttl SECONDS] [--subject NAME]`: mints an HS256 token with
 * AUTH_JWT_SECRET (and AUTH_ISSUER / AUTH_AUDIENCE), for operators and tests. The lifetime is at
 * most AUTH_MAX_TOKEN_LIFETIME_SECONDS (24 h by default), as the server would refuse a longer one.
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

let settings: ReturnType<typeof loadTokenSettings>;
try {
  settings = loadTokenSettings(process.env);
} catch (error) {
  settings = fail(error instanceof ConfigError ? error.message : "Invalid configuration");
}
const role =
  (["PARTNER_ADMIN", "COMPANY_ADMIN", "CARDHOLDER"] as const).find(
    (candidate) => candidate === values.role?.toUpperCase(),
  ) ?? fail("--role must be PARTNER_ADMIN, COMPANY_ADMIN or CARDHOLDER");
const scopes = values.scopes?.split(/[\s,]+/).filter(Boolean);
for (const scope of scopes ?? [])
  if (!(SCOPES as readonly string[]).includes(scope))
    fail(`unknown scope ${scope}; known: ${SCOPES.join(", ")}`);
if (!/^\d+$/.test(values.ttl) || Number(values.ttl) < 1) fail("--ttl must be a number of seconds");
if (Number(values.ttl) > settings.maxTokenLifetimeSeconds)
  fail(
    `--ttl must be at most ${settings.maxTokenLifetimeSeconds} seconds (AUTH_MAX_TOKEN_LIFETIME_SECONDS): the server refuses longer-lived tokens`,
  );

const token = await mintToken({
  secret: settings.secret,
  issuer: settings.issuer,
  audience: settings.audience,
  subject: values.subject ?? `operator-${(role as Role).toLowerCase()}`,
  role: role as Role,
  ...(values.company ? { companies: values.company } : {}),
  ...(values.card ? { cards: values.card } : {}),
  ...(scopes ? { scopes: scopes as Scope[] } : {}),
  ttlSeconds: Number(values.ttl),
});
console.log(token);
