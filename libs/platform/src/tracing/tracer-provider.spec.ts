import 'reflect-metadata';
import { ROOT_CONTEXT, SamplingDecision, SpanKind, trace } from '@opentelemetry/api';
import { ServiceConfig, validateEnv } from '@wdp/config';
import { samplerFor, startTracing, stopTracing, tracingRegistered } from './tracer-provider';

const INFO = { name: 'test-service', title: 'Test', description: '', version: '1.2.3' };
const config = (env: Record<string, string> = {}) => validateEnv(ServiceConfig, { PORT: '3000', ...env });
const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const decide = (env: Record<string, string>) => samplerFor(config(env)).shouldSample(ROOT_CONTEXT, TRACE_ID, 'x', SpanKind.SERVER, {}, []).decision;

describe('startTracing', () => {
  afterEach(() => stopTracing());

  it('registers nothing by default: every span is the API’s no-op', () => {
    expect(startTracing(INFO, config())).toBeNull();
    // bootstrap then leaves the HTTP hook out: it would start a no-op span per request for nothing.
    expect(tracingRegistered()).toBe(false);
    expect(trace.getTracer('wdp').startSpan('x').isRecording()).toBe(false);
  });

  it('registers one provider when an exporter is asked for, and unregisters it on stop', async () => {
    const tracing = startTracing(INFO, config({ OTEL_TRACES_EXPORTER: 'console', OTEL_TRACES_SAMPLER: 'parentbased_always_off' }));
    expect(tracing).not.toBeNull();
    expect(tracingRegistered()).toBe(true);
    expect(startTracing(INFO, config({ OTEL_TRACES_EXPORTER: 'console' }))).toBe(tracing);
    // Registered, and its sampler drops new traces as asked: a real (non-recording) span context, not the no-op's.
    const span = trace.getTracer('wdp').startSpan('x');
    expect(span.isRecording()).toBe(false);
    expect(trace.isSpanContextValid(span.spanContext())).toBe(true);
    await stopTracing();
    expect(tracingRegistered()).toBe(false);
    expect(trace.isSpanContextValid(trace.getTracer('wdp').startSpan('x').spanContext())).toBe(false);
  });
});

describe('samplerFor', () => {
  it('samples new traces by the setting', () => {
    expect(decide({})).toBe(SamplingDecision.RECORD_AND_SAMPLED);
    expect(decide({ OTEL_TRACES_SAMPLER: 'parentbased_always_off' })).toBe(SamplingDecision.NOT_RECORD);
    expect(decide({ OTEL_TRACES_SAMPLER: 'parentbased_traceidratio', OTEL_TRACES_SAMPLER_ARG: '0' })).toBe(SamplingDecision.NOT_RECORD);
  });

  it('keeps a caller’s decision whatever the setting', () => {
    const sampledParent = trace.setSpanContext(ROOT_CONTEXT, { traceId: TRACE_ID, spanId: '00f067aa0ba902b7', traceFlags: 1, isRemote: true });
    expect(samplerFor(config({ OTEL_TRACES_SAMPLER: 'parentbased_always_off' })).shouldSample(sampledParent, TRACE_ID, 'x', SpanKind.SERVER, {}, []).decision)
      .toBe(SamplingDecision.RECORD_AND_SAMPLED);
  });
});
