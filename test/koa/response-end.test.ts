import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import type { ServerResponse } from 'node:http';
import { REQUEST_END_CHANNEL, type RequestEndMessage, type UserSession } from '@sessionscope/core';
import { sessionMiddleware } from '@sessionscope/koa';
import Koa, { type Context, type Next } from 'koa';
import Koa2 from 'koa2';
import { afterEach, describe, expect, it } from 'vitest';
import type { RunningApp } from '../conformance/harness/types';
import { abortAfterFirstChunk, rawGet } from '../conformance/support/client';
import { listen } from '../conformance/support/listen';

const CALLER = { 'x-test-user': 'u-koa', 'x-session-id': 's-koa' };
const CALLER_IDENTITY: UserSession = { userId: 'u-koa', sessionId: 's-koa' };

/** Every request end published while a test runs, in order. */
const ends: RequestEndMessage[] = [];
const recordEnd = (message: unknown) => ends.push(message as RequestEndMessage);
let running: RunningApp | undefined;

afterEach(async () => {
  unsubscribe(REQUEST_END_CHANNEL, recordEnd);
  ends.length = 0;
  await running?.close();
  running = undefined;
});

function watchEnds(): void {
  subscribe(REQUEST_END_CHANNEL, recordEnd);
}

/** Resolves once `request`'s identity has been cleared (the end can follow the client's read). */
async function endsOf(request: unknown): Promise<UserSession[]> {
  await expect.poll(() => ends.some((end) => end.request === request)).toBe(true);
  return ends.filter((end) => end.request === request).map((end) => end.userSession);
}

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
])('%s: the end of a request', (_name, KoaApp) => {
  it("joins Koa's own watch of the response: the only listener it adds is `pipe`", async () => {
    watchEnds();
    let before: Record<string, number> = {};
    let after: Record<string, number> = {};
    let request: Context | undefined;
    const app = new KoaApp();
    app.use((ctx, next) => {
      before = listenersOf(ctx.res);
      return authenticate(ctx, next);
    });
    app.use(sessionMiddleware());
    app.use((ctx) => {
      request = ctx;
      after = listenersOf(ctx.res);
      ctx.body = 'ok';
    });
    running = await listen(app.callback());

    expect((await rawGet(running.url, CALLER)).body).toBe('ok');
    expect(await endsOf(request)).toEqual([CALLER_IDENTITY]);
    expect(after).toEqual({ ...before, pipe: (before.pipe ?? 0) + 1 });
  });
});

describe('a response nobody watches yet (the middleware run outside `app.callback()`)', () => {
  /** Serves `respond` through `sessionMiddleware()` on a Koa context, without Koa's request handler. */
  async function serveWithoutKoaHandler(respond: (ctx: Context) => void): Promise<Context[]> {
    const contexts: Context[] = [];
    const app = new Koa();
    const middleware = sessionMiddleware();
    running = await listen((req, res) => {
      const ctx = app.createContext(req, res);
      contexts.push(ctx);
      void authenticate(ctx, () => middleware(ctx, async () => respond(ctx)));
    });
    return contexts;
  }

  it('still ends the identity once the response has been sent', async () => {
    watchEnds();
    const contexts = await serveWithoutKoaHandler((ctx) => ctx.res.end('ok'));

    expect((await rawGet(running!.url, CALLER)).body).toBe('ok');
    expect(await endsOf(contexts[0])).toEqual([CALLER_IDENTITY]);
  });

  it('still ends the identity once the client has aborted', async () => {
    watchEnds();
    const contexts = await serveWithoutKoaHandler((ctx) => {
      ctx.res.writeHead(200);
      ctx.res.write('first chunk, then nothing');
    });

    expect(await abortAfterFirstChunk(running!.url, CALLER)).toBe('first chunk, then nothing');
    expect(await endsOf(contexts[0])).toEqual([CALLER_IDENTITY]);
  });
});
