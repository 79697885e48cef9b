import { randomUUID } from 'node:crypto';
import { applyMountBaggage, compileMountBaggage } from '../baggage/middleware';
import { store } from '../global-state';
import type { IdField } from '../options';
import { createScope, dropPendingUserId, type Scope, type UserSession } from '../scope';
import { type IdSource, INVALID, type NormalizedId, normalizeId, reportInvalidId } from '../validate';
import { sendableSessionId, sessionHeaderName } from './header-value';
import { LiveUserSession, scopeOfLiveView } from './live-user-session';
import { DEFAULT_MIDDLEWARE_OPTIONS, type SessionMiddlewareOptions } from './options';
import { endRequestScope } from './request-end';
import { stampRequestSpan } from './request-span';
import { sessionHeaderReader } from './session-header-reader';

/** What an adapter tells core about its framework. */
export interface FrameworkBinding<Req> {
  /** The authenticated principal's id, from where the framework's auth middleware stores it. */
  defaultUserId(request: Req): unknown;
  /** A request header by lower-case name; repeated headers come joined with `, `. */
  readHeader(request: Req, name: string): string | null | undefined;
  /**
   * Every value of a request header by lower-case name, one per occurrence; `undefined` when it is
   * absent or the request cannot tell (core then falls back to {@link FrameworkBinding.readHeader}).
   *
   * Optional, for frameworks on Node's `http` (Node's `req.headersDistinct`), whose `req.headers`
   * keeps only the first value of some repeated headers (`authorization`, `user-agent`,
   * `content-type`…). Core reads a `sessionHeader` with such a name through this method, so a
   * repeated one is refused as `ambiguous`; it chooses once per mount, and reads every other header
   * (the default `x-session-id` too) through `readHeader` alone.
   */
  readHeaderValues?(request: Req, name: string): readonly string[] | undefined;
}

/** The framework-independent half of a `sessionMiddleware`, built once per mount. */
export interface RequestIdentity<Req> {
  /** The lower-case session header, or `undefined` when disabled. */
  readonly sessionHeader: string | undefined;
  /** Builds a fresh scope for a request entering the app. Synchronous unless an extractor returned a promise. */
  open(request: Req): Scope | Promise<Scope>;
  /**
   * The scope an outer mount already opened for this request, found through the live view it
   * exposed; `view` is what the adapter finds where it exposes one (`res.locals.userSession`,
   * `ctx.state.userSession`, `c.get('userSession')`). `undefined` when there is no such view.
   */
  scopeOf(view: unknown): Scope | undefined;
  /**
   * The live, read-only view of `scope`'s identity that adapters expose the framework's way. A
   * nested mount finds the scope again through it ({@link RequestIdentity.scopeOf}).
   */
  liveView(scope: Scope): UserSession;
  /** For a mount nested in another: merges this mount's ids over the request's scope. */
  merge(scope: Scope, request: Req): void | Promise<void>;
  /**
   * The session id to send back in `sessionHeader`, if any: a generated one, or any with
   * `exposeSessionId: true`; never one an HTTP header cannot carry as it is (a character above
   * U+00FF, or a space or tab at either end, which HTTP strips): that one is only kept for spans.
   */
  sessionIdToExpose(scope: Scope): string | undefined;
  /** Runs `fn` with `scope` as the request's identity. */
  run<T>(scope: Scope, fn: () => T): T;
  /** Clears the scope at the true end of the request, once. */
  end(scope: Scope, request: Req): void;
}

function isPromiseLike(value: unknown): value is PromiseLike<unknown> {
  return typeof (value as PromiseLike<unknown> | null)?.then === 'function';
}

function settle(field: IdField, value: unknown): unknown {
  if (!isPromiseLike(value)) return value;
  return Promise.resolve(value).then(undefined, () => {
    reportInvalidId(field, 'extractor-error');
    return INVALID;
  });
}

/** Runs an extractor; a throw or rejection is reported once and comes back as {@link INVALID}. */
function call<Req>(field: IdField, extractor: (request: Req) => unknown, request: Req): unknown {
  try {
    return settle(field, extractor(request));
  } catch {
    reportInvalidId(field, 'extractor-error');
    return INVALID;
  }
}

/** Validates an extractor's result; a failed extractor was already reported. */
function normalizeExtracted(field: IdField, raw: unknown, source: IdSource): NormalizedId {
  return raw === INVALID ? INVALID : normalizeId(field, raw, source);
}

/**
 * Compiles middleware options once per mount into the per-request steps every adapter shares.
 * Nothing in the returned functions allocates a closure per request. Extractors that throw or reject
 * and invalid ids are reported through `onInvalidId` and never fail the request.
 *
 * @example
 * ```ts
 * // The heart of a framework adapter (error handling and async extractors left out).
 * import type { SessionMiddlewareOptions } from '@sessionscope/core';
 * import { createRequestIdentity, type Scope } from '@sessionscope/core/adapter';
 * import type { Request, Response } from 'express';
 *
 * export function sessionMiddleware(options?: SessionMiddlewareOptions<Request>) {
 *   const identity = createRequestIdentity<Request>(options, {
 *     defaultUserId: (req) => (req as { user?: { id?: unknown } }).user?.id,
 *     readHeader: (req, name) => {
 *       const value = req.headers[name];
 *       return Array.isArray(value) ? value.join(', ') : value; // a repeated header is refused
 *     },
 *     readHeaderValues: (req, name) => req.headersDistinct[name], // `headers` drops some repeats
 *   });
 *   return (req: Request, res: Response, next: () => void) => {
 *     const outer = identity.scopeOf(res.locals.userSession); // exposed by an outer mount
 *     if (outer !== undefined) {
 *       identity.merge(outer, req);
 *       return next();
 *     }
 *     const scope = identity.open(req) as Scope;
 *     res.locals.userSession = identity.liveView(scope);
 *     res.on('close', () => identity.end(scope, req));
 *     identity.run(scope, next);
 *   };
 * }
 * ```
 */
export function createRequestIdentity<Req>(
  options: SessionMiddlewareOptions<Req> = {},
  binding: FrameworkBinding<Req>,
): RequestIdentity<Req> {
  const sessionHeader = sessionHeaderName(options.sessionHeader ?? DEFAULT_MIDDLEWARE_OPTIONS.sessionHeader);
  const getUserId: (request: Req) => unknown = options.getUserId ?? binding.defaultUserId;
  const readSessionHeader =
    sessionHeader === undefined ? undefined : sessionHeaderReader(binding, sessionHeader);
  const getSessionId: ((request: Req) => unknown) | undefined = options.getSessionId ?? readSessionHeader;
  const sessionSource: IdSource = options.getSessionId === undefined ? 'header' : 'value';
  const generateOption = options.generateSessionId ?? DEFAULT_MIDDLEWARE_OPTIONS.generateSessionId;
  const generate =
    generateOption === true ? randomUUID : generateOption === false ? undefined : generateOption;
  const expose = options.exposeSessionId;
  const baggage = compileMountBaggage(options.baggage);

  /** Writes the extracted ids into `scope`; `undefined` and `null` leave a field as it is. */
  function apply(
    scope: Scope,
    request: Req,
    rawUser: unknown,
    rawSession: unknown,
    userWasSync: boolean,
  ): void {
    const userId = normalizeExtracted('userId', rawUser, 'value');
    if (typeof userId === 'string') {
      scope.userId = userId;
      dropPendingUserId(scope);
    } else if (
      userId !== INVALID &&
      userWasSync &&
      scope.userId === undefined &&
      scope.pendingUserId === undefined // a nested mount keeps the outer mount's lazy lookup
    ) {
      scope.pendingUserId = getUserId as (request: unknown) => unknown;
      scope.pendingRequest = request;
    }
    const sessionId = normalizeExtracted('sessionId', rawSession, sessionSource);
    if (typeof sessionId === 'string') scope.sessionId = sessionId;
    const beforeBaggage = scope.sessionId;
    applyMountBaggage(scope, request, binding, baggage);
    // A nested mount's id (extracted, or from baggage) over a generated one is not sent back as generated.
    if (scope.sessionIdGenerated && (typeof sessionId === 'string' || scope.sessionId !== beforeBaggage)) {
      scope.sessionIdGenerated = false;
    }
    if (scope.sessionId === undefined && generate !== undefined) {
      const generated = normalizeExtracted('sessionId', call('sessionId', generate, undefined), 'value');
      if (typeof generated === 'string') {
        scope.sessionId = generated;
        scope.sessionIdGenerated = true;
      }
    }
    scope.view = undefined;
    stampRequestSpan(scope);
  }

  function fill(scope: Scope, request: Req): void | Promise<void> {
    const rawUser = call('userId', getUserId, request);
    const rawSession = getSessionId === undefined ? undefined : call('sessionId', getSessionId, request);
    if (!isPromiseLike(rawUser) && !isPromiseLike(rawSession)) {
      apply(scope, request, rawUser, rawSession, true);
      return;
    }
    return Promise.all([rawUser, rawSession]).then(([user, session]) => {
      apply(scope, request, user, session, !isPromiseLike(rawUser));
    });
  }

  return {
    sessionHeader,
    open(request) {
      const scope = createScope();
      const filled = fill(scope, request);
      return filled === undefined ? scope : filled.then(() => scope);
    },
    scopeOf: scopeOfLiveView,
    liveView: (scope) => new LiveUserSession(scope),
    merge: fill,
    sessionIdToExpose(scope) {
      if (sessionHeader === undefined || expose === false) return undefined;
      if (expose !== true && !scope.sessionIdGenerated) return undefined;
      return sendableSessionId(scope.sessionId, sessionHeader);
    },
    run: (scope, fn) => store.run(scope, fn),
    end: endRequestScope,
  };
}
