import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ChatService } from './chat';

/** Where an example listens. */
export interface ListenOptions {
  /** Default `0`: an ephemeral port. */
  port?: number;
  /** Default `'127.0.0.1'`. */
  host?: string;
}

/** The defaults of {@link ListenOptions}. */
export const DEFAULT_LISTEN_OPTIONS = {
  port: 0,
  host: '127.0.0.1',
} as const satisfies Required<ListenOptions>;

/** An example app listening on a port. */
export interface RunningServer {
  /** Base URL, e.g. `http://127.0.0.1:38211`. */
  readonly url: string;
  /** Stops accepting connections and resolves once open ones are closed. */
  close(): Promise<void>;
}

/** Options of each example's `startServer`. */
export interface StartOptions extends ListenOptions {
  /** The chat domain to serve. Default: `createChatService()` with the default fake model latency. */
  chat?: ChatService;
}

/** Starts an example; what each example's `startServer` looks like. */
export type StartServer = (options?: StartOptions) => Promise<RunningServer>;

/**
 * Starts `server` listening and returns its URL and a `close()`.
 *
 * @example
 * ```ts
 * const running = await listen(http.createServer(app), { port: 0 });
 * await fetch(`${running.url}/chat`);
 * await running.close();
 * ```
 */
export async function listen(server: Server, options: ListenOptions = {}): Promise<RunningServer> {
  const port = options.port ?? DEFAULT_LISTEN_OPTIONS.port;
  const host = options.host ?? DEFAULT_LISTEN_OPTIONS.host;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const urlHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `http://${urlHost}:${address.port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeIdleConnections();
      }),
  };
}
