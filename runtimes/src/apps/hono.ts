import { getUserSessionContext } from '@sessionscope/core';
import { sessionMiddleware } from '@sessionscope/hono';
import { Hono } from 'hono';
import { stream } from 'hono/streaming';
import { linesAcrossHops, readAcrossHops } from '../scenarios/async-hops.ts';
import {
  boundedCount,
  type IdentityReport,
  plainUserSession,
  principalFrom,
  STREAM_GAP_MS,
  USER_HEADER,
  USER_KIND_HEADER,
} from './contract.ts';
import { createStreamProbes } from './stream-probes.ts';

/** The scenario app of `contract.ts` on Hono; serve its `fetch` with any runtime's server. */
export function createHonoApp(): Hono<{ Variables: { user: { readonly id: unknown } } }> {
  const probes = createStreamProbes();
  const app = new Hono<{ Variables: { user: { readonly id: unknown } } }>();

  app.use(async (c, next) => {
    const principal = principalFrom(c.req.header(USER_HEADER), c.req.header(USER_KIND_HEADER));
    if (principal !== undefined) c.set('user', principal);
    await next();
  });
  app.use(sessionMiddleware({ generateSessionId: true }));

  app.get('/identity', async (c) => {
    const hops = boundedCount(c.req.query('hops'), 4, 32);
    const seen = await readAcrossHops(hops, boundedCount(c.req.query('seed'), 1, 1e9), getUserSessionContext);
    const report: IdentityReport = { seen, local: plainUserSession(c.get('userSession')) };
    return c.json(report);
  });

  app.get('/stream', (c) => {
    probes.register(c.req.query('tag') ?? '', c);
    const lines = boundedCount(c.req.query('lines'), 5, 50);
    c.header('content-type', 'application/x-ndjson');
    return stream(c, async (body) => {
      for await (const line of linesAcrossHops(lines, STREAM_GAP_MS, getUserSessionContext))
        await body.write(line);
    });
  });

  app.get('/probe', (c) => {
    const report = probes.probe(c.req.query('tag') ?? '');
    return report === undefined ? c.notFound() : c.json(report);
  });

  return app;
}
