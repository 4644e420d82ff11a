import { expect } from "vitest";
import type { CardEvent, EventLog, LoggedEvent } from "../../src/events/types.ts";

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
    for await (const entry of reader.follow(null, { signal: controller.signal })) {
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
