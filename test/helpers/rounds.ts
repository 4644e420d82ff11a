import { subscribe, unsubscribe } from "node:diagnostics_channel";

/**
 * Dependent rounds of EnKash calls, counted from the order of events rather than from clocks.
 *
 * undici announces on its diagnostics channels when a request is created (synchronously, inside
 * `pool.request()`, before anything is written to a socket) and when its answer is complete (or
 * failed), before the caller's `await` can see that answer. Every event gets the next number of one
 * counter. A call created after another call's answer event may have depended on that answer; a
 * call created before it cannot have. Rounds are the longest chain of calls, each created after
 * the one before it was answered.
 *
 * Calls that the server sends together are created in one synchronous stretch (a loader's batch, a
 * look-ahead), which no answer can interrupt: an answer is I/O and is only handled between such
 * stretches. So the count does not depend on how fast the machine, the sandbox or the network is,
 * and needs no injected latency.
 */
export interface RequestSpan {
  /** Sequence number of the request's creation. */
  created: number;
  /** Sequence number of its answer (complete or failed); Infinity while unanswered. */
  answered: number;
  method: string;
  path: string;
}

/** The longest chain of spans, each created after the previous one was answered. */
export function longestChain(spans: readonly RequestSpan[]): number {
  const ordered = [...spans].sort((a, b) => a.created - b.created);
  const chain = ordered.map(() => 1);
  for (let j = 0; j < ordered.length; j++)
    for (let i = 0; i < j; i++)
      if ((ordered[i]?.answered ?? Infinity) < (ordered[j]?.created ?? 0))
        chain[j] = Math.max(chain[j] ?? 1, (chain[i] ?? 1) + 1);
  return Math.max(0, ...chain);
}

interface UndiciRequest {
  origin: string | URL;
  method: string;
  path: string;
}

const CREATE = "undici:request:create";
const ANSWERED = ["undici:request:trailers", "undici:request:error"] as const;

/**
 * Records the undici requests sent to `origin` while `run` runs (paths for which `keep` is false
 * left out), as spans of sequence numbers.
 */
export async function recordRequests<T>(
  origin: string,
  run: () => Promise<T>,
  keep: (path: string) => boolean = () => true,
): Promise<{ result: T; spans: RequestSpan[] }> {
  const wanted = new URL(origin).origin;
  let seq = 0;
  const spans = new Map<object, RequestSpan>();
  const onCreate = (message: unknown) => {
    const { request } = message as { request: UndiciRequest };
    if (new URL(String(request.origin)).origin !== wanted || !keep(request.path)) return;
    spans.set(request, { created: ++seq, answered: Infinity, method: request.method, path: request.path });
  };
  const onAnswered = (message: unknown) => {
    const span = spans.get((message as { request: object }).request);
    if (span && span.answered === Infinity) span.answered = ++seq;
  };
  subscribe(CREATE, onCreate);
  for (const name of ANSWERED) subscribe(name, onAnswered);
  try {
    const result = await run();
    return { result, spans: [...spans.values()] };
  } finally {
    unsubscribe(CREATE, onCreate);
    for (const name of ANSWERED) unsubscribe(name, onAnswered);
  }
}
