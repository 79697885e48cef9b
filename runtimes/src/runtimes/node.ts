/**
 * The Node reference leg of the HTTP scenarios: the same checks as on Bun, Deno and workerd, on the
 * pinned Node 24, so a failure elsewhere is known to be the runtime's and not the scenario's. Hono runs
 * on `@hono/node-server`, Express and Koa on `node:http`.
 */
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { createExpressApp } from '../apps/express.ts';
import { createHonoApp } from '../apps/hono.ts';
import { createKoaApp } from '../apps/koa.ts';
import { checkRuntime } from '../harness/check-runtime.ts';
import { type RunningServer, serveNodeHttp } from '../harness/servers.ts';

async function serveWithHonoNodeServer(
  fetch: (request: Request) => Response | Promise<Response>,
): Promise<RunningServer> {
  let server: ReturnType<typeof serve> | undefined;
  const { port } = await new Promise<AddressInfo>((resolve) => {
    server = serve({ fetch, port: 0, hostname: '127.0.0.1' }, resolve);
  });
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((done) => server!.close(() => done())),
  };
}

await checkRuntime([
  ['hono', () => serveWithHonoNodeServer(createHonoApp().fetch)],
  ['express', () => serveNodeHttp(createExpressApp())],
  ['koa', () => serveNodeHttp(createKoaApp())],
]);
