import {
  type Context,
  createContextKey,
  INVALID_SPAN_CONTEXT,
  ROOT_CONTEXT,
  type Span,
  trace,
} from '@opentelemetry/api';
import { TRACE_RECORD_KEY, type TraceRecord } from './record';

/** The key `@opentelemetry/api` keeps the active span under (`Symbol.for`, shared by every copy). */
const SPAN_KEY = createContextKey('OpenTelemetry Context Key SPAN');

/** A context one key richer than its parent, built without copying the parent's entries. */
class LayeredContext implements Context {
  constructor(
    private readonly parent: Context,
    private readonly key: symbol,
    private readonly value: unknown,
  ) {}

  getValue(key: symbol): unknown {
    return key === this.key ? this.value : this.parent.getValue(key);
  }

  setValue(key: symbol, value: unknown): Context {
    return new LayeredContext(this, key, value);
  }

  deleteValue(key: symbol): Context {
    return new LayeredContext(this, key, undefined);
  }
}

/**
 * The context a traced call runs in: `parent` with the call's span active and, for the outermost call,
 * the trace record. One small object instead of the two full copies `setSpan` + `setValue` make.
 */
class TracedCallContext implements Context {
  constructor(
    private readonly parent: Context,
    private readonly span: Span,
    private readonly record: TraceRecord | undefined,
  ) {}

  getValue(key: symbol): unknown {
    if (key === SPAN_KEY) return this.span;
    if (key === TRACE_RECORD_KEY && this.record !== undefined) return this.record;
    return this.parent.getValue(key);
  }

  setValue(key: symbol, value: unknown): Context {
    return new LayeredContext(this, key, value);
  }

  deleteValue(key: symbol): Context {
    return new LayeredContext(this, key, undefined);
  }
}

/** Whether this version of the API finds the span where {@link TracedCallContext} puts it. */
const SPAN_KEY_MATCHES = (() => {
  const probe = trace.wrapSpanContext(INVALID_SPAN_CONTEXT);
  return trace.getSpan(new TracedCallContext(ROOT_CONTEXT, probe, undefined)) === probe;
})();

/** `parent` with `span` active and, when given, `record` as the trace record. */
export function callContext(parent: Context, span: Span, record: TraceRecord | undefined): Context {
  if (SPAN_KEY_MATCHES) return new TracedCallContext(parent, span, record);
  const withSpan = trace.setSpan(parent, span);
  return record === undefined ? withSpan : withSpan.setValue(TRACE_RECORD_KEY, record);
}
