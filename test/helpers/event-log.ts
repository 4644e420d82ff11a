import { expect } from "vitest";
import { EventIntake } from "../../src/events/intake.ts";
import { MemoryEventLog } from "../../src/events/memory-log.ts";
import { EventSubscriptions } from "../../src/events/subscriptions.ts";
import type { CardEvent, EventLog, LoggedEvent } from "../../src/events/types.ts";
import { createJsonLogger } from "../../src/logger.ts";
import type { WebhookSigning } from "../../src/shared/webhook-signature.ts";

/**
 * What every EventLog must do (src/events/types.ts), run against the memory log
 * (test/unit/event-log-memory.test.ts) and the Redis stream (test/slow/event-log-redis.test.ts).
 */
export function statusEvent(n: number, card = "EKCMB7KAEW"): CardEvent {
  const occurredAt = new Date(Date.UTC(2025, 5, 1, 10, 0, n)).toISOString();
  return {
    eventId: `status:${card}:${n % 2 === 0 ? "L" : "UL"}:${occurredAt}`,
    type: "STATUS_CHANGED",
    companyId: "CEKEP5GSGP",
    cardAccountId: "CABFIPS",
    enKashCardId: card,
    occurredAt,
    receivedAt: occurredAt,
    source: "webhook",
    status: n % 2 === 0 ? "L" : "UL",
  };
}

const ids = (entries: LoggedEvent[]) => entries.map((entry) => entry.event.eventId);

/** Append, de-duplication, read after an ID, in arrival order. */
export async function appendsOnceAndReadsAfter(log: EventLog): Promise<void> {
  const first = await log.append(statusEvent(1));
  expect(first.duplicate).toBe(false);
  const again = await log.append({
    ...statusEvent(1),
    receivedAt: "2030-01-01T00:00:00.000Z",
    source: "mutation",
  });
  expect(again).toEqual({ id: first.id, duplicate: true });
  const second = await log.append(statusEvent(2));
  const third = await log.append(statusEvent(3));
  expect([first.id, second.id, third.id]).toEqual([...[first.id, second.id, third.id]].sort(compare));
  const all = await log.readAfter(null, 100);
  expect(ids(all)).toEqual([statusEvent(1), statusEvent(2), statusEvent(3)].map((event) => event.eventId));
  // Recorded as the first report said (the duplicate changed nothing).
  expect(all[0]?.event).toEqual(statusEvent(1));
  expect(ids(await log.readAfter(first.id, 100))).toEqual([statusEvent(2).eventId, statusEvent(3).eventId]);
  expect(ids(await log.readAfter(first.id, 1))).toEqual([statusEvent(2).eventId]);
  expect(await log.readAfter(third.id, 100)).toEqual([]);
  await expect(log.readAfter("not-an-id", 10)).rejects.toThrow(/not an event log ID/);
}

/** A follower blocked after the newest event is woken by an append (from `writer`: maybe another connection). */
export async function followWakesOnAppend(reader: EventLog, writer: EventLog): Promise<void> {
  const before = await writer.append(statusEvent(10));
  const controller = new AbortController();
  const seen: LoggedEvent[] = [];
  const following = (async () => {
    // From the newest event by its ID (what `null` means), so appends made before the follower's
    // first read are still its: the wait below only makes the blocked-then-woken path the likely one.
    for await (const entry of reader.follow(before.id, { signal: controller.signal })) {
      seen.push(entry);
      if (seen.length === 2) controller.abort();
    }
  })();
  // The follower is waiting (nothing after the newest yet); appends elsewhere wake it.
  await new Promise((resolve) => setTimeout(resolve, 150));
  expect(seen).toEqual([]);
  const a = await writer.append(statusEvent(11));
  const b = await writer.append(statusEvent(12));
  await following;
  expect(seen.map((entry) => entry.id)).toEqual([a.id, b.id]);
  // Resuming from an ID replays what came after it, then waits.
  const resumed = new AbortController();
  const replayed: string[] = [];
  for await (const entry of reader.follow(before.id, { signal: resumed.signal })) {
    replayed.push(entry.id);
    if (replayed.length === 2) resumed.abort();
  }
  expect(replayed).toEqual([a.id, b.id]);
  // An abort while waiting ends the iteration without an error.
  const idle = new AbortController();
  setTimeout(() => idle.abort(), 100);
  const none: string[] = [];
  for await (const entry of reader.follow(null, { signal: idle.signal })) none.push(entry.id);
  expect(none).toEqual([]);
}

function compare(a: string, b: string): number {
  const [am, as] = a.split("-").map(Number);
  const [bm, bs] = b.split("-").map(Number);
  return (am ?? 0) - (bm ?? 0) || (as ?? 0) - (bs ?? 0);
}

/**
 * What a subscription needs of any log (src/events/subscriptions.ts): resuming after an ID gives
 * what the log holds after it, then what is appended, each once; a position the log still covers
 * is accepted; aborting ends the stream at once (a follower blocked on the log included).
 */
export async function subscriptionResumesOnceAndEnds(log: EventLog): Promise<void> {
  const subscriptions = new EventSubscriptions(log, { maxPerViewer: 2, maxPerInstance: 10 });
  const ids: string[] = [];
  for (let n = 1; n <= 5; n++) ids.push((await log.append(statusEvent(1_000 + n))).id);
  const after = ids[1] as string;
  expect(await subscriptions.checkCursor(after)).toBeNull();
  expect(await subscriptions.checkCursor("not-an-id")).toBe("invalid");
  const stop = new AbortController();
  const stream = subscriptions.events(after, stop.signal)[Symbol.asyncIterator]();
  const seen: string[] = [];
  for (let i = 0; i < 3; i++) seen.push(((await stream.next()).value as LoggedEvent).id);
  expect(seen).toEqual(ids.slice(2));
  const pending = stream.next();
  const later = await log.append(statusEvent(1_006));
  expect(((await pending).value as LoggedEvent).id).toBe(later.id);
  const waiting = stream.next();
  stop.abort();
  expect((await waiting).done).toBe(true);
}

/**
 * What the webhook tests put in front of a server: a memory event log and the intake that records
 * EnKash's (the sandbox's) signed webhooks into it, with a secret of the test file's own.
 */
export function memoryIntake(secret: string): {
  signing: WebhookSigning;
  log: MemoryEventLog;
  events: EventIntake;
} {
  const signing: WebhookSigning = {
    secret,
    signatureHeader: "x-enkash-signature",
    encoding: "hex",
    timestampHeader: null,
  };
  const log = new MemoryEventLog({ retentionMs: 3_600_000, maxEvents: 10_000 });
  const events = new EventIntake({
    log,
    signing,
    toleranceSeconds: 300,
    logger: createJsonLogger("error", () => {}),
  });
  return { signing, log, events };
}
