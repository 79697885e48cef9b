import type { Framework } from '../apps/frameworks';
import type { Variant } from '../apps/variants';
import type { Runtime } from '../runtimes';
import type { LoadSettings } from '../settings';
import { type LoadGenerator, type Measurement, measureLoad, sendLoad, startServer } from './servers';
import { verifyServer } from './verify';

/** Every round's measurement of one framework × variant on one runtime. */
export interface LoadCell {
  readonly nodeVersion: string;
  readonly framework: Framework;
  readonly frameworkVersion: string;
  readonly variant: Variant;
  readonly rounds: Measurement[];
}

/**
 * The load benchmark of one framework on one runtime: one server process per variant, each verified
 * and warmed up, then `settings.rounds` rounds measuring each variant once, in reverse order every
 * other round (A B C, C B A, A B C, …), so that drift within a round favours no variant.
 */
export async function loadBenchmark(
  loader: LoadGenerator,
  runtime: Runtime,
  framework: Framework,
  variants: readonly Variant[],
  settings: LoadSettings,
  log: (line: string) => void,
): Promise<LoadCell[]> {
  const servers = await Promise.all(variants.map((variant) => startServer(runtime, framework, variant)));
  try {
    log(`  ${runtime.version} ${framework}: ${servers.length} servers started`);
    for (const server of servers) {
      await verifyServer(server);
      await sendLoad(loader, server, settings.connections, settings.warmup);
    }
    log(`  ${runtime.version} ${framework}: verified and warmed up`);
    const cells: LoadCell[] = servers.map((server) => ({
      nodeVersion: server.process.ready.nodeVersion,
      framework,
      frameworkVersion: server.process.ready.frameworkVersion,
      variant: server.variant,
      rounds: [],
    }));
    const order = servers.map((_, index) => index);
    for (let round = 1; round <= settings.rounds; round++) {
      for (const index of round % 2 === 1 ? order : order.toReversed()) {
        const server = servers[index]!;
        const measurement = await measureLoad(loader, server, settings.connections, settings.measure);
        cells[index]!.rounds.push(measurement);
        log(
          `  ${runtime.version} ${framework} round ${round} ${server.variant}: ` +
            `${measurement.requestsPerSecond.toFixed(0)} req/s, p99 ${measurement.p99LatencyMs} ms, ` +
            `${measurement.cpuMicrosPerRequest.toFixed(1)} µs CPU/req`,
        );
      }
    }
    return cells;
  } finally {
    await Promise.all(servers.map((server) => server.process.stop()));
  }
}
