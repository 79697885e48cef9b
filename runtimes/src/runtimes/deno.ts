/**
 * The Deno leg: core checks in-process and the Hono app on `Deno.serve`. Run with the pinned Deno
 * binary: `deno run --allow-net --allow-env --allow-read runtimes/src/runtimes/deno.ts`.
 */
import { createHonoApp } from '../apps/hono.ts';
import { printResults, runChecks } from '../harness/checks.ts';
import { type RunningServer, withServer } from '../harness/servers.ts';
import { coreChecks } from '../scenarios/core.ts';
import { httpChecks } from '../scenarios/http.ts';

/** The part of Deno's global this script uses. */
declare const Deno: {
  serve(
    options: { port: number; hostname: string; onListen?: () => void },
    handler: (request: Request) => Response | Promise<Response>,
  ): { readonly addr: { readonly port: number }; shutdown(): Promise<void> };
};

async function serveWithDeno(
  fetch: (request: Request) => Response | Promise<Response>,
): Promise<RunningServer> {
  const server = Deno.serve({ port: 0, hostname: '127.0.0.1', onListen: () => {} }, fetch);
  return { origin: `http://127.0.0.1:${server.addr.port}`, close: () => server.shutdown() };
}

const results = [
  ...(await runChecks('core', coreChecks)),
  ...(await withServer(serveWithDeno(createHonoApp().fetch), (fetcher) =>
    runChecks('hono', httpChecks(fetcher)),
  )),
];
process.exit(printResults(results) ? 0 : 1);
