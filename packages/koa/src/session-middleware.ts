import type { SessionMiddlewareOptions, UserSession } from '@sessionscope/core';
import { createRequestIdentity, produceStreamBodyInContext, type Scope } from '@sessionscope/core/adapter';
import type { Context, Middleware, Next } from 'koa';
import { koaBinding } from './binding';
import { keepHeaderOnErrorResponse } from './error-response-header';
import { onResponseEnd } from './on-response-end';

/** Options of the Koa {@link sessionMiddleware}; extractors receive Koa's `ctx`. */
export type KoaSessionOptions = SessionMiddlewareOptions<Context>;

declare module 'koa' {
  interface DefaultState {
    /** The request's identity (a live view), set by `sessionMiddleware()`. */
    userSession?: UserSession;
  }
}

/**
 * Koa middleware that runs each request in its own identity scope: every span of the request
 * carries its user and session, in later middleware, routers and services. The identity is cleared
 * once the response has been sent (stream bodies included), aborted or failed.
 *
 * Mounted on a router or a route below an app-level one, it merges its ids over the request's
 * identity for that route only. Works with Koa 2 and 3.
 *
 * @example
 * ```ts
 * import Koa from 'koa';
 * import { sessionMiddleware } from '@sessionscope/koa';
 *
 * const app = new Koa();
 * app.use(sessionMiddleware({ generateSessionId: true }));
 * app.use((ctx) => { ctx.body = ctx.state.userSession; });
 * ```
 */
export function sessionMiddleware(options?: KoaSessionOptions): Middleware {
  const identity = createRequestIdentity(options, koaBinding);

  /**
   * Sends the session id back when it should be, on Koa's default error response too (which drops
   * the headers set before it). A request that exposes nothing pays only the check.
   */
  function exposeSessionId(scope: Scope, ctx: Context): void {
    const sessionId = identity.sessionIdToExpose(scope);
    if (sessionId === undefined) return;
    ctx.set(identity.sessionHeader!, sessionId);
    keepHeaderOnErrorResponse(ctx, identity.sessionHeader!, sessionId);
  }

  function enter(ctx: Context, next: Next, scope: Scope): Promise<unknown> {
    ctx.state.userSession = identity.liveView(scope);
    exposeSessionId(scope, ctx);
    const { res } = ctx;
    onResponseEnd(res, () => identity.end(scope, ctx));
    // Koa pipes a stream body to the response after the chain has returned: bind it then.
    res.on('pipe', (body: unknown) => identity.run(scope, () => produceStreamBodyInContext(body)));
    return identity.run(scope, next);
  }

  function continueMerged(scope: Scope, ctx: Context, next: Next): Promise<unknown> {
    exposeSessionId(scope, ctx);
    return next();
  }

  function mergeOver(scope: Scope, ctx: Context, next: Next): Promise<unknown> {
    const merged = identity.merge(scope, ctx);
    if (merged === undefined) return continueMerged(scope, ctx, next);
    return merged.then(() => continueMerged(scope, ctx, next));
  }

  return function sessionscope(ctx, next) {
    const current = identity.scopeOf(ctx.state.userSession);
    if (current !== undefined) return mergeOver(current, ctx, next);
    const opened = identity.open(ctx);
    if (opened instanceof Promise) return opened.then((scope) => enter(ctx, next, scope));
    return enter(ctx, next, opened);
  };
}
