import { context, propagation, type Tracer, trace } from "@opentelemetry/api";
import { AsyncLocalStorageContextManager } from "@opentelemetry/context-async-hooks";
import { W3CTraceContextPropagator } from "@opentelemetry/core";
import { OTLPTraceExporter } from "@opentelemetry/exporter-trace-otlp-http";
import { resourceFromAttributes } from "@opentelemetry/resources";
import {
  BatchSpanProcessor,
  ParentBasedSampler,
  type SpanProcessor,
  TraceIdRatioBasedSampler,
  TracerProvider,
} from "@opentelemetry/sdk-trace";
import { ATTR_SERVICE_NAME } from "@opentelemetry/semantic-conventions";
import type { TracingSettings } from "./config.ts";

/**
 * OpenTelemetry for this process, registered only when tracing is configured: without
 * OTEL_EXPORTER_OTLP_ENDPOINT nothing here runs, no context manager tracks async work, and the
 * tracing hooks (plugins/use-tracing.ts, enkash-spans.ts, the log lines' IDs in logger.ts) are never installed.
 *
 * Registered globally (tracer provider, AsyncLocalStorage context manager, W3C trace context
 * propagator) because the resolver spans of @pothos/tracing-opentelemetry and the log mixin read
 * the active context through @opentelemetry/api's globals. With PROCESSES above 1 each cluster
 * worker runs this for itself and exports its own spans.
 */
export interface Tracing {
  tracer: Tracer;
  /** Sends what is still buffered, then stops (on shutdown). */
  shutdown(): Promise<void>;
}

/** The instrumentation scope of every span the server makes. */
const SCOPE = "enkash-graphql";

/** Tracing exported over OTLP/HTTP (JSON) in batches, per the settings. */
export function startTracing(settings: TracingSettings): Tracing {
  const exporter = new OTLPTraceExporter({
    url: new URL("v1/traces", settings.endpoint.endsWith("/") ? settings.endpoint : `${settings.endpoint}/`)
      .href,
    headers: settings.headers,
  });
  return registerTracing({
    serviceName: settings.serviceName,
    sampleRatio: settings.sampleRatio,
    spanProcessors: [new BatchSpanProcessor({ exporter })],
  });
}

/** Registers a tracer provider with these processors (tests pass an in-memory exporter's). */
export function registerTracing(options: {
  serviceName: string;
  spanProcessors: SpanProcessor[];
  /** Share of the traces started here that are recorded (1 when absent); a caller's traceparent decides for its own. */
  sampleRatio?: number;
}): Tracing {
  const provider = new TracerProvider({
    resource: resourceFromAttributes({ [ATTR_SERVICE_NAME]: options.serviceName }),
    spanProcessors: options.spanProcessors,
    sampler: new ParentBasedSampler({ root: new TraceIdRatioBasedSampler(options.sampleRatio ?? 1) }),
  });
  const contextManager = new AsyncLocalStorageContextManager().enable();
  trace.setGlobalTracerProvider(provider);
  context.setGlobalContextManager(contextManager);
  propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  return {
    tracer: provider.getTracer(SCOPE),
    async shutdown() {
      await provider.shutdown();
      trace.disable();
      context.disable();
      propagation.disable();
    },
  };
}
