import { type Context, createContextKey, type Span } from '@opentelemetry/api';
import type { UserSession } from '../scope';

/**
 * One trace opened by an outermost `trace()` call: its root span, its identity override and its
 * still-open spans. It lives in the OpenTelemetry context the root call activates, so nested
 * `trace()` calls, `updateTraceUserSession` and the span processor find it through the context.
 */
export interface TraceRecord {
  /** The span of the outermost `trace()` call. */
  readonly root: Span;
  /** Recording spans of this trace other than the root that have not ended yet; created on first use. */
  open: Set<Span> | undefined;
  /** `true` until the outermost `trace()` call has finished (its result settled, its stream ended). */
  active: boolean;
  /** Override from `updateTraceUserSession`: `undefined` none, `null` removed, else the id. */
  userId: string | null | undefined;
  sessionId: string | null | undefined;
  /** The user picked up from an instrumented call (`offerTraceUserId`), lowest precedence. */
  offeredUserId: string | undefined;
  /** `true` once an override or a picked-up user exists; such a record counts in {@link traceState}. */
  overridden: boolean;
  /** The last effective identity computed, valid while the request view is `viewBase`. */
  viewBase: UserSession | undefined;
  view: UserSession | undefined;
}

/** Process-wide trace state, shared by every copy of the package like the context store. */
interface TraceState {
  /** Active records that carry an override: while 0, identity reads skip the context lookup. */
  overriddenTraces: number;
  /**
   * The span `UserSessionSpanProcessor` stamped last, during `startSpan`: `trace()` skips stamping the
   * same identity again on it. Cleared by `trace()` right after its `startSpan`.
   */
  stampedByProcessor: object | undefined;
}

const TRACE_STATE_KEY = Symbol.for('sessionscope.core.trace-state.v1');
const holder = globalThis as typeof globalThis & { [TRACE_STATE_KEY]?: TraceState };
holder[TRACE_STATE_KEY] ??= { overriddenTraces: 0, stampedByProcessor: undefined };

/** The process-wide trace state. */
export const traceState: TraceState = holder[TRACE_STATE_KEY];

/** Where a trace record lives in an OpenTelemetry context (`Symbol.for`, so shared across copies). */
export const TRACE_RECORD_KEY: symbol = createContextKey('sessionscope.core.trace-record.v1');

/** A fresh, active record for a trace whose outermost span is `root`. */
export function createRecord(root: Span): TraceRecord {
  return {
    root,
    open: undefined,
    active: true,
    userId: undefined,
    sessionId: undefined,
    offeredUserId: undefined,
    overridden: false,
    viewBase: undefined,
    view: undefined,
  };
}

/** The record of the trace still running in `ctx`, if any. */
export function activeRecordIn(ctx: Context): TraceRecord | undefined {
  const record = ctx.getValue(TRACE_RECORD_KEY) as TraceRecord | undefined;
  return record?.active ? record : undefined;
}

/** Marks `record` as carrying an override, and drops its cached view. */
export function markOverridden(record: TraceRecord): void {
  record.view = undefined;
  record.viewBase = undefined;
  if (record.overridden) return;
  record.overridden = true;
  traceState.overriddenTraces++;
}

/** Registers a recording span started inside the trace, so that later overrides reach it. */
export function addOpenSpan(record: TraceRecord, span: Span): void {
  record.open ??= new Set();
  record.open.add(span);
}

/** Ends the trace: its override no longer applies, also to contexts that still hold the record. */
export function closeRecord(record: TraceRecord): void {
  if (!record.active) return;
  record.active = false;
  record.open = undefined;
  if (record.overridden) traceState.overriddenTraces--;
}
