import 'reflect-metadata'; // before the decorated config classes, so their design types are recorded
import { ServiceConfig } from './service-config';
import { traceExport } from './tracing-config';
import { ConfigValidationError, validateEnv } from './validate-env';

const exportFor = (env: Record<string, string>) => traceExport(validateEnv(ServiceConfig, { PORT: '3000', ...env }));

describe('tracing settings', () => {
  it('are off unless an exporter or an endpoint is asked for', () => {
    expect(exportFor({})).toEqual({ kind: 'none' });
    expect(exportFor({ OTEL_TRACES_SAMPLER: 'parentbased_traceidratio', OTEL_TRACES_SAMPLER_ARG: '0.25' })).toEqual({ kind: 'none' });
  });

  it('send OTLP/HTTP to <endpoint>/v1/traces, or to the traces endpoint as given', () => {
    expect(exportFor({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318/' })).toEqual({ kind: 'otlp', url: 'http://collector:4318/v1/traces' });
    expect(exportFor({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://a:4318', OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'https://b/traces' }))
      .toEqual({ kind: 'otlp', url: 'https://b/traces' });
    expect(exportFor({ OTEL_TRACES_EXPORTER: 'otlp' })).toEqual({ kind: 'otlp', url: 'http://localhost:4318/v1/traces' });
    expect(exportFor({ OTEL_TRACES_EXPORTER: 'console' })).toEqual({ kind: 'console' });
  });

  it('honour none and OTEL_SDK_DISABLED over an endpoint', () => {
    expect(exportFor({ OTEL_TRACES_EXPORTER: 'none', OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' })).toEqual({ kind: 'none' });
    expect(exportFor({ OTEL_SDK_DISABLED: 'true', OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' })).toEqual({ kind: 'none' });
  });

  it('refuse what the SDK would misread, without echoing an endpoint', () => {
    const env = {
      OTEL_TRACES_EXPORTER: 'jaeger', OTEL_TRACES_SAMPLER: 'always_on', OTEL_TRACES_SAMPLER_ARG: '2',
      OTEL_EXPORTER_OTLP_ENDPOINT: 'grpc://collector?token=s3cret', OTEL_SDK_DISABLED: 'yes',
    };
    try {
      validateEnv(ServiceConfig, { PORT: '3000', ...env });
      fail('expected a ConfigValidationError');
    } catch (err) {
      const e = err as ConfigValidationError;
      expect(e.problems.map((p) => p.split(':')[0]).sort()).toEqual(Object.keys(env).sort());
      expect(e.message).not.toContain('s3cret');
    }
  });
});
