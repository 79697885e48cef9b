import { getRequestListener } from '@hono/node-server';
import { getUserSessionContext } from '@sessionscope/core';
import { sessionMiddleware } from '@sessionscope/hono';
import { type Context, Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { stream, streamSSE } from 'hono/streaming';
import { listen } from '../support/listen';
import * as probe from '../support/probe';
import { type Harness, parsePrincipal, routeOverride } from './types';

const idOf = (c: Context) => String(c.req.header(probe.REQUEST_HEADER));

/** Sets what an auth middleware would (`user`, or hono/jwt's `jwtPayload`) unless already set. */
const setPrincipal = (c: Context, key: 'user' | 'jwtPayload', value: unknown) => {
  const variables = c as unknown as { get(key: string): unknown; set(key: string, value: unknown): void };
  if (value !== undefined && variables.get(key) === undefined) variables.set(key, value);
};

/**
 * `/stream`: `streamSSE` (kind `sse`) or `stream` (kind `raw`), a chunk written per generator item, or
 * a web `ReadableStream` body pulled from the generator (kind `web`).
 */
function streamBody(c: Context): Response {
  const id = idOf(c);
  const chunks = Number(c.req.query('chunks'));
  if (c.req.query('kind') === 'web') {
    return c.body(probe.webStreamChunks(id, chunks), 200, { 'content-type': 'text/event-stream' });
  }
  if (c.req.query('kind') === 'raw') {
    return stream(c, async (s) => {
      for await (const chunk of probe.streamChunks(id, chunks, () => s.aborted)) await s.write(chunk);
    });
  }
  return streamSSE(c, async (s) => {
    for await (const chunk of probe.streamChunks(id, chunks, () => s.aborted))
      await s.writeSSE({ data: chunk.trim() });
  });
}

/**
 * The Hono harness, served by `@hono/node-server`. With `nodeBindings` the app gets node-server's
 * `c.env.outgoing` (as with `serve()`); without, it is served like on a web-standard runtime (Bun,
 * Deno, workers): only a `Request` in, a `Response` out.
 */
export function honoHarness(name: string, nodeBindings: boolean): Harness {
  const harness: Harness = {
    name,
    // On node-server a web `ReadableStream` body is pulled outside the request, without the
    // identity (see the Hono README); elsewhere the middleware pulls it in the request's scope.
    streamKinds: nodeBindings ? ['sse', 'raw'] : ['sse', 'raw', 'web'],
    streamKindsWithoutIdentity: nodeBindings ? ['web'] : [],
    header: (c, header) => (c as Context).req.header(header),
    query: (c, param) => (c as Context).req.query(param),
    start(options) {
      const app = new Hono();
      app.use(async (c, next) => {
        const early = c.req.header('x-test-early-user');
        if (early !== undefined) setPrincipal(c, 'user', { id: early });
        await next();
      });
      app.use(sessionMiddleware(options));
      app.use(async (c, next) => {
        setPrincipal(c, 'user', parsePrincipal(c.req.header('x-test-user')));
        setPrincipal(c, 'jwtPayload', parsePrincipal(c.req.header('x-test-jwt')));
        await next();
      });

      const identity = (c: Context) => c.json(probe.identitySnapshot(idOf(c), c.get('userSession')));
      app.use('/override/*', sessionMiddleware(routeOverride(harness)));
      app.get('/override/identity', identity);
      app.get('/identity', identity);
      app.get('/work', async (c) => {
        await probe.work(idOf(c), c.req.query('plan') ?? '');
        return identity(c);
      });
      app.get('/login', async (c) => {
        await probe.login(idOf(c), c.req.query('user') ?? '');
        return identity(c);
      });
      app.get('/stream', streamBody);
      app.get('/error/sync', (c) => {
        throw probe.handlerError(idOf(c));
      });
      app.get('/error/async', async (c) => {
        await Promise.resolve();
        throw probe.handlerError(idOf(c));
      });
      app.get('/error/status', (c) => {
        throw probe.rememberError(idOf(c), new HTTPException(418));
      });
      app.get('/background', (c) => {
        probe.scheduleBackgroundWork(idOf(c));
        return c.json(getUserSessionContext());
      });

      // What Hono's default error handler answers, plus the record of what it was given.
      app.onError((error, c) => {
        probe.recordErrorHandler(idOf(c), error);
        return error instanceof HTTPException ? error.getResponse() : c.text('Internal Server Error', 500);
      });
      return listen(getRequestListener(nodeBindings ? app.fetch : (request) => app.fetch(request)));
    },
  };
  return harness;
}

/** Hono on Node, with node-server's bindings. */
export const honoNodeHarness = honoHarness('hono (node-server)', true);

/** Hono as on a web-standard runtime. */
export const honoWebHarness = honoHarness('hono (web-standard)', false);
