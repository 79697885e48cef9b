/**
 * The Bun leg: core checks in-process, the Hono app on `Bun.serve`, and the Express and Koa apps on
 * Bun's `node:http`. Run with the pinned Bun binary: `bun runtimes/src/runtimes/bun.ts`.
 */
import { createExpressApp } from '../apps/express.ts';
import { createHonoApp } from '../apps/hono.ts';
import { createKoaApp } from '../apps/koa.ts';
import { printResults, runChecks } from '../harness/checks.ts';
import { type RunningServer, serveNodeHttp, withServer } from '../harness/servers.ts';
import { coreChecks } from '../scenarios/core.ts';
import { httpChecks } from '../scenarios/http.ts';

/** The part of Bun's global this script uses. */
declare const Bun: {
  serve(options: {
    port: number;
    hostname: string;
    fetch: (request: Request) => Response | Promise<Response>;
  }): { readonly port: number; stop(closeActiveConnections?: boolean): Promise<void> | void };
};

async function serveWithBun(
  fetch: (request: Request) => Response | Promise<Response>,
): Promise<RunningServer> {
  const server = Bun.serve({ port: 0, hostname: '127.0.0.1', fetch });
  return { origin: `http://127.0.0.1:${server.port}`, close: async () => server.stop(true) };
}

const results = [
  ...(await runChecks('core', coreChecks)),
  ...(await withServer(serveWithBun(createHonoApp().fetch), (fetcher) =>
    runChecks('hono', httpChecks(fetcher)),
  )),
  ...(await withServer(serveNodeHttp(createExpressApp()), (fetcher) =>
    runChecks('express', httpChecks(fetcher)),
  )),
  ...(await withServer(serveNodeHttp(createKoaApp()), (fetcher) => runChecks('koa', httpChecks(fetcher)))),
];
process.exit(printResults(results) ? 0 : 1);
