import { sessionMiddleware } from '@sessionscope/hono';
import { Hono } from 'hono';
import { stream } from 'hono/streaming';
import { createScenarioRoutes } from './routes.ts';

type ScenarioHono = Hono<{ Variables: { user: { readonly id: unknown } } }>;

/** The scenario app of `contract.ts` on Hono; serve its `fetch` with any runtime's server. */
export function createHonoApp(): ScenarioHono {
  const routes = createScenarioRoutes();
  const app: ScenarioHono = new Hono();

  app.use(async (c, next) => {
    const principal = routes.principal((name) => c.req.header(name));
    if (principal !== undefined) c.set('user', principal);
    await next();
  });
  app.use(sessionMiddleware({ generateSessionId: true }));

  app.get('/identity', async (c) =>
    c.json(await routes.identity((name) => c.req.query(name), c.get('userSession'))),
  );
  app.get('/stream', (c) => {
    const lines = routes.stream((name) => c.req.query(name), c);
    c.header('content-type', 'application/x-ndjson');
    return stream(c, async (body) => {
      for await (const line of lines) await body.write(line);
    });
  });
  app.get('/probe', (c) => {
    const report = routes.probe((name) => c.req.query(name));
    return report === undefined ? c.notFound() : c.json(report);
  });

  return app;
}
