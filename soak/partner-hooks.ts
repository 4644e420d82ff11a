import { createServer } from "node:http";
import { request } from "undici";
import type { LoggedEvent } from "../src/events/types.ts";
import { docsVerifier } from "../test/helpers/docs-recipe.ts";
import { freePort } from "../test/helpers/free-port.ts";
import { bump, postGraphql } from "./cluster.ts";

/**
 * The soak's partner webhooks (docs/operations.md#partner-webhooks-in-the-soak): a partner's
 * receiver on loopback that fails a share of attempts (500s, hangs past the server's timeout,
 * reset connections), registered through the GraphQL mutation; every delivery it accepts is
 * verified with docs/webhooks.md's own recipe, and at the end what it got is counted against the
 * log: expected, delivered, redelivered (at-least-once allows it), lost, bad signatures.
 */

/**
 * The share of attempts each fault takes; the rest are verified and answered 204. `lostAnswer`:
 * verified and taken, then the connection reset before the answer (the server must retry: a
 * partner sees it again, which is what at-least-once means).
 */
const SOAK_FAULTS = { status500: 0.2, hang: 0.03, reset: 0.03, lostAnswer: 0.03 };

export interface PartnerReceiver {
  url: string;
  /** Set once registration has answered: the secret to verify with. */
  secret: string;
  /** The event ID of every verified delivery, repeats included, in arrival order. */
  readonly verified: string[];
  /** Attempts by what the receiver did: ok, 500, hang, reset, lost-answer, bad-signature. */
  readonly attempts: Record<string, number>;
  close(): Promise<void>;
}

export async function startPartnerReceiver(FAULTS = SOAK_FAULTS): Promise<PartnerReceiver> {
  const verify = await docsVerifier();
  const port = await freePort();
  const verified: string[] = [];
  const attempts: Record<string, number> = {};
  const receiver: PartnerReceiver = {
    url: `http://127.0.0.1:${port}/partner-events`,
    secret: "",
    verified,
    attempts,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const roll = Math.random();
      if (roll < FAULTS.status500) {
        bump(attempts, "500");
        res.writeHead(500).end("try again");
        return;
      }
      if (roll < FAULTS.status500 + FAULTS.hang) {
        // Never answered: the server's PARTNER_WEBHOOK_TIMEOUT_MS ends the attempt.
        bump(attempts, "hang");
        return;
      }
      if (roll < FAULTS.status500 + FAULTS.hang + FAULTS.reset) {
        bump(attempts, "reset");
        req.socket.destroy();
        return;
      }
      const body = Buffer.concat(chunks).toString("utf8");
      if (!verify(body, req.headers["enkash-graphql-signature"], receiver.secret)) {
        bump(attempts, "bad-signature");
        res.writeHead(401).end();
        return;
      }
      verified.push((JSON.parse(body) as { eventId: string }).eventId);
      if (roll < FAULTS.status500 + FAULTS.hang + FAULTS.reset + FAULTS.lostAnswer) {
        bump(attempts, "lost-answer");
        req.socket.destroy();
        return;
      }
      bump(attempts, "ok");
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  return receiver;
}

const PARTNER_EVENT_TYPES = ["TRANSACTION_POSTED", "BALANCE_CHANGED", "STATUS_CHANGED"] as const;

const REGISTER = `mutation SoakRegisterWebhook($input: RegisterWebhookEndpointInput!) {
  registerWebhookEndpoint(input: $input) { webhookEndpoint { id } secret userErrors { code } }
}`;

/** Registers the receiver for the company's card events, as a partner admin would; keeps the secret. */
export async function registerPartnerEndpoint(
  instanceUrl: string,
  token: string,
  companyId: string,
  receiver: PartnerReceiver,
): Promise<void> {
  const { body } = await postGraphql(instanceUrl, token, REGISTER, {
    input: {
      companyId,
      url: receiver.url,
      eventTypes: PARTNER_EVENT_TYPES,
      idempotencyKey: `soak-register-${process.pid}`,
    },
  });
  const payload = body.data?.registerWebhookEndpoint as { secret?: string | null } | null | undefined;
  if (!payload?.secret)
    throw new Error(`registering the partner endpoint failed: ${JSON.stringify(body.errors ?? payload)}`);
  receiver.secret = payload.secret;
}

/** The log's events the endpoint takes: its company's, of its types. */
export function partnerExpected(logged: LoggedEvent[], companyId: string): Set<string> {
  return new Set(
    logged
      .filter(({ event }) => event.companyId === companyId && PARTNER_EVENT_TYPES.includes(event.type))
      .map(({ event }) => event.eventId),
  );
}

/** Whether every expected event has been received verified at least once. */
export function partnerCaughtUp(receiver: PartnerReceiver, expected: ReadonlySet<string>): boolean {
  const got = new Set(receiver.verified);
  for (const id of expected) if (!got.has(id)) return false;
  return true;
}

/** `partner_webhook_deliveries_total` by outcome, from one instance's /metrics. */
export async function partnerAttemptMetrics(instanceUrl: string): Promise<Record<string, number>> {
  const text = await (await request(`${instanceUrl}/metrics`)).body.text();
  const counts: Record<string, number> = {};
  for (const match of text.matchAll(/^partner_webhook_deliveries_total\{outcome="(\w+)"\} (\d+)/gm))
    counts[match[1] as string] = Number(match[2]);
  return counts;
}

export function countPartnerDeliveries(receiver: PartnerReceiver, expected: ReadonlySet<string>) {
  const got = new Set(receiver.verified);
  return {
    expected: expected.size,
    delivered: [...expected].filter((id) => got.has(id)).length,
    redelivered: receiver.verified.length - got.size,
    lost: [...expected].filter((id) => !got.has(id)).length,
    /** Distinct events delivered that the log after registration does not hold (the start event's). */
    unexpected: [...got].filter((id) => !expected.has(id)).length,
    badSignatures: receiver.attempts["bad-signature"] ?? 0,
    receiverAttempts: { ...receiver.attempts },
  };
}
