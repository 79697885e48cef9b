import { type Exception, type Span, SpanStatusCode } from '@opentelemetry/api';
import { closeRecord, type TraceRecord } from './record';

function describe(error: unknown): string {
  try {
    return error instanceof Error ? error.message : String(error);
  } catch {
    return 'unknown error';
  }
}

/** Records `error` on `span` (exception event, status ERROR). Never throws. */
export function recordError(span: Span, error: unknown): void {
  if (!span.isRecording()) return;
  try {
    const exception: Exception =
      error instanceof Error || typeof error === 'string' ? error : { message: describe(error) };
    span.recordException(exception);
    span.setStatus({ code: SpanStatusCode.ERROR, message: describe(error) });
  } catch {
    // A span implementation that throws must not replace the caller's error.
  }
}

/**
 * Ends `span`, and with it the trace when `span` is the trace's root: from then on the trace's override
 * no longer applies, not even to contexts that still hold the record.
 */
export function endSpan(span: Span, record: TraceRecord | undefined, isRoot: boolean): void {
  span.end();
  if (record === undefined) return;
  if (isRoot) closeRecord(record);
  else record.open?.delete(span);
}
