import type { IncomingMessage, ServerResponse } from 'node:http';
import { getUserSessionContext } from '@sessionscope/core';
import { sessionMiddleware } from '@sessionscope/express';
import express from 'express';
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

/** The scenario app of `contract.ts` on Express, as a `node:http` request listener. */
export function createExpressApp(): (request: IncomingMessage, response: ServerResponse) => void {
  const probes = createStreamProbes();
  const app = express();

  app.use((req, _res, next) => {
    const principal = principalFrom(req.get(USER_HEADER), req.get(USER_KIND_HEADER));
    if (principal !== undefined) (req as { user?: unknown }).user = principal;
    next();
  });
  app.use(sessionMiddleware({ generateSessionId: true }));

  app.get('/identity', async (req, res) => {
    const hops = boundedCount(query(req.query.hops), 4, 32);
    const seed = boundedCount(query(req.query.seed), 1, 1e9);
    const seen = await readAcrossHops(hops, seed, getUserSessionContext);
    const report: IdentityReport = { seen, local: plainUserSession(res.locals.userSession) };
    res.json(report);
  });

  app.get('/stream', async (req, res) => {
    probes.register(query(req.query.tag) ?? '', req);
    const lines = boundedCount(query(req.query.lines), 5, 50);
    res.setHeader('content-type', 'application/x-ndjson');
    for await (const line of linesAcrossHops(lines, STREAM_GAP_MS, getUserSessionContext)) res.write(line);
    res.end();
  });

  app.get('/probe', (req, res) => {
    const report = probes.probe(query(req.query.tag) ?? '');
    if (report === undefined) res.sendStatus(404);
    else res.json(report);
  });

  return app;
}
