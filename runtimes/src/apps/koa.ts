import type { IncomingMessage, ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import { sessionMiddleware } from '@sessionscope/koa';
import Koa from 'koa';
import { createScenarioRoutes } from './routes.ts';

/** The scenario app of `contract.ts` on Koa (no router: routes by path), as a `node:http` listener. */
export function createKoaApp(): (request: IncomingMessage, response: ServerResponse) => void {
  const routes = createScenarioRoutes();
  const app = new Koa();

  app.use(async (ctx, next) => {
    const principal = routes.principal((name) => ctx.get(name) || undefined);
    if (principal !== undefined) ctx.state.user = principal;
    await next();
  });
  app.use(sessionMiddleware({ generateSessionId: true }));

  app.use(async (ctx) => {
    const query = (name: string) => ctx.query[name];
    if (ctx.method !== 'GET' && ctx.method !== 'HEAD') return; // Koa sends a HEAD response without its body
    if (ctx.path === '/identity') ctx.body = await routes.identity(query, ctx.state.userSession);
    else if (ctx.path === '/stream') {
      const lines = routes.stream(query, ctx);
      ctx.type = 'application/x-ndjson';
      ctx.body = Readable.from(lines);
    } else if (ctx.path === '/probe') ctx.body = routes.probe(query);
  });

  return app.callback();
}
