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
import { printResults, runChecks } from '../harness/checks.ts';
import { type RunningServer, serveNodeHttp, withServer } from '../harness/servers.ts';
import { coreChecks } from '../scenarios/core.ts';
import { httpChecks } from '../scenarios/http.ts';

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

const results = [
  ...(await runChecks('core', coreChecks)),
  ...(await withServer(serveWithHonoNodeServer(createHonoApp().fetch), (fetcher) =>
    runChecks('hono', httpChecks(fetcher)),
  )),
  ...(await withServer(serveNodeHttp(createExpressApp()), (fetcher) =>
    runChecks('express', httpChecks(fetcher)),
  )),
  ...(await withServer(serveNodeHttp(createKoaApp()), (fetcher) => runChecks('koa', httpChecks(fetcher)))),
];
process.exit(printResults(results) ? 0 : 1);
