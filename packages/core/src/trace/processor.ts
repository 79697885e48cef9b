import type { Context, Span } from '@opentelemetry/api';
import { store } from '../global-state';
import { attributesOf, identityOf, requestIdentity, stampIdentityAtStart } from './identity';
import { activeRecordIn, addOpenSpan, type TraceRecord, traceState } from './record';

/**
 * An OpenTelemetry `SpanProcessor` that puts the current user and session on every span at start,
 * whichever tracer started it: HTTP, database and LLM instrumentations included. The identity is the
 * one of the context the span starts in: the request scope, with the override of the `trace()` the
 * span belongs to applied (see `updateTraceUserSession`). Spans started inside a `trace()` are also
 * registered with that trace, so a later `updateTraceUserSession` back-fills them while they are open.
 *
 * An identity the span already has when it starts wins: a `user.id` (or `session.id`) its creator gave
 * in the start attributes — `tracer.startSpan(name, { attributes })`, `trace(fn, { attributes })` —
 * under any configured key of that field leaves that field untouched, under every key; the other
 * field is still stamped. Only an explicit `updateTraceUserSession` call later back-fills over it.
 *
 * It exports nothing: add it next to your exporting processor. Attribute keys follow
 * `configure({ attributes })`. It never throws into the code that starts a span.
 *
 * @example
 * ```ts
 * import { NodeTracerProvider, BatchSpanProcessor } from '@opentelemetry/sdk-trace-node';
 * import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
 * import { UserSessionSpanProcessor } from '@sessionscope/core';
 *
 * const provider = new NodeTracerProvider({
 *   spanProcessors: [new UserSessionSpanProcessor(), new BatchSpanProcessor(new OTLPTraceExporter())],
 * });
 * provider.register();
 * ```
 */
export class UserSessionSpanProcessor {
  /** The trace each registered span belongs to, to unregister it when it ends. */
  private readonly traceOfSpan = new WeakMap<object, TraceRecord>();

  /** Stamps the identity on `span`; called by the SDK when a span starts. */
  onStart(span: Span, parentContext: Context): void {
    try {
      const record = activeRecordIn(parentContext);
      const identity = identityOf(record, requestIdentity(store.getStore()));
      stampIdentityAtStart(span, identity, attributesOf(span));
      traceState.stampedByProcessor = span;
      if (record === undefined) return;
      addOpenSpan(record, span);
      this.traceOfSpan.set(span, record);
    } catch {
      // Never fail the code that starts a span.
    }
  }

  /** Unregisters `span` from its trace; called by the SDK when a span ends. */
  onEnd(span: object): void {
    const record = this.traceOfSpan.get(span);
    if (record === undefined) return;
    this.traceOfSpan.delete(span);
    record.open?.delete(span as Span);
  }

  /** Nothing is buffered: resolves at once. */
  forceFlush(): Promise<void> {
    return Promise.resolve();
  }

  /** Nothing to release: resolves at once. */
  shutdown(): Promise<void> {
    return Promise.resolve();
  }
}
