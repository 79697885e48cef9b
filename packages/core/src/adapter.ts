/**
 * `@sessionscope/core/adapter`: the building blocks of a framework adapter, for the authors of one
 * (`@sessionscope/express`, `@sessionscope/koa` and `@sessionscope/hono` are built from them). An
 * application never needs this module: it mounts an adapter's `sessionMiddleware()` and uses the
 * API of `@sessionscope/core`.
 *
 * An adapter tells core how to read its framework's request ({@link FrameworkBinding}), compiles
 * the middleware options once per mount ({@link createRequestIdentity}) and, per request, opens a
 * {@link Scope}, runs the rest of the request in it and ends it at the true end of the response.
 * Both builds of the package (ESM and CJS), of this module and of the main one, share one store and
 * one configuration, so a middleware built from here works with `configure()` and
 * `getUserSessionContext()` from either. "Writing an adapter" in the package's README describes
 * each step.
 *
 * @example
 * ```ts
 * // A minimal adapter for a plain `node:http` server.
 * import type { IncomingMessage, ServerResponse } from 'node:http';
 * import type { SessionMiddlewareOptions } from '@sessionscope/core';
 * import { createRequestIdentity, type FrameworkBinding, produceStreamBodyInContext } from '@sessionscope/core/adapter';
 *
 * const binding: FrameworkBinding<IncomingMessage> = {
 *   defaultUserId: (req) => (req as { user?: { id?: unknown } }).user?.id, // never a client header
 *   readHeader: (req, name) => {
 *     const value = req.headers[name];
 *     return Array.isArray(value) ? value.join(', ') : value; // a repeated header is refused
 *   },
 *   readHeaderValues: (req, name) => req.headersDistinct[name], // `headers` drops some repeats
 * };
 *
 * type Handler = (req: IncomingMessage, res: ServerResponse) => void;
 *
 * export function withUserSession(handler: Handler, options?: SessionMiddlewareOptions<IncomingMessage>): Handler {
 *   const identity = createRequestIdentity(options, binding); // once per mount: throws on bad options
 *   return async (req, res) => {
 *     const scope = await identity.open(req); // a promise only when an extractor returned one
 *     const sessionId = identity.sessionIdToExpose(scope);
 *     if (sessionId !== undefined) res.setHeader(identity.sessionHeader!, sessionId);
 *     res.on('pipe', produceStreamBodyInContext); // a piped body makes its chunks as this request
 *     // Sent, aborted or failed: clear it, once (at once if the client left while an extractor ran).
 *     if (res.destroyed) identity.end(scope, req);
 *     else res.on('close', () => identity.end(scope, req));
 *     identity.run(scope, () => handler(req, res));
 *   };
 * }
 * ```
 *
 * @packageDocumentation
 */
export {
  createRequestIdentity,
  type FrameworkBinding,
  type RequestIdentity,
} from './middleware/request-identity';
export { produceStreamBodyInContext } from './middleware/stream-body';
export type { Scope } from './scope';
