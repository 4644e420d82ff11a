import { createHmac } from "node:crypto";
import { request } from "undici";
import { afterAll, describe, expect, it } from "vitest";
import { countPartnerDeliveries, partnerExpected, startPartnerReceiver } from "../../soak/partner-hooks.ts";
import { statusChangedEvent } from "../../src/events/records.ts";
import type { LoggedEvent } from "../../src/events/types.ts";

/**
 * The soak's partner webhook accounting (soak/partner-hooks.ts) must see what it is there to see:
 * a lost event, a redelivery, a bad signature, another company's event left out of the expected.
 */
const NO_FAULTS = { status500: 0, hang: 0, reset: 0, lostAnswer: 0 };
const event = (companyId: string, enKashCardId: string, n: number): LoggedEvent => ({
  id: `${n}-0`,
  event: statusChangedEvent({ companyId, cardAccountId: "CABFIPS", enKashCardId }, "L", {
    occurredAt: new Date(n * 1000).toISOString(),
    receivedAt: new Date(n * 1000).toISOString(),
    source: "webhook",
  }),
});
const logged = [event("CEKEP5GSGP", "EKA", 1), event("CEKEP5GSGP", "EKB", 2), event("CEK7T1WMC6", "EKC", 3)];

const receiver = await startPartnerReceiver(NO_FAULTS);
receiver.secret = "whsec_soak-test";
afterAll(() => receiver.close());

async function deliver(eventId: string, secret = receiver.secret): Promise<number> {
  const body = JSON.stringify({ id: `dlv_${eventId}`, eventId });
  const t = Math.floor(Date.now() / 1000);
  const v1 = createHmac("sha256", secret).update(`${t}.${body}`).digest("hex");
  const answer = await request(receiver.url, {
    method: "POST",
    headers: { "content-type": "application/json", "enkash-graphql-signature": `t=${t},v1=${v1}` },
    body,
  });
  await answer.body.dump();
  return answer.statusCode;
}

describe("the soak's count of partner webhook deliveries", () => {
  const [first, second] = logged.map(({ event: e }) => e.eventId);

  it("expects only the endpoint's company's events", () => {
    expect([...partnerExpected(logged, "CEKEP5GSGP")]).toEqual([first, second]);
  });

  it("counts a verified delivery, a redelivery, a lost event and a bad signature", async () => {
    expect(await deliver(first as string)).toBe(204);
    expect(await deliver(first as string)).toBe(204);
    expect(await deliver(second as string, "whsec_another")).toBe(401);
    expect(countPartnerDeliveries(receiver, partnerExpected(logged, "CEKEP5GSGP"))).toMatchObject({
      expected: 2,
      delivered: 1,
      redelivered: 1,
      lost: 1,
      unexpected: 0,
      badSignatures: 1,
      receiverAttempts: { ok: 2, "bad-signature": 1 },
    });
  });
});
