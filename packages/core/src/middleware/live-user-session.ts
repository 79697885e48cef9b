import { type Scope, type UserSession, viewOf } from '../scope';

/**
 * The key under which a live view holds its scope. From the global symbol registry, so that every
 * copy of core (the ESM and the CJS build, nested installs) recognises the views of the others.
 */
const SCOPE_OF_VIEW: unique symbol = Symbol.for('sessionscope.live-user-session.scope.v1');

const INSPECT: unique symbol = Symbol.for('nodejs.util.inspect.custom');

/**
 * A read-only, live view of one request's identity, as adapters expose it the framework's way
 * (`res.locals.userSession`, `ctx.state.userSession`, `c.get('userSession')`). It reads the request's
 * scope on each access, so it reflects `setUserSessionContext()`, a user set later by authentication
 * and the clear at the end of the request; it works outside the request's async context too.
 *
 * @example
 * ```ts
 * // prelude: import type { Response } from 'express';
 * // prelude: import type { RequestIdentity, Scope } from '@sessionscope/core/adapter';
 * // prelude: declare const res: Response, identity: RequestIdentity<unknown>, scope: Scope;
 * const userSession = identity.liveView(scope); // a LiveUserSession
 * res.locals.userSession = userSession;
 * userSession.userId; // the request's current user id, or undefined
 * JSON.stringify(userSession); // '{"userId":"u-1","sessionId":"s-1"}'
 * ```
 */
export class LiveUserSession implements UserSession {
  declare readonly [SCOPE_OF_VIEW]: Scope;

  constructor(scope: Scope) {
    this[SCOPE_OF_VIEW] = scope;
  }

  /** The request's user id (hashed when `hashUserId` is on), if any. */
  get userId(): string | undefined {
    return viewOf(this[SCOPE_OF_VIEW]).userId;
  }

  /** The request's session id, if any. */
  get sessionId(): string | undefined {
    return viewOf(this[SCOPE_OF_VIEW]).sessionId;
  }

  /** The identity as a plain frozen object, for `JSON.stringify` and logs. */
  toJSON(): UserSession {
    return viewOf(this[SCOPE_OF_VIEW]);
  }

  /** What `console.log` and `util.inspect` show: the identity, not the scope behind it. */
  [INSPECT](): UserSession {
    return viewOf(this[SCOPE_OF_VIEW]);
  }
}

/** The scope behind `value` when it is a {@link LiveUserSession} (made by any copy of core), else `undefined`. */
export function scopeOfLiveView(value: unknown): Scope | undefined {
  return (value as Partial<LiveUserSession> | null | undefined)?.[SCOPE_OF_VIEW];
}
