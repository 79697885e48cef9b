import { type Context, context, type Span } from '@opentelemetry/api';
import { store } from '../global-state';
import type { Scope } from '../scope';
import { callContext } from './call-context';
import { attributesOf, identityOf, requestIdentity, stampIdentityAtStart } from './identity';
import { TracedAsyncIterator, TracedIterator } from './iterators';
import { defaultTracer, type TraceSettings } from './options';
import { isReadableStream, traceReadableStream } from './readable-stream';
import { activeRecordIn, addOpenSpan, createRecord, type TraceRecord, traceState } from './record';
import { endSpan, recordError } from './span-end';
import { TracedCall } from './traced-call';
import { iterationKindOf } from './traced-results';

const OTEL_API_KEY = Symbol.for('opentelemetry.js.api.1');

/** Whether an OpenTelemetry context manager is registered; without one no context can carry a trace. */
function hasContextManager(): boolean {
  const api = (globalThis as Record<symbol, { context?: unknown } | undefined>)[OTEL_API_KEY];
  return api?.context !== undefined;
}

/** A native promise, also from another realm; other thenables (lazy query builders) are plain values. */
function isPromise(value: object): value is Promise<unknown> {
  if (value instanceof Promise) return true;
  return (
    typeof (value as PromiseLike<unknown>).then === 'function' &&
    Object.prototype.toString.call(value) === '[object Promise]'
  );
}

/**
 * Runs `fn` as a traced call: starts a span (the root of a new trace, or a child in the current one),
 * stamps the identity on it, runs `fn` with the span active, and ends the span when the result is
 * settled: at return, when a promise settles, or when a generator (or a stream) is done or stopped.
 */
export function runTraced(
  fn: Function,
  thisArg: unknown,
  args: unknown[],
  name: string,
  settings: TraceSettings,
): unknown {
  const tracer = settings.tracer ?? defaultTracer();
  const managed = hasContextManager();
  const parent = context.active();
  const parentRecord = managed ? activeRecordIn(parent) : undefined;
  const span = tracer.startSpan(name, settings.spanOptions, parent);
  const scope = store.getStore();
  const isRoot = parentRecord === undefined;
  let record: TraceRecord | undefined = parentRecord;
  let ctx = parent;
  if (managed) {
    if (isRoot) record = createRecord(span);
    ctx = callContext(parent, span, isRoot ? record : undefined);
  }
  if (span.isRecording()) {
    // The processor, when the provider has it, already stamped this identity during startSpan.
    if (traceState.stampedByProcessor !== span) {
      const identity = identityOf(record, requestIdentity(scope));
      stampIdentityAtStart(span, identity, attributesOf(span) ?? settings.spanOptions.attributes);
    }
    traceState.stampedByProcessor = undefined;
    if (!isRoot) addOpenSpan(record!, span);
  }
  let result: unknown;
  try {
    result = context.with(ctx, Reflect.apply, undefined, fn, thisArg, args);
  } catch (error) {
    recordError(span, error);
    endSpan(span, record, isRoot);
    throw error;
  }
  return settle(result, span, record, isRoot, ctx, scope);
}

function settle(
  result: unknown,
  span: Span,
  record: TraceRecord | undefined,
  isRoot: boolean,
  ctx: Context,
  scope: Scope | undefined,
): unknown {
  if (result === null || (typeof result !== 'object' && typeof result !== 'function')) {
    endSpan(span, record, isRoot);
    return result;
  }
  if (isPromise(result)) {
    return result.then(
      (value) => {
        endSpan(span, record, isRoot);
        return value;
      },
      (error: unknown) => {
        recordError(span, error);
        endSpan(span, record, isRoot);
        throw error;
      },
    );
  }
  if (isReadableStream(result)) {
    return traceReadableStream(result, new TracedCall(span, record, isRoot, ctx, scope));
  }
  const iteration = iterationKindOf(result);
  if (iteration === 'async')
    return new TracedAsyncIterator(
      result as AsyncIterator<unknown>,
      new TracedCall(span, record, isRoot, ctx, scope),
    );
  if (iteration === 'sync')
    return new TracedIterator(result as Iterator<unknown>, new TracedCall(span, record, isRoot, ctx, scope));
  endSpan(span, record, isRoot);
  return result;
}
