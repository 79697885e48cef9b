import { context, type Span } from '@opentelemetry/api';
import { store } from '../global-state';
import { currentOptions, type ResolvedOptions } from '../options';
import type { UserSessionInput } from '../scope';
import { INVALID, type NormalizedId, normalizeId } from '../validate';
import { warnOnce } from '../warn-once';
import { attributesOf, requestIdentity, setIdAttributes } from './identity';
import { activeRecordIn, markOverridden, type TraceRecord } from './record';

type Backfill = (span: Span) => void;

function forEachOpenSpan(record: TraceRecord, fill: Backfill): void {
  if (record.root.isRecording()) fill(record.root);
  if (record.open === undefined) return;
  for (const span of record.open) if (span.isRecording()) fill(span);
}

function accepted(id: NormalizedId): id is string | null {
  return id !== undefined && id !== INVALID;
}

/**
 * Overrides the user and/or session of the **current trace**: the outermost `trace()` call running in
 * this async context. An omitted (or `undefined`) key keeps its value; `null` removes the key from the
 * spans the trace starts from now on (OpenTelemetry cannot remove an attribute from an open span);
 * numbers become strings; invalid ids are dropped and reported through `onInvalidId`; with `hashUserId`
 * on, the user id is hashed.
 *
 * The new values are written at once on the trace's root span and on every span of it still open, and
 * on every span the trace starts from now on, by any tracer (with {@link UserSessionSpanProcessor}).
 * `getUserSessionContext()` returns them inside the trace. Once the outermost `trace()` call has finished,
 * the request's identity applies again; concurrent traces each keep their own override.
 *
 * Precedence: `updateTraceUserSession` > request context (`setUserSessionContext`, middleware) > a user
 * picked up from an LLM call's `user` parameter (`offerTraceUserId`) > none.
 *
 * Outside any `trace()` call it does nothing and warns once.
 *
 * @example
 * ```ts
 * // prelude: declare const llm: { complete(question: string): Promise<string> };
 * // prelude: declare function lookUpApiKey(apiKey: string): Promise<{ userId: string }>;
 * import { trace, updateTraceUserSession } from '@sessionscope/core';
 *
 * const answer = trace(async function answer(question: string, apiKey: string) {
 *   const tenant = await lookUpApiKey(apiKey); // its span has ended: it keeps the identity it had
 *   updateTraceUserSession({ userId: tenant.userId }); // now on the root, open spans, and what follows
 *   return llm.complete(question);
 * });
 * ```
 */
export function updateTraceUserSession(input: UserSessionInput): void {
  const record = activeRecordIn(context.active());
  if (record === undefined) {
    warnOnce(
      'updateTraceUserSession',
      'updateTraceUserSession() was called outside any trace() call (or without an OpenTelemetry ' +
        'context manager) and did nothing. Call it inside a function wrapped with trace(), or use ' +
        'setUserSessionContext() for the whole request.',
    );
    return;
  }
  if (input === null || typeof input !== 'object') return;
  const options = currentOptions();
  const userId = normalizeId('userId', input.userId, 'value', options);
  const sessionId = normalizeId('sessionId', input.sessionId, 'value', options);
  if (!accepted(userId) && !accepted(sessionId)) return;
  if (accepted(userId)) record.userId = userId;
  if (accepted(sessionId)) record.sessionId = sessionId;
  markOverridden(record);
  backfillOverride(record, options, userId, sessionId);
}

function backfillOverride(
  record: TraceRecord,
  options: ResolvedOptions,
  userId: NormalizedId,
  sessionId: NormalizedId,
): void {
  const user = typeof userId === 'string' ? userId : undefined;
  const session = typeof sessionId === 'string' ? sessionId : undefined;
  if (user === undefined && session === undefined) return;
  forEachOpenSpan(record, (span) => {
    setIdAttributes(span, options.userIdKeys, user);
    setIdAttributes(span, options.sessionIdKeys, session);
  });
}

function hasUserAttribute(span: Span, key: string): boolean {
  const attributes = attributesOf(span);
  return attributes !== undefined && attributes[key] !== undefined;
}

/**
 * For instrumentation authors: offers `userId` as the user of the current trace, at the lowest
 * precedence. It applies only while nothing better is known: no `updateTraceUserSession` user (nor its
 * `null`) and no user in the request context; the first offer in a trace wins. The id is validated (and
 * hashed when `hashUserId` is on) like any other user id.
 *
 * When it applies, it is written on the trace's root span and open spans that have no user yet, on
 * every span the trace starts from now on, and `getUserSessionContext()` returns it inside the trace.
 * Outside any `trace()` call it does nothing (no warning: instrumentations call it unconditionally).
 *
 * @example
 * ```ts
 * // prelude: declare const request: { user?: unknown };
 * import { offerTraceUserId } from '@sessionscope/core';
 *
 * // Inside an LLM client instrumentation, before starting the call's span:
 * if (typeof request.user === 'string') offerTraceUserId(request.user);
 * ```
 */
export function offerTraceUserId(userId: string): void {
  const record = activeRecordIn(context.active());
  if (record === undefined || record.offeredUserId !== undefined) return;
  const options = currentOptions();
  const id = normalizeId('userId', userId, 'value', options);
  if (typeof id !== 'string') return;
  record.offeredUserId = id;
  markOverridden(record);
  if (record.userId !== undefined || requestIdentity(store.getStore()).userId !== undefined) return;
  const firstKey = options.userIdKeys[0]!;
  forEachOpenSpan(record, (span) => {
    if (!hasUserAttribute(span, firstKey)) setIdAttributes(span, options.userIdKeys, id);
  });
}
