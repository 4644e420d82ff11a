import { fetch } from "undici";

/**
 * A GraphQL subscription read as a client reads it: POST with `Accept: text/event-stream` (Yoga's
 * distinct-connections mode) through undici, the SSE framing parsed by hand, so a test sees what
 * goes over the wire (comment lines, `event: next`, `event: complete`).
 */
interface SseMessage {
  event: string;
  data: {
    data?: Record<string, unknown> | null;
    errors?: { message: string; extensions?: Record<string, unknown> }[];
  };
}

export interface SseStream {
  status: number;
  headers: Headers;
  /** The next `event:` message, or null when the stream ended; fails after `timeoutMs`. */
  next(timeoutMs?: number): Promise<SseMessage | null>;
  /** Comment lines (heartbeats) seen so far. */
  readonly comments: number;
  /** Hangs up, as a browser tab that goes away. */
  close(): void;
}

export async function subscribe(
  base: string,
  query: string,
  variables: Record<string, unknown>,
  headers: Record<string, string>,
): Promise<SseStream> {
  const abort = new AbortController();
  const response = await fetch(`${base}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json", accept: "text/event-stream", ...headers },
    body: JSON.stringify({ query, variables }),
    signal: abort.signal,
  });
  const reader = response.body?.getReader();
  const decoder = new TextDecoder();
  let buffer = "";
  let comments = 0;
  let ended = false;
  // A read outlives a timed-out wait: the next wait takes it up, so no chunk is lost.
  let pending: ReturnType<NonNullable<typeof reader>["read"]> | null = null;
  const queue: SseMessage[] = [];
  const take = (): SseMessage | null => {
    for (;;) {
      const end = buffer.indexOf("\n\n");
      if (end < 0) return null;
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      let event = "message";
      const data: string[] = [];
      for (const line of block.split("\n")) {
        if (line.startsWith(":")) comments++;
        else if (line.startsWith("event:")) event = line.slice(6).trim();
        else if (line.startsWith("data:")) data.push(line.slice(5).trim());
      }
      if (data.length === 0 && event === "message") continue;
      // Yoga's `complete` message has an empty `data:` line.
      const text = data.join("\n");
      return { event, data: text ? JSON.parse(text) : {} };
    }
  };
  return {
    status: response.status,
    headers: response.headers as unknown as Headers,
    get comments() {
      return comments;
    },
    async next(timeoutMs = 5_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const queued = queue.shift() ?? take();
        if (queued) return queued;
        if (ended || !reader) return null;
        const left = deadline - Date.now();
        if (left <= 0) throw new Error("no SSE message in time");
        let timer: NodeJS.Timeout | undefined;
        pending ??= reader.read();
        const chunk = await Promise.race([
          pending,
          new Promise<"timeout">((resolve) => {
            timer = setTimeout(() => resolve("timeout"), left);
          }),
        ]).finally(() => clearTimeout(timer));
        if (chunk === "timeout") throw new Error("no SSE message in time");
        pending = null;
        if (chunk.done) ended = true;
        else buffer += decoder.decode(chunk.value, { stream: true });
      }
    },
    close() {
      abort.abort();
      pending?.catch(() => {});
    },
  };
}
