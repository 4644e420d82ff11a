import { afterAll, beforeAll, expect } from "vitest";
import { EnkashClient, type EnkashClientOptions } from "../../src/enkash/client.ts";
import type { EnkashCallEvent } from "../../src/enkash/observer.ts";
import { createJsonLogger } from "../../src/logger.ts";
import { luhnValid } from "../../src/sandbox/crypto.ts";
import { type Sandbox, type SandboxOptionsInput, startSandbox } from "../../src/sandbox/index.ts";
import { CREDENTIALS } from "./sandbox.ts";

/**
 * A sandbox and an EnkashClient pointed at it, for one test file. Everything the client logs and
 * every error message it throws is captured; when the file ends, the capture is scanned for card
 * data and secrets (the sandbox's password and client secret, every token it issued, the OTP code,
 * PINs and CVVs the tests used, and any Luhn-valid 13 to 19 digit number).
 */
export interface ClientContext {
  readonly sandbox: Sandbox;
  readonly client: EnkashClient;
  /** Finished calls the client reported. */
  readonly calls: EnkashCallEvent[];
  /** Captured log lines and error messages. */
  readonly captured: string[];
  /** Values that must never appear in the capture (a PIN a test sent, a CVV it was shown). */
  secret(value: string): void;
  /** A second client on the same sandbox (own token cache, breaker and pool), closed at the end. */
  newClient(overrides?: Partial<EnkashClientOptions>): EnkashClient;
}

export function clientOptionsFor(sandbox: Sandbox): EnkashClientOptions {
  return {
    baseUrl: sandbox.url,
    tokenUrl: sandbox.tokenUrl,
    partnerId: CREDENTIALS.partnerId,
    clientId: CREDENTIALS.clientId,
    clientSecret: CREDENTIALS.clientSecret,
    username: CREDENTIALS.username,
    password: CREDENTIALS.password,
    encryption: sandbox.options.encryption,
    keyDerivation: sandbox.options.keyDerivation,
  };
}

export function useClient(
  sandboxOptions: SandboxOptionsInput = {},
  clientOptions: Partial<EnkashClientOptions> = {},
): ClientContext {
  let sandbox: Sandbox | undefined;
  let client: EnkashClient | undefined;
  const extraClients: EnkashClient[] = [];
  const calls: EnkashCallEvent[] = [];
  const captured: string[] = [];
  const secrets = new Set<string>([CREDENTIALS.password, CREDENTIALS.clientSecret, CREDENTIALS.otp]);

  const build = (overrides: Partial<EnkashClientOptions>): EnkashClient => {
    if (!sandbox) throw new Error("sandbox not started");
    const built = new EnkashClient({
      ...clientOptionsFor(sandbox),
      observer: { onCall: (event) => calls.push(event) },
      logger: createJsonLogger("debug", (line) => captured.push(line)),
      ...clientOptions,
      ...overrides,
    });
    const call = built.call.bind(built);
    built.call = (async (...args: Parameters<typeof call>) => {
      try {
        return await call(...args);
      } catch (error) {
        captured.push(String((error as Error).message), JSON.stringify(error));
        throw error;
      }
    }) as typeof built.call;
    return built;
  };

  beforeAll(async () => {
    sandbox = await startSandbox({ seed: 11, ...sandboxOptions });
    client = build({});
  });
  afterAll(async () => {
    await client?.close();
    await Promise.all(extraClients.map((extra) => extra.close()));
    for (const token of sandbox?.auth.issuedTokens() ?? []) secrets.add(token);
    await sandbox?.close();
    assertNoSecrets(captured.join("\n"), [...secrets]);
  });

  return {
    get sandbox() {
      if (!sandbox) throw new Error("sandbox not started");
      return sandbox;
    },
    get client() {
      if (!client) throw new Error("client not started");
      return client;
    },
    calls,
    captured,
    secret: (value) => secrets.add(value),
    newClient: (overrides = {}) => {
      const extra = build(overrides);
      extraClients.push(extra);
      return extra;
    },
  };
}

/** Fails when `text` holds any of `secrets` or a Luhn-valid 13 to 19 digit number. */
export function assertNoSecrets(text: string, secrets: readonly string[]): void {
  for (const secret of secrets) {
    expect(
      text.includes(secret),
      `a secret (${secret.length} characters) appears in the logs or errors`,
    ).toBe(false);
  }
  for (const match of text.matchAll(/\d{13,19}/g)) {
    expect(luhnValid(match[0]), `a Luhn-valid number appears in the logs or errors`).toBe(false);
  }
}

export const PREPAID = { companyId: "CEKEP5GSGP", cardAccountId: "CABFIPS" } as const;
export const PREPAID_CARD = { ...PREPAID, enKashCardId: "EKCMB7KAEW" } as const;
export const GIFT_CARD = {
  companyId: "CEKEP5GSGP",
  cardAccountId: "CAA8W45",
  enKashCardId: "EKC94AEX89",
} as const;
export const CORPORATE = { companyId: "CEK7T1WMC6", cardAccountId: "CAVBMRFE8" } as const;
export const CORPORATE_CARD = { ...CORPORATE, enKashCardId: "EKCQMY9BQ0" } as const;
