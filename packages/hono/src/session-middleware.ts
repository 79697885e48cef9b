import type { SessionMiddlewareOptions, UserSession } from '@sessionscope/core';
import { createRequestIdentity, type Scope } from '@sessionscope/core/adapter';
import type { Context, MiddlewareHandler } from 'hono';
import { honoBinding } from './binding';
import { endAfterBody } from './end-after-body';
import { endOnNodeClose } from './end-on-node-close';

/** Options of the Hono {@link sessionMiddleware}; extractors receive Hono's `c`. */
export type HonoSessionOptions = SessionMiddlewareOptions<Context>;

declare module 'hono' {
  interface ContextVariableMap {
    /** The request's identity (a live view), set by `sessionMiddleware()`. */
    userSession: UserSession;
  }
}

/**
 * Hono middleware that runs each request in its own identity scope: every span of the request
 * carries its user and session, in later middleware, handlers, `app.onError` and services. The
 * identity is cleared once the response has been sent (`stream()` / `streamSSE()` bodies included),
 * cancelled by the client, or the handler failed: on `@hono/node-server` when the Node response
 * closes, on other runtimes when the body stream has been read to its end, errored or cancelled
 * (right away for a response without a body, `HEAD` included).
 *
 * Mounted on a sub-app or a route below an app-level one, it merges its ids over the request's
 * identity for that route only.
 *
 * @example
 * ```ts
 * import { Hono } from 'hono';
 * import { sessionMiddleware } from '@sessionscope/hono';
 *
 * const app = new Hono();
 * app.use(sessionMiddleware({ generateSessionId: true }));
 * app.get('/chat', (c) => c.json(c.get('userSession')));
 * ```
 */
export function sessionMiddleware(options?: HonoSessionOptions): MiddlewareHandler {
  const identity = createRequestIdentity(options, honoBinding);

  /**
   * Sends the session id back: set before `next()` so every response Hono builds (`c.json()`,
   * `c.text()`, `app.onError`) carries it from the start, and checked after it for responses a
   * handler built itself. Returns the id sent, if any.
   */
  function exposeSessionId(scope: Scope, c: Context): string | undefined {
    const sessionId = identity.sessionIdToExpose(scope);
    if (sessionId !== undefined) c.header(identity.sessionHeader!, sessionId);
    return sessionId;
  }

  /**
   * Sends the session id on a response the handler built itself (`new Response()`,
   * `Response.redirect()`). Through `c.header()`, which first copies a response the handler returned:
   * the handler's own object, perhaps one it returns to every request, is never written into.
   */
  function ensureExposed(c: Context, sessionId: string | undefined): void {
    if (sessionId !== undefined && c.res.headers.get(identity.sessionHeader!) !== sessionId) {
      c.header(identity.sessionHeader!, sessionId);
    }
  }

  async function mergeOver(scope: Scope, c: Context, next: () => Promise<void>): Promise<void> {
    const merged = identity.merge(scope, c);
    if (merged !== undefined) await merged;
    const exposed = exposeSessionId(scope, c);
    await next();
    ensureExposed(c, exposed);
  }

  /** The rest of the request after `next()` on runtimes without a Node response to watch. */
  async function runToBodyEnd(scope: Scope, c: Context, next: () => Promise<void>): Promise<void> {
    try {
      await identity.run(scope, next);
    } catch (error) {
      identity.end(scope, c);
      throw error;
    }
    endAfterBody(identity, scope, c);
  }

  function enter(scope: Scope, c: Context, next: () => Promise<void>): Promise<void> {
    c.set('userSession', identity.liveView(scope));
    const exposed = exposeSessionId(scope, c);
    const downstream = endOnNodeClose(identity, scope, c)
      ? identity.run(scope, next) // the common path on @hono/node-server: no extra promise
      : runToBodyEnd(scope, c, next);
    if (exposed === undefined) return downstream;
    return downstream.then(() => ensureExposed(c, exposed));
  }

  return function sessionscope(c, next) {
    const current = identity.scopeOf(c.get('userSession'));
    if (current !== undefined) return mergeOver(current, c, next);
    const opened = identity.open(c);
    if (opened instanceof Promise) return opened.then((scope) => enter(scope, c, next));
    return enter(opened, c, next);
  };
}
