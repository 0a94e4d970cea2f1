// OpenTelemetry tracing: off unless OTEL_EXPORTER_OTLP_ENDPOINT (or PARLEY_TRACING=console|otlp) is set.
// Spans come from a few seams rather than from edits in every file: @fastify/otel for HTTP, a proxy over
// the App's services, the store layer and a Kysely dialect wrapper for SQL, the bus decorator and the hub.
// Nothing here patches modules, so no `--import` hook is needed (the ESM loader hook is only for
// auto-instrumentations such as instrumentation-http/-pg, which Parley does not use).
// The SDK is loaded on demand: a server with tracing off never imports it.
import { context, propagation, trace, SpanKind, SpanStatusCode, type Attributes, type Context, type Span } from '@opentelemetry/api';
import type { SpanExporter } from '@opentelemetry/sdk-trace-base';
import type { FastifyPluginCallback, FastifyRequest } from 'fastify';

export { SpanKind };

const TRACER = 'parley';
let active = false;

/** True once startTracing ran; every seam checks it so that tracing off costs one branch. */
export function tracingActive(): boolean {
  return active;
}

export type TracingMode = 'off' | 'otlp' | 'console';

export function tracingModeFromEnv(env: NodeJS.ProcessEnv = process.env): TracingMode {
  const flag = (env.PARLEY_TRACING ?? '').trim().toLowerCase();
  if (['off', 'false', '0', 'no'].includes(flag)) return 'off';
  if (flag === 'console') return 'console';
  if (flag === 'otlp' || env.OTEL_EXPORTER_OTLP_ENDPOINT || env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT) return 'otlp';
  return 'off';
}

export interface TracingOptions {
  mode: Exclude<TracingMode, 'off'> | 'custom';
  nodeId: string;
  version: string;
  /** For mode "custom" (tests: an in-memory exporter). */
  exporter?: SpanExporter;
}

export interface TracingHandle {
  /** Flushes pending spans and stops. */
  shutdown(): Promise<void>;
}

export async function startTracing(opts: TracingOptions): Promise<TracingHandle> {
  const { NodeTracerProvider, BatchSpanProcessor, SimpleSpanProcessor, ConsoleSpanExporter } = await import('@opentelemetry/sdk-trace-node');
  const { resourceFromAttributes } = await import('@opentelemetry/resources');
  let exporter = opts.exporter;
  if (!exporter) {
    if (opts.mode === 'console') exporter = new ConsoleSpanExporter();
    else {
      // Reads OTEL_EXPORTER_OTLP_(TRACES_)ENDPOINT and _HEADERS itself.
      const { OTLPTraceExporter } = await import('@opentelemetry/exporter-trace-otlp-http');
      exporter = new OTLPTraceExporter();
    }
  }
  // Batching matters for a real collector; tests and the console want each span as it ends.
  const processor = opts.mode === 'otlp' ? new BatchSpanProcessor(exporter) : new SimpleSpanProcessor(exporter);
  const provider = new NodeTracerProvider({
    resource: resourceFromAttributes({
      'service.name': process.env.OTEL_SERVICE_NAME || 'parley',
      'service.instance.id': opts.nodeId,
      'service.version': opts.version,
    }),
    spanProcessors: [processor],
  });
  // Installs the AsyncLocalStorage context manager and the W3C trace-context propagator.
  provider.register();
  active = true;
  return {
    async shutdown() {
      active = false;
      await provider.shutdown();
    },
  };
}

function tracer() {
  return trace.getTracer(TRACER);
}

function isThenable(v: unknown): v is PromiseLike<unknown> {
  return typeof v === 'object' && v !== null && typeof (v as { then?: unknown }).then === 'function';
}

function fail(span: Span, err: unknown): void {
  span.setStatus({ code: SpanStatusCode.ERROR, message: err instanceof Error ? err.message : String(err) });
  if (err instanceof Error) span.recordException(err);
}

export interface SpanOptions {
  kind?: SpanKind;
  attributes?: Attributes;
  /** Parent context; the active one by default. */
  parent?: Context;
}

/**
 * Runs fn inside a new active span, ended when fn returns or its promise settles. Sync results stay sync.
 * With tracing off, just calls fn.
 */
export function inSpan<T>(name: string, opts: SpanOptions, fn: (span: Span | undefined) => T): T {
  if (!active) return fn(undefined);
  const parent = opts.parent ?? context.active();
  const span = tracer().startSpan(name, { kind: opts.kind ?? SpanKind.INTERNAL, ...(opts.attributes ? { attributes: opts.attributes } : {}) }, parent);
  return context.with(trace.setSpan(parent, span), () => {
    try {
      const out = fn(span);
      if (isThenable(out)) {
        return Promise.resolve(out).then(
          (v) => {
            span.end();
            return v;
          },
          (err: unknown) => {
            fail(span, err);
            span.end();
            throw err;
          },
        ) as T;
      }
      span.end();
      return out;
    } catch (err) {
      fail(span, err);
      span.end();
      throw err;
    }
  });
}

/** Wraps every method of obj so each call is a span named `${prefix}.${method}`. */
export function traceMethods<T extends object>(obj: T, prefix: string): T {
  const wrapped = new Map<PropertyKey, unknown>();
  return new Proxy(obj, {
    get(target, key) {
      const value: unknown = Reflect.get(target, key, target);
      if (typeof value !== 'function' || typeof key !== 'string' || key === 'constructor') return value;
      let w = wrapped.get(key);
      if (!w) {
        const fn = value as (...args: unknown[]) => unknown;
        const name = `${prefix}.${key}`;
        w = (...args: unknown[]) => inSpan(name, {}, () => fn.apply(target, args));
        wrapped.set(key, w);
      }
      return w;
    },
  });
}

/** The active trace's id, for log lines; undefined when tracing is off or nothing is being traced. */
export function activeTraceId(): string | undefined {
  if (!active) return undefined;
  const ctx = trace.getActiveSpan()?.spanContext();
  return ctx && ctx.traceFlags & 1 ? ctx.traceId : undefined;
}

/** W3C trace context as carried inside a bus message (ServerEvent.trace). */
export interface TraceCarrier {
  traceparent: string;
  tracestate?: string;
}

/** The active span's context, ready to travel in a message; undefined when there is none. */
export function injectTrace(): TraceCarrier | undefined {
  if (!active) return undefined;
  const carrier: Record<string, string> = {};
  propagation.inject(context.active(), carrier);
  if (!carrier.traceparent) return undefined;
  return carrier.tracestate ? { traceparent: carrier.traceparent, tracestate: carrier.tracestate } : { traceparent: carrier.traceparent };
}

/** The context a message was published in, or the active one if it carries none. */
export function extractTrace(carrier: TraceCarrier | undefined): Context {
  if (!carrier) return context.active();
  return propagation.extract(context.active(), carrier);
}

/**
 * The Fastify plugin that opens a SERVER span per request (continuing an incoming `traceparent`), named
 * by method and route template.
 */
export async function fastifyTracing(): Promise<FastifyPluginCallback> {
  const { FastifyOtelInstrumentation } = await import('@fastify/otel');
  const instrumentation = new FastifyOtelInstrumentation({
    // The app spans under the request say what authentication and the handler did. Hook spans would be
    // noise, and a callback-style hook's span stays the active context for the rest of the request.
    instrumentHandler: false,
    instrumentHooks: false,
    requestHook: (span: Span, req: FastifyRequest) => {
      span.updateName(`${req.method} ${req.routeOptions.url ?? 'unmatched'}`);
    },
  });
  return instrumentation.plugin();
}
