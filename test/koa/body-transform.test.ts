import { PassThrough, Readable, type Transform } from 'node:stream';
import { createGzip } from 'node:zlib';
import { sessionMiddleware } from '@sessionscope/koa';
import Koa, { type Context, type Middleware, type Next } from 'koa';
import Koa2 from 'koa2';
import { afterEach, describe, expect, it } from 'vitest';
import type { RunningApp } from '../conformance/harness/types';
import { pipelinedGet } from '../conformance/support/client';
import { listen } from '../conformance/support/listen';
import { REQUEST_HEADER, streamChunks } from '../conformance/support/probe';
import { spansOf } from '../conformance/support/tracing';

const CHUNKS = 5;

let running: RunningApp | undefined;

afterEach(async () => {
  await running?.close();
  running = undefined;
});

/**
 * What koa-compress does with a stream body: once the chain below has returned, it replaces the body
 * with the body piped through a transform.
 */
function transformBody(transform: () => Transform): Middleware {
  return async (ctx: Context, next: Next) => {
    await next();
    if (ctx.body instanceof Readable) ctx.body = ctx.body.pipe(transform());
  };
}

/** A stream body made on demand, one `chunk` span per chunk, tagged with the test request. */
function streamBody(ctx: Context): void {
  ctx.body = Readable.from(streamChunks(ctx.get(REQUEST_HEADER), CHUNKS));
}

/** The session ids the `chunk` spans of `requestId` carry (`-` for none). */
function chunkSessions(requestId: string): string[] {
  return spansOf(requestId)
    .filter((span) => span.name === 'chunk')
    .map((span) => String(span.attributes['session.id'] ?? '-'));
}

/** Sends pipelined stream requests, every other one without a session; answers their ids and sessions. */
async function pipelineStreams(
  url: string,
  name: string,
): Promise<Array<{ requestId: string; session: string }>> {
  const sent = [0, 1, 2, 3].map((index) => ({
    requestId: `${name} #${index}`,
    session: index % 2 === 0 ? `s-${name}-${index}` : '-',
  }));
  const received = await pipelinedGet(
    url,
    sent.map(({ requestId, session }) => ({
      path: '/stream',
      headers: { [REQUEST_HEADER]: requestId, ...(session === '-' ? {} : { 'x-session-id': session }) },
    })),
  );
  expect(received.match(/HTTP\/1\.1 200 /g)).toHaveLength(sent.length);
  return sent;
}

describe.each([
  ['koa 3', Koa],
  ['koa 2', Koa2],
])('%s: a middleware that re-pipes the stream body (koa-compress)', (version, KoaApp) => {
  const transforms: Array<[string, () => Transform]> = [
    ['gzip', () => createGzip()],
    ['a PassThrough', () => new PassThrough()],
  ];

  it.each(transforms)(
    'mounted after sessionMiddleware (%s): every chunk carries its request identity',
    async (kind, transform) => {
      const app = new KoaApp();
      app.use(sessionMiddleware());
      app.use(transformBody(transform));
      app.use(streamBody);
      running = await listen(app.callback());

      for (const { requestId, session } of await pipelineStreams(running.url, `${version} after ${kind}`)) {
        expect(chunkSessions(requestId)).toEqual(Array(CHUNKS).fill(session));
      }
    },
  );

  it.each(transforms)(
    "mounted before it (%s): chunks carry no identity, never another request's",
    async (kind, transform) => {
      const app = new KoaApp();
      app.use(transformBody(transform));
      app.use(sessionMiddleware());
      app.use(streamBody);
      running = await listen(app.callback());

      for (const { requestId, session } of await pipelineStreams(running.url, `${version} before ${kind}`)) {
        const sessions = chunkSessions(requestId);
        expect(sessions).toHaveLength(CHUNKS);
        for (const carried of sessions) expect([session, '-']).toContain(carried);
      }
    },
  );
});
