/**
 * Reading incremental responses (@defer, @stream) as Yoga sends them: multipart/mixed (parts with
 * a Content-Length, boundary "-") or text/event-stream ("event: next" with one JSON result per
 * "data:" line). Parts are handed to `onPart` as soon as each is complete, so a test can look at
 * the world (the sandbox's call log) at the moment the client has a part, not after the stream.
 */
export interface Part {
  data?: Record<string, unknown> | null;
  errors?: PartError[];
  hasNext?: boolean;
  incremental?: {
    data?: Record<string, unknown> | null;
    items?: unknown[];
    path: (string | number)[];
    label?: string;
    errors?: PartError[];
  }[];
  extensions?: { upstreamCalls?: { total: number; byOperation: Record<string, number> } } & Record<
    string,
    unknown
  >;
}

export interface PartError {
  message: string;
  path?: (string | number)[];
  extensions?: Record<string, unknown>;
}

export async function readParts(
  body: AsyncIterable<Uint8Array> | ReadableStream<Uint8Array>,
  contentType: string,
  onPart: (part: Part, index: number) => void = () => {},
): Promise<Part[]> {
  const parts: Part[] = [];
  const emit = (text: string) => {
    const part = JSON.parse(text) as Part;
    onPart(part, parts.length);
    parts.push(part);
  };
  let buffer = Buffer.alloc(0);
  const sse = contentType.startsWith("text/event-stream");
  if (!sse && !contentType.startsWith("multipart/mixed")) throw new Error(`not incremental: ${contentType}`);
  for await (const chunk of body as AsyncIterable<Uint8Array>) {
    buffer = Buffer.concat([buffer, chunk]);
    if (sse) {
      for (let end = buffer.indexOf("\n\n"); end >= 0; end = buffer.indexOf("\n\n")) {
        const event = buffer.subarray(0, end).toString("utf8");
        buffer = buffer.subarray(end + 2);
        if (!/^event: next$/m.test(event)) continue;
        const data = /^data: (.*)$/m.exec(event)?.[1];
        if (data) emit(data);
      }
    } else {
      for (;;) {
        const header = /Content-Length: (\d+)\r\n\r\n/.exec(buffer.toString("latin1"));
        if (!header) break;
        const start = header.index + header[0].length;
        const length = Number(header[1]);
        if (buffer.length < start + length) break;
        emit(buffer.subarray(start, start + length).toString("utf8"));
        buffer = buffer.subarray(start + length);
      }
    }
  }
  return parts;
}

/** The parts merged into one result, as a client that waits for the end would see it. */
export function merged(parts: readonly Part[]): {
  data: Record<string, unknown> | null;
  errors: PartError[];
} {
  const first = parts[0];
  const data = structuredClone(first?.data ?? null);
  const errors = [...(first?.errors ?? [])];
  for (const part of parts.slice(1))
    for (const entry of part.incremental ?? []) {
      errors.push(...(entry.errors ?? []));
      // Deferred data goes at its path; streamed items' path is the first item's index in the list.
      const path = entry.items ? entry.path.slice(0, -1) : entry.path;
      let target: unknown = data;
      for (const key of path) target = (target as Record<string | number, unknown> | null)?.[key];
      if (entry.data && target && typeof target === "object") Object.assign(target, entry.data);
      if (entry.items && Array.isArray(target)) target.push(...entry.items);
    }
  return { data, errors };
}

/** Every error of every part, wherever the part put it. */
export function allErrors(parts: readonly Part[]): PartError[] {
  return parts.flatMap((part) => [
    ...(part.errors ?? []),
    ...(part.incremental ?? []).flatMap((entry) => entry.errors ?? []),
  ]);
}
