import { IsIn, IsNumber, IsOptional, Matches, Max, Min } from 'class-validator';

/** http(s) URL; the OTLP/HTTP exporter speaks nothing else. */
const HTTP_URL = /^https?:\/\/[^\s]+$/;

export const OTEL_TRACES_EXPORTERS = ['none', 'otlp', 'console'] as const;
export const OTEL_TRACES_SAMPLERS = ['parentbased_always_on', 'parentbased_always_off', 'parentbased_traceidratio'] as const;

/**
 * The OpenTelemetry tracing settings, under the specification's own variable names, so a collector's usual
 * deployment snippet works unchanged. Tracing is off unless an exporter is asked for (OTEL_TRACES_EXPORTER)
 * or an OTLP endpoint is given: the specification defaults to `otlp`, but a service that ships spans to
 * localhost:4318 where nothing listens would only fill its logs.
 */
export class TracingConfig {
  /** `true` turns tracing off whatever else is set (the SDK's own kill switch). */
  @IsIn(['true', 'false'])
  OTEL_SDK_DISABLED: string = 'false';

  /** `otlp` (OTLP/HTTP protobuf), `console` (spans on stdout, for a look on a laptop) or `none`; unset: `otlp` if an endpoint is set. */
  @IsOptional()
  @IsIn(OTEL_TRACES_EXPORTERS)
  OTEL_TRACES_EXPORTER?: string = undefined;

  /** The collector's base URL; traces go to `<it>/v1/traces`. */
  @IsOptional()
  @Matches(HTTP_URL, { message: 'must be an http(s) URL' })
  OTEL_EXPORTER_OTLP_ENDPOINT?: string = undefined;

  /** The full URL for traces, used as given (wins over OTEL_EXPORTER_OTLP_ENDPOINT). */
  @IsOptional()
  @Matches(HTTP_URL, { message: 'must be an http(s) URL' })
  OTEL_EXPORTER_OTLP_TRACES_ENDPOINT?: string = undefined;

  /** Always parent-based: a caller's sampling decision is kept, so a trace is never cut in the middle. */
  @IsIn(OTEL_TRACES_SAMPLERS)
  OTEL_TRACES_SAMPLER: string = 'parentbased_always_on';

  /** The ratio of new traces kept under `parentbased_traceidratio`. */
  @IsNumber()
  @Min(0)
  @Max(1)
  OTEL_TRACES_SAMPLER_ARG: number = 1;

  /** Overrides the service's own name (e.g. `health-service`) in the spans' resource. */
  @IsOptional()
  @Matches(/^[A-Za-z0-9._-]{1,100}$/, { message: 'must be a service name (letters, digits, . _ -)' })
  OTEL_SERVICE_NAME?: string = undefined;
}

export type TraceExport = { kind: 'none' } | { kind: 'console' } | { kind: 'otlp'; url: string };

/** Where spans go, from the settings above; `none` means no tracer provider is registered at all. */
export function traceExport(c: TracingConfig): TraceExport {
  if (c.OTEL_SDK_DISABLED === 'true') return { kind: 'none' };
  const endpoint = c.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT ?? (c.OTEL_EXPORTER_OTLP_ENDPOINT && `${c.OTEL_EXPORTER_OTLP_ENDPOINT.replace(/\/+$/, '')}/v1/traces`);
  const exporter = c.OTEL_TRACES_EXPORTER ?? (endpoint ? 'otlp' : 'none');
  if (exporter === 'otlp') return { kind: 'otlp', url: endpoint || 'http://localhost:4318/v1/traces' };
  return { kind: exporter as 'none' | 'console' };
}
