import { hkdfSync } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import type { z } from "zod";
import type { Logger } from "../logger.ts";
import { encryptPayload, type KeyDerivation } from "../shared/payload-encryption.ts";
import { describeZodIssues } from "../shared/zod-issues.ts";
import { interpretAnswer, type PayloadCodec } from "./answers.ts";
import { TokenProvider } from "./auth.ts";
import { type BreakerState, CircuitBreaker } from "./breaker.ts";
import { Bulkhead } from "./bulkhead.ts";
import { type Deadline, deadline } from "./deadline.ts";
import { type Endpoint, type EndpointName, endpoints } from "./endpoints.ts";
import {
  EnkashAbortedError,
  EnkashCircuitOpenError,
  EnkashError,
  EnkashOutcomeUnknownError,
  EnkashOverloadedError,
  EnkashRateLimitedError,
  EnkashTimeoutError,
  EnkashUnavailableError,
  EnkashValidationError,
} from "./errors.ts";
import type { EnkashObserver, EnkashTracer } from "./observer.ts";
import { backoffMs, type RetryPolicy } from "./retry.ts";
import type { SharedTokenStore } from "./shared-token.ts";
import { type HttpResponse, Transport, TransportFailure } from "./transport.ts";

export interface EnkashClientOptions {
  /** Card API origin, e.g. `https://pay-uat.enkash.in`. */
  baseUrl: string;
  tokenUrl: string;
  /** Payment Gateway origin; the card origin when absent. */
  pgBaseUrl?: string;
  partnerId: string;
  clientId: string;
  clientSecret: string;
  username: string;
  password: string;
  encryption?: "none" | "aes-128-ecb";
  keyDerivation?: KeyDerivation;
  timeouts?: Partial<{ connectMs: number; headersMs: number; bodyMs: number; requestMs: number }>;
  connections?: number;
  /** Most EnKash calls in flight at once (bulkhead). */
  maxInFlight?: number;
  retry?: Partial<RetryPolicy>;
  breaker?: Partial<{ windowMs: number; minimumCalls: number; failureRatio: number; coolDownMs: number }>;
  observer?: EnkashObserver;
  /** Traces every HTTP attempt (src/enkash-spans.ts); absent: nothing is done for tracing. */
  tracer?: EnkashTracer;
  /** Shares one token among instances (Redis); each instance keeps its own when absent. */
  sharedToken?: SharedTokenStore;
  logger?: Logger;
  now?: () => number;
  random?: () => number;
}

export interface CallOptions {
  /** Aborts the call (the caller went away). */
  signal?: AbortSignal;
  /** Overall deadline for this call, retries included. */
  timeoutMs?: number;
  /**
   * Whose turn the call waits in when the bulkhead is full (a company): waiting calls are served
   * company by company in turn, so one company's burst cannot hold back another's calls.
   */
  lane?: string;
  /**
   * Asked before each retry of a read: false keeps the last failure (the caller's budget of EnKash
   * calls is spent). Retries are EnKash calls too.
   */
  mayRetry?: () => boolean | Promise<boolean>;
  /** The calling request's logger (its lines carry the request ID); the client's own otherwise. */
  logger?: Logger;
}

type Input<N extends EndpointName> = z.input<(typeof endpoints)[N]["request"]>;
type Output<N extends EndpointName> = z.output<(typeof endpoints)[N]["response"]>;

const DEFAULTS = {
  timeouts: { connectMs: 2_000, headersMs: 10_000, bodyMs: 10_000, requestMs: 15_000 },
  retry: { maxRetries: 2, baseDelayMs: 100, maxDelayMs: 2_000 },
  breaker: { windowMs: 30_000, minimumCalls: 20, failureRatio: 0.5, coolDownMs: 30_000 },
  connections: 64,
  maxInFlight: 32,
};

/**
 * The one place that speaks EnKash's wire format. Inputs are validated with zod before anything
 * is sent; answers are parsed with zod; failures become typed errors (errors.ts). Reads are retried
 * on transient failures inside the caller's deadline; writes never are. A breaker per origin and a
 * bulkhead protect EnKash and the server from each other.
 */
export class EnkashClient {
  private readonly transport: Transport;
  private readonly tokens: TokenProvider;
  private readonly bulkhead: Bulkhead;
  private readonly breakers = new Map<string, CircuitBreaker>();
  private readonly codec: PayloadCodec;
  private readonly settings: {
    timeouts: typeof DEFAULTS.timeouts;
    retry: RetryPolicy;
    breaker: typeof DEFAULTS.breaker;
    observer: EnkashObserver;
    now: () => number;
    random: () => number;
    cardOrigin: string;
    pgOrigin: string;
  };

  constructor(private readonly options: EnkashClientOptions) {
    const timeouts = { ...DEFAULTS.timeouts, ...options.timeouts };
    const retry = { ...DEFAULTS.retry, ...options.retry };
    this.settings = {
      timeouts,
      retry,
      breaker: { ...DEFAULTS.breaker, ...options.breaker },
      observer: options.observer ?? {},
      now: options.now ?? Date.now,
      random: options.random ?? Math.random,
      cardOrigin: new URL(options.baseUrl).origin,
      pgOrigin: new URL(options.pgBaseUrl ?? options.baseUrl).origin,
    };
    this.transport = new Transport({
      connections: options.connections ?? DEFAULTS.connections,
      connectTimeoutMs: timeouts.connectMs,
      headersTimeoutMs: timeouts.headersMs,
      bodyTimeoutMs: timeouts.bodyMs,
      keepAliveTimeoutMs: 30_000,
      tracer: options.tracer,
    });
    this.tokens = new TokenProvider(this.transport, {
      tokenUrl: options.tokenUrl,
      clientId: options.clientId,
      clientSecret: options.clientSecret,
      username: options.username,
      password: options.password,
      timeoutMs: timeouts.requestMs,
      retry,
      now: this.settings.now,
      random: this.settings.random,
      observer: this.settings.observer,
      ...(options.sharedToken ? { shared: options.sharedToken } : {}),
    });
    this.bulkhead = new Bulkhead(options.maxInFlight ?? DEFAULTS.maxInFlight);
    this.codec = {
      encryption: options.encryption ?? "none",
      secret: options.clientSecret,
      keyDerivation: options.keyDerivation ?? "sha256-16",
    };
  }

  /**
   * A 32-byte key for `purpose` that only holders of the partner credentials can derive (HKDF over
   * the client secret and password): every instance configured for the same partner derives the
   * same one, and nothing needs to be stored or configured for it.
   */
  deriveKey(purpose: string): Buffer {
    return Buffer.from(
      hkdfSync(
        "sha256",
        `${this.options.clientSecret}\n${this.options.password}`,
        purpose,
        `${this.options.clientId}\n${this.options.username}`,
        32,
      ),
    );
  }

  /** Fetches a token if none is cached: a start-up and readiness check. */
  async checkCredentials(options: CallOptions = {}): Promise<void> {
    await this.tokens.get(options.signal ?? AbortSignal.timeout(this.settings.timeouts.requestMs));
  }

  /** After fixing credentials that EnKash refused: allow logins again. */
  resetCredentials(): void {
    this.tokens.resetCredentials();
  }

  breakerState(host: "card" | "pg" = "card"): BreakerState {
    return this.breaker(host === "card" ? this.settings.cardOrigin : this.settings.pgOrigin).state;
  }

  /** Calls in flight now, and the most there ever were. */
  get load(): { inFlight: number; peak: number; queued: number } {
    return { inFlight: this.bulkhead.inFlight, peak: this.bulkhead.peak, queued: this.bulkhead.queued };
  }

  async close(): Promise<void> {
    await this.transport.close();
  }

  /** Calls an endpoint by name. */
  async call<N extends EndpointName>(
    name: N,
    input: Input<N>,
    options: CallOptions = {},
  ): Promise<Output<N>> {
    const endpoint = endpoints[name] as unknown as Endpoint;
    const started = performance.now();
    const stats = { attempts: 0, retries: 0, status: 0 };
    let limit: Deadline | undefined;
    try {
      const wire = this.validate(endpoint, input);
      limit = deadline(options.timeoutMs ?? this.settings.timeouts.requestMs, options.signal);
      const result = await this.withRetries(endpoint, wire, limit.signal, options, stats);
      this.report(endpoint, stats, started, "ok");
      return result as Output<N>;
    } catch (error) {
      const failure =
        error instanceof EnkashError
          ? error
          : new EnkashUnavailableError("EnKash call failed", { operation: name, cause: error });
      this.report(endpoint, stats, started, failure.code);
      (options.logger ?? this.options.logger)?.warn(
        {
          operation: name,
          code: failure.code,
          status: failure.status ?? stats.status,
          attempts: stats.attempts,
          // EnKash's own words stay here (clients get the server's): digit runs hidden, as they
          // may be a card number, mobile, PIN or OTP quoted back.
          reason: failure.message.replace(/\d{4,}/g, "…"),
        },
        "EnKash call failed",
      );
      throw failure;
    } finally {
      limit?.dispose();
    }
  }

  private validate(endpoint: Endpoint, input: unknown): Record<string, unknown> {
    const parsed = endpoint.request.safeParse(input, { reportInput: true });
    if (!parsed.success)
      throw new EnkashValidationError(describeZodIssues(parsed.error.issues), { operation: endpoint.name });
    return stripUndefined(parsed.data as Record<string, unknown>);
  }

  private async withRetries(
    endpoint: Endpoint,
    wire: Record<string, unknown>,
    signal: AbortSignal,
    options: CallOptions,
    stats: { attempts: number; retries: number; status: number },
  ): Promise<unknown> {
    for (let retry = 0; ; retry++) {
      try {
        return await this.attempt(endpoint, wire, signal, options, stats);
      } catch (error) {
        if (!(error instanceof EnkashError) || endpoint.kind !== "read" || !error.retryable) throw error;
        // The token provider retried its own request already; retrying here would multiply it.
        if (error.operation === "token") throw error;
        if (error instanceof EnkashCircuitOpenError || retry >= this.settings.retry.maxRetries) throw error;
        if (options.mayRetry && !(await options.mayRetry())) throw error;
        const retryAfter = error instanceof EnkashRateLimitedError ? error.retryAfterMs : undefined;
        const wait = backoffMs(this.settings.retry, retry, retryAfter, this.settings.random);
        try {
          await sleep(wait, undefined, { signal });
        } catch {
          // The deadline came first: the last failure stands.
          throw error;
        }
        stats.retries++;
      }
    }
  }

  /** One try: breaker, bulkhead, token, request, and a single replay after a 401. */
  private async attempt(
    endpoint: Endpoint,
    wire: Record<string, unknown>,
    signal: AbortSignal,
    options: CallOptions,
    stats: { attempts: number; status: number },
  ): Promise<unknown> {
    const callerSignal = options.signal;
    const origin = endpoint.host === "card" ? this.settings.cardOrigin : this.settings.pgOrigin;
    const breaker = this.breaker(origin);
    if (!breaker.tryAcquire()) {
      throw new EnkashCircuitOpenError(
        "EnKash is failing; the circuit breaker is open and the call was not made",
        { operation: endpoint.name },
      );
    }
    let sent = false;
    let release: (() => void) | undefined;
    try {
      if (this.bulkhead.full)
        throw new EnkashOverloadedError("Too many EnKash calls are waiting; the call was not made", {
          operation: endpoint.name,
        });
      release = await this.bulkhead.acquire(signal, options.lane);
      let token = await this.tokens.get(signal);
      sent = true;
      let response = await this.send(endpoint, origin, wire, token, signal, stats);
      if (response.status === 401 && endpoint.host === "card") {
        token = await this.tokens.replace(token, signal);
        response = await this.send(endpoint, origin, wire, token, signal, stats);
      }
      breaker.record(response.status >= 500 || response.status === 429);
      return interpretAnswer(endpoint, response, this.codec, this.settings.now());
    } catch (error) {
      if (error instanceof EnkashError) {
        if (!sent) breaker.release();
        throw error;
      }
      const failure = this.transportError(endpoint, error, sent, signal, callerSignal);
      // A caller who hung up says nothing about EnKash: counting it as a failure would let anyone
      // open the breaker for every tenant by dropping connections.
      if (error instanceof TransportFailure && !callerSignal?.aborted) breaker.record(true);
      else breaker.release();
      throw failure;
    } finally {
      release?.();
    }
  }

  private async send(
    endpoint: Endpoint,
    origin: string,
    wire: Record<string, unknown>,
    token: string,
    signal: AbortSignal,
    stats: { attempts: number; status: number },
  ): Promise<HttpResponse> {
    stats.attempts++;
    const headers: Record<string, string> = { accept: "application/json" };
    if (endpoint.host === "card") {
      headers.authorization = `Bearer ${token}`;
      headers.partnerId = this.options.partnerId;
    }
    let path = endpoint.path;
    let body: string | undefined;
    if (endpoint.pathParam) {
      path = path.replace(`{${endpoint.pathParam}}`, encodeURIComponent(String(wire[endpoint.pathParam])));
    } else if (endpoint.method === "GET") {
      path = `${path}?${new URLSearchParams(wire as Record<string, string>).toString()}`;
    } else {
      headers["content-type"] = "application/json";
      const encrypt = this.codec.encryption === "aes-128-ecb" && endpoint.host === "card";
      body = JSON.stringify(
        encrypt ? { request: encryptPayload(wire, this.codec.secret, this.codec.keyDerivation) } : wire,
      );
    }
    const response = await this.transport.send(origin, {
      method: endpoint.method,
      path,
      headers,
      body,
      signal,
      operation: endpoint.name,
      route: endpoint.path,
      resendCount: stats.attempts - 1,
    });
    stats.status = response.status;
    this.settings.observer.onAttempt?.({
      operation: endpoint.name,
      route: endpoint.path,
      status: response.status,
    });
    return response;
  }

  /** What a failure without an HTTP answer means, for this endpoint and this stage of the call. */
  private transportError(
    endpoint: Endpoint,
    error: unknown,
    sent: boolean,
    signal: AbortSignal,
    callerSignal?: AbortSignal,
  ): EnkashError {
    const context = { operation: endpoint.name, cause: error };
    const kind = error instanceof TransportFailure ? error.kind : signal.aborted ? "aborted" : "lost";
    const mayHaveHappened = sent && kind !== "not-sent";
    if (endpoint.kind === "write" && mayHaveHappened) {
      return new EnkashOutcomeUnknownError(
        "EnKash's answer to a write was lost; it may or may not have been applied (reconcile before retrying)",
        context,
      );
    }
    if (kind === "aborted" && callerSignal?.aborted)
      return new EnkashAbortedError("The call was aborted by its caller", context);
    if (kind === "aborted" || kind === "timeout")
      return new EnkashTimeoutError(`No answer from EnKash within the deadline`, context);
    return new EnkashUnavailableError(
      `EnKash is unreachable (${error instanceof TransportFailure ? error.errorCode : "error"})`,
      context,
    );
  }

  private breaker(origin: string): CircuitBreaker {
    let breaker = this.breakers.get(origin);
    if (!breaker) {
      breaker = new CircuitBreaker({ ...this.settings.breaker, now: this.settings.now }, (state) => {
        this.settings.observer.onBreakerStateChange?.({ origin, state });
        this.options.logger?.warn({ origin, state }, "EnKash circuit breaker changed state");
      });
      this.breakers.set(origin, breaker);
    }
    return breaker;
  }

  private report(
    endpoint: Endpoint,
    stats: { attempts: number; retries: number; status: number },
    started: number,
    outcome: string,
  ): void {
    this.settings.observer.onCall?.({
      operation: endpoint.name,
      method: endpoint.method,
      route: endpoint.path,
      status: stats.status,
      durationMs: performance.now() - started,
      attempts: stats.attempts,
      retries: stats.retries,
      outcome,
    });
  }
}

/** JSON.stringify drops undefined anyway; query strings would not. */
function stripUndefined(value: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(value).filter(([, field]) => field !== undefined));
}
