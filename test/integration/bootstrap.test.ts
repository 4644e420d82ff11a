import { generateKeyPairSync } from "node:crypto";
import { connect } from "node:net";
import { networkInterfaces } from "node:os";
import { jwtVerify } from "jose";
import { request } from "undici";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { bootstrap, type RunningApp } from "../../src/bootstrap.ts";
import { ConfigError, loadConfig } from "../../src/config.ts";
import { createJsonLogger } from "../../src/logger.ts";
import { type Sandbox, startSandbox } from "../../src/sandbox/index.ts";
import { CREDENTIALS } from "../helpers/sandbox.ts";

/**
 * Issue 11 E: a deploy cannot fail open. The embedded sandbox runs only when asked for
 * (ENKASH_MODE=sandbox) or when nothing of a deployment is configured; it listens on loopback; a
 * token shown in GraphiQL or printed is never signed with a configured secret; start-up says which
 * mode it is in. In process, through bootstrap(loadConfig(env)), on free ports.
 */
const JWT_SECRET = "a-configured-persistent-secret-for-hs256-0001";
const JWT_LOOKING = /eyJ[\w-]+\.eyJ[\w-]+\.[\w-]+/g;
const PRODUCTION_SETTINGS: Record<string, string> = {
  AUTH_JWT_SECRET: JWT_SECRET,
  AUTH_JWKS_URL: "https://idp.example.in/.well-known/jwks.json",
  AUTH_API_KEYS: JSON.stringify([
    { sha256: "a".repeat(64), subject: "backend", role: "COMPANY_ADMIN", companies: ["CEKEP5GSGP"] },
  ]),
  REDIS_URL: "redis://127.0.0.1:1",
  ENKASH_ACCOUNTS: "CEKEP5GSGP:CABFIPS",
  TRUSTED_DOCUMENTS: "operations",
  PIN_ENCRYPTION_PRIVATE_KEY: generateKeyPairSync("rsa", { modulusLength: 2048 })
    .privateKey.export({ type: "pkcs8", format: "pem" })
    .toString(),
  CORS_ORIGINS: "https://cards.example.in",
};
const CREDENTIAL_NAMES =
  "ENKASH_BASE_URL, ENKASH_TOKEN_URL, ENKASH_PARTNER_ID, ENKASH_CLIENT_ID, ENKASH_CLIENT_SECRET, ENKASH_USERNAME, ENKASH_PASSWORD";

const started: RunningApp[] = [];
afterEach(async () => {
  await Promise.all(started.splice(0).map((app) => app.stop()));
});

interface Start {
  app: RunningApp;
  printed: string;
  logs: string;
}

async function start(env: Record<string, string>): Promise<Start> {
  const printed: string[] = [];
  const logs: string[] = [];
  const app = await bootstrap(
    loadConfig({ SANDBOX_PORT: "0", PORT: "0", SHUTDOWN_GRACE_MS: "1000", ...env }),
    {
      print: (text) => printed.push(text),
      logger: createJsonLogger("info", (line) => logs.push(line)),
    },
  );
  started.push(app);
  return { app, printed: printed.join("\n"), logs: logs.join("\n") };
}

async function refusal(env: Record<string, string>): Promise<string> {
  try {
    await start(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error("expected start-up to be refused");
}

describe("which EnKash the server uses", () => {
  it("a production setting without EnKash credentials refuses to start, naming what is missing and how to ask for the sandbox", async () => {
    for (const [name, value] of Object.entries(PRODUCTION_SETTINGS)) {
      const message = await refusal({ [name]: value });
      expect(message, name).toContain(`${CREDENTIAL_NAMES} must be set`);
      expect(message, name).toContain(name);
      expect(message, name).toContain("ENKASH_MODE=sandbox");
      expect(message, name).not.toContain(value);
    }
  });

  it("ENKASH_MODE=enkash needs every credential; ENKASH_MODE=sandbox takes none", async () => {
    expect(await refusal({ ENKASH_MODE: "enkash", AUTH_JWT_SECRET: JWT_SECRET })).toContain(
      `${CREDENTIAL_NAMES} must be set`,
    );
    const partial = await refusal({ ENKASH_MODE: "enkash", ENKASH_PASSWORD: "Very$ecretPassw0rd" });
    expect(partial).toContain("must be set too");
    expect(partial).not.toContain("Very$ecretPassw0rd");
    const contradiction = await refusal({ ENKASH_MODE: "sandbox", ENKASH_BASE_URL: "https://pay.enkash.in" });
    expect(contradiction).toContain("ENKASH_BASE_URL must not be set with ENKASH_MODE=sandbox");
    expect(await refusal({ ENKASH_MODE: "simulator" })).toContain(
      'ENKASH_MODE must be one of "sandbox", "enkash"',
    );
  });

  it("with nothing configured: the sandbox, on loopback only, announced loudly, with a working token per role", async () => {
    const { app, printed, logs } = await start({});
    expect(app.mode).toBe("sandbox");
    expect(app.host).toBe("127.0.0.1");
    expect(printed.split("\n")[0]).toBe("MODE: SANDBOX — simulated EnKash on loopback, no real money");
    expect(logs).toMatch(/"mode":"sandbox".*"msg":"MODE: SANDBOX/);
    // Reachable on loopback, refused on any other interface of this machine.
    expect(await reachable("127.0.0.1", app.port)).toBe(true);
    for (const address of otherAddresses()) expect(await reachable(address, app.port), address).toBe(false);
    const token = /partner admin\s+(\S+)/.exec(printed)?.[1] ?? "";
    const response = await request(app.url, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: "query Companies { companies { companyId } }" }),
    });
    expect(response.statusCode).toBe(200);
    await response.body.text();
  });

  it("prints a company admin's and a cardholder's token for the seed's example company and card", async () => {
    const { app, printed } = await start({});
    const examples = app.sandbox?.state.examples;
    expect(examples).toBeTruthy();
    const [, cardId, token] = /cardholder \((\w+)\)\s+(\S+)/.exec(printed) ?? [];
    expect(cardId).toBe(examples?.enKashCardId);
    expect(printed).toContain(`company admin (${examples?.companyId})`);
    const id = Buffer.from(`Card:${examples?.companyId}/CABFIPS/${cardId}`).toString("base64");
    const response = await request(app.url, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: `query Mine { node(id: "${id}") { ... on Card { enKashCardId } } }` }),
    });
    expect(await response.body.json()).toMatchObject({ data: { node: { enKashCardId: cardId } } });
  });

  it("passes the EnKash call limits to every request", async () => {
    const { app, printed } = await start({ ENKASH_MAX_CALLS_PER_REQUEST: "8" });
    const token = /partner admin\s+(\S+)/.exec(printed)?.[1] ?? "";
    const response = await request(app.url, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
      body: JSON.stringify({
        query: `query Dashboard { cardAccount(companyId: "CEK7T1WMC6", cardAccountId: "CAVBMRFE8") { cards(first: 12) { edges { node { controls { pos } } } } } }`,
      }),
    });
    const body = (await response.body.json()) as { errors?: { extensions: { code: string } }[] };
    expect(body.errors?.map((error) => error.extensions.code)).toContain("ENKASH_BUDGET_EXCEEDED");
  });

  it("HOST moves the sandbox off loopback when asked", async () => {
    const { app } = await start({ HOST: "0.0.0.0" });
    expect(app.host).toBe("0.0.0.0");
    expect(await reachable("127.0.0.1", app.port)).toBe(true);
  });

  it("the sandbox with a configured AUTH_JWT_SECRET shows and prints no token; it says how to mint one", async () => {
    const { app, printed, logs } = await start({ ENKASH_MODE: "sandbox", AUTH_JWT_SECRET: JWT_SECRET });
    expect(app.mode).toBe("sandbox");
    const page = await request(app.url, { headers: { accept: "text/html" } });
    expect(page.statusCode).toBe(200);
    const html = await page.body.text();
    expect(html).toContain("GraphiQL");
    expect(html.match(JWT_LOOKING)).toBeNull();
    for (const text of [html, printed, logs])
      for (const candidate of text.match(JWT_LOOKING) ?? [])
        await expect(jwtVerify(candidate, new TextEncoder().encode(JWT_SECRET))).rejects.toThrow();
    expect(printed.match(JWT_LOOKING)).toBeNull();
    expect(printed).toContain("npm run token");
    expect(printed).not.toContain(JWT_SECRET);
    expect(logs).not.toContain(JWT_SECRET);
  });
});

describe("real EnKash mode", () => {
  // "EnKash" here is a sandbox the test starts itself, reached through the seven credentials.
  let enkash: Sandbox;
  beforeAll(async () => {
    enkash = await startSandbox({ seed: 2 });
  });
  afterAll(() => enkash.close());

  it("announces the EnKash origin, listens on every interface by default, and shows no GraphiQL or token", async () => {
    const { app, printed, logs } = await start({
      ENKASH_BASE_URL: enkash.url,
      ENKASH_TOKEN_URL: enkash.tokenUrl,
      ENKASH_PARTNER_ID: CREDENTIALS.partnerId,
      ENKASH_CLIENT_ID: CREDENTIALS.clientId,
      ENKASH_CLIENT_SECRET: CREDENTIALS.clientSecret,
      ENKASH_USERNAME: CREDENTIALS.username,
      ENKASH_PASSWORD: CREDENTIALS.password,
      AUTH_JWT_SECRET: JWT_SECRET,
      ENKASH_ACCOUNTS: "CEKEP5GSGP:CABFIPS",
    });
    expect(app.mode).toBe("enkash");
    expect(app.sandbox).toBeUndefined();
    expect(app.host).toBe("0.0.0.0");
    expect(printed.split("\n")[0]).toBe(`MODE: ENKASH — ${new URL(enkash.url).origin}`);
    expect(logs).toMatch(/"mode":"enkash"/);
    expect(printed.match(JWT_LOOKING)).toBeNull();
    expect(printed).not.toContain(CREDENTIALS.password);
    // Without REDIS_URL the bounds are per instance: said at start-up.
    expect(logs).toMatch(/REDIS_URL is not set/);
    const page = await request(app.url, { headers: { accept: "text/html" } });
    expect(page.statusCode).toBe(401);
    await page.body.text();
  });
});

/** Whether a TCP connection to address:port is accepted. */
function reachable(address: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: address, port });
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}

/** This machine's IPv4 addresses other than loopback (none on some CI machines). */
function otherAddresses(): string[] {
  return Object.values(networkInterfaces())
    .flat()
    .filter((entry) => entry && entry.family === "IPv4" && !entry.internal)
    .map((entry) => entry?.address ?? "");
}
