import { setTimeout as sleep } from "node:timers/promises";
import { safeMessage } from "./answers.ts";
import {
  EnkashError,
  EnkashLoginLockedError,
  EnkashRateLimitedError,
  EnkashTimeoutError,
  EnkashUnauthorizedError,
  EnkashUnavailableError,
} from "./errors.ts";
import type { EnkashObserver } from "./observer.ts";
import { backoffMs, parseRetryAfter, type RetryPolicy } from "./retry.ts";
import type { SharedRefusal, SharedToken, SharedTokenStore } from "./shared-token.ts";
import { type Transport, TransportFailure } from "./transport.ts";
import { tokenResponse } from "./wire/responses.ts";

export interface TokenSettings {
  tokenUrl: string;
  clientId: string;
  clientSecret: string;
  username: string;
  password: string;
  /** Deadline of one token request, retries included. */
  timeoutMs: number;
  retry: RetryPolicy;
  now: () => number;
  random: () => number;
  observer: EnkashObserver;
  /** Where several instances share one token; each instance fetches its own when absent. */
  shared?: SharedTokenStore;
}

/** Refresh this long before EnKash's stated expiry, so a token never dies mid-call. */
const EXPIRY_MARGIN_MS = 60_000;
const OPERATION = "token";
/** How often an instance waiting for another's token refresh looks for the result. */
const SHARED_POLL_MS = 25;

/**
 * The partner's access token: fetched on first use, cached until `expires_in` minus 60 s,
 * refreshed by one request however many callers need it at once. Bad credentials are never
 * retried: EnKash locks the login after three failures, so the first refusal is remembered and
 * every later call fails fast until `resetCredentials()`.
 *
 * With a shared store (Redis), instances use one token: the first to need a new one takes a lock
 * and fetches it, the others wait for it to appear. A token EnKash refused is dropped from the
 * store, so one refusal leads to one refresh for all instances.
 */
export class TokenProvider {
  private current: SharedToken | null = null;
  private inflight: Promise<string> | null = null;
  /** The last token EnKash refused, never to be taken from the shared store again. */
  private refused: string | null = null;
  private rejected: EnkashError | null = null;
  private readonly origin: string;
  private readonly path: string;

  constructor(
    private readonly transport: Transport,
    private readonly settings: TokenSettings,
  ) {
    const url = new URL(settings.tokenUrl);
    this.origin = url.origin;
    this.path = `${url.pathname}${url.search}`;
  }

  /** A valid token: the cached one, or the result of the (shared) refresh. */
  get(signal: AbortSignal): Promise<string> {
    if (this.rejected) return Promise.reject(this.rejected);
    if (this.current && this.current.refreshAt > this.settings.now())
      return Promise.resolve(this.current.token);
    return this.refreshShared(signal);
  }

  /**
   * After EnKash refused `stale` with 401: a new token, fetched once for all callers that held
   * the same stale one (a caller holding an older token simply gets the current one).
   */
  replace(stale: string, signal: AbortSignal): Promise<string> {
    if (this.current?.token === stale) this.current = null;
    this.refused = stale;
    return this.get(signal);
  }

  /** Forgets a credentials refusal, after the operator fixed the credentials. */
  resetCredentials(): void {
    this.rejected = null;
    this.settings.shared?.clearRefusal().catch(() => this.settings.observer.onTokenShareFailure?.());
  }

  private refreshShared(signal: AbortSignal): Promise<string> {
    if (!this.inflight) {
      // The shared fetch has its own deadline: one caller giving up must not fail the others.
      const obtained = this.settings.shared
        ? this.obtainShared(this.settings.shared)
        : this.fetchWithRetries();
      this.inflight = obtained
        .then((token) => {
          this.current = token;
          return token.token;
        })
        .finally(() => {
          this.inflight = null;
        });
    }
    return raceAbort(this.inflight, signal);
  }

  /**
   * The shared token, or a new one fetched under the lock and shared. A store failure falls back to
   * fetching locally: sharing saves token requests but must never stop the server getting a token.
   */
  private async obtainShared(shared: SharedTokenStore): Promise<SharedToken> {
    const deadline = AbortSignal.timeout(this.settings.timeoutMs);
    const refused = this.refused;
    const usable = (found: SharedToken | null): found is SharedToken =>
      found !== null && found.token !== refused && found.refreshAt > this.settings.now();
    try {
      if (refused) await shared.discard(refused);
      for (;;) {
        const refusal = await shared.readRefusal();
        if (refusal) throw this.remember(refusal);
        const found = await shared.read();
        if (usable(found)) return found;
        if (await shared.lock(this.settings.timeoutMs)) break;
        await sleep(SHARED_POLL_MS, undefined, { signal: deadline }).catch(() => {
          throw new EnkashTimeoutError("Timed out waiting for another instance's EnKash token", {
            operation: OPERATION,
          });
        });
      }
    } catch (error) {
      if (error instanceof EnkashError) throw error;
      this.settings.observer.onTokenShareFailure?.();
      return this.fetchWithRetries();
    }
    try {
      // Another instance may have shared a token between our read and our lock.
      const found = await shared.read().catch(() => null);
      if (usable(found)) return found;
      let fetched: SharedToken;
      try {
        fetched = await this.fetchWithRetries();
      } catch (error) {
        if (error instanceof EnkashUnauthorizedError || error instanceof EnkashLoginLockedError)
          await shared
            .writeRefusal({ code: error.code, message: error.message })
            .catch(() => this.settings.observer.onTokenShareFailure?.());
        throw error;
      }
      await shared.write(fetched).catch(() => this.settings.observer.onTokenShareFailure?.());
      return fetched;
    } finally {
      await shared.unlock().catch(() => this.settings.observer.onTokenShareFailure?.());
    }
  }

  /** Another instance's credentials refusal, latched here as if this instance had seen it. */
  private remember(refusal: SharedRefusal): EnkashError {
    const context = { operation: OPERATION };
    const message = `${refusal.message} (seen by another instance)`;
    this.rejected =
      refusal.code === "ENKASH_LOGIN_LOCKED"
        ? new EnkashLoginLockedError(message, context)
        : new EnkashUnauthorizedError(message, context);
    return this.rejected;
  }

  private async fetchWithRetries(): Promise<SharedToken> {
    const deadline = AbortSignal.timeout(this.settings.timeoutMs);
    for (let retry = 0; ; retry++) {
      const started = performance.now();
      try {
        const token = await this.fetchOnce(deadline, retry);
        this.settings.observer.onTokenRequest?.({ outcome: "ok", durationMs: performance.now() - started });
        return token;
      } catch (error) {
        const failure = toEnkashError(error, deadline);
        this.settings.observer.onTokenRequest?.({
          outcome: failure.code,
          durationMs: performance.now() - started,
        });
        if (failure instanceof EnkashUnauthorizedError || failure instanceof EnkashLoginLockedError) {
          this.rejected = failure;
          throw failure;
        }
        if (!failure.retryable || retry >= this.settings.retry.maxRetries || deadline.aborted) throw failure;
        const retryAfter = failure instanceof EnkashRateLimitedError ? failure.retryAfterMs : undefined;
        await sleep(backoffMs(this.settings.retry, retry, retryAfter, this.settings.random), undefined, {
          signal: deadline,
        }).catch(() => {
          throw new EnkashTimeoutError("Timed out fetching an EnKash access token", { operation: OPERATION });
        });
      }
    }
  }

  private async fetchOnce(signal: AbortSignal, resendCount: number): Promise<SharedToken> {
    const { clientId, clientSecret, username, password } = this.settings;
    const response = await this.transport.send(this.origin, {
      method: "POST",
      path: this.path,
      headers: {
        authorization: `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString("base64")}`,
        "content-type": "application/x-www-form-urlencoded",
        accept: "application/json",
      },
      body: new URLSearchParams({ username, password, grant_type: "password", clientId }).toString(),
      signal,
      operation: OPERATION,
      route: this.path,
      resendCount,
    });
    const context = { operation: OPERATION, status: response.status };
    if (response.status === 200) {
      const parsed = tokenResponse.safeParse(safeJson(response.text));
      if (!parsed.success)
        throw new EnkashUnavailableError("EnKash's token answer does not match the contract", context);
      const lifetimeMs = parsed.data.expires_in * 1000;
      const margin = Math.min(EXPIRY_MARGIN_MS, lifetimeMs / 2);
      return { token: parsed.data.access_token, refreshAt: this.settings.now() + lifetimeMs - margin };
    }
    const description = oauthDescription(response.text);
    if (response.status === 400 || response.status === 401) {
      if (/locked/i.test(description))
        throw new EnkashLoginLockedError(`EnKash locked the partner login: ${description}`, context);
      throw new EnkashUnauthorizedError(
        `EnKash refused the partner credentials${description ? `: ${description}` : ""}`,
        context,
      );
    }
    if (response.status === 429) {
      throw new EnkashRateLimitedError(
        "EnKash rate limit reached on the token endpoint",
        context,
        parseRetryAfter(response.headers["retry-after"], Date.now()),
      );
    }
    throw new EnkashUnavailableError(`EnKash's token endpoint answered HTTP ${response.status}`, context);
  }
}

function toEnkashError(error: unknown, deadline: AbortSignal): EnkashError {
  if (error instanceof EnkashError) return error;
  if (error instanceof TransportFailure) {
    if (error.kind === "timeout" || (error.kind === "aborted" && deadline.aborted)) {
      return new EnkashTimeoutError("Timed out fetching an EnKash access token", { operation: OPERATION });
    }
    return new EnkashUnavailableError(`EnKash's token endpoint is unreachable (${error.errorCode})`, {
      operation: OPERATION,
    });
  }
  return new EnkashUnavailableError("EnKash's token endpoint failed", { operation: OPERATION, cause: error });
}

function oauthDescription(text: string): string {
  const body = safeJson(text) as { error_description?: unknown } | undefined;
  return typeof body?.error_description === "string" ? safeMessage(body.error_description) : "";
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function raceAbort<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener("abort", onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener("abort", onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener("abort", onAbort);
        reject(error);
      },
    );
  });
}
