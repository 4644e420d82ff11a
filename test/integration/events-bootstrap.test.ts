import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bootstrap, type RunningApp } from "../../src/bootstrap.ts";
import { loadConfig } from "../../src/config.ts";
import type { LoggedEvent } from "../../src/events/types.ts";
import { createJsonLogger } from "../../src/logger.ts";
import { PREPAID_CARD } from "../helpers/enkash.ts";
import { sandboxPurchase } from "../helpers/sandbox-purchase.ts";

/**
 * Issue 16, point 1 (docs/events.md): `npm start` with the embedded sandbox wires the sandbox's
 * webhooks to the server's /webhooks/enkash, signed with a secret made for the run, so a purchase
 * simulated with the sandbox's helper reaches the event log with nothing configured. In process,
 * through bootstrap(loadConfig(env)) as npm start runs it.
 */
let app: RunningApp;
const printed: string[] = [];
const logs: string[] = [];

beforeAll(async () => {
  app = await bootstrap(loadConfig({ SANDBOX_PORT: "0", PORT: "0", SHUTDOWN_GRACE_MS: "1000" }), {
    print: (text) => printed.push(text),
    logger: createJsonLogger("debug", (line) => logs.push(line)),
  });
});
afterAll(() => app?.stop());

async function purchase(amount: number): Promise<{ enKashTransactionId: string }> {
  const sandbox = app.sandbox;
  if (!sandbox) throw new Error("no sandbox");
  return {
    enKashTransactionId: await sandboxPurchase(sandbox.url, amount, {
      merchantName: "Swiggy",
      mcc: "5812",
      channel: "ECOM",
    }),
  };
}

async function eventsOf(transactionId: string): Promise<LoggedEvent[]> {
  await app.sandbox?.webhooks.idle();
  const all = await app.events.readAfter(null, 1_000);
  return all.filter(
    ({ event }) =>
      (event.type === "TRANSACTION_POSTED" && event.transaction.transactionId === transactionId) ||
      (event.type === "BALANCE_CHANGED" && event.transactionId === transactionId),
  );
}

describe("npm start wires the sandbox's webhooks to the server", () => {
  it("a purchase made with the sandbox's helper lands in the event log, once, with nothing configured", async () => {
    const { enKashTransactionId } = await purchase(123.45);
    const events = await eventsOf(enKashTransactionId);
    expect(events.map(({ event }) => event.type)).toEqual(["TRANSACTION_POSTED", "BALANCE_CHANGED"]);
    const posted = events[0]?.event;
    expect(posted).toMatchObject({
      eventId: `txn:${PREPAID_CARD.companyId}:${enKashTransactionId}`,
      companyId: PREPAID_CARD.companyId,
      cardAccountId: PREPAID_CARD.cardAccountId,
      enKashCardId: PREPAID_CARD.enKashCardId,
      source: "webhook",
      transaction: { direction: "DR", amount: 12_345, type: "SALE", status: "SUCCESS" },
    });
    expect(app.sandbox?.webhooks.stats()).toMatchObject({ failed: 0, dropped: 0 });
  });

  it("the run's webhook secret is never printed or logged", async () => {
    await purchase(1);
    await app.sandbox?.webhooks.idle();
    const accepted = logs.filter((line) => line.includes('"card event"'));
    expect(accepted.length).toBeGreaterThan(0);
    // The secret is 32 random bytes, base64url: 43 characters. None of the output has such a run
    // outside a JWT (the sandbox's printed tokens).
    const text = [...printed, ...logs].join("\n").replace(/eyJ[\w-]+\.eyJ[\w-]+\.[\w-]+/g, "");
    expect(text).not.toMatch(/[A-Za-z0-9_-]{43}/);
  });
});
