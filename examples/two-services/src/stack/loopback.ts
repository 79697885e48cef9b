import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A server of the launcher, listening on 127.0.0.1. */
export interface LoopbackServer {
  /** Base URL, e.g. `http://127.0.0.1:38211`. */
  readonly url: string;
  /** Stops the server and resolves once its connections are closed. */
  close(): Promise<void>;
}

/** Starts `server` on an ephemeral port of 127.0.0.1. */
export function listenOnLoopback(server: Server): Promise<LoopbackServer> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve({
        url: `http://127.0.0.1:${port}`,
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            server.closeAllConnections();
          }),
      });
    });
  });
}

/** Reads a request body as text. */
export async function readBody(stream: AsyncIterable<Buffer | string>): Promise<string> {
  let text = '';
  for await (const chunk of stream) text += chunk.toString();
  return text;
}
