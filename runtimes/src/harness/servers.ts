import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Fetcher } from '../scenarios/http.ts';

/** A server listening on loopback for the length of one group of checks. */
export interface RunningServer {
  readonly origin: string;
  close(): Promise<void>;
}

/** Serves a `node:http` listener (Express, Koa) on 127.0.0.1 with the runtime's `node:http`. */
export async function serveNodeHttp(
  listener: (request: IncomingMessage, response: ServerResponse) => void,
): Promise<RunningServer> {
  const server = createServer(listener);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
}

/** A {@link Fetcher} sending real HTTP requests to `origin`. */
export function fetcherFor(origin: string): Fetcher {
  return (path, init) => fetch(new URL(path, origin), init);
}

/** Starts a server, hands its fetcher to `use`, and closes the server afterwards. */
export async function withServer<T>(
  start: Promise<RunningServer>,
  use: (fetcher: Fetcher) => Promise<T>,
): Promise<T> {
  const server = await start;
  try {
    return await use(fetcherFor(server.origin));
  } finally {
    await server.close();
  }
}
