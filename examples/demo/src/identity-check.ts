import type { ReadableSpan } from '@opentelemetry/sdk-trace-node';
import {
  IDENTITY_ATTRIBUTES,
  identityOf,
  rootOf,
  spansByTrace,
  traceOfQuestion,
} from '@sessionscope/example-shared';

/** The identity a request's trace must carry, known to whoever sent the request. */
export interface ExpectedTrace {
  /** The question asked; it identifies the trace through its `chat.question` attribute. */
  readonly question: string;
  readonly userId: string;
  readonly sessionId: string;
}

/** A span missing part of the identity. */
export interface SpanWithoutIdentity {
  readonly traceId: string;
  readonly spanId: string;
  readonly name: string;
  readonly missing: readonly string[];
}

/** What {@link checkIdentity} found. */
export interface IdentityReport {
  readonly spansChecked: number;
  readonly tracesChecked: number;
  /** Spans lacking `user.id` or `session.id`. */
  readonly spansWithoutIdentity: readonly SpanWithoutIdentity[];
  /** Traces whose spans do not all carry the same user and session. */
  readonly tracesWithMixedIdentity: readonly string[];
  /** Expected traces that were not found, or found with another identity. */
  readonly mismatches: readonly string[];
  readonly ok: boolean;
}

function missingKeys(span: ReadableSpan): string[] {
  const { userId, sessionId } = identityOf(span);
  const missing: string[] = [];
  if (userId === undefined) missing.push(IDENTITY_ATTRIBUTES.userId);
  if (sessionId === undefined) missing.push(IDENTITY_ATTRIBUTES.sessionId);
  return missing;
}

function identityKey(span: ReadableSpan): string {
  const { userId, sessionId } = identityOf(span);
  return `${userId}\u0000${sessionId}`;
}

function checkExpectation(expected: ExpectedTrace, spans: readonly ReadableSpan[]): string | undefined {
  const traceSpans = traceOfQuestion(spans, expected.question);
  if (traceSpans === undefined) return `"${expected.question}": expected exactly 1 trace asking it`;
  const root = rootOf(traceSpans);
  const actual = root === undefined ? { userId: undefined, sessionId: undefined } : identityOf(root);
  if (actual.userId !== expected.userId || actual.sessionId !== expected.sessionId) {
    return `"${expected.question}": expected user ${expected.userId} / session ${expected.sessionId}, got ${actual.userId} / ${actual.sessionId}`;
  }
  return undefined;
}

/**
 * Checks exported spans the way the demo's smoke test needs: every span carries a user and a
 * session, every trace carries one identity throughout, and each expected request produced exactly
 * one trace with the identity it should have.
 *
 * @example
 * ```ts
 * const report = checkIdentity(exporter.getFinishedSpans(), [{ question: 'hi', userId: 'u1', sessionId: 's1' }]);
 * if (!report.ok) process.exitCode = 1;
 * ```
 */
export function checkIdentity(
  spans: readonly ReadableSpan[],
  expected: readonly ExpectedTrace[],
): IdentityReport {
  const traces = spansByTrace(spans);
  const spansWithoutIdentity: SpanWithoutIdentity[] = [];
  for (const span of spans) {
    const missing = missingKeys(span);
    if (missing.length > 0) {
      const { traceId, spanId } = span.spanContext();
      spansWithoutIdentity.push({ traceId, spanId, name: span.name, missing });
    }
  }
  const tracesWithMixedIdentity = [...traces]
    .filter(([, traceSpans]) => new Set(traceSpans.map(identityKey)).size > 1)
    .map(([traceId]) => traceId);
  const mismatches = expected
    .map((expectation) => checkExpectation(expectation, spans))
    .filter((problem): problem is string => problem !== undefined);
  return {
    spansChecked: spans.length,
    tracesChecked: traces.size,
    spansWithoutIdentity,
    tracesWithMixedIdentity,
    mismatches,
    ok:
      spans.length > 0 &&
      spansWithoutIdentity.length === 0 &&
      tracesWithMixedIdentity.length === 0 &&
      mismatches.length === 0,
  };
}
