import type { Framework } from '../apps/frameworks';
import type { Variant } from '../apps/variants';
import { SERVER_ENTRY } from '../entries';
import { BenchChild, type ChildOptions } from '../process/child';
import type { Runtime } from '../runtimes';
import type { LoadRun, LoadRunResult } from './loader-process';
import { REQUEST_HEADERS, ROUTE } from './request-headers';
import type { ServerMeasurement, ServerReady } from './server-process';

/** A running server child of one framework and variant. */
export interface BenchServer {
  readonly framework: Framework;
  readonly variant: Variant;
  readonly url: string;
  readonly process: BenchChild<ServerReady>;
}

/** Starts one server process on `runtime`, with Node flags and a launcher (see `ChildOptions`). */
export async function startServer(
  runtime: Runtime,
  framework: Framework,
  variant: Variant,
  options: Pick<ChildOptions, 'execArgv' | 'launcher'> = {},
): Promise<BenchServer> {
  const child = await BenchChild.start<ServerReady>(SERVER_ENTRY, {
    ...options,
    execPath: runtime.execPath,
    args: [framework, variant],
  });
  return { framework, variant, url: `http://127.0.0.1:${child.ready.port}${ROUTE}`, process: child };
}

/** The load generator: a separate process running autocannon. */
export type LoadGenerator = BenchChild<object>;

/** One measured load run: the client's view plus the server's CPU time per request. */
export interface Measurement extends LoadRunResult {
  readonly cpuMicrosPerRequest: number;
}

/** Sends load to `server` without measuring it. */
export async function sendLoad(
  loader: LoadGenerator,
  server: BenchServer,
  connections: number,
  length: Omit<LoadRun, 'url' | 'connections' | 'headers'>,
): Promise<LoadRunResult> {
  const run: LoadRun = { url: server.url, connections, headers: REQUEST_HEADERS, ...length };
  const result = await loader.request<LoadRunResult>('run', run);
  if (result.failed > 0 || result.ok === 0) {
    throw new Error(
      `${server.framework}/${server.variant}: ${result.failed} failed of ${result.ok + result.failed}`,
    );
  }
  return result;
}

/** Sends load to `server` and measures it on both sides. */
export async function measureLoad(
  loader: LoadGenerator,
  server: BenchServer,
  connections: number,
  length: Omit<LoadRun, 'url' | 'connections' | 'headers'>,
): Promise<Measurement> {
  await server.process.request('measure-start');
  const client = await sendLoad(loader, server, connections, length);
  const { cpuMicros, requests } = await server.process.request<ServerMeasurement>('measure-stop');
  return { ...client, cpuMicrosPerRequest: cpuMicros / requests };
}
