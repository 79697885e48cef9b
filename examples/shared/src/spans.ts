import type { HrTime } from '@opentelemetry/api';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-node';
import { CHAT_ATTRIBUTES } from './chat';

/** The span attributes sessionscope writes by default (OpenTelemetry semantic conventions). */
export const IDENTITY_ATTRIBUTES = { userId: 'user.id', sessionId: 'session.id' } as const;

/** An `HrTime` in milliseconds. */
export function hrTimeToMs([seconds, nanoseconds]: HrTime): number {
  return seconds * 1e3 + nanoseconds / 1e6;
}

/** A string attribute of `span`, or `undefined` when it is missing or empty. */
export function stringAttribute(span: ReadableSpan, key: string): string | undefined {
  const value = span.attributes[key];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** The identity `span` carries. */
export function identityOf(span: ReadableSpan): {
  userId: string | undefined;
  sessionId: string | undefined;
} {
  return {
    userId: stringAttribute(span, IDENTITY_ATTRIBUTES.userId),
    sessionId: stringAttribute(span, IDENTITY_ATTRIBUTES.sessionId),
  };
}

/** The spans of each trace, by trace id, each list in start order. */
export function spansByTrace(spans: readonly ReadableSpan[]): Map<string, ReadableSpan[]> {
  const traces = new Map<string, ReadableSpan[]>();
  for (const span of spans) {
    const traceId = span.spanContext().traceId;
    const list = traces.get(traceId);
    if (list === undefined) traces.set(traceId, [span]);
    else list.push(span);
  }
  for (const list of traces.values()) list.sort((a, b) => hrTimeToMs(a.startTime) - hrTimeToMs(b.startTime));
  return traces;
}

/** The root of a trace: the span whose parent is not among `spans` (the earliest such span). */
export function rootOf(spans: readonly ReadableSpan[]): ReadableSpan | undefined {
  const ids = new Set(spans.map((span) => span.spanContext().spanId));
  return spans.find(
    (span) => span.parentSpanContext === undefined || !ids.has(span.parentSpanContext.spanId),
  );
}

/**
 * The spans of the one trace in which `question` was asked (its `chat.question` attribute), or
 * `undefined` when no trace or more than one asked it.
 *
 * @example
 * ```ts
 * const spans = traceOfQuestion(exporter.getFinishedSpans(), 'What is a session?');
 * spans?.every((span) => identityOf(span).userId !== undefined);
 * ```
 */
export function traceOfQuestion(
  spans: readonly ReadableSpan[],
  question: string,
): ReadableSpan[] | undefined {
  const matching = [...spansByTrace(spans).values()].filter((traceSpans) =>
    traceSpans.some((span) => stringAttribute(span, CHAT_ATTRIBUTES.question) === question),
  );
  return matching.length === 1 ? matching[0] : undefined;
}
