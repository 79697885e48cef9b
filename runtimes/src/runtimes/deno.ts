/**
 * The Deno leg: core checks in-process and the Hono app on `Deno.serve`. Run with the pinned Deno
 * binary: `deno run --allow-net --allow-env --allow-read runtimes/src/runtimes/deno.ts`.
 */
import { createHonoApp } from '../apps/hono.ts';
import { checkRuntime } from '../harness/check-runtime.ts';
import type { RunningServer } from '../harness/servers.ts';

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

await checkRuntime([['hono', () => serveWithDeno(createHonoApp().fetch)]]);
