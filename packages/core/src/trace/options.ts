import { type Attributes, type SpanKind, type SpanOptions, type Tracer, trace } from '@opentelemetry/api';
import { PACKAGE_NAME, PACKAGE_VERSION } from '../version';

/** Options of `trace()`, for the wrapper and the decorator alike. */
export interface TraceOptions {
  /** The span name. Default: the function's name; `Class.method` for a decorated method. */
  name?: string;
  /**
   * Attributes set on the span at start. A `user.id` or `session.id` (or another configured key of
   * that field) given here is kept: it wins over the identity of the context.
   */
  attributes?: Attributes;
  /** The span kind. Default `SpanKind.INTERNAL`. */
  kind?: SpanKind;
  /**
   * The tracer to start spans with. Default: `trace.getTracer('@sessionscope/core', version)` of the
   * global tracer provider, looked up when a span starts (so a provider registered later is used).
   */
  tracer?: Tracer;
}

/** The defaults of {@link TraceOptions} that are not derived from the traced function. */
export const DEFAULT_TRACE_OPTIONS = {
  /** The span name of an anonymous function without `options.name`. */
  anonymousName: 'anonymous',
} as const;

/** What a traced function needs at each call, computed once when it is wrapped. */
export interface TraceSettings {
  readonly tracer: Tracer | undefined;
  readonly spanOptions: SpanOptions;
}

/** The span name of a traced function; mutable so a decorator can complete it once the class exists. */
export interface SpanNaming {
  name: string;
  /** When set, the span name of each call, from its `this` (replaces `name`). */
  forThis?: (thisArg: unknown) => string;
}

/** Resolves `options` once, at wrap time. */
export function resolveTraceSettings(options: TraceOptions | undefined): TraceSettings {
  const spanOptions: SpanOptions = {};
  if (options?.kind !== undefined) spanOptions.kind = options.kind;
  if (options?.attributes !== undefined) spanOptions.attributes = options.attributes;
  return { tracer: options?.tracer, spanOptions };
}

let providerOfDefaultTracer: unknown;
let defaultTracerOfProvider: Tracer | undefined;

/**
 * The tracer of `@sessionscope/core` from the global tracer provider. Cached per provider object: the
 * API's provider is a proxy that forwards to a provider registered later, and `trace.disable()`
 * replaces it, which this notices.
 */
export function defaultTracer(): Tracer {
  const provider = trace.getTracerProvider();
  if (provider !== providerOfDefaultTracer || defaultTracerOfProvider === undefined) {
    defaultTracerOfProvider = provider.getTracer(PACKAGE_NAME, PACKAGE_VERSION);
    providerOfDefaultTracer = provider;
  }
  return defaultTracerOfProvider;
}
