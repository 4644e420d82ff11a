import { fetch } from "undici";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Instance, instanceEnv, startInstance } from "../../soak/cluster.ts";
import { mintToken } from "../../src/auth/mint.ts";
import { PREPAID_CARD } from "../helpers/enkash.ts";
import { PREPAID_CARD_ID } from "../helpers/ids.ts";
import { hasRedisServer, useRedisServer } from "../helpers/redis.ts";
import { useSandbox } from "../helpers/sandbox.ts";
import { sandboxPurchase } from "../helpers/sandbox-purchase.ts";
import { type SseStream, subscribe } from "../helpers/sse.ts";

/**
 * Fan-out across instances (issue 16): two server processes on one redis-server. EnKash's (the
 * sandbox's) webhook reaches instance A only; a subscriber on instance B gets the event, its card
 * resolved by B through the graph, because every instance follows the one Redis stream.
 */
const SECRET = "fanout-test-secret-with-enough-length-0000";
const WEBHOOK_SECRET = "fanout-webhook-secret-0001";

describe.skipIf(!hasRedisServer())("card events across instances", () => {
  const redis = useRedisServer();
  const sandboxes = useSandbox();
  const instances: Instance[] = [];
  const streams: SseStream[] = [];

  beforeAll(async () => {
    const env = instanceEnv(sandboxes.sandbox, redis.url, {
      AUTH_JWT_SECRET: SECRET,
      ENKASH_WEBHOOK_SECRET: WEBHOOK_SECRET,
    });
    instances.push(await startInstance(env), await startInstance(env));
    const [a] = instances;
    sandboxes.sandbox.webhooks.configure({
      url: `${a?.url}/webhooks/enkash`,
      signing: {
        secret: WEBHOOK_SECRET,
        signatureHeader: "x-enkash-signature",
        encoding: "hex",
        timestampHeader: null,
      },
    });
  }, 60_000);

  afterAll(async () => {
    for (const stream of streams) stream.close();
    sandboxes.sandbox.webhooks.configure(null);
    for (const instance of instances) instance.child.kill("SIGTERM");
    await Promise.all(
      instances.map((instance) =>
        instance.child.exitCode === null
          ? new Promise((resolve) => instance.child.once("exit", resolve))
          : null,
      ),
    );
  });

  const metric = async (instance: Instance | undefined, pattern: RegExp) => {
    const text = await (await fetch(`${instance?.url}/metrics`)).text();
    return text.split("\n").filter((line) => pattern.test(line) && !line.startsWith("#"));
  };

  it("a purchase whose webhook reaches instance A is delivered to a subscriber on instance B", async () => {
    const [a, b] = instances;
    const token = await mintToken({
      secret: SECRET,
      issuer: "enkash-graphql",
      audience: "enkash-graphql",
      subject: "fanout-test",
      role: "PARTNER_ADMIN",
      ttlSeconds: 600,
    });
    const stream = await subscribe(
      b?.url ?? "",
      `subscription CardEvents($cardId: ID!) {
        cardEvents(cardId: $cardId) {
          __typename id card { enKashCardId status }
          ... on TransactionPostedEvent { transactionId merchantName }
        }
      }`,
      { cardId: PREPAID_CARD_ID },
      { authorization: `Bearer ${token}` },
    );
    streams.push(stream);
    expect(stream.status).toBe(200);

    // "From now" begins when B's subscription first follows the log, which the client cannot see:
    // a purchase a moment before it is not delivered (as designed). So purchases go on until one
    // arrives; whichever it is, it came to B through the shared stream.
    const purchased: string[] = [];
    let posted: Record<string, unknown> | undefined;
    for (let attempt = 0; attempt < 10 && !posted; attempt++) {
      purchased.push(await sandboxPurchase(sandboxes.sandbox.url, 42, { merchantName: "Fanout Mart" }));
      await sandboxes.sandbox.webhooks.idle();
      for (;;) {
        const message = await stream.next(2_000).catch(() => null);
        const event = message?.data.data?.cardEvents as Record<string, unknown> | undefined;
        if (!event) break;
        if (event.__typename === "TransactionPostedEvent") {
          posted = event;
          break;
        }
      }
    }
    expect(posted).toMatchObject({
      merchantName: "Fanout Mart",
      card: { enKashCardId: PREPAID_CARD.enKashCardId },
    });
    expect(purchased).toContain(posted?.transactionId);

    // The webhook went to A alone: B learnt of it from the shared stream.
    expect(
      await metric(a, /^card_events_total\{source="webhook",type="TRANSACTION_POSTED",outcome="accepted"\}/),
    ).toEqual([expect.stringMatching(new RegExp(` ${purchased.length}$`))]);
    expect(await metric(b, /^card_events_total\{source="webhook"/)).toEqual([]);
  }, 60_000);
});
