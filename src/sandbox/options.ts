import { z } from "zod";

/** Every EnKash operation the sandbox serves, by the name used in logs, latency and fault settings. */
export const ROUTE_NAMES = [
  "token",
  "createCardAccount",
  "getCardAccount",
  "createCard",
  "setPin",
  "generateOtp",
  "viewCardDetails",
  "viewCardCvv",
  "vkycLink",
  "vkycStatus",
  "updateUsageControls",
  "getUsageControls",
  "orderPhysicalCard",
  "getCardBalance",
  "loadCardBalance",
  "replaceCard",
  "blockCard",
  "getCardDetails",
  "searchCards",
  "transactions",
  "pgResendOtp",
  "pgValidateOtp",
] as const;
export type RouteName = (typeof ROUTE_NAMES)[number];

const rate = z.number().min(0).max(1);

export const latencySchema = z.object({
  fixedMs: z.number().int().min(0).max(60_000).default(0),
  jitterMs: z.number().int().min(0).max(60_000).default(0),
});
export type LatencySpec = z.output<typeof latencySchema>;

export const faultSchema = z.object({
  /** Share of calls answered HTTP 500 before anything happens. */
  http500: rate.default(0),
  /** Share of calls answered HTTP 503 before anything happens. */
  http503: rate.default(0),
  /** Share of calls answered HTTP 429 (rate limited) with a Retry-After header. */
  http429: rate.default(0),
  /** The Retry-After (seconds) of injected 429s. */
  retryAfterSeconds: z.number().int().min(0).max(3600).default(1),
  /** Share of calls that never get an answer (until the client gives up or the sandbox closes). */
  hang: rate.default(0),
  /** Share of calls whose connection is reset before anything happens. */
  reset: rate.default(0),
  /** Share of calls that are carried out and then lose their response (connection reset). */
  lostResponse: rate.default(0),
  /** Limit faults to these routes; all EnKash routes when absent. */
  routes: z.array(z.enum(ROUTE_NAMES)).optional(),
});
export type FaultSpec = z.output<typeof faultSchema>;

/**
 * Faults of the webhooks the sandbox sends (docs/sandbox.md): each delivery may be dropped (never
 * sent), repeated (sent twice), held back behind the next one (reordered), and delayed.
 */
export const webhookFaultSchema = z.object({
  drop: rate.default(0),
  repeat: rate.default(0),
  reorder: rate.default(0),
  /**
   * How long a reordered delivery waits, at most, for a later one to overtake it. A test that needs
   * the overtaking whatever the machine's speed sets it long: the hold ends as soon as one has.
   */
  reorderHoldMs: z.number().int().min(1).max(600_000).default(200),
  delay: latencySchema.prefault({}),
});
export type WebhookFaultSpec = z.output<typeof webhookFaultSchema>;

/** Where and how the sandbox sends its webhooks; nothing is sent without a URL and a secret. */
const webhooksSchema = z.object({
  url: z
    .url({ protocol: /^https?$/ })
    .nullable()
    .default(null),
  secret: z.string().min(16).nullable().default(null),
  signatureHeader: z
    .string()
    .regex(/^[a-z0-9-]{1,64}$/)
    .default("x-enkash-signature"),
  encoding: z.enum(["hex", "base64"]).default("hex"),
  timestampHeader: z
    .string()
    .regex(/^[a-z0-9-]{1,64}$/)
    .nullable()
    .default(null),
  /** Deliveries waiting at most; beyond, new ones are dropped (and counted). */
  queueSize: z.number().int().min(1).max(100_000).default(1_000),
  /** One delivery attempt's deadline. */
  timeoutMs: z.number().int().min(100).max(60_000).default(5_000),
  /** Attempts per delivery (a network error or a 5xx answer is tried again). */
  attempts: z.number().int().min(1).max(10).default(3),
});
export type WebhookOptions = z.output<typeof webhooksSchema>;

/** Which digits of a card number a mask shows. */
const MASK_STYLES = ["last4", "first6-last2", "first6-last4"] as const;
export type MaskStyle = (typeof MASK_STYLES)[number];

/**
 * How masked card numbers look, so a client can be tested against every form EnKash may send.
 * The defaults are the sandbox's historical form for generated cards, and the documented forms
 * for the documented cards.
 */
const masksSchema = z.object({
  /**
   * `per-card`: each card as EnKash showed it (EKCQMY9BQ0 `2004 01XX XXXX XX87`, reference 7.15;
   * every other card its last 4, as source 002 shows EKC94AEX89). Any other value applies to all.
   */
  style: z.enum(["per-card", ...MASK_STYLES]).default("per-card"),
  /** Groups of 4 separated by spaces (`XXXX XXXX XXXX 3211`), or one run (`XXXXXXXXXXXX3211`). */
  spaced: z.boolean().default(true),
  /** Card numbers of 16 digits, or 19 (then View Card Details answers 19 digits too). */
  digits: z.union([z.literal(16), z.literal(19)]).default(16),
  /** The card object's field name: `maskedNumber` (documented) or `maskedCardNumber` ([T]). */
  field: z.enum(["maskedNumber", "maskedCardNumber"]).default("maskedNumber"),
});
export type MaskOptions = z.output<typeof masksSchema>;

const sandboxOptionsSchema = z.object({
  port: z.number().int().min(0).max(65_535).default(0),
  host: z.string().default("127.0.0.1"),
  /** Seeds the data, generated IDs and injected faults. */
  seed: z.number().int().default(1),
  /** The day seed data is laid out back from (90 days of history); the start day when absent. */
  anchor: z.date().optional(),
  size: z
    .object({
      /** Generated cards per seeded card account, besides the documented example cards. */
      cardsPerAccount: z.number().int().min(0).max(100_000).default(14),
      /** Transactions per generated card (roughly; declines and refunds vary it). */
      transactionsPerCard: z.number().int().min(0).max(1_000).default(40),
    })
    .prefault({}),
  credentials: z
    .object({
      partnerId: z.string().min(1).default("CRSANDBOX1"),
      clientId: z.string().min(1).default("CEKEP5GSGP"),
      clientSecret: z.string().min(1).default("sandbox-secret"),
      username: z.string().min(1).default("9999999999"),
      password: z.string().min(1).default("Sandbox@123"),
    })
    .prefault({}),
  /**
   * Also accept the partner IDs printed on EnKash's pages (see DOCUMENTED_PARTNER_IDS), so that
   * the documented example requests run verbatim with their own `partnerId` header.
   */
  documentedPartnerIds: z.boolean().default(false),
  masks: masksSchema.prefault({}),
  /** The code every OTP request accepts (SMS is not sent); also the MFA code. */
  otpCode: z
    .string()
    .regex(/^\d{4,8}$/)
    .default("123456"),
  otpTtlSeconds: z.number().int().min(1).default(300),
  otpMaxAttempts: z.number().int().min(1).default(3),
  tokenTtlSeconds: z.number().int().min(1).default(86_399),
  loginMaxFailures: z.number().int().min(1).default(3),
  encryption: z.enum(["none", "aes-128-ecb"]).default("none"),
  keyDerivation: z.enum(["sha256-16", "raw-16"]).default("sha256-16"),
  /** Overrides the response envelope of a route: A = code/message, B = response_code/response_message. */
  envelopes: z.partialRecord(z.enum(ROUTE_NAMES), z.enum(["A", "B"])).default({}),
  latency: z
    .object({
      default: latencySchema.prefault({}),
      routes: z.partialRecord(z.enum(ROUTE_NAMES), latencySchema).default({}),
    })
    .prefault({}),
  faults: faultSchema.prefault({}),
  webhooks: webhooksSchema.prefault({}),
  webhookFaults: webhookFaultSchema.prefault({}),
  /** Refuse VKYC links outside 10:00-18:00 IST on weekdays, as EnKash documents. */
  vkycBusinessHoursOnly: z.boolean().default(false),
  maxBodyBytes: z
    .number()
    .int()
    .min(1024)
    .default(1024 * 1024),
});

export type SandboxOptionsInput = z.input<typeof sandboxOptionsSchema>;
export type SandboxOptions = z.output<typeof sandboxOptionsSchema>;
export type FaultInput = z.input<typeof faultSchema>;
export type WebhookFaultInput = z.input<typeof webhookFaultSchema>;

export function parseSandboxOptions(input: SandboxOptionsInput = {}): SandboxOptions {
  const result = sandboxOptionsSchema.safeParse(input);
  if (!result.success) throw new Error(`Invalid sandbox options:\n${z.prettifyError(result.error)}`);
  return result.data;
}
