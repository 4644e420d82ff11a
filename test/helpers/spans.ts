import { InMemorySpanExporter, type ReadableSpan, SimpleSpanProcessor } from "@opentelemetry/sdk-trace";
import { afterAll } from "vitest";
import { registerTracing, type Tracing } from "../../src/tracing.ts";

/** The in-memory exporter, which can also say when a span of some name has been exported. */
export class WatchedExporter extends InMemorySpanExporter {
  private waiters: { name: string; resolve: (span: ReadableSpan) => void }[] = [];

  override export(spans: ReadableSpan[], done: Parameters<InMemorySpanExporter["export"]>[1]): void {
    super.export(spans, done);
    for (const span of spans)
      for (const waiter of this.waiters.filter((w) => w.name === span.name)) waiter.resolve(span);
  }

  /** Resolves with the next span of this name to be exported (ended). */
  exported(name: string): Promise<ReadableSpan> {
    return new Promise((resolve) => this.waiters.push({ name, resolve }));
  }
}

/**
 * Tracing registered for this test file as bootstrap registers it, every span exported at its end
 * into memory; unregistered after the file (the OpenTelemetry API's globals take one provider).
 */
export function useTracing(): { exporter: WatchedExporter; tracing: Tracing } {
  const exporter = new WatchedExporter();
  const tracing = registerTracing({
    serviceName: "tracing-test",
    spanProcessors: [new SimpleSpanProcessor({ exporter })],
  });
  afterAll(() => tracing.shutdown());
  return { exporter, tracing };
}

/** The span's parent's ID, undefined for a root. */
export const parentOf = (span: ReadableSpan) => span.parentSpanContext?.spanId;
