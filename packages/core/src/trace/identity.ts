import { type Attributes, context, type Span } from '@opentelemetry/api';
import { currentOptions, type ResolvedOptions } from '../options';
import { NO_IDENTITY, type Scope, type UserSession, viewOf } from '../scope';
import { activeRecordIn, type TraceRecord, traceState } from './record';

/** The identity of the request or scope `scope` (pending user lookups resolved), `{}` without one. */
export function requestIdentity(scope: Scope | undefined): UserSession {
  return scope === undefined ? NO_IDENTITY : viewOf(scope);
}

/**
 * The identity spans of `record`'s trace get, given the request identity `base`. Precedence per field:
 * `updateTraceUserSession` (where `null` means none) > request > picked-up user (user id only).
 */
export function identityOf(record: TraceRecord | undefined, base: UserSession): UserSession {
  if (record === undefined || !record.overridden || !record.active) return base;
  if (record.viewBase === base && record.view !== undefined) return record.view;
  const userId =
    record.userId === undefined ? (base.userId ?? record.offeredUserId) : (record.userId ?? undefined);
  const sessionId = record.sessionId === undefined ? base.sessionId : (record.sessionId ?? undefined);
  const view: { userId?: string; sessionId?: string } = {};
  if (userId !== undefined) view.userId = userId;
  if (sessionId !== undefined) view.sessionId = sessionId;
  record.viewBase = base;
  record.view = Object.freeze(view);
  return record.view;
}

/** `base` with the override of the trace running in the active context applied. */
export function withActiveTraceOverride(base: UserSession): UserSession {
  if (traceState.overriddenTraces === 0) return base;
  return identityOf(activeRecordIn(context.active()), base);
}

/** Sets `value` under every key in `keys`; empty values are never written. */
export function setIdAttributes(span: Span, keys: readonly string[], value: string | undefined): void {
  if (!value) return;
  for (let i = 0; i < keys.length; i++) span.setAttribute(keys[i]!, value);
}

/** Writes `identity` on `span` under every configured attribute key. */
export function stampIdentity(
  span: Span,
  identity: UserSession,
  options: ResolvedOptions = currentOptions(),
): void {
  setIdAttributes(span, options.userIdKeys, identity.userId);
  setIdAttributes(span, options.sessionIdKeys, identity.sessionId);
}

/** The attributes of an SDK span, readable while it is open (not part of the API `Span` interface). */
export function attributesOf(span: Span): Attributes | undefined {
  return (span as { attributes?: Attributes }).attributes;
}

function holdsAny(attributes: Attributes, keys: readonly string[]): boolean {
  for (let i = 0; i < keys.length; i++) if (attributes[keys[i]!] !== undefined) return true;
  return false;
}

/**
 * Writes `identity` on a span that has just started with `startAttributes`: a field (user or session)
 * the span already has under any of its configured keys was set by the span's creator on purpose and
 * is left as it is, under every key.
 */
export function stampIdentityAtStart(
  span: Span,
  identity: UserSession,
  startAttributes: Attributes | undefined,
  options: ResolvedOptions = currentOptions(),
): void {
  if (startAttributes === undefined) {
    stampIdentity(span, identity, options);
    return;
  }
  if (identity.userId && !holdsAny(startAttributes, options.userIdKeys))
    setIdAttributes(span, options.userIdKeys, identity.userId);
  if (identity.sessionId && !holdsAny(startAttributes, options.sessionIdKeys))
    setIdAttributes(span, options.sessionIdKeys, identity.sessionId);
}
