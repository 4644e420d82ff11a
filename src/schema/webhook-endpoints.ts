import { z } from "zod";
import type { Context } from "../context.ts";
import type { DeliveryRecord } from "../events/partner/deliveries.ts";
import { EndpointLimitError, type PartnerEndpoint } from "../events/partner/endpoints.ts";
import { EndpointUrlError } from "../events/partner/ssrf.ts";
import type { CardEventType } from "../events/types.ts";
import { builder } from "./builder.ts";
import { offsetConnection } from "./connections.ts";
import { queryError, Refusal, type UserError, userError } from "./errors.ts";
import { defineMutation, type InputFields, payloadType } from "./mutation.ts";
import { CompanyRef } from "./refs.ts";

/**
 * Partner webhook endpoints (docs/webhooks.md): registered per company, listed on the company,
 * their secret rotated, removed. An endpoint belongs to its company and is reached only through
 * Access's check of that company: another tenant's endpoint ID answers exactly as an unknown one.
 * Everything here needs the `webhooks:manage` scope, and REDIS_URL (the delivery queue's home).
 */

const EVENT_TYPES = {
  TRANSACTION_POSTED: "A transaction was posted on a card (a purchase, load, refund, …).",
  BALANCE_CHANGED: "A card's available balance changed.",
  STATUS_CHANGED: "A card's status changed (locked, unlocked, blocked, …).",
} as const satisfies Record<CardEventType, string>;

const CardEventTypeEnum = builder.enumType("CardEventType", {
  description: "The kinds of card event a webhook endpoint can take.",
  values: Object.fromEntries(
    Object.entries(EVENT_TYPES).map(([value, description]) => [value, { description }]),
  ) as Record<CardEventType, { description: string }>,
});

const DeliveryStatusEnum = builder.enumType("WebhookDeliveryStatus", {
  description: "Where a delivery of one event to one endpoint stands.",
  values: {
    PENDING: { description: "Queued; no attempt made yet." },
    RETRYING: { description: "An attempt failed; another is due at `nextAttemptAt`." },
    SUCCEEDED: { description: "The endpoint answered 2xx." },
    FAILED: {
      description: "Given up: every attempt of the retry window failed, or the endpoint was removed.",
    },
  },
});

const AttemptErrorEnum = builder.enumType("WebhookAttemptError", {
  description: "Why a delivery attempt failed.",
  values: {
    HTTP_STATUS: { description: "The endpoint answered, but not 2xx (redirects are not followed)." },
    TIMEOUT: { description: "No complete answer within the time allowed." },
    CONNECTION: { description: "The endpoint could not be connected to, or dropped the connection." },
    TARGET_REFUSED: {
      description:
        "The endpoint's host resolved to a private, loopback or other non-public address when sending.",
    },
    ENDPOINT_REMOVED: { description: "The endpoint was removed before the attempt." },
  },
});

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

const AttemptRef = builder.objectRef<DeliveryRecord["attempts"][number]>("WebhookDeliveryAttempt").implement({
  description: "One POST of a delivery to its endpoint.",
  fields: (t) => ({
    at: t.field({
      type: "DateTime",
      description: "When the attempt started.",
      resolve: (a) => iso(a.at) ?? "",
    }),
    statusCode: t.int({
      nullable: true,
      description: "The endpoint's HTTP status; null when no answer came.",
      resolve: (a) => a.statusCode,
    }),
    error: t.field({
      type: AttemptErrorEnum,
      nullable: true,
      description: "Why the attempt failed; null when it succeeded.",
      resolve: (a) => a.errorKind,
    }),
    durationMs: t.exposeInt("durationMs", { description: "How long the attempt took, in milliseconds." }),
  }),
});

const DeliveryRef = builder.objectRef<DeliveryRecord>("WebhookDelivery").implement({
  description:
    "One event's delivery to one endpoint, with every attempt made; kept for the retention window.",
  fields: (t) => ({
    id: t.exposeID("id", {
      description:
        "The delivery's ID, sent as the EnKash-GraphQL-Delivery header on every attempt (de-duplicate on it).",
    }),
    eventId: t.exposeString("eventId", { description: "The card event's ID (its de-duplication key)." }),
    eventType: t.field({
      type: CardEventTypeEnum,
      description: "The event's type.",
      resolve: (d) => d.eventType,
    }),
    eventLogId: t.exposeString("logId", {
      description: "The event's position in the card event log (the ID a subscription resumes after).",
    }),
    status: t.field({
      type: DeliveryStatusEnum,
      description: "Where the delivery stands.",
      resolve: (d) => d.status,
    }),
    attempts: t.field({
      type: [AttemptRef],
      description: "Every attempt made, oldest first.",
      resolve: (d) => d.attempts,
    }),
    nextAttemptAt: t.field({
      type: "DateTime",
      nullable: true,
      description: "When the next attempt is due; null once delivered or given up.",
      resolve: (d) => iso(d.nextAttemptAt),
    }),
    createdAt: t.field({
      type: "DateTime",
      description: "When the delivery was queued.",
      resolve: (d) => iso(d.createdAt) ?? "",
    }),
  }),
});

const EndpointRef = builder.objectRef<PartnerEndpoint>("WebhookEndpoint").implement({
  description:
    "A partner's HTTPS endpoint that receives its company's card events, signed (docs/webhooks.md). Its secret is shown only by registerWebhookEndpoint and rotateWebhookEndpointSecret.",
  fields: (t) => ({
    id: t.exposeID("id", { description: "The endpoint's ID (whe_…)." }),
    companyId: t.exposeString("companyId", { description: "The company whose events it receives." }),
    url: t.exposeString("url", { description: "Where deliveries are POSTed." }),
    eventTypes: t.field({
      type: [CardEventTypeEnum],
      description: "The event types it receives.",
      resolve: (e) => e.eventTypes,
    }),
    createdAt: t.field({
      type: "DateTime",
      description: "When it was registered.",
      resolve: (e) => iso(e.createdAt) ?? "",
    }),
    secretRotatedAt: t.field({
      type: "DateTime",
      nullable: true,
      description: "When its secret was last rotated; null if never.",
      resolve: (e) => iso(e.rotatedAt),
    }),
    previousSecretValidUntil: t.field({
      type: "DateTime",
      nullable: true,
      description:
        "Until when deliveries are signed with the previous secret too (a rotation's grace); null when not.",
      resolve: (e) =>
        e.previousValidUntil !== null && e.previousValidUntil > Date.now() ? iso(e.previousValidUntil) : null,
    }),
    deliveries: t.connection(
      {
        type: DeliveryRef,
        description: "Its deliveries, newest first, within the retention window. `first` takes 1 to 100.",
        resolve: (endpoint, args, ctx) =>
          offsetConnection(args, { knowsTotal: false }, async (offset, limit) => ({
            items: (await ctx.partnerWebhooks?.deliveries(endpoint.id, offset, limit)) ?? [],
            total: null,
          })),
      },
      { description: "A page of webhook deliveries." },
      { description: "A webhook delivery in a page." },
    ),
  }),
});

builder.objectField(CompanyRef, "webhookEndpoints", (t) =>
  t.field({
    type: [EndpointRef],
    authScopes: { scope: "webhooks:manage" },
    description: "The company's partner webhook endpoints, oldest first (empty without REDIS_URL).",
    resolve: async (company, _args, ctx) => {
      try {
        return (await ctx.partnerWebhooks?.endpointsOf(company.companyId)) ?? [];
      } catch (error) {
        throw queryError(error);
      }
    },
  }),
);

/** Partner webhooks need the delivery queue, which lives in Redis. */
const unavailableError = () =>
  userError(
    "WEBHOOKS_UNAVAILABLE",
    "Partner webhooks need the server's Redis (REDIS_URL); none is configured",
  );

/** The mutations' check: refused before anything runs when there is no queue. */
const unavailable = (ctx: Context): UserError | null => (ctx.partnerWebhooks ? null : unavailableError());

/** The service (present once `unavailable` has passed). */
function service(ctx: Context) {
  if (!ctx.partnerWebhooks) throw new Refusal(unavailableError());
  return ctx.partnerWebhooks;
}

const notFound = () =>
  new Refusal(userError("NOT_FOUND", "No such webhook endpoint", ["input", "endpointId"]));

/** The endpoint, if the viewer may see its company: else not found, as if it did not exist. */
async function visibleEndpoint(ctx: Context, id: string): Promise<PartnerEndpoint> {
  const endpoint = id.startsWith("whe_") ? await service(ctx).endpoint(id) : null;
  if (!endpoint || !ctx.access.company(endpoint.companyId)) throw notFound();
  return endpoint;
}

type WithSecret = { webhookEndpoint?: PartnerEndpoint; userErrors: UserError[] };

/**
 * The payload of register and rotate. The secret is derived when the payload is read (secrets.ts),
 * never put in the idempotency record: a replay of the same key to the same caller shows it again,
 * since its first answer was lost, and nothing stored holds it.
 */
const payloadWithSecret = (name: string, description: string) =>
  payloadType<WithSecret>(name, description, (t) => ({
    webhookEndpoint: t.field({
      type: EndpointRef,
      nullable: true,
      description: "The endpoint.",
      resolve: (payload) => payload.webhookEndpoint ?? null,
    }),
    secret: t.string({
      nullable: true,
      description:
        "The endpoint's signing secret (whsec_…): store it now, it is not shown again (a replay of the same idempotency key by the same caller shows it once more).",
      resolve: (payload, _args, ctx) =>
        payload.webhookEndpoint && ctx.partnerWebhooks
          ? ctx.partnerWebhooks.secretOf(payload.webhookEndpoint)
          : null,
    }),
  }));

const endpointIdField = (t: InputFields) => ({
  endpointId: t.id({ description: "The endpoint's ID (whe_…)." }),
});

defineMutation({
  name: "registerWebhookEndpoint",
  description:
    "Registers an HTTPS endpoint that receives the company's card events, signed with a secret returned once. The URL must resolve to public addresses only.",
  scope: "webhooks:manage",
  idempotent: true,
  input: {
    description: "A company's new webhook endpoint.",
    fields: (t: InputFields) => ({
      companyId: t.string({ description: "EnKash company ID whose events it receives." }),
      url: t.string({ description: "An absolute https:// URL, at most 2,048 characters." }),
      eventTypes: t.field({
        type: [CardEventTypeEnum],
        description: "The event types to send (at least one).",
      }),
    }),
  },
  payload: payloadWithSecret("RegisterWebhookEndpointPayload", "The result of registerWebhookEndpoint."),
  validate: z.object({
    url: z.string().min(1).max(2048),
    eventTypes: z.array(z.string()).min(1),
  }),
  target: (input, ctx) =>
    ctx.access.company(input.companyId)
      ? { companyId: input.companyId }
      : userError("NOT_FOUND", "No such company is served here", ["input", "companyId"]),
  check: ({ ctx }) => unavailable(ctx),
  run: async ({ ctx, input, target }): Promise<Omit<WithSecret, "userErrors">> => {
    const { endpoint } = await service(ctx)
      .register(target.companyId, input.url, input.eventTypes as CardEventType[])
      .catch((error: unknown) => {
        throw registrationRefusal(error) ?? error;
      });
    return { webhookEndpoint: endpoint };
  },
});

function registrationRefusal(error: unknown): Refusal | null {
  // The messages name the rule broken, never the URL (ssrf.ts, endpoints.ts).
  if (error instanceof EndpointUrlError)
    return new Refusal(userError("WEBHOOK_URL_REFUSED", error.message, ["input", "url"]));
  if (error instanceof EndpointLimitError)
    return new Refusal(userError("WEBHOOK_LIMIT", error.message, ["input", "companyId"]));
  return null;
}

defineMutation({
  name: "rotateWebhookEndpointSecret",
  description:
    "Gives the endpoint a new signing secret, returned once. For the grace period (PARTNER_WEBHOOK_ROTATION_GRACE_HOURS) deliveries carry a signature under each secret, so the partner can switch without losing one.",
  scope: "webhooks:manage",
  idempotent: true,
  input: { description: "The endpoint whose secret to rotate.", fields: endpointIdField },
  payload: payloadWithSecret(
    "RotateWebhookEndpointSecretPayload",
    "The result of rotateWebhookEndpointSecret.",
  ),
  target: (input) => ({ endpointId: String(input.endpointId) }),
  check: ({ ctx }) => unavailable(ctx),
  run: async ({ ctx, target }): Promise<Omit<WithSecret, "userErrors">> => {
    const endpoint = await visibleEndpoint(ctx, target.endpointId);
    return { webhookEndpoint: (await service(ctx).rotate(endpoint)).endpoint };
  },
});

type Removed = { removedEndpointId?: string };

defineMutation({
  name: "removeWebhookEndpoint",
  description: "Removes the endpoint: nothing more is sent to it, retries pending included.",
  scope: "webhooks:manage",
  idempotent: true,
  input: { description: "The endpoint to remove.", fields: endpointIdField },
  payload: payloadType<Removed & { userErrors: UserError[] }>(
    "RemoveWebhookEndpointPayload",
    "The result of removeWebhookEndpoint.",
    (t) => ({
      removedEndpointId: t.id({
        nullable: true,
        description: "The ID of the endpoint removed.",
        resolve: (payload) => payload.removedEndpointId ?? null,
      }),
    }),
  ),
  target: (input) => ({ endpointId: String(input.endpointId) }),
  check: ({ ctx }) => unavailable(ctx),
  run: async ({ ctx, target }): Promise<Removed> => {
    const endpoint = await visibleEndpoint(ctx, target.endpointId);
    await service(ctx).remove(endpoint);
    return { removedEndpointId: endpoint.id };
  },
});
