import type { Span } from '@opentelemetry/api';
import type { WritePolicy } from './baggage/policy';
import { currentOptions, type IdField } from './options';
import { INVALID, normalizeId, reportInvalidId } from './validate';

/**
 * The identity every trace of a request is attributed to. `getUserSessionContext()` returns it as a
 * frozen object; the adapters' `userSession` is a live view with getters instead.
 */
export interface UserSession {
  readonly userId?: string;
  readonly sessionId?: string;
}

/**
 * An identity update: omitted (or `undefined`) keys keep their value, `null` clears the key,
 * finite numbers become strings. Invalid values are dropped and reported.
 */
export interface UserSessionInput {
  userId?: string | number | null;
  sessionId?: string | number | null;
}

/** Reads a user id from a request; it may only be known later (authentication mounted after). */
export type PendingUserId = (request: any) => unknown;

/** The mutable record behind one request or one scoped run. Never shared between two requests. */
export interface Scope {
  userId: string | undefined;
  sessionId: string | undefined;
  /** Called with `pendingRequest` on each read until it yields a user id, then dropped. */
  pendingUserId: PendingUserId | undefined;
  pendingRequest: unknown;
  /** The frozen view handed out by `getUserSessionContext()`, rebuilt after each change. */
  view: UserSession | undefined;
  /** Set when a middleware generated the session id (so it is sent back to the client). */
  sessionIdGenerated: boolean;
  /** Set once a middleware has cleared the scope at the end of its request. */
  ended: boolean;
  /** The baggage write policy of the middleware that opened the scope; `undefined`: `configure()`'s. */
  baggageWrite: WritePolicy | undefined;
  /** The HTTP server span of the request, when an instrumentation started one before the middleware. */
  requestSpan: Span | undefined;
}

/** The frozen empty identity. */
export const NO_IDENTITY: UserSession = Object.freeze({});

/** A fresh scope holding already-normalised values. */
export function createScope(userId?: string, sessionId?: string): Scope {
  return {
    userId,
    sessionId,
    pendingUserId: undefined,
    pendingRequest: undefined,
    view: undefined,
    sessionIdGenerated: false,
    ended: false,
    baggageWrite: undefined,
    requestSpan: undefined,
  };
}

/**
 * A fresh scope that starts from `parent`'s request-level state (or none): its identity, a user
 * lookup still pending, and its baggage write policy. The one place that copies a scope's fields;
 * a trace's `updateTraceUserSession` override is not among them, it stays with its trace.
 */
export function childScope(parent: Scope | undefined): Scope {
  if (parent === undefined) return createScope();
  resolvePendingUserId(parent);
  const child = createScope(parent.userId, parent.sessionId);
  child.pendingUserId = parent.pendingUserId;
  child.pendingRequest = parent.pendingRequest;
  child.baggageWrite = parent.baggageWrite;
  return child;
}

/**
 * {@link childScope} of `parent` frozen in time, for opening scopes from later: a user lookup still
 * pending is settled now or given up, so the snapshot holds no reference to the request.
 */
export function snapshotScope(parent: Scope | undefined): Scope {
  const snapshot = childScope(parent);
  dropPendingUserId(snapshot);
  return snapshot;
}

function applyField(scope: Scope, field: IdField, value: unknown): void {
  if (value === undefined) return;
  const id = normalizeId(field, value, 'value', currentOptions());
  if (id === INVALID) return;
  scope[field] = id ?? undefined;
  if (field === 'userId') dropPendingUserId(scope);
  scope.view = undefined;
}

/** Merges `input` into `scope` with the rules of {@link UserSessionInput}. */
export function applyInput(scope: Scope, input: UserSessionInput): void {
  if (input === null || typeof input !== 'object') return;
  applyField(scope, 'userId', input.userId);
  applyField(scope, 'sessionId', input.sessionId);
}

/** Empties `scope`: both ids and any pending user lookup. */
export function clearScope(scope: Scope): void {
  scope.userId = undefined;
  scope.sessionId = undefined;
  dropPendingUserId(scope);
  scope.view = NO_IDENTITY;
}

/** Stops looking for a user id that is not known yet. */
export function dropPendingUserId(scope: Scope): void {
  scope.pendingUserId = undefined;
  scope.pendingRequest = undefined;
}

/** Settles a pending user lookup once it yields a value. Never throws. */
export function resolvePendingUserId(scope: Scope): void {
  const pending = scope.pendingUserId;
  if (pending === undefined) return;
  let raw: unknown;
  try {
    raw = pending(scope.pendingRequest);
  } catch {
    dropPendingUserId(scope);
    reportInvalidId('userId', 'extractor-error');
    return;
  }
  if (raw === undefined || raw === null) return;
  dropPendingUserId(scope);
  const id = normalizeId('userId', raw);
  if (id === INVALID || id === null || id === undefined) return;
  scope.userId = id;
  scope.view = undefined;
}

/** The frozen view of `scope`, cached until the scope changes. */
export function viewOf(scope: Scope): UserSession {
  if (scope.pendingUserId !== undefined) resolvePendingUserId(scope);
  if (scope.view !== undefined) return scope.view;
  const { userId, sessionId } = scope;
  const view: { userId?: string; sessionId?: string } = {};
  if (userId !== undefined) view.userId = userId;
  if (sessionId !== undefined) view.sessionId = sessionId;
  scope.view = Object.freeze(view);
  return scope.view;
}
