import type { ExecutionResult, GraphQLError } from "graphql";
import { isAsyncIterable } from "graphql-yoga";

/**
 * A query with @defer or @stream executes to an AsyncIterable of parts instead of one result: a
 * first part (`data`, `errors`, `hasNext: true`), then parts whose `incremental` entries carry the
 * deferred data or streamed items, each entry with errors of its own. A plugin that looked only at
 * one result's top-level `errors` would let every later part pass unexamined. These helpers give
 * every plugin the same view of both shapes.
 */
export interface ResultPart extends ExecutionResult {
  hasNext?: boolean;
  incremental?: readonly IncrementalEntry[];
}

interface IncrementalEntry {
  errors?: readonly GraphQLError[];
  [key: string]: unknown;
}

/** What onExecuteDone is handed (the envelop payload, reduced to what these helpers use). */
interface DonePayload {
  result: unknown;
  setResult: (result: never) => void;
}

/** What onExecuteDone returns for a stream: a hook per part and one at its end. */
interface StreamHooks {
  onNext: (payload: { result: unknown; setResult: (result: never) => void }) => void;
  onEnd: () => void;
}

/**
 * Calls `each` on the result, or on every part of an incremental one as it is sent, with a setter
 * that replaces it; then `end` once: at once for a single result, after the last part (or when the
 * client went away and the stream was closed) for an incremental one.
 */
export function eachPart(
  payload: DonePayload,
  each: (part: ResultPart, replace: (part: ResultPart) => void) => void,
  end: () => void = () => {},
): StreamHooks | undefined {
  if (isAsyncIterable(payload.result))
    return {
      onNext: ({ result, setResult }) => each(result as ResultPart, (part) => setResult(part as never)),
      onEnd: end,
    };
  each(payload.result as ResultPart, (part) => payload.setResult(part as never));
  end();
  return undefined;
}

/** Every error of a part: its own and its incremental entries'. */
export function partErrors(part: ResultPart): readonly GraphQLError[] {
  return [...(part.errors ?? []), ...(part.incremental ?? []).flatMap((entry) => entry.errors ?? [])];
}

/** The part with each of its errors (its own and its incremental entries') mapped; itself when it has none. */
export function mapPartErrors(part: ResultPart, map: (error: GraphQLError) => GraphQLError): ResultPart {
  if (partErrors(part).length === 0) return part;
  const mapped: ResultPart = { ...part };
  if (part.errors?.length) mapped.errors = part.errors.map(map);
  if (part.incremental)
    mapped.incremental = part.incremental.map((entry) =>
      entry.errors?.length ? { ...entry, errors: entry.errors.map(map) } : entry,
    );
  return mapped;
}
