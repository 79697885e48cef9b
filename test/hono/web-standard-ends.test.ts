/**
 * The end of a request on web-standard runtimes (Bun, Deno, workers, `app.request()`), where no Node
 * response tells it: the paths the conformance harness's routes do not take — bodiless responses, a
 * body that fails, a body that cannot be read, a failure Hono does not handle, and a response an outer
 * middleware replaces. Each must end the request's scope exactly once.
 */
import { sessionMiddleware } from '@sessionscope/hono';
import { type Context, Hono } from 'hono';
import { afterAll, describe, expect, it } from 'vitest';
import { REQUEST_HEADER } from '../conformance/support/probe';
import { expectEndedOnce, trackRequestEnds } from '../conformance/support/request-ends';

const SESSION = { sessionId: 'web-session' };

const ends = trackRequestEnds((request) => (request as Context).req.header(REQUEST_HEADER));
afterAll(() => ends.close());

/** A body that sends one chunk, then fails. */
function failingAfterOneChunk(): ReadableStream<Uint8Array> {
  let pulls = 0;
  return new ReadableStream({
    pull(controller) {
      if (pulls++ === 0) controller.enqueue(new TextEncoder().encode('first'));
      else controller.error(new Error('the source failed'));
    },
  });
}

const app = new Hono();
app.use('/replaced/*', async (c, next) => {
  await next();
  // What the README asks of a middleware that replaces the response: cancel the body it drops.
  await c.res.body?.cancel();
  c.res = c.json({ replaced: true });
});
app.use(sessionMiddleware());
app.get('/no-content', (c) => c.body(null, 204));
app.get('/redirect', (c) => c.redirect('/elsewhere'));
app.get('/failing-body', () => new Response(failingAfterOneChunk()));
app.get('/locked-body', () => {
  const response = new Response('unreadable');
  response.body!.getReader(); // locked: no runtime can send it, yet the request must still end
  return response;
});
app.get('/non-error-throw', () => {
  throw 'not an Error'; // Hono's compose hands only Errors to onError: this one rejects `next()`
});
app.get('/replaced/text', (c) => c.text('dropped'));

describe('hono (web-standard): the request ends exactly once', () => {
  let requests = 0;
  const call = (path: string) => {
    const requestId = `web-ends#${++requests}`;
    const headers = { [REQUEST_HEADER]: requestId, 'x-session-id': SESSION.sessionId };
    return { requestId, response: app.request(path, { headers }) };
  };

  it.each([
    ['a 204 without a body', '/no-content', 204],
    ['a redirect without a body', '/redirect', 302],
  ])('%s', async (_name, path, status) => {
    const { requestId, response } = call(path);
    expect((await response).status).toBe(status);
    await expectEndedOnce(ends, requestId, SESSION);
  });

  it('a body that fails after one chunk: the client gets the chunk, then the failure', async () => {
    const { requestId, response } = call('/failing-body');
    const reader = (await response).body!.getReader();
    expect(new TextDecoder().decode((await reader.read()).value)).toBe('first');
    await expect(reader.read()).rejects.toThrow('the source failed');
    await expectEndedOnce(ends, requestId, SESSION);
  });

  it('a body that is locked', async () => {
    const { requestId, response } = call('/locked-body');
    expect((await response).body!.locked).toBe(true);
    await expectEndedOnce(ends, requestId, SESSION);
  });

  it('a thrown value that is no Error, which Hono rethrows', async () => {
    const { requestId, response } = call('/non-error-throw');
    await expect(response).rejects.toBe('not an Error');
    await expectEndedOnce(ends, requestId, SESSION);
  });

  it('a response an outer middleware replaces after cancelling the body it drops', async () => {
    const { requestId, response } = call('/replaced/text');
    expect(await (await response).json()).toEqual({ replaced: true });
    await expectEndedOnce(ends, requestId, SESSION);
  });
});
