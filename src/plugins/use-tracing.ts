import {
  context,
  propagation,
  ROOT_CONTEXT,
  type Span,
  SpanKind,
  SpanStatusCode,
  type TextMapGetter,
  type Tracer,
  trace,
} from "@opentelemetry/api";
import { type DocumentNode, getOperationAST } from "graphql";
import { isAsyncIterable, type Plugin } from "graphql-yoga";
import type { Context } from "../context.ts";
import { eachPart, partErrors, type ResultPart } from "./incremental-results.ts";

/**
 * One OpenTelemetry span per GraphQL operation (kind SERVER), the parent of everything it does:
 * the resolver spans (@pothos/tracing-opentelemetry, src/schema/builder.ts) and the EnKash client
 * spans (src/enkash-spans.ts) find it as the active span, because the whole operation runs inside
 * `context.with` (Yoga's `operation` instrumentation wraps parse, validate, context and execute).
 * A caller's W3C `traceparent` makes it a child of the caller's span (its `tracestate` is dropped).
 *
 * It ends when the answer is complete: at once for a single result; after the last part of an
 * incremental one (@defer, @stream) or when the client hangs up on it; when a subscription's
 * stream ends. Its status is ERROR when any part carried an error.
 *
 * Attributes: `graphql.operation.type`, `graphql.operation.name` (digit runs hidden: a name is the
 * caller's text) and `graphql.error.codes` (the errors' `extensions.code`s). Never the document
 * (literals in it may be PINs or card numbers), the variables, a result or an error message.
 *
 * Written here rather than taken from @envelop/opentelemetry, which records the whole document
 * text as an attribute and ends its span on the first result, not on the last part of a deferred
 * one.
 */
export function useTracing(tracer: Tracer): Plugin<Context> {
  const operations = new WeakMap<Span, OperationSpan>();

  /** The operation's span state, found through the active context inside the operation. */
  const current = () => {
    const span = trace.getActiveSpan();
    return span ? operations.get(span) : undefined;
  };

  return {
    instrumentation: {
      operation({ request }, wrapped) {
        const parent = propagation.extract(ROOT_CONTEXT, request.headers, HEADERS);
        const span = tracer.startSpan("GraphQL operation", { kind: SpanKind.SERVER }, parent);
        const state = new OperationSpan(span, request.signal);
        operations.set(span, state);
        return context.with(trace.setSpan(parent, span), async () => {
          try {
            await wrapped();
          } catch (error) {
            state.fail("INTERNAL");
            state.end();
            throw error;
          }
          // Unless a stream took over its end (incremental delivery, subscriptions), done now.
          if (!state.streaming) state.end();
        });
      },
    },
    onExecute({ args }) {
      const state = current();
      if (!state) return;
      state.name(args.document, args.operationName);
      return {
        onExecuteDone(payload) {
          const hooks = eachPart(
            payload,
            (part) => state.read(part),
            () => state.end(),
          );
          if (hooks) state.streaming = true;
          return hooks;
        },
      };
    },
    onSubscribe({ args }) {
      const state = current();
      if (!state) return;
      state.name(args.document, args.operationName);
      return {
        onSubscribeResult({ result }) {
          if (!isAsyncIterable(result)) {
            state.read(result as ResultPart);
            return;
          }
          state.streaming = true;
          return {
            onNext: ({ result: event }) => state.read(event as ResultPart),
            onEnd: () => state.end(),
          };
        },
      };
    },
    // Results that never reached execution (parse or validation errors) end here, with their codes.
    onExecutionResult({ result }) {
      const state = current();
      if (state && !isAsyncIterable(result) && !state.executed) state.read(result as ResultPart);
    },
  };
}

/**
 * The caller's `traceparent` only: its `tracestate` is free text the propagator would forward to
 * EnKash with every call (a card number, say), so it is not taken.
 */
const HEADERS: TextMapGetter<Headers> = {
  keys: () => ["traceparent"],
  get: (headers, key) => (key === "traceparent" ? (headers.get(key) ?? undefined) : undefined),
};

/** One operation's span, ended once. */
class OperationSpan {
  /** A stream (incremental delivery, a subscription) ends the span after its last part. */
  streaming = false;
  executed = false;
  private readonly codes = new Set<string>();
  private failed = false;
  private ended = false;

  constructor(
    private readonly span: Span,
    private readonly signal: AbortSignal,
  ) {}

  name(document: DocumentNode, operationName: string | null | undefined): void {
    this.executed = true;
    const operation = getOperationAST(document, operationName);
    if (!operation) return;
    this.span.setAttribute("graphql.operation.type", operation.operation);
    const name = operation.name?.value;
    if (name) {
      // A name is the caller's text: runs of digits (a card number, a mobile) never leave here.
      const shown = name.replace(/\d{4,}/g, "…").slice(0, 100);
      this.span.setAttribute("graphql.operation.name", shown);
      this.span.updateName(`${operation.operation} ${shown}`);
    } else this.span.updateName(operation.operation);
  }

  read(part: ResultPart): void {
    for (const error of partErrors(part)) {
      this.failed = true;
      const code = error.extensions?.code;
      if (typeof code === "string" && /^[A-Z0-9_]{1,64}$/.test(code)) this.codes.add(code);
    }
  }

  fail(code: string): void {
    this.failed = true;
    this.codes.add(code);
  }

  end(): void {
    if (this.ended) return;
    this.ended = true;
    if (this.codes.size > 0) this.span.setAttribute("graphql.error.codes", [...this.codes].sort());
    if (this.failed) this.span.setStatus({ code: SpanStatusCode.ERROR });
    // The client went away before the last part: the operation was cut short, not failed.
    if (this.signal.aborted) this.span.setAttribute("graphql.operation.cancelled", true);
    this.span.end();
  }
}
