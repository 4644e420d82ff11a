import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mintToken } from "../../src/auth/mint.ts";
import { bootstrap, type RunningApp } from "../../src/bootstrap.ts";
import { loadConfig } from "../../src/config.ts";
import { createJsonLogger } from "../../src/logger.ts";
import { PREPAID_CARD_ID } from "../helpers/ids.ts";
import { sandboxPurchase } from "../helpers/sandbox-purchase.ts";
import { type SseStream, subscribe } from "../helpers/sse.ts";

/**
 * A server that stops (SIGTERM, a restart) ends its open subscriptions first: each stream completes
 * after the last event it delivered, so the client resumes with `after`, and the drain finishes in
 * time instead of waiting out SHUTDOWN_GRACE_MS for streams that never end on their own (the soak
 * restarts an instance under subscribers, soak/run.ts). In process, through bootstrap as npm start.
 */
const JWT_SECRET = "shutdown-test-secret-with-enough-length-00";
let app: RunningApp;
let stream: SseStream | undefined;
let stopped = false;

beforeAll(async () => {
  app = await bootstrap(
    loadConfig({
      ENKASH_MODE: "sandbox",
      SANDBOX_PORT: "0",
      PORT: "0",
      AUTH_JWT_SECRET: JWT_SECRET,
      SHUTDOWN_GRACE_MS: "20000",
    }),
    { print: () => {}, logger: createJsonLogger("error", () => {}) },
  );
});
afterAll(async () => {
  stream?.close();
  if (!stopped) await app?.stop();
});

describe("stopping a server with open subscriptions", () => {
  it("completes every stream after its last event, and the drain finishes in time", async () => {
    const token = await mintToken({
      secret: JWT_SECRET,
      issuer: "enkash-graphql",
      audience: "enkash-graphql",
      subject: "shutdown-test",
      role: "PARTNER_ADMIN",
      ttlSeconds: 600,
    });
    // From the oldest kept event: one purchase first, so the log has a position to resume after.
    await sandboxPurchase(String(app.sandbox?.url), 5, { merchantName: "Shutdown Mart" });
    await app.sandbox?.webhooks.idle();
    const [first] = await app.events.readAfter(null, 1);
    stream = await subscribe(
      app.url.replace(/\/graphql$/, ""),
      "subscription Shut($cardId: ID!, $after: String) { cardEvents(cardId: $cardId, after: $after) { id } }",
      { cardId: PREPAID_CARD_ID, after: first?.id },
      { authorization: `Bearer ${token}` },
    );
    expect(stream.status).toBe(200);
    const delivered = await stream.next(10_000);
    expect(delivered?.event).toBe("next");

    stopped = true;
    const stopping = app.stop("test");
    expect(await stream.next(10_000)).toMatchObject({ event: "complete" });
    expect(await stream.next(10_000)).toBeNull();
    expect(await stopping).toEqual({ finishedInTime: true });
  }, 60_000);
});
