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

/** The response's listeners: event name → count. */
function listenersOf(res: ServerResponse): Record<string, number> {
  return Object.fromEntries(res.eventNames().map((name) => [String(name), res.listenerCount(name)]));
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
  it("joins Koa's own watch of the response: the only listener it adds is `pipe`", async () => {
    let before: Record<string, number> = {};
    let after: Record<string, number> = {};
    const app = new KoaApp();
    app.use((ctx, next) => {
      before = listenersOf(ctx.res);
      return authenticate(ctx, next);
    });
    app.use(sessionMiddleware());
    app.use((ctx) => {
      after = listenersOf(ctx.res);
      ctx.body = 'ok';
    });
    running = await listen(app.callback());

    const requestId = `${name}: watched`;
    expect((await rawGet(running.url, caller(requestId))).body).toBe('ok');
    await expectEndedOnce(ends, requestId, CALLER_IDENTITY);
    expect(after).toEqual({ ...before, pipe: (before.pipe ?? 0) + 1 });
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
