import { context, propagation, trace } from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  AlwaysOffSampler, AlwaysOnSampler, BatchSpanProcessor, ConsoleSpanExporter, ParentBasedSampler, TraceIdRatioBasedSampler,
  type Sampler, type SpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { ATTR_SERVICE_NAME, ATTR_SERVICE_VERSION } from '@opentelemetry/semantic-conventions';
import { traceExport, type TracingConfig } from '@wdp/config';
import type { ServiceInfo } from '../tokens';

/** A registered tracer provider; shutdown() flushes the spans still buffered and unregisters it. */
export interface Tracing {
  shutdown(): Promise<void>;
}

/** Parent-based, whatever the setting: a caller's decision is kept, so a trace is never cut in the middle. */
export function samplerFor(config: Pick<TracingConfig, 'OTEL_TRACES_SAMPLER' | 'OTEL_TRACES_SAMPLER_ARG'>): Sampler {
  const root = config.OTEL_TRACES_SAMPLER === 'parentbased_always_off' ? new AlwaysOffSampler()
    : config.OTEL_TRACES_SAMPLER === 'parentbased_traceidratio' ? new TraceIdRatioBasedSampler(config.OTEL_TRACES_SAMPLER_ARG)
      : new AlwaysOnSampler();
  return new ParentBasedSampler({ root });
}

export interface TracerProviderOptions {
  serviceName: string;
  serviceVersion?: string;
  spanProcessor: SpanProcessor;
  sampler?: Sampler;
}

let registered = 0;

/**
 * Whether a tracer provider is registered. The HTTP hook costs about a third of a minimal request even when
 * every span it starts is the API's no-op, so a service without tracing does not install it.
 */
export function tracingRegistered(): boolean {
  return registered > 0;
}

/**
 * Registers the process's tracer provider, with an AsyncLocalStorage context manager (so the active span
 * follows a request through awaits into the outbox write) and the W3C propagator. Tests call it with an
 * in-memory exporter; services call startTracing.
 */
export function registerTracerProvider(options: TracerProviderOptions): Tracing {
  registered += 1;
  const provider = new NodeTracerProvider({
    resource: resourceFromAttributes({
      [ATTR_SERVICE_NAME]: options.serviceName,
      ...(options.serviceVersion ? { [ATTR_SERVICE_VERSION]: options.serviceVersion } : {}),
    }),
    sampler: options.sampler ?? new ParentBasedSampler({ root: new AlwaysOnSampler() }),
    spanProcessors: [options.spanProcessor],
  });
  provider.register({ propagator: new W3CTraceContextPropagator() });
  return {
    async shutdown() {
      registered -= 1;
      await provider.shutdown();
      trace.disable();
      context.disable();
      propagation.disable();
    },
  };
}

let running: Tracing | null = null;

/**
 * The service's tracing as its settings ask. With no exporter (the default) nothing is registered: every span
 * of @wdp/messaging's helpers and of the HTTP hook is then the API's no-op.
 */
export function startTracing(info: ServiceInfo, config: TracingConfig): Tracing | null {
  const target = traceExport(config);
  if (target.kind === 'none' || running) return running;
  const exporter = target.kind === 'otlp' ? new OTLPTraceExporter({ url: target.url }) : new ConsoleSpanExporter();
  running = registerTracerProvider({
    serviceName: config.OTEL_SERVICE_NAME ?? info.name,
    serviceVersion: info.version,
    spanProcessor: new BatchSpanProcessor(exporter),
    sampler: samplerFor(config),
  });
  return running;
}

/** Flushes and unregisters what startTracing registered (at application shutdown); a no-op otherwise. */
export async function stopTracing(): Promise<void> {
  const t = running;
  running = null;
  await t?.shutdown();
}
