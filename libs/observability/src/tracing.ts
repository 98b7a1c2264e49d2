import { context, propagation, SpanKind, SpanStatusCode, trace, type Tracer } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { Resource } from '@opentelemetry/resources';
import {
  BatchSpanProcessor,
  NoopSpanProcessor,
  SimpleSpanProcessor,
  type SpanExporter,
  type SpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import type { NextFunction, Request, Response } from 'express';

// OpenTelemetry traces, off by default. On when an OTLP endpoint is configured by the standard
// variables (OTEL_EXPORTER_OTLP_ENDPOINT or OTEL_EXPORTER_OTLP_TRACES_ENDPOINT; headers, protocol
// and timeouts by their OTEL_EXPORTER_OTLP_* companions, read by the exporter itself), unless
// OTEL_SDK_DISABLED=true or OTEL_TRACES_EXPORTER=none. OTEL_SERVICE_NAME names the service.
// Spans carry route patterns, workflow and activity types and ids, never payloads (they are
// encrypted before Temporal's interceptors see them) or request bodies.

export interface Tracing {
  enabled: boolean;
  /** Where the worker's workflow-side spans go (through the exporter sink). */
  spanProcessor: SpanProcessor;
  resource: Resource;
  shutdown(): Promise<void>;
}

export function tracingConfigured(env: NodeJS.ProcessEnv = process.env): boolean {
  if (env.OTEL_SDK_DISABLED === 'true' || env.OTEL_TRACES_EXPORTER === 'none') return false;
  return Boolean(env.OTEL_EXPORTER_OTLP_ENDPOINT || env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT);
}

let installed: Tracing | undefined;

/**
 * Installs the process's tracer provider once (api and worker may share a process: the tests, a
 * single-machine install). `exporter` replaces the OTLP exporter (tests: an in-memory one).
 */
export function installTracing(service: string, exporter?: SpanExporter): Tracing {
  if (installed) return installed;
  const resource = new Resource({ 'service.name': process.env.OTEL_SERVICE_NAME ?? `comity-${service}` });
  if (!exporter && !tracingConfigured()) {
    installed = { enabled: false, spanProcessor: new NoopSpanProcessor(), resource, shutdown: async () => undefined };
    return installed;
  }
  const spanProcessor = exporter ? new SimpleSpanProcessor(exporter) : new BatchSpanProcessor(new OTLPTraceExporter());
  const provider = new NodeTracerProvider({ resource, spanProcessors: [spanProcessor] });
  // Global: Temporal's interceptors and our HTTP spans use the API's global tracer and W3C propagation.
  provider.register();
  installed = { enabled: true, spanProcessor, resource, shutdown: () => provider.shutdown() };
  return installed;
}

export function tracer(): Tracer {
  return trace.getTracer('comity');
}

// One server span per HTTP request, parent of everything the request does (the Temporal client's
// spans, and through them the workflow's and activities'); continues a caller's W3C traceparent.
export function httpTracing(): (req: Request, res: Response, next: NextFunction) => void {
  return (req, res, next) => {
    const parent = propagation.extract(context.active(), req.headers);
    const span = tracer().startSpan(`HTTP ${req.method}`, { kind: SpanKind.SERVER }, parent);
    res.once('finish', () => {
      const route = (req.route as { path?: string } | undefined)?.path;
      if (route) span.updateName(`${req.method} ${req.baseUrl}${route}`);
      span.setAttributes({
        'http.request.method': req.method,
        'http.route': route ? `${req.baseUrl}${route}` : 'unmatched',
        'http.response.status_code': res.statusCode,
      });
      if (res.statusCode >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
      span.end();
    });
    context.with(trace.setSpan(parent, span), next);
  };
}
