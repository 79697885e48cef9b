import type { UserSession } from '@sessionscope/core';

/**
 * The routes every scenario app (Hono, Express, Koa) serves, so that one set of HTTP checks drives
 * them all on every runtime:
 *
 * - `GET /identity?hops=N&seed=S` → {@link IdentityReport}: the identity read before and after each
 *   of N awaits (see `readAcrossHops`), and the framework's own `userSession` object.
 * - `GET /stream?tag=T&lines=N` → N lines of JSON, the identity read while streaming; the app
 *   watches the end of the request under T.
 * - `GET /probe?tag=T` → {@link ProbeReport} for the stream request tagged T.
 *
 * Each route answers `HEAD` too, as the framework does: it runs the GET route and sends no body.
 *
 * Each app mounts a stand-in authentication middleware first, then `sessionMiddleware({
 * generateSessionId: true })` with its defaults: the user is the framework's usual principal and the
 * session comes from {@link SESSION_HEADER}.
 */
export const SESSION_HEADER = 'x-session-id';

/** The stand-in authentication reads the principal's id from this header. */
export const USER_HEADER = 'x-user';

/** `object` makes the stand-in authentication store a non-string principal id. */
export const USER_KIND_HEADER = 'x-user-kind';

/** Where the Worker runs the core checks inside a request (a Worker module may export only handlers). */
export const CORE_CHECKS_PATH = '/__core-checks';

/** Gap between two streamed lines: long enough for the handler to return before the body ends. */
export const STREAM_GAP_MS = 5;

/** Body of `GET /identity`. */
export interface IdentityReport {
  readonly seen: readonly UserSession[];
  /** `c.get('userSession')`, `res.locals.userSession` or `ctx.state.userSession`, as plain data. */
  readonly local: UserSession;
}

/** Body of `GET /probe`: what is known of a stream request's end. */
export interface ProbeReport {
  /** How often sessionscope reported the end of that request on its request-end channel. */
  readonly ends: number;
  /** The identity read in that request's own async context right after its end; `null` before. */
  readonly identityAfterEnd: UserSession | null;
}
