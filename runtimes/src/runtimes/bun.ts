/**
 * The Bun leg: core checks in-process, the Hono app on `Bun.serve`, and the Express and Koa apps on
 * Bun's `node:http`. Run with the pinned Bun binary: `bun runtimes/src/runtimes/bun.ts`.
 */
import { createExpressApp } from '../apps/express.ts';
import { createHonoApp } from '../apps/hono.ts';
import { createKoaApp } from '../apps/koa.ts';
import { checkRuntime } from '../harness/check-runtime.ts';
import { type RunningServer, serveNodeHttp } from '../harness/servers.ts';

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

await checkRuntime([
  ['hono', () => serveWithBun(createHonoApp().fetch)],
  ['express', () => serveNodeHttp(createExpressApp())],
  ['koa', () => serveNodeHttp(createKoaApp())],
]);
