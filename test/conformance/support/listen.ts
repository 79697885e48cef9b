import { createServer, type RequestListener } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { RunningApp } from '../harness/types';
import { watchConnection } from './connections';

/**
 * Serves `listener` on an ephemeral loopback port (backlog sized for the concurrency scenario), and
 * watches each connection's close (see `serverSawClose`).
 */
export function listen(listener: RequestListener): Promise<RunningApp> {
  const server = createServer(listener);
  server.on('connection', watchConnection);
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', 2_048, () => {
      const { port } = server.address() as AddressInfo;
      resolve({
        url: `http://127.0.0.1:${port}`,
        close: () =>
          new Promise<void>((closed) => {
            server.close(() => closed());
            server.closeAllConnections();
          }),
      });
    });
  });
}
