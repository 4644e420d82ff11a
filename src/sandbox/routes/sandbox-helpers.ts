import { z } from "zod";
import { toRupees } from "../../shared/money.ts";
import { notFound } from "../http/errors.ts";
import type { Route, RouteContext } from "../http/route.ts";
import { json } from "../http/route.ts";
import { parseRequest } from "../http/validate.ts";
import { faultSchema, latencySchema, ROUTE_NAMES, webhookFaultSchema } from "../options.ts";
import { purchase } from "../state/purchase.ts";
import { renderTransaction } from "../state/render.ts";
import { CHANNELS } from "../state/types.ts";
import { id, positiveAmount } from "./fields.ts";

/**
 * Test helpers under `/__sandbox/`, as Stripe's test helpers: things EnKash does on its own
 * (card-network spends, KYC reviews, account funding) and knobs for tests. No auth: the sandbox
 * listens on loopback only.
 */

const helper = (
  name: string,
  method: Route["method"],
  path: string,
  body: Route["body"],
  handle: (context: RouteContext) => ReturnType<Route["handle"]>,
): Route => ({
  name: `sandbox:${name}`,
  method,
  path: `/__sandbox${path}`,
  kind: "helper",
  body,
  envelope: "A",
  handle,
});

const purchaseSchema = z.object({
  enKashCardId: id,
  amount: positiveAmount,
  merchantName: z.string().trim().min(1).max(100),
  mcc: z.string().regex(/^\d{4}$/, { message: "must be a 4-digit merchant category code" }),
  channel: z.enum(CHANNELS),
  city: z.string().max(100).optional(),
  international: z.boolean().optional(),
  contactless: z.boolean().optional(),
});

const fundSchema = z.object({ cardAccountId: id, amount: positiveAmount });
const kycSchema = z.object({ enKashCardId: id, approved: z.boolean() });
const clockSchema = z.object({
  advanceSeconds: z
    .number()
    .int()
    .min(0)
    .max(10 * 365 * 24 * 3600),
});
const pgPaymentSchema = z.object({ amount: positiveAmount, orderId: z.string().trim().min(1).max(64) });
const faultsSchema = z.object({
  faults: z.unknown().optional(),
  latency: z
    .object({
      default: z.unknown().optional(),
      routes: z.partialRecord(z.enum(ROUTE_NAMES), z.unknown()).optional(),
    })
    .optional(),
  tokenTtlSeconds: z.number().int().min(1).optional(),
  webhooks: z.unknown().optional(),
});

export const sandboxHelpers: Route[] = [
  helper("purchase", "POST", "/purchase", "json", ({ state, body, options }) => {
    const input = parseRequest(purchaseSchema, body);
    const card = state.cards.get(input.enKashCardId);
    if (!card) throw notFound(`Card not found for enKashCardId: ${input.enKashCardId}`);
    const txn = purchase(
      state,
      card,
      {
        amount: input.amount,
        merchant: {
          name: input.merchantName,
          mcc: input.mcc,
          channel: input.channel,
          city: input.city ?? "Mumbai",
        },
        international: input.international ?? false,
        contactless: input.contactless ?? false,
      },
      state.now(),
    );
    return json(200, {
      approved: txn.status === "SUCCESS",
      declineReason: txn.declineReason,
      transaction: renderTransaction(state, txn, options.masks),
    });
  }),
  helper("fundAccount", "POST", "/fund-account", "json", ({ state, body }) => {
    const input = parseRequest(fundSchema, body);
    const account = state.accounts.get(input.cardAccountId);
    if (!account) throw notFound(`Card account not found for cardAccountId: ${input.cardAccountId}`);
    account.availableBalance += input.amount;
    return json(200, {
      cardAccountId: account.cardAccountId,
      availableBalance: toRupees(account.availableBalance),
    });
  }),
  helper("completeVkyc", "POST", "/vkyc/complete", "json", ({ state, body }) => {
    const input = parseRequest(kycSchema, body);
    const card = state.cards.get(input.enKashCardId);
    if (!card) throw notFound(`Card not found for enKashCardId: ${input.enKashCardId}`);
    card.vkyc = { status: input.approved ? "COMPLETED" : "REJECTED", linkExpiresAt: null };
    card.kycStatus = input.approved ? "FULL_KYC" : "REJECTED";
    card.modifiedOn = state.now();
    return json(200, { enKashCardId: card.enKashCardId, kycStatus: card.kycStatus });
  }),
  helper("createPgPayment", "POST", "/pg/payments", "json", ({ state, body }) => {
    const input = parseRequest(pgPaymentSchema, body);
    const ekPayId = state.ids.next("EKPAY", 7);
    state.pgPayments.set(ekPayId, {
      ekPayId,
      orderId: input.orderId,
      amount: input.amount,
      status: "PENDING_OTP",
      failedAttempts: 0,
      resends: 0,
      createdOn: state.now(),
    });
    return json(200, { ekPayId, status: "PENDING_OTP" });
  }),
  helper("reset", "POST", "/reset", "none", (context) => {
    context.reset();
    return json(200, { reset: true });
  }),
  helper("unlockLogin", "POST", "/unlock-login", "none", ({ auth }) => {
    auth.unlock();
    return json(200, { unlocked: true });
  }),
  helper("revokeTokens", "POST", "/revoke-tokens", "none", ({ auth }) => {
    auth.revokeAll();
    return json(200, { revoked: true });
  }),
  helper("advanceClock", "POST", "/clock", "json", ({ clock, body }) => {
    const input = parseRequest(clockSchema, body);
    clock.advance(input.advanceSeconds * 1000);
    return json(200, { now: new Date(clock.now()).toISOString() });
  }),
  helper("calls", "GET", "/calls", "none", ({ calls }) =>
    json(200, { ...calls.totals(), records: calls.entries() }),
  ),
  helper("clearCalls", "DELETE", "/calls", "none", ({ calls }) => {
    calls.clear();
    return json(200, { cleared: true });
  }),
  helper("getFaults", "GET", "/faults", "none", ({ faults }) => json(200, faults.settings())),
  helper("setFaults", "POST", "/faults", "json", ({ faults, auth, body }) => {
    const input = parseRequest(faultsSchema, body);
    const current = faults.settings();
    faults.configure({
      faults: input.faults === undefined ? current.faults : parseRequest(faultSchema, input.faults),
      latency: {
        default:
          input.latency?.default === undefined
            ? current.latency.default
            : parseRequest(latencySchema, input.latency.default),
        routes: input.latency?.routes
          ? Object.fromEntries(
              Object.entries(input.latency.routes).map(([route, spec]) => [
                route,
                parseRequest(latencySchema, spec),
              ]),
            )
          : current.latency.routes,
      },
      webhooks:
        input.webhooks === undefined ? current.webhooks : parseRequest(webhookFaultSchema, input.webhooks),
    });
    if (input.tokenTtlSeconds !== undefined) auth.setTokenTtl(input.tokenTtlSeconds);
    return json(200, faults.settings());
  }),
];
