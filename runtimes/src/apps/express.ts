import type { IncomingMessage, ServerResponse } from 'node:http';
import { sessionMiddleware } from '@sessionscope/express';
import express from 'express';
import { createScenarioRoutes } from './routes.ts';

/** The scenario app of `contract.ts` on Express, as a `node:http` request listener. */
export function createExpressApp(): (request: IncomingMessage, response: ServerResponse) => void {
  const routes = createScenarioRoutes();
  const app = express();

  app.use((req, _res, next) => {
    const principal = routes.principal((name) => req.get(name));
    if (principal !== undefined) (req as { user?: unknown }).user = principal;
    next();
  });
  app.use(sessionMiddleware({ generateSessionId: true }));

  app.get('/identity', async (req, res) => {
    res.json(await routes.identity((name) => req.query[name], res.locals.userSession));
  });
  app.get('/stream', async (req, res) => {
    const lines = routes.stream((name) => req.query[name], req);
    res.setHeader('content-type', 'application/x-ndjson');
    for await (const line of lines) res.write(line);
    res.end();
  });
  app.get('/probe', (req, res) => {
    const report = routes.probe((name) => req.query[name]);
    if (report === undefined) res.sendStatus(404);
    else res.json(report);
  });

  return app;
}
