import { type Scope, type UserSession, viewOf } from '../scope';

/**
 * A read-only, live view of one request's identity, as adapters expose it the framework's way
 * (`res.locals.userSession`, `ctx.state.userSession`, `c.get('userSession')`). It reads the request's
 * scope on each access, so it reflects `setUserSessionContext()`, a user set later by authentication
 * and the clear at the end of the request; it works outside the request's async context too.
 *
 * @example
 * ```ts
 * res.locals.userSession = identity.attach(req, scope); // a LiveUserSession
 * userSession.userId; // the request's current user id, or undefined
 * JSON.stringify(userSession); // '{"userId":"u-1","sessionId":"s-1"}'
 * ```
 */
export class LiveUserSession implements UserSession {
  readonly #scope: Scope;

  constructor(scope: Scope) {
    this.#scope = scope;
  }

  /** The request's user id (hashed when `hashUserId` is on), if any. */
  get userId(): string | undefined {
    return viewOf(this.#scope).userId;
  }

  /** The request's session id, if any. */
  get sessionId(): string | undefined {
    return viewOf(this.#scope).sessionId;
  }

  /** The identity as a plain frozen object, for `JSON.stringify` and logs. */
  toJSON(): UserSession {
    return viewOf(this.#scope);
  }
}
