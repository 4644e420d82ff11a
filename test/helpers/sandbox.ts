import { request } from "undici";
import { afterAll, beforeAll } from "vitest";
import { type Sandbox, type SandboxOptionsInput, startSandbox } from "../../src/sandbox/index.ts";

/** The sandbox's default credentials, written out here rather than read from its options. */
export const CREDENTIALS = {
  partnerId: "CRSANDBOX1",
  clientId: "CEKEP5GSGP",
  clientSecret: "sandbox-secret",
  username: "9999999999",
  password: "Sandbox@123",
  otp: "123456",
} as const;

export const CARD_API = "/api/v0/partner/enKashCard";

export interface HttpAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  /** The parsed body, or undefined when it is not JSON. */
  // biome-ignore lint/suspicious/noExplicitAny: tests read JSON answers loosely and assert on every field they use.
  json: any;
}

export interface CallOptions {
  token?: string | null;
  partnerId?: string | null;
  headers?: Record<string, string>;
  /** Send this text as the body instead of JSON.stringify(body). */
  rawBody?: string;
  contentType?: string;
}

/** A tiny EnKash caller over undici, for tests that speak the wire format directly. */
export class SandboxCaller {
  private cachedToken: string | undefined;

  constructor(readonly sandbox: Sandbox) {}

  async send(method: string, path: string, body?: unknown, options: CallOptions = {}): Promise<HttpAnswer> {
    const headers: Record<string, string> = { ...options.headers };
    if (options.token !== null && path.startsWith(CARD_API)) {
      headers.authorization = `Bearer ${options.token ?? (await this.token())}`;
    }
    if (options.partnerId !== null && path.startsWith(CARD_API))
      headers.partnerId = options.partnerId ?? CREDENTIALS.partnerId;
    const payload = options.rawBody ?? (body === undefined ? undefined : JSON.stringify(body));
    if (payload !== undefined) headers["content-type"] = options.contentType ?? "application/json";
    const response = await request(`${this.sandbox.url}${path}`, {
      method: method as "GET" | "POST",
      headers,
      ...(payload === undefined ? {} : { body: payload }),
    });
    const text = await response.body.text();
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    return { status: response.statusCode, headers: response.headers, text, json };
  }

  post(path: string, body: unknown, options?: CallOptions): Promise<HttpAnswer> {
    return this.send("POST", path.startsWith("/") ? path : `${CARD_API}/${path}`, body, options);
  }

  /** A card API call by its path under `/api/v0/partner/enKashCard` ("" for create card). */
  card(subpath: string, body: unknown, options?: CallOptions): Promise<HttpAnswer> {
    return this.send("POST", subpath === "" ? CARD_API : `${CARD_API}/${subpath}`, body, options);
  }

  async requestToken(
    form: Record<string, string> = {},
    basic = `${CREDENTIALS.clientId}:${CREDENTIALS.clientSecret}`,
  ): Promise<HttpAnswer> {
    const fields = {
      username: CREDENTIALS.username,
      password: CREDENTIALS.password,
      grant_type: "password",
      clientId: CREDENTIALS.clientId,
      ...form,
    };
    return this.send("POST", "/oauth/token", undefined, {
      rawBody: new URLSearchParams(fields).toString(),
      contentType: "application/x-www-form-urlencoded",
      headers: { authorization: `Basic ${Buffer.from(basic).toString("base64")}` },
    });
  }

  async token(): Promise<string> {
    if (!this.cachedToken) {
      const answer = await this.requestToken();
      if (answer.status !== 200) throw new Error(`token request failed: ${answer.status} ${answer.text}`);
      this.cachedToken = answer.json.access_token as string;
    }
    return this.cachedToken;
  }

  forgetToken(): void {
    this.cachedToken = undefined;
  }

  /** Opens an OTP request for a card and returns its ID. */
  async otp(cardAccountId: string, enKashCardId: string, cardOtpAction = "TRANSACTION_OTP"): Promise<string> {
    const answer = await this.card("otp", { cardOtpAction, cardAccountId, enKashCardId });
    if (answer.json?.code !== 0) throw new Error(`otp failed: ${answer.text}`);
    return answer.json.payload.otpRequestId as string;
  }
}

/** Starts a sandbox for the file's tests (reset between tests with `sandbox.reset()`). */
export function useSandbox(options: SandboxOptionsInput = {}): {
  readonly sandbox: Sandbox;
  readonly caller: SandboxCaller;
  /** Back to the seed; the next call fetches a new token. */
  reset(): void;
} {
  let sandbox: Sandbox | undefined;
  let caller: SandboxCaller | undefined;
  beforeAll(async () => {
    sandbox = await startSandbox({ seed: 7, ...options });
    caller = new SandboxCaller(sandbox);
  });
  afterAll(async () => {
    await sandbox?.close();
  });
  return {
    get sandbox() {
      if (!sandbox) throw new Error("sandbox not started");
      return sandbox;
    },
    get caller() {
      if (!caller) throw new Error("sandbox not started");
      return caller;
    },
    reset() {
      sandbox?.reset();
      caller?.forgetToken();
    },
  };
}
