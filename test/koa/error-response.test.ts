import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import { sessionMiddleware } from '@sessionscope/koa';
import Koa, { type Context, type Middleware } from 'koa';
import Koa2 from 'koa2';
import request from 'supertest';
import { afterEach, describe, expect, it } from 'vitest';
import type { RunningApp } from '../conformance/harness/types';
import { listen } from '../conformance/support/listen';

/** One error object every failing request throws, as an app with error constants would. */
const SHARED_ERROR = Object.assign(new Error('shared'), { status: 503 });
const APP_HEADERS = { 'Retry-After': '7', 'X-Session-Id': 'set-by-the-app' };
const WITH_HEADERS = Object.assign(new Error('with headers'), { status: 429, headers: APP_HEADERS });
/** A value that is no Error: Koa answers it with a new Error (`non-error thrown: …`), a 500. */
const NOT_AN_ERROR = { status: 400, message: 'not an Error' };
/** Koa itself writes `status` on the error, so an error it can answer may still refuse new properties. */
const NON_EXTENSIBLE = Object.preventExtensions(Object.assign(new Error('non-extensible'), { status: 500 }));

let running: RunningApp | undefined;

afterEach(async () => {
  await running?.close();
  running = undefined;
});

type KoaApplication = typeof Koa | typeof Koa2;

/** Serves `middleware`, then a handler that fails the way the path names (or answers `ok`). */
async function start(KoaApp: KoaApplication, ...middleware: Middleware[]): Promise<RunningApp> {
  const app = new KoaApp();
  app.silent = true;
  for (const step of middleware) app.use(step);
  app.use((ctx: Context) => {
    if (ctx.path === '/shared') throw SHARED_ERROR;
    if (ctx.path === '/with-headers') throw WITH_HEADERS;
    if (ctx.path === '/non-extensible') throw NON_EXTENSIBLE;
    if (ctx.path === '/object') throw NOT_AN_ERROR;
    if (ctx.path === '/string') throw 'not an Error';
    if (ctx.path === '/missing-file') ctx.body = createReadStream('/nonexistent/sessionscope-test.txt');
    else if (ctx.path === '/failing-stream') ctx.body = new Readable({ read: failBeforeFirstByte });
    else ctx.body = 'ok';
  });
  running = await listen(app.callback());
  return running;
}

function failBeforeFirstByte(this: Readable): void {
  this.destroy(new Error('the source failed'));
}

function failAfterFirstChunk(this: Readable & { started?: boolean }): void {
  if (this.started) this.destroy(new Error('the source failed midway'));
  else this.started = this.push('first chunk') || true;
}

/** An outer middleware that throws once the chain below has returned (after `sessionMiddleware`'s). */
async function throwAfterChain(ctx: Context, next: () => Promise<unknown>): Promise<void> {
  await next();
  if (ctx.path === '/outer-throws') throw Object.assign(new Error('outer'), { status: 502 });
}

describe.each([
  ['koa 3', Koa],
  ['koa 2', Koa2],
])("%s: Koa's default error response", (_name, KoaApp) => {
  const startKoa = (...middleware: Middleware[]) => start(KoaApp, ...middleware);

  it('sends each request its own generated session id; the error object keeps no header', async () => {
    const app = await startKoa(sessionMiddleware({ generateSessionId: true }));
    const first = await request(app.url).get('/shared');
    const second = await request(app.url).get('/shared');
    expect([first.status, second.status]).toEqual([503, 503]);
    expect(first.headers['x-session-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(second.headers['x-session-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(second.headers['x-session-id']).not.toBe(first.headers['x-session-id']);
    expect(Object.hasOwn(SHARED_ERROR, 'headers')).toBe(false);
  });

  it("keeps the error's own headers, and its own value for the session header", async () => {
    const app = await startKoa(sessionMiddleware({ generateSessionId: () => 'generated' }));
    const response = await request(app.url).get('/with-headers');
    expect(response.status).toBe(429);
    expect(response.headers['retry-after']).toBe('7');
    expect(response.headers['x-session-id']).toBe('set-by-the-app');
    expect(WITH_HEADERS.headers).toBe(APP_HEADERS);
    expect(APP_HEADERS).toEqual({ 'Retry-After': '7', 'X-Session-Id': 'set-by-the-app' });
  });

  it('answers an error that refuses new properties as Koa would, without the header', async () => {
    const app = await startKoa(sessionMiddleware({ generateSessionId: () => 'generated' }));
    const response = await request(app.url).get('/non-extensible');
    expect(response.status).toBe(500);
    expect(response.headers['x-session-id']).toBeUndefined();
  });

  it.each([
    ['/object', NOT_AN_ERROR],
    ['/string', 'not an Error'],
  ])('answers a thrown non-Error (%s) as Koa would, with the header', async (path, thrown) => {
    const app = await startKoa(sessionMiddleware({ generateSessionId: () => 'generated' }));
    const response = await request(app.url).get(path);
    expect(response.status).toBe(500);
    expect(response.text).toBe('Internal Server Error');
    expect(response.headers['x-session-id']).toBe('generated');
    expect(NOT_AN_ERROR).toEqual({ status: 400, message: 'not an Error' });
    expect(thrown).not.toHaveProperty('headers');
  });

  it("reports a thrown non-Error to 'error' listeners as Koa would", async () => {
    const app = new KoaApp();
    const reported = new Promise<Error>((resolve) => app.on('error', resolve));
    app.use(sessionMiddleware({ generateSessionId: () => 'generated' }));
    app.use(() => {
      throw NOT_AN_ERROR;
    });
    running = await listen(app.callback());
    await request(running.url).get('/');
    const error = await reported;
    expect(error).toBeInstanceOf(Error);
    expect(error.message).toBe('non-error thrown: {"status":400,"message":"not an Error"}');
    expect(Object.hasOwn(error, 'headers')).toBe(false);
  });

  it('keeps the session id a nested mount sends back', async () => {
    const app = await startKoa(sessionMiddleware(), sessionMiddleware({ exposeSessionId: true }));
    const response = await request(app.url).get('/shared').set('x-session-id', 'from-client');
    expect(response.status).toBe(503);
    expect(response.headers['x-session-id']).toBe('from-client');
  });

  it("sends the session header a success response would: the innermost exposing mount's", async () => {
    const outer = sessionMiddleware({ generateSessionId: () => 'generated' });
    const inner = sessionMiddleware({ getSessionId: (ctx) => ctx.get('x-ticket'), exposeSessionId: true });
    const app = await startKoa(outer, inner);
    const answered = await request(app.url).get('/ok').set('x-ticket', 'ticket');
    const failed = await request(app.url).get('/shared').set('x-ticket', 'ticket');
    expect([answered.status, failed.status]).toEqual([200, 503]);
    expect(failed.headers['x-session-id']).toBe(answered.headers['x-session-id']);
    expect(failed.headers['x-session-id']).toBe('ticket');
  });

  it('leaves responses without an exposed session id as Koa makes them', async () => {
    const app = await startKoa(sessionMiddleware());
    const response = await request(app.url).get('/shared').set('x-session-id', 'from-client');
    expect(response.status).toBe(503);
    expect(response.headers['x-session-id']).toBeUndefined();
    expect((await request(app.url).get('/ok')).text).toBe('ok');
  });

  it("leaves an error Koa can no longer answer (the response has started) untouched, for 'error' listeners", async () => {
    const app = new KoaApp();
    const reported = new Promise<unknown>((resolve) => app.on('error', (error) => resolve(error.headers)));
    app.use(sessionMiddleware({ generateSessionId: () => 'generated' }));
    app.use((ctx: Context) => {
      ctx.body = new Readable({ read: failAfterFirstChunk });
    });
    running = await listen(app.callback());
    // Koa 3 then resets the connection, Koa 2 leaves it open: the answer is not awaited.
    void request(running.url)
      .get('/')
      .catch(() => undefined);
    expect(await reported).toBeUndefined();
  });

  it('keeps the generated session id on an error thrown after the chain, by an outer middleware', async () => {
    const app = await startKoa(throwAfterChain, sessionMiddleware({ generateSessionId: () => 'generated' }));
    const response = await request(app.url).get('/outer-throws');
    expect(response.status).toBe(502);
    expect(response.headers['x-session-id']).toBe('generated');
  });
});

describe("koa 2: an error Koa answers after the chain, a stream body's failure before its first byte", () => {
  // Koa 3 pipes with `stream.pipeline`, which destroys the response first: the client gets a reset.
  it.each([
    ['/missing-file', 404],
    ['/failing-stream', 500],
  ])('%s: %i with the generated session id', async (path, status) => {
    const app = await start(Koa2, sessionMiddleware({ generateSessionId: () => 'generated' }));
    const response = await request(app.url).get(path);
    expect(response.status).toBe(status);
    expect(response.headers['x-session-id']).toBe('generated');
  });

  it('leaves them as Koa makes them when no session id is exposed', async () => {
    const app = await start(Koa2, sessionMiddleware());
    const response = await request(app.url).get('/missing-file').set('x-session-id', 'from-client');
    expect(response.status).toBe(404);
    expect(response.headers['x-session-id']).toBeUndefined();
  });
});
