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
/** Koa itself writes `status` on the error, so an error it can answer may still refuse new properties. */
const NON_EXTENSIBLE = Object.preventExtensions(Object.assign(new Error('non-extensible'), { status: 500 }));

let running: RunningApp | undefined;

afterEach(async () => {
  await running?.close();
  running = undefined;
});

describe.each([
  ['koa 3', Koa],
  ['koa 2', Koa2],
])("%s: Koa's default error response", (_name, KoaApp) => {
  async function start(...middleware: Middleware[]): Promise<RunningApp> {
    const app = new KoaApp();
    app.silent = true;
    for (const step of middleware) app.use(step);
    app.use((ctx: Context) => {
      if (ctx.path === '/shared') throw SHARED_ERROR;
      if (ctx.path === '/with-headers') throw WITH_HEADERS;
      if (ctx.path === '/non-extensible') throw NON_EXTENSIBLE;
      ctx.body = 'ok';
    });
    running = await listen(app.callback());
    return running;
  }

  it('sends each request its own generated session id; the error object keeps no header', async () => {
    const app = await start(sessionMiddleware({ generateSessionId: true }));
    const first = await request(app.url).get('/shared');
    const second = await request(app.url).get('/shared');
    expect([first.status, second.status]).toEqual([503, 503]);
    expect(first.headers['x-session-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(second.headers['x-session-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(second.headers['x-session-id']).not.toBe(first.headers['x-session-id']);
    expect(Object.hasOwn(SHARED_ERROR, 'headers')).toBe(false);
  });

  it("keeps the error's own headers, and its own value for the session header", async () => {
    const app = await start(sessionMiddleware({ generateSessionId: () => 'generated' }));
    const response = await request(app.url).get('/with-headers');
    expect(response.status).toBe(429);
    expect(response.headers['retry-after']).toBe('7');
    expect(response.headers['x-session-id']).toBe('set-by-the-app');
    expect(WITH_HEADERS.headers).toBe(APP_HEADERS);
    expect(APP_HEADERS).toEqual({ 'Retry-After': '7', 'X-Session-Id': 'set-by-the-app' });
  });

  it('answers an error that refuses new properties as Koa would, without the header', async () => {
    const app = await start(sessionMiddleware({ generateSessionId: () => 'generated' }));
    const response = await request(app.url).get('/non-extensible');
    expect(response.status).toBe(500);
    expect(response.headers['x-session-id']).toBeUndefined();
  });

  it('keeps the session id a nested mount sends back', async () => {
    const app = await start(sessionMiddleware(), sessionMiddleware({ exposeSessionId: true }));
    const response = await request(app.url).get('/shared').set('x-session-id', 'from-client');
    expect(response.status).toBe(503);
    expect(response.headers['x-session-id']).toBe('from-client');
  });

  it('leaves responses without an exposed session id as Koa makes them', async () => {
    const app = await start(sessionMiddleware());
    const response = await request(app.url).get('/shared').set('x-session-id', 'from-client');
    expect(response.status).toBe(503);
    expect(response.headers['x-session-id']).toBeUndefined();
    expect((await request(app.url).get('/ok')).text).toBe('ok');
  });
});
