import { PassThrough, Readable } from 'node:stream';
import { getUserSessionContext } from '@sessionscope/core';
import { sessionMiddleware } from '@sessionscope/koa';
import type Koa from 'koa';
import type { Context, Middleware, Next } from 'koa';
import { listen } from '../support/listen';
import * as probe from '../support/probe';
import { type Harness, parsePrincipal, routeOverride, type StreamKind } from './types';

type KoaApplication = typeof Koa;

const idOf = (ctx: Context) => String(ctx.get(probe.REQUEST_HEADER));
const textOf = (value: unknown) => (typeof value === 'string' ? value : undefined);

/** A route: runs `handler` for GET `path`, otherwise passes on (what a Koa router does). */
const get =
  (path: string, handler: (ctx: Context) => unknown): Middleware =>
  (ctx, next) =>
    ctx.method === 'GET' && ctx.path === path ? handler(ctx) : next();

/** Runs `middleware` in order for paths under `prefix` only (a router-level mount). */
const under =
  (prefix: string, ...middleware: Middleware[]): Middleware =>
  (ctx, next) => {
    if (!ctx.path.startsWith(`${prefix}/`)) return next();
    const dispatch = (i: number): Promise<unknown> =>
      Promise.resolve(i < middleware.length ? middleware[i]!(ctx, () => dispatch(i + 1)) : next());
    return dispatch(0);
  };

/**
 * Streams `/stream`: `raw` sets a `Readable.from(generator)` body, `web` a web `ReadableStream` (Koa 3),
 * `sse` feeds a PassThrough from the handler.
 */
function streamBody(ctx: Context): void {
  const id = idOf(ctx);
  const chunks = Number(ctx.query.chunks);
  ctx.type = 'text/event-stream';
  if (ctx.query.kind === 'raw') {
    ctx.body = Readable.from(probe.streamChunks(id, chunks));
    return;
  }
  if (ctx.query.kind === 'web') {
    ctx.body = probe.webStreamChunks(id, chunks);
    return;
  }
  const body = new PassThrough();
  ctx.body = body;
  (async () => {
    for await (const chunk of probe.streamChunks(id, chunks, () => body.destroyed)) body.write(chunk);
    body.end();
  })();
}

/** The Koa harness, for Koa 2 and 3 (only Koa 3 sends web `ReadableStream` bodies). */
export function koaHarness(
  name: string,
  KoaApp: KoaApplication,
  streamKinds: readonly StreamKind[],
): Harness {
  const harness: Harness = {
    name,
    streamKinds,
    header: (ctx, header) => textOf((ctx as Context).req.headers[header]),
    query: (ctx, param) => textOf((ctx as Context).query[param]),
    start(options) {
      const app = new KoaApp();
      app.silent = true; // the expected failures are asserted, not logged

      app.use((ctx: Context, next: Next) => {
        const early = ctx.get('x-test-early-user');
        if (early !== '') ctx.state.user = { id: early };
        return next();
      });
      app.use(sessionMiddleware(options));
      app.use(async (ctx: Context, next: Next) => {
        try {
          await next();
        } catch (error) {
          probe.recordErrorHandler(idOf(ctx), error);
          throw error;
        }
      });
      app.use((ctx: Context, next: Next) => {
        ctx.state.user ??=
          parsePrincipal(textOf(ctx.req.headers['x-test-user'])) ??
          parsePrincipal(textOf(ctx.req.headers['x-test-jwt']));
        return next();
      });

      const identity = (ctx: Context) => {
        ctx.body = probe.identitySnapshot(idOf(ctx), ctx.state.userSession);
      };
      app.use(
        under('/override', sessionMiddleware(routeOverride(harness)), get('/override/identity', identity)),
      );
      app.use(get('/identity', identity));
      app.use(
        get('/work', async (ctx) => {
          await probe.work(idOf(ctx), String(ctx.query.plan ?? ''));
          identity(ctx);
        }),
      );
      app.use(
        get('/login', async (ctx) => {
          await probe.login(idOf(ctx), String(ctx.query.user));
          identity(ctx);
        }),
      );
      app.use(get('/stream', streamBody));
      app.use(
        get('/error/sync', (ctx) => {
          throw probe.handlerError(idOf(ctx));
        }),
      );
      app.use(
        get('/error/async', async (ctx) => {
          await Promise.resolve();
          throw probe.handlerError(idOf(ctx));
        }),
      );
      app.use(get('/error/status', (ctx) => ctx.throw(418, probe.handlerError(idOf(ctx)))));
      app.use(
        get('/background', (ctx) => {
          probe.scheduleBackgroundWork(idOf(ctx));
          ctx.body = getUserSessionContext();
        }),
      );
      return listen(app.callback());
    },
  };
  return harness;
}
