import {
  context,
  isSpanContextValid,
  SpanStatusCode,
  trace,
  type Attributes,
  type Context as TraceContext,
  type Span,
  type SpanKind,
} from '@opentelemetry/api';
import type { Logger } from 'pino';

/**
 * Traces (docs/observability.md): spans made by hand at the gateway's own seams with the OpenTelemetry
 * API. Until an SDK registers a tracer provider, the API's tracer is a no-op: its spans record nothing
 * and cost a few allocations, so every seam creates its span unconditionally.
 */
export const tracer = trace.getTracer('ivs-graphql-gateway');

/**
 * Whether the standard variables configure a trace exporter: OTEL_TRACES_EXPORTER names one (anything
 * but `none`), or an OTLP endpoint is set (NodeSDK's default exporter is OTLP then).
 */
export function tracesConfigured(env: NodeJS.ProcessEnv): boolean {
  const exporters = (env.OTEL_TRACES_EXPORTER ?? '')
    .split(',')
    .map((name) => name.trim())
    .filter((name) => name !== '');
  // `none` (or OTEL_SDK_DISABLED) turns traces off whatever else is set, as NodeSDK reads them.
  if (exporters.includes('none') || env.OTEL_SDK_DISABLED?.trim().toLowerCase() === 'true') return false;
  return exporters.length > 0 || Boolean(env.OTEL_EXPORTER_OTLP_ENDPOINT) || Boolean(env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT);
}

export interface Telemetry {
  /** Flushes the spans still buffered and stops the SDK (after the app closed). */
  shutdown(): Promise<void>;
}

const OFF: Telemetry = { shutdown: () => Promise.resolve() };

/**
 * Starts the OpenTelemetry SDK for Node when a trace exporter is configured; otherwise loads nothing.
 * NodeSDK reads the OTEL_* variables itself (exporter, endpoint, service name, sampler, resource) and
 * registers the W3C trace-context propagator and an AsyncLocalStorage context manager. No
 * auto-instrumentation: the gateway is ESM loaded in-process, where module patching is unreliable.
 */
export async function startTelemetry(env: NodeJS.ProcessEnv, logger: Logger): Promise<Telemetry> {
  if (!tracesConfigured(env)) return OFF;
  // Metrics and logs have their own paths (Prometheus, stdout): only traces go through the SDK.
  env.OTEL_METRICS_EXPORTER ??= 'none';
  env.OTEL_LOGS_EXPORTER ??= 'none';
  const { NodeSDK } = await import('@opentelemetry/sdk-node');
  const sdk = new NodeSDK({ instrumentations: [] });
  sdk.start();
  logger.info(
    { exporter: env.OTEL_TRACES_EXPORTER ?? 'otlp', serviceName: env.OTEL_SERVICE_NAME ?? null, sampler: env.OTEL_TRACES_SAMPLER ?? null },
    'tracing started',
  );
  return {
    shutdown: () => sdk.shutdown().catch((error: unknown) => logger.warn({ err: error }, 'could not flush the last spans')),
  };
}

/** `trace_id` and `span_id` of the active span, for log lines (empty outside a span). */
export function traceFields(): { trace_id?: string; span_id?: string } {
  const span = trace.getActiveSpan();
  if (!span) return {};
  const spanContext = span.spanContext();
  return isSpanContextValid(spanContext) ? { trace_id: spanContext.traceId, span_id: spanContext.spanId } : {};
}

/** Ends a span with the error's status (a coded GraphQL error's code, else the error's name). */
export function endWithError(span: Span, error: unknown, code?: string): void {
  span.setStatus({ code: SpanStatusCode.ERROR, message: code ?? (error instanceof Error ? error.name : 'error') });
  if (code) span.setAttribute('error.type', code);
  span.end();
}

/**
 * Runs `fn` inside a new active span, ended when `fn` settles; a failure sets the error status and
 * `error.type` (the gateway's error code when the error carries one).
 */
export async function inSpan<T>(
  name: string,
  options: { attributes?: Attributes; kind?: SpanKind; parent?: TraceContext },
  fn: (span: Span) => Promise<T>,
): Promise<T> {
  const parent = options.parent ?? context.active();
  const span = tracer.startSpan(name, { attributes: options.attributes, kind: options.kind }, parent);
  try {
    const result = await context.with(trace.setSpan(parent, span), () => fn(span));
    span.end();
    return result;
  } catch (error) {
    endWithError(span, error, codeOf(error));
    throw error;
  }
}

function codeOf(error: unknown): string | undefined {
  const code = (error as { extensions?: { code?: unknown } } | null)?.extensions?.code;
  return typeof code === 'string' ? code : undefined;
}
