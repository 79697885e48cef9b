import type { SessionMiddlewareOptions, UserSession } from '@sessionscope/core';
import { createRequestIdentity, produceStreamBodyInContext, type Scope } from '@sessionscope/core/adapter';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { expressBinding } from './binding';

/** Options of the Express {@link sessionMiddleware}; extractors receive Express's `req`. */
export type ExpressSessionOptions = SessionMiddlewareOptions<Request>;

declare global {
  namespace Express {
    interface Locals {
      /** The request's identity (a live view), set by `sessionMiddleware()`. */
      userSession?: UserSession;
    }
  }
}

/**
 * Express middleware that runs each request in its own identity scope: every span of the request
 * carries its user and session, from the handler through services to the error handler.
 *
 * Mounted on a router or a route below an app-level one, it merges its ids over the request's
 * identity for that route only. Works with Express 4 and 5.
 *
 * @example
 * ```ts
 * import express from 'express';
 * import { sessionMiddleware } from '@sessionscope/express';
 *
 * const app = express();
 * app.use(sessionMiddleware({ generateSessionId: true }));
 * app.get('/chat', (req, res) => res.json(res.locals.userSession));
 * ```
 */
export function sessionMiddleware(options?: ExpressSessionOptions): RequestHandler {
  const identity = createRequestIdentity(options, expressBinding);

  function exposeSessionId(scope: Scope, res: Response): void {
    const sessionId = identity.sessionIdToExpose(scope);
    if (sessionId !== undefined && !res.headersSent) res.setHeader(identity.sessionHeader!, sessionId);
  }

  function enter(
    req: Request,
    res: Response,
    next: NextFunction,
    scope: Scope,
    locals: Response['locals'],
  ): void {
    locals.userSession = identity.liveView(scope);
    exposeSessionId(scope, res);
    // Node emits `close` once the response has been sent, or the connection was lost before that.
    if (res.destroyed) identity.end(scope, req);
    else res.on('close', () => identity.end(scope, req));
    // A piped body reads on whenever the response drains, in the context of what made it drain (for a
    // pipelined request, the end of the previous one): bind its reads to the context it was piped in.
    res.on('pipe', produceStreamBodyInContext);
    identity.run(scope, next);
  }

  function mergeOver(scope: Scope, req: Request, res: Response, next: NextFunction): void {
    const merged = identity.merge(scope, req);
    if (merged === undefined) {
      exposeSessionId(scope, res);
      next();
      return;
    }
    // Express 4 ignores a returned promise: a failure here must reach `next`, never float away.
    merged
      .then(() => {
        exposeSessionId(scope, res);
        next();
      })
      .catch(next);
  }

  return function sessionscope(req, res, next) {
    // Read once: on Node 20 every property read on Express's `res` misses V8's inline caches (Express
    // swaps its prototype per request), thousands of instructions each.
    const { locals } = res;
    const current = identity.scopeOf(locals.userSession);
    if (current !== undefined) {
      mergeOver(current, req, res, next);
      return;
    }
    const opened = identity.open(req);
    if (opened instanceof Promise) opened.then((scope) => enter(req, res, next, scope, locals)).catch(next);
    else enter(req, res, next, opened, locals);
  };
}
