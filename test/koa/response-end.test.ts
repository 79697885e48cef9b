import type { ServerResponse } from 'node:http';
import type { UserSession } from '@sessionscope/core';
import { sessionMiddleware } from '@sessionscope/koa';
import Koa, { type Context, type Next } from 'koa';
import Koa2 from 'koa2';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { RunningApp } from '../conformance/harness/types';
import { abortAfterFirstChunk, rawGet } from '../conformance/support/client';
import { listen } from '../conformance/support/listen';
import { REQUEST_HEADER } from '../conformance/support/probe';
import { expectEndedOnce, trackRequestEnds } from '../conformance/support/request-ends';

const caller = (requestId: string) => ({
  [REQUEST_HEADER]: requestId,
  'x-test-user': 'u-koa',
  'x-session-id': 's-koa',
});
const CALLER_IDENTITY: UserSession = { userId: 'u-koa', sessionId: 's-koa' };

const ends = trackRequestEnds((request) => (request as Context).get(REQUEST_HEADER) || undefined);
let running: RunningApp | undefined;

afterAll(() => ends.close());

afterEach(async () => {
  await running?.close();
  running = undefined;
});

/** The response's listeners (event name → count) and a copy of the callbacks on-finished has queued. */
function watchOf(res: ServerResponse): { listeners: Record<string, number>; queue: Array<() => void> } {
  // `__onFinished` is on-finished 2.x's private field, which the middleware's fast path uses.
  const watch = (res as { __onFinished?: { queue?: Array<() => void> | null } }).__onFinished;
  return {
    listeners: Object.fromEntries(res.eventNames().map((name) => [String(name), res.listenerCount(name)])),
    queue: [...(watch?.queue ?? [])],
  };
}

/** Sets the authenticated user from a test header, as an authentication middleware would. */
function authenticate(ctx: Context, next: Next): Promise<unknown> {
  ctx.state.user = { id: ctx.get('x-test-user') };
  return next();
}

describe.each([
  ['koa 3', Koa],
  ['koa 2', Koa2],
])('%s: the end of a request', (name, KoaApp) => {
  it("joins Koa's own watch of the response with its own callback: no listener but `pipe`, no AsyncResource", async () => {
    let before = { listeners: {}, queue: [] } as ReturnType<typeof watchOf>;
    let after = before;
    const app = new KoaApp();
    app.use((ctx, next) => {
      before = watchOf(ctx.res);
      return authenticate(ctx, next);
    });
    app.use(sessionMiddleware());
    app.use((ctx) => {
      after = watchOf(ctx.res);
      ctx.body = 'ok';
    });
    running = await listen(app.callback());

    const requestId = `${name}: watched`;
    expect((await rawGet(running.url, caller(requestId))).body).toBe('ok');
    await expectEndedOnce(ends, requestId, CALLER_IDENTITY);
    expect(after.listeners).toEqual({ ...before.listeners, pipe: (before.listeners.pipe ?? 0) + 1 });
    // Koa's own callback went through on-finished's public call, which queues `runInAsyncScope.bind(…)`;
    // the middleware's is queued as it is (a public call, which also queues there, would bind it too).
    expect(before.queue.map((queued) => queued.name)).toEqual(['bound runInAsyncScope']);
    expect(after.queue).toHaveLength(before.queue.length + 1);
    expect(after.queue.at(-1)!.name).not.toMatch(/^bound /);
  });
});

describe('a response nobody watches yet (the middleware run outside `app.callback()`)', () => {
  /** Serves `respond` through `sessionMiddleware()` on a Koa context, without Koa's request handler. */
  async function serveWithoutKoaHandler(respond: (ctx: Context) => void): Promise<RunningApp> {
    const app = new Koa();
    const middleware = sessionMiddleware();
    running = await listen((req, res) => {
      const ctx = app.createContext(req, res);
      void authenticate(ctx, () => middleware(ctx, async () => respond(ctx)));
    });
    return running;
  }

  it('still ends the identity once the response has been sent', async () => {
    const { url } = await serveWithoutKoaHandler((ctx) => ctx.res.end('ok'));

    expect((await rawGet(url, caller('unwatched: sent'))).body).toBe('ok');
    await expectEndedOnce(ends, 'unwatched: sent', CALLER_IDENTITY);
  });

  it('still ends the identity once the client has aborted', async () => {
    const { url } = await serveWithoutKoaHandler((ctx) => {
      ctx.res.writeHead(200);
      ctx.res.write('first chunk, then nothing');
    });

    expect(await abortAfterFirstChunk(url, caller('unwatched: aborted'))).toBe('first chunk, then nothing');
    await expectEndedOnce(ends, 'unwatched: aborted', CALLER_IDENTITY);
  });
});
