import { randomUUID } from "node:crypto";
import { Access } from "./auth/access.ts";
import type { PinKey } from "./auth/pin-encryption.ts";
import type { Role, Viewer } from "./auth/viewer.ts";
import type { CallRate } from "./call-rate.ts";
import type { AccountDirectory } from "./directory.ts";
import type { EnkashClient } from "./enkash/client.ts";
import { createLoaders, type Loaders } from "./enkash/loaders.ts";
import { EnkashSession, type SessionBudget } from "./enkash/session.ts";
import type { EventIntake } from "./events/intake.ts";
import type { PartnerWebhooks } from "./events/partner/service.ts";
import type { EventSubscriptions } from "./events/subscriptions.ts";
import type { Logger } from "./logger.ts";
import type { Metrics } from "./metrics.ts";
import type { RateLimiter } from "./rate-limit.ts";
import type { StateStore } from "./state-store.ts";

/** What every resolver gets: who is calling, this request's EnKash session and loaders, and shared services. */
export interface Context {
  requestId: string;
  /** Logs for this request: every line carries its requestId. */
  log: Logger;
  /** Who is calling (authenticated before the context is made). */
  viewer: Viewer;
  /** What the viewer may see: the one check for every object, whatever path reached it. */
  access: Access;
  enkash: EnkashSession;
  loaders: Loaders;
  directory: AccountDirectory;
  limiter: RateLimiter;
  /** Shared state (idempotency records). */
  store: StateStore;
  metrics: Metrics;
  /** The request's Idempotency-Key header, if any. */
  idempotencyKey: string | null;
  /** The key secret inputs are hashed under in idempotency records (same on every instance). */
  inputHashKey: Buffer;
  settings: ContextSettings;
  /** Where mutations publish the card events they cause (null: nowhere). */
  events: EventIntake | null;
  /** Subscriptions to card events: their log and limits (null: the schema's subscriptions refuse). */
  subscriptions: EventSubscriptions | null;
  /** Partner webhook endpoints and their deliveries (null without REDIS_URL: the mutations refuse). */
  partnerWebhooks: PartnerWebhooks | null;
  /** Aborts when the caller goes away (a subscriber disconnecting included). */
  signal: AbortSignal;
  /**
   * A new EnKash session and new loaders for the same viewer: a subscription delivers each event
   * as if it were a request of its own (the card as it is now, and a per-request call budget per
   * event), not from what its first event cached.
   */
  renewLoaders(this: Context): void;
}

export interface ContextSettings {
  /** How long an OTP lives at EnKash (EnKash does not say per request; 5 minutes by default). */
  otpTtlSeconds: number;
  /** The key PINs may be encrypted to (RSA-OAEP-256). */
  pinKey: PinKey;
  /** Roles that may lock, block or reset a card's activation without an OTP (src/auth/otp-policy.ts). */
  protectiveActionsWithoutOtp: readonly Role[];
  /** How long a running idempotency record is held without renewal (src/schema/idempotency-lease.ts). */
  idempotencyLeaseMs?: number;
  /** The clock idempotency leases are read against (tests move it); Date.now by default. */
  clock?: () => number;
}

export interface ContextDependencies {
  enkash: EnkashClient;
  logger: Logger;
  inputHashKey: Buffer;
  /** The per-request ceiling on EnKash calls (src/limits.ts). */
  maxEnkashCalls: number;
  /** The per-company and per-viewer rates of EnKash calls. */
  rates: { company: CallRate; viewer: CallRate };
  directory: AccountDirectory;
  limiter: RateLimiter;
  store: StateStore;
  metrics: Metrics;
  settings: ContextSettings;
  events?: EventIntake | undefined;
  subscriptions?: EventSubscriptions | undefined;
  partnerWebhooks?: PartnerWebhooks | undefined;
}

export function createContext(
  deps: ContextDependencies,
  request: {
    viewer: Viewer;
    signal?: AbortSignal;
    requestId?: string | undefined;
    idempotencyKey?: string | null;
  },
): Context {
  const requestId = request.requestId ?? randomUUID();
  const log = deps.logger.child({ requestId });
  const session = () =>
    new EnkashSession(deps.enkash, { signal: request.signal, log }, budgetOf(request.viewer, deps));
  const enkash = session();
  const access = new Access(request.viewer, deps.directory);
  const context: Context = {
    requestId,
    log,
    viewer: request.viewer,
    access,
    enkash,
    loaders: createLoaders(enkash, access),
    directory: deps.directory,
    limiter: deps.limiter,
    store: deps.store,
    metrics: deps.metrics,
    idempotencyKey: request.idempotencyKey ?? null,
    inputHashKey: deps.inputHashKey,
    settings: deps.settings,
    events: deps.events ?? null,
    subscriptions: deps.subscriptions ?? null,
    partnerWebhooks: deps.partnerWebhooks ?? null,
    signal: request.signal ?? new AbortController().signal,
    // `this`, not `context`: Yoga hands resolvers its own object with these fields copied in, so
    // replacing them on `context` would leave the resolvers' loaders (and call budget) as they were.
    renewLoaders(this: Context) {
      this.enkash = session();
      this.loaders = createLoaders(this.enkash, access);
    },
  };
  return context;
}

/**
 * What one request may spend at EnKash. Each call counts against the company it names (when the
 * viewer's; else the viewer's first company) and against the viewer within that company. A viewer
 * of every company is the partner itself, not a tenant: not counted (the per-request ceiling
 * still holds).
 */
function budgetOf(
  viewer: Viewer,
  deps: Pick<ContextDependencies, "maxEnkashCalls" | "rates">,
): SessionBudget {
  const { companies } = viewer;
  if (companies === "all") return { maxCalls: deps.maxEnkashCalls };
  const companyOf = (input: Record<string, unknown>) =>
    typeof input.companyId === "string" && companies.includes(input.companyId)
      ? input.companyId
      : (companies[0] ?? "");
  return {
    maxCalls: deps.maxEnkashCalls,
    laneOf: companyOf,
    admit: async (input) => {
      const company = companyOf(input);
      const [companyAllows, viewerAllows] = await Promise.all([
        deps.rates.company.take(company),
        deps.rates.viewer.take(`${company}:${viewer.subject}`),
      ]);
      return companyAllows && viewerAllows;
    },
  };
}
