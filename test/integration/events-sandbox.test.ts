import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { CardEvent } from "../../src/events/types.ts";
import { deriveCardNumber, deriveCvv } from "../../src/sandbox/crypto.ts";
import { PREPAID_CARD } from "../helpers/enkash.ts";
import { memoryIntake } from "../helpers/event-log.ts";
import { useHttpServer } from "../helpers/http-server.ts";
import { PREPAID_CARD_ID } from "../helpers/ids.ts";
import { sandboxPurchase } from "../helpers/sandbox-purchase.ts";

/**
 * The sandbox's webhooks reach the server's event log (docs/sandbox.md, docs/events.md): each
 * change once, whatever the sandbox's webhook faults do (repeats, reordering, delays), and the
 * mutations' own events de-duplicated against the webhook for the same change. Nothing of a
 * card's secrets is ever stored.
 */
const { signing: SIGNING, log, events } = memoryIntake("sandbox-webhook-secret-for-tests-0001");
const server = useHttpServer({ events });

beforeAll(() => {
  server.sandbox.webhooks.configure({ url: `${server.base}/webhooks/enkash`, signing: SIGNING });
});
beforeEach(async () => {
  await server.sandbox.webhooks.idle();
  server.sandbox.faults.configure({ webhooks: {} });
});

const purchase = (amount: number, enKashCardId = PREPAID_CARD.enKashCardId) =>
  sandboxPurchase(server.sandbox.url, amount, { enKashCardId });

async function gql(query: string, variables: Record<string, unknown>): Promise<Record<string, unknown>> {
  const answer = await fetch(`${server.base}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${await server.token()}` },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await answer.json()) as { data: Record<string, unknown>; errors?: unknown };
  expect(body.errors).toBeUndefined();
  return body.data;
}

async function recorded(): Promise<CardEvent[]> {
  await server.sandbox.webhooks.idle();
  return (await log.readAfter(null, 10_000)).map((entry) => entry.event);
}
const ofTransaction = (all: CardEvent[], id: string) =>
  all.filter(
    (event) =>
      (event.type === "TRANSACTION_POSTED" && event.transaction.transactionId === id) ||
      (event.type === "BALANCE_CHANGED" && event.transactionId === id),
  );

describe("the sandbox's webhooks into the event log", () => {
  it("every delivery repeated, and held behind the next: each transaction recorded once", async () => {
    server.sandbox.faults.configure({ webhooks: { repeat: 1, reorder: 0.5 } });
    const ids: string[] = [];
    for (let i = 1; i <= 6; i++) ids.push(await purchase(i));
    const all = await recorded();
    for (const id of ids)
      expect(ofTransaction(all, id).map((event) => event.type)).toEqual([
        "TRANSACTION_POSTED",
        "BALANCE_CHANGED",
      ]);
    expect(server.sandbox.webhooks.stats().delivered).toBeGreaterThanOrEqual(12);
  });

  it("a reordered delivery is recorded in arrival order, each event keeping EnKash's time", async () => {
    // Held until the second has overtaken it, however slow the machine (not for 200 ms only).
    server.sandbox.faults.configure({ webhooks: { reorder: 1, reorderHoldMs: 60_000 } });
    const first = await purchase(10);
    server.sandbox.clock.advance(5_000);
    const second = await purchase(11);
    const all = await recorded();
    const posted = all.filter(
      (event) =>
        event.type === "TRANSACTION_POSTED" && [first, second].includes(event.transaction.transactionId),
    );
    // The second overtook the first on the way: the log has it first, and occurredAt tells them apart.
    expect(
      posted.map((event) => (event.type === "TRANSACTION_POSTED" ? event.transaction.transactionId : "")),
    ).toEqual([second, first]);
    expect(Date.parse(posted[0]?.occurredAt ?? "")).toBeGreaterThan(Date.parse(posted[1]?.occurredAt ?? ""));
  });

  it("a dropped delivery never arrives; delays do not slow the sandbox's own answers", async () => {
    server.sandbox.faults.configure({ webhooks: { drop: 1 } });
    const dropped = await purchase(12);
    expect(ofTransaction(await recorded(), dropped)).toEqual([]);
    server.sandbox.faults.configure({ webhooks: { delay: { fixedMs: 3_000 } } });
    const deliveredBefore = server.sandbox.webhooks.stats().delivered;
    const delayed = await purchase(13);
    // Answered while its webhook was still held back (a count, not a clock): none delivered yet.
    expect(server.sandbox.webhooks.stats().delivered).toBe(deliveredBefore);
    expect(ofTransaction(await recorded(), delayed)).toHaveLength(2);
  });

  it("a load through the server is recorded once though both the mutation and the webhook report it", async () => {
    const data = await gql(
      `mutation ($input: LoadCardInput!) { loadCard(input: $input) { card { id } transaction { id } userErrors { code } } }`,
      { input: { cardId: PREPAID_CARD_ID, amount: "75.25", referenceNumber: "EVENTS-LOAD-1" } },
    );
    expect(data.loadCard).toMatchObject({ userErrors: [] });
    const all = await recorded();
    const loads = all.filter(
      (event) => event.type === "TRANSACTION_POSTED" && event.transaction.referenceNumber === "EVENTS-LOAD-1",
    );
    expect(loads).toHaveLength(1);
    const id = loads[0]?.type === "TRANSACTION_POSTED" ? loads[0].transaction.transactionId : "";
    const both = ofTransaction(all, id);
    expect(both.map((event) => [event.type, event.enKashCardId])).toEqual([
      ["TRANSACTION_POSTED", PREPAID_CARD.enKashCardId],
      ["BALANCE_CHANGED", PREPAID_CARD.enKashCardId],
    ]);
    expect(both[0]).toMatchObject({ transaction: { direction: "CR", amount: 7_525 } });
  });

  it("lock and unlock through the server: one STATUS_CHANGED each, from whichever source came first", async () => {
    const otp = { medium: "AUTHENTICATOR", code: "123456" };
    const status = (name: string) =>
      gql(
        `mutation ($input: ${name[0]?.toUpperCase()}${name.slice(1)}Input!) { ${name}(input: $input) { card { status } userErrors { code } } }`,
        {
          input: { cardId: PREPAID_CARD_ID, otp },
        },
      );
    // Repeats make the sandbox's reports arrive twice as well.
    server.sandbox.faults.configure({ webhooks: { repeat: 1 } });
    await status("lockCard");
    server.sandbox.clock.advance(2_000);
    await status("unlockCard");
    const changes = (await recorded()).filter(
      (event) => event.type === "STATUS_CHANGED" && event.enKashCardId === PREPAID_CARD.enKashCardId,
    );
    expect(changes.map((event) => (event.type === "STATUS_CHANGED" ? event.status : ""))).toEqual([
      "L",
      "UL",
    ]);
  });

  it("without the server's events, the webhook alone reports a change (a drop is covered by the mutation)", async () => {
    server.sandbox.faults.configure({ webhooks: { drop: 1 } });
    await gql(`mutation ($input: LoadCardInput!) { loadCard(input: $input) { userErrors { code } } }`, {
      input: { cardId: PREPAID_CARD_ID, amount: "1.00", referenceNumber: "EVENTS-LOAD-DROPPED" },
    });
    const loads = (await recorded()).filter(
      (event) =>
        event.type === "TRANSACTION_POSTED" && event.transaction.referenceNumber === "EVENTS-LOAD-DROPPED",
    );
    expect(loads.map((event) => event.source)).toEqual(["mutation"]);
  });

  it("a load whose answer was lost publishes its events when the retry finds it (its webhook dropped)", async () => {
    server.sandbox.faults.configure({
      webhooks: { drop: 1 },
      faults: { lostResponse: 1, routes: ["loadCardBalance"] },
    });
    const LOAD = `mutation ($input: LoadCardInput!) { loadCard(input: $input) { userErrors { code } } }`;
    const input = {
      cardId: PREPAID_CARD_ID,
      amount: "4.00",
      referenceNumber: "EVENTS-LOAD-LOST",
      idempotencyKey: "events-load-lost",
    };
    const lost = await gql(LOAD, { input });
    expect(lost.loadCard).toMatchObject({ userErrors: [{ code: "OUTCOME_UNKNOWN" }] });
    server.sandbox.faults.configure({ faults: {} });
    expect((await gql(LOAD, { input })).loadCard).toMatchObject({ userErrors: [] });
    const posted = (await recorded()).filter(
      (event) =>
        event.type === "TRANSACTION_POSTED" && event.transaction.referenceNumber === "EVENTS-LOAD-LOST",
    );
    expect(posted.map((event) => event.source)).toEqual(["mutation"]);
    const id = posted[0]?.type === "TRANSACTION_POSTED" ? posted[0].transaction.transactionId : "";
    expect(ofTransaction(await recorded(), id).map((event) => event.type)).toEqual([
      "TRANSACTION_POSTED",
      "BALANCE_CHANGED",
    ]);
  });

  it("a lock whose answer was lost publishes STATUS_CHANGED when the retry finds it made (its webhook dropped)", async () => {
    const statusChanges = async () =>
      (await recorded()).filter(
        (event) => event.type === "STATUS_CHANGED" && event.enKashCardId === PREPAID_CARD.enKashCardId,
      ).length;
    server.sandbox.clock.advance(2_000);
    const before = await statusChanges();
    server.sandbox.faults.configure({
      webhooks: { drop: 1 },
      faults: { lostResponse: 1, routes: ["blockCard"] },
    });
    const LOCK = `mutation ($input: LockCardInput!) { lockCard(input: $input) { card { status } userErrors { code } } }`;
    const input = { cardId: PREPAID_CARD_ID, idempotencyKey: "events-lock-lost" };
    expect((await gql(LOCK, { input })).lockCard).toMatchObject({
      userErrors: [{ code: "OUTCOME_UNKNOWN" }],
    });
    server.sandbox.faults.configure({ faults: {} });
    expect((await gql(LOCK, { input })).lockCard).toMatchObject({
      card: { status: "LOCKED" },
      userErrors: [],
    });
    expect(await statusChanges()).toBe(before + 1);
    server.sandbox.faults.configure({ webhooks: {} });
    server.sandbox.clock.advance(2_000);
    await gql(`mutation ($input: UnlockCardInput!) { unlockCard(input: $input) { userErrors { code } } }`, {
      input: { cardId: PREPAID_CARD_ID, otp: { medium: "AUTHENTICATOR", code: "123456" } },
    });
  });

  it("requestCardReplacement publishes the old card's block (its webhook dropped); a PIN change is no event", async () => {
    const old = [...server.sandbox.state.cards.values()].find(
      (card) =>
        card.cardAccountId === PREPAID_CARD.cardAccountId &&
        card.status === "UL" &&
        card.enKashCardId !== PREPAID_CARD.enKashCardId,
    );
    if (!old) throw new Error("no card to replace");
    const oldId = Buffer.from(`Card:${old.companyId}/${old.cardAccountId}/${old.enKashCardId}`).toString(
      "base64",
    );
    const otp = { medium: "AUTHENTICATOR", code: "123456" };
    const eventsOfCard = async () =>
      (await recorded()).filter((event) => event.enKashCardId === old.enKashCardId);

    const before = (await eventsOfCard()).length;
    await gql(`mutation ($input: SetCardPinInput!) { setCardPin(input: $input) { userErrors { code } } }`, {
      input: { cardId: oldId, pin: "4821", otp },
    });
    expect(await eventsOfCard()).toHaveLength(before);

    server.sandbox.faults.configure({ webhooks: { drop: 1 } });
    const replaced = await gql(
      `mutation ($input: RequestCardReplacementInput!) { requestCardReplacement(input: $input) { newCard { enKashCardId } userErrors { code } } }`,
      { input: { cardId: oldId, otp } },
    );
    expect(replaced.requestCardReplacement).toMatchObject({ userErrors: [] });
    const blocked = (await eventsOfCard()).slice(before);
    expect(
      blocked.map((event) => [event.type, event.type === "STATUS_CHANGED" ? event.status : "", event.source]),
    ).toEqual([["STATUS_CHANGED", "BL", "mutation"]]);
  });

  it("the stored log holds no full card number, CVV, PIN, OTP or token", async () => {
    const card = server.sandbox.state.cards.get(PREPAID_CARD.enKashCardId);
    if (!card) throw new Error("no card");
    // The key src/sandbox/routes/secure-view.ts derives card numbers and CVVs with.
    const key = `enkash-sandbox-card-secrets:${server.sandbox.options.seed}`;
    const pan = deriveCardNumber(key, card.enKashCardId, card.bin, card.last4);
    const cvv = deriveCvv(key, card.enKashCardId);
    const token = await server.token();
    // The full number even in a load's description, spaced as a person would type it.
    await gql(`mutation ($input: LoadCardInput!) { loadCard(input: $input) { userErrors { code } } }`, {
      input: {
        cardId: PREPAID_CARD_ID,
        amount: "2.00",
        referenceNumber: "EVENTS-LOAD-SCAN",
        description: `to card ${pan.replace(/(\d{4})/g, "$1 ").trim()}`,
      },
    });
    await purchase(3);
    const stored = JSON.stringify(
      (JSON.parse(log.dump()) as { events: { event: CardEvent }[] }).events.map(({ event }) => event),
    );
    expect(stored.length).toBeGreaterThan(1_000);
    expect(stored.replace(/\D/g, "")).not.toContain(pan);
    // Any run of 12 to 19 digits (separators allowed) that is Luhn-valid could be a card number.
    for (const [run = ""] of stored.matchAll(/\d(?:[ -]?\d){11,18}/g))
      expect(luhn(run.replace(/\D/g, "")), run).toBe(false);
    expect(stored).not.toMatch(/"(cvv|pin|otp|token|cardNumber|pinBlock|mfaCode)"/i);
    expect(stored).not.toContain(`"${cvv}"`);
    expect(stored).not.toContain(token);
    expect(stored).not.toContain(SIGNING.secret);
    expect(stored).toContain("XXXX XXXX XXXX");
  });
});

function luhn(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return digits.length >= 12 && sum % 10 === 0;
}

describe("sandbox deliveries never hold up the sandbox", () => {
  let hanging: Server;
  let url = "";
  beforeAll(async () => {
    // A receiver that never answers.
    hanging = createServer(() => {});
    await new Promise<void>((resolve) => hanging.listen(0, "127.0.0.1", resolve));
    url = `http://127.0.0.1:${(hanging.address() as AddressInfo).port}/hook`;
  });
  afterAll(async () => {
    hanging.closeAllConnections();
    await new Promise((resolve) => hanging.close(resolve));
  });

  it("answers at once while a receiver hangs, and a full queue drops (and counts) the newest", async () => {
    const { startSandbox } = await import("../../src/sandbox/index.ts");
    const sandbox = await startSandbox({
      seed: 9,
      webhooks: { url, secret: SIGNING.secret, queueSize: 3, timeoutMs: 10_000 },
    });
    try {
      for (let i = 1; i <= 6; i++) {
        const answer = await fetch(`${sandbox.url}/__sandbox/purchase`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({
            enKashCardId: "EKCMB7KAEW",
            amount: i,
            merchantName: "Zomato",
            mcc: "5812",
            channel: "ECOM",
          }),
        });
        expect(answer.status).toBe(200);
      }
      const stats = sandbox.webhooks.stats();
      // Every answer came while the first delivery still hung (its 10 s timeout not reached): the
      // answers never waited on a delivery. Counts, not a clock.
      expect(stats.delivered + stats.failed).toBe(0);
      // One in flight (hanging), three waiting, the rest dropped.
      expect(stats.queued).toBe(4);
      expect(stats.overflowed).toBe(2);
    } finally {
      await sandbox.close();
    }
  });
});
