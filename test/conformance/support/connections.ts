import type { Socket } from 'node:net';

/** A connection's close as the server sees it, keyed by the client's local port. */
const closes = new Map<number, { readonly closed: Promise<void>; close(): void }>();

/** Watches a connection the server accepted (called by `listen`) until the server sees it close. */
export function watchConnection(socket: Socket): void {
  const port = socket.remotePort;
  if (port === undefined) return;
  let close = () => {};
  const closed = new Promise<void>((resolve) => {
    close = resolve;
  });
  closes.set(port, { closed, close }); // a port used again is watched anew
  socket.once('close', close);
}

/**
 * Resolves once the server has seen the connection of the client socket bound to `clientPort` close
 * (the connection must already have been accepted).
 */
export function serverSawClose(clientPort: number): Promise<void> {
  const watched = closes.get(clientPort);
  if (watched === undefined) throw new Error(`no connection from port ${clientPort} was accepted`);
  return watched.closed;
}
