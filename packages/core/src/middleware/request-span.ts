import { type Span, SpanKind, trace } from '@opentelemetry/api';
import { type Scope, viewOf } from '../scope';
import { stampIdentity } from '../trace/identity';

/** The active span, when it is a recording server span (an HTTP instrumentation's, for the request). */
function activeServerSpan(): Span | undefined {
  const span = trace.getActiveSpan();
  if (span === undefined || (span as { kind?: SpanKind }).kind !== SpanKind.SERVER) return undefined;
  return span.isRecording() ? span : undefined;
}

function stamp(scope: Scope): void {
  const span = scope.requestSpan;
  if (span?.isRecording()) stampIdentity(span, viewOf(scope));
}

/**
 * Puts the request's identity on the HTTP server span an instrumentation (such as
 * `@opentelemetry/instrumentation-http`) started before any middleware ran, and which
 * `UserSessionSpanProcessor` therefore saw without identity. Called when a middleware has filled the
 * scope, while that span is the active one; it is remembered for {@link restampRequestSpan}. Never throws.
 */
export function stampRequestSpan(scope: Scope): void {
  try {
    scope.requestSpan ??= activeServerSpan();
    stamp(scope);
  } catch {
    // Never fail the request.
  }
}

/**
 * Stamps the request's server span again at the end of the request, before the clear, so that a
 * user set later (authentication mounted after the middleware) reaches it while it is still open.
 * Never throws.
 */
export function restampRequestSpan(scope: Scope): void {
  try {
    stamp(scope);
  } catch {
    // Never fail the request.
  }
}
