import { SpanStatusCode } from '@opentelemetry/api';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-node';
import {
  CHAT_ATTRIBUTES,
  hrTimeToMs,
  identityOf,
  rootOf,
  spansByTrace,
  stringAttribute,
} from '@sessionscope/example-shared';

/** One span below the root of a trace. */
export interface StepSummary {
  readonly name: string;
  readonly durationMs: number;
}

/** One trace: a request's root span and what happened below it. */
export interface TraceSummary {
  readonly traceId: string;
  /** Name of the root span. */
  readonly name: string;
  readonly question: string | undefined;
  readonly startedAt: string;
  readonly durationMs: number;
  readonly status: 'ok' | 'error';
  readonly error: string | undefined;
  /** User id of whoever acted for the trace's user (`updateTraceUserSession`), if anyone did. */
  readonly impersonatedBy: string | undefined;
  /** Who `impersonatedBy` is, when the caller knows. */
  readonly impersonatedByLabel: string | undefined;
  /** Number of chunks of a streamed completion. */
  readonly streamedChunks: number | undefined;
  readonly spanCount: number;
  /** Every span below the root, depth first, siblings in start order. */
  readonly steps: readonly StepSummary[];
}

/** One session of one user. */
export interface SessionSummary {
  /** `null` for traces without a session. */
  readonly sessionId: string | null;
  /** From the first span's start to the last span's end. */
  readonly durationMs: number;
  readonly traces: readonly TraceSummary[];
}

/** One user and their sessions. */
export interface UserSummary {
  /** `null` for traces without a user. */
  readonly userId: string | null;
  /** Who the (hashed) user id belongs to, when the caller knows. */
  readonly label: string | undefined;
  readonly traceCount: number;
  readonly sessions: readonly SessionSummary[];
}

function firstAttribute(spans: readonly ReadableSpan[], key: string): string | number | undefined {
  for (const span of spans) {
    const value = span.attributes[key];
    if (typeof value === 'string' || typeof value === 'number') return value;
  }
  return undefined;
}

function round(ms: number): number {
  return Math.round(ms * 10) / 10;
}

/** The spans below `root`, depth first; `spans` is in start order, so siblings stay in start order. */
function descendantsOf(root: ReadableSpan, spans: readonly ReadableSpan[]): ReadableSpan[] {
  const children = new Map<string, ReadableSpan[]>();
  for (const span of spans) {
    const parentId = span.parentSpanContext?.spanId;
    if (parentId === undefined || span === root) continue;
    const siblings = children.get(parentId);
    if (siblings === undefined) children.set(parentId, [span]);
    else siblings.push(span);
  }
  const ordered: ReadableSpan[] = [];
  const visit = (span: ReadableSpan): void => {
    for (const child of children.get(span.spanContext().spanId) ?? []) {
      ordered.push(child);
      visit(child);
    }
  };
  visit(root);
  return ordered;
}

function summarizeTrace(
  traceId: string,
  spans: readonly ReadableSpan[],
  root: ReadableSpan,
  labels: ReadonlyMap<string, string>,
): TraceSummary {
  const impersonatedBy = stringAttribute(root, CHAT_ATTRIBUTES.impersonatedBy);
  const failed = spans.find((span) => span.status.code === SpanStatusCode.ERROR);
  const chunks = firstAttribute(spans, CHAT_ATTRIBUTES.streamedChunks);
  const question = firstAttribute(spans, CHAT_ATTRIBUTES.question);
  return {
    traceId,
    name: root.name,
    question: question === undefined ? undefined : String(question),
    startedAt: new Date(hrTimeToMs(root.startTime)).toISOString(),
    durationMs: round(hrTimeToMs(root.duration)),
    status: failed === undefined ? 'ok' : 'error',
    error: failed?.status.message || undefined,
    impersonatedBy,
    impersonatedByLabel: impersonatedBy === undefined ? undefined : labels.get(impersonatedBy),
    streamedChunks: typeof chunks === 'number' ? chunks : undefined,
    spanCount: spans.length,
    steps: descendantsOf(root, spans).map((span) => ({
      name: span.name,
      durationMs: round(hrTimeToMs(span.duration)),
    })),
  };
}

interface Bucket<T> {
  readonly key: string | null;
  readonly items: T[];
}

function groupBy<T>(items: readonly T[], keyOf: (item: T) => string | null): Bucket<T>[] {
  const buckets = new Map<string | null, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    const bucket = buckets.get(key);
    if (bucket === undefined) buckets.set(key, [item]);
    else bucket.push(item);
  }
  return [...buckets].map(([key, bucketItems]) => ({ key, items: bucketItems }));
}

interface IdentifiedTrace {
  readonly userId: string | null;
  readonly sessionId: string | null;
  readonly startMs: number;
  readonly endMs: number;
  readonly summary: TraceSummary;
}

/**
 * Groups exported spans user → session → trace, the way observability backends do: a trace belongs
 * to the user and session on its root span. Users, sessions and traces come in order of first start.
 *
 * @example
 * ```ts
 * const users = groupSpans(exporter.getFinishedSpans());
 * users[0]?.sessions[0]?.traces.length;
 * ```
 */
export function groupSpans(
  spans: readonly ReadableSpan[],
  labels: ReadonlyMap<string, string> = new Map(),
): UserSummary[] {
  const traces: IdentifiedTrace[] = [];
  for (const [traceId, traceSpans] of spansByTrace(spans)) {
    const root = rootOf(traceSpans);
    if (root === undefined) continue;
    const { userId, sessionId } = identityOf(root);
    traces.push({
      userId: userId ?? null,
      sessionId: sessionId ?? null,
      startMs: hrTimeToMs(root.startTime),
      endMs: Math.max(...traceSpans.map((span) => hrTimeToMs(span.endTime))),
      summary: summarizeTrace(traceId, traceSpans, root, labels),
    });
  }
  traces.sort((a, b) => a.startMs - b.startMs);

  return groupBy(traces, (entry) => entry.userId).map(({ key: userId, items: userTraces }) => ({
    userId,
    label: userId === null ? undefined : labels.get(userId),
    traceCount: userTraces.length,
    sessions: groupBy(userTraces, (entry) => entry.sessionId).map(({ key: sessionId, items }) => ({
      sessionId,
      durationMs: round(Math.max(...items.map((entry) => entry.endMs)) - items[0]!.startMs),
      traces: items.map((entry) => entry.summary),
    })),
  }));
}
