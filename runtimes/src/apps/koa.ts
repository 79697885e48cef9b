import type { IncomingMessage, ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import { getUserSessionContext } from '@sessionscope/core';
import { sessionMiddleware } from '@sessionscope/koa';
import Koa from 'koa';
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

const query = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

/** The scenario app of `contract.ts` on Koa (no router: routes by path), as a `node:http` listener. */
export function createKoaApp(): (request: IncomingMessage, response: ServerResponse) => void {
  const probes = createStreamProbes();
  const app = new Koa();

  app.use(async (ctx, next) => {
    const principal = principalFrom(ctx.get(USER_HEADER) || undefined, ctx.get(USER_KIND_HEADER));
    if (principal !== undefined) ctx.state.user = principal;
    await next();
  });
  app.use(sessionMiddleware({ generateSessionId: true }));

  app.use(async (ctx) => {
    if (ctx.method !== 'GET') return;
    if (ctx.path === '/identity') {
      const hops = boundedCount(query(ctx.query.hops), 4, 32);
      const seed = boundedCount(query(ctx.query.seed), 1, 1e9);
      const seen = await readAcrossHops(hops, seed, getUserSessionContext);
      const report: IdentityReport = { seen, local: plainUserSession(ctx.state.userSession) };
      ctx.body = report;
    } else if (ctx.path === '/stream') {
      probes.register(query(ctx.query.tag) ?? '', ctx);
      const lines = boundedCount(query(ctx.query.lines), 5, 50);
      ctx.type = 'application/x-ndjson';
      ctx.body = Readable.from(linesAcrossHops(lines, STREAM_GAP_MS, getUserSessionContext));
    } else if (ctx.path === '/probe') {
      const report = probes.probe(query(ctx.query.tag) ?? '');
      if (report !== undefined) ctx.body = report;
    }
  });

  return app.callback();
}
