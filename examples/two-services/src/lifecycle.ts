import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { shutdownTelemetry } from './telemetry';

/** The line a service prints on stdout once it listens; the launcher waits for it. */
export interface ReadyLine {
  readonly ready: string;
}

/**
 * Runs a service's HTTP server: announces its URL as a {@link ReadyLine} once it listens, and on
 * SIGTERM stops accepting requests, exports the remaining spans and exits.
 *
 * @example
 * ```ts
 * runService(app.listen(Number(process.env.PORT ?? 0), '127.0.0.1'));
 * ```
 */
export function runService(server: Server): void {
  server.once('listening', () => {
    const { port } = server.address() as AddressInfo;
    const line: ReadyLine = { ready: `http://127.0.0.1:${port}` };
    console.log(JSON.stringify(line));
  });
  process.once('SIGTERM', () => {
    server.close();
    server.closeIdleConnections();
    shutdownTelemetry().finally(() => process.exit(0));
  });
}

/** The environment variable `name`, or a clear error naming it. */
export function requiredEnv(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`set ${name}`);
  return value;
}
