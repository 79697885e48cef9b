import type { Framework } from '../apps/frameworks';
import type { ServerMeasurement } from '../load/server-process';
import { type BenchServer, type LoadGenerator, sendLoad, startServer } from '../load/servers';
import { verifyServer } from '../load/verify';
import type { Runtime } from '../runtimes';
import type { PairedLoadSettings, RunLength } from '../settings';
import { type CpuSets, pinnedTo } from './cpu-sets';
import { type PairRound, type PairRun, type PlannedPair, pairRatio, pairSchedule } from './pairs';

/** Every pair run for one framework on one runtime. */
export interface PairedCell {
  readonly nodeVersion: string;
  readonly framework: Framework;
  readonly frameworkVersion: string;
  /** Where the processes ran; `undefined`: not pinned. */
  readonly cpuSets: CpuSets | undefined;
  readonly pairs: PairRun[];
}

/** The two load generators of a pair, one per slot. */
export type PairLoaders = readonly [LoadGenerator, LoadGenerator];

type Pair = readonly [BenchServer, BenchServer];

/** Loads both servers of `pair` at the same time, each from its own load generator. */
function loadBoth(pair: Pair, loaders: PairLoaders, connections: number, length: RunLength) {
  return Promise.all(pair.map((server, slot) => sendLoad(loaders[slot]!, server, connections, length)));
}

async function measureRound(
  pair: Pair,
  loaders: PairLoaders,
  settings: PairedLoadSettings,
): Promise<PairRound> {
  await Promise.all(pair.map((server) => server.process.request('measure-start')));
  await loadBoth(pair, loaders, settings.connections, settings.measure);
  const [first, second] = await Promise.all(
    pair.map((server) => server.process.request<ServerMeasurement>('measure-stop')),
  );
  const mainThread = [first!.mainThreadCpuMicros, second!.mainThreadCpuMicros];
  return {
    served: [first!.requests, second!.requests],
    cpuMicrosPerRequest: [first!.cpuMicros / first!.requests, second!.cpuMicros / second!.requests],
    ...(mainThread[0] === undefined || mainThread[1] === undefined
      ? {}
      : {
          mainThreadCpuMicrosPerRequest: [mainThread[0] / first!.requests, mainThread[1] / second!.requests],
        }),
  };
}

/**
 * One pair of fresh server processes, both on the servers' CPU: verified, warmed up together, then
 * `settings.rounds` rounds in which both are loaded at the same time.
 */
async function runPair(
  runtime: Runtime,
  framework: Framework,
  planned: PlannedPair,
  loaders: PairLoaders,
  settings: PairedLoadSettings,
  cpuSets: CpuSets | undefined,
): Promise<{ run: PairRun; nodeVersion: string; frameworkVersion: string }> {
  const launcher = pinnedTo(cpuSets?.servers);
  const [first, second] = await Promise.all(
    planned.variants.map((variant) => startServer(runtime, framework, variant, { launcher })),
  );
  const pair: Pair = [first!, second!];
  try {
    for (const server of pair) await verifyServer(server);
    await loadBoth(pair, loaders, settings.connections, settings.warmup);
    const rounds: PairRound[] = [];
    for (let round = 0; round < settings.rounds; round++) {
      rounds.push(await measureRound(pair, loaders, settings));
    }
    const { nodeVersion, frameworkVersion } = pair[0].process.ready;
    return { run: { ...planned, rounds }, nodeVersion, frameworkVersion };
  } finally {
    await Promise.all(pair.map((server) => server.process.stop()));
  }
}

/**
 * (c)/(b) measured so that neither the machine's drift nor one process's luck decides it: pairs of
 * fresh floor and `sessionMiddleware()` servers (and a few floor/floor pairs for calibration), the
 * two servers of a pair sharing one CPU under the same load at the same time. Drift then slows both
 * alike, and the many processes average out what sets one process apart from another (up to 8 %
 * between two floor servers here, see bench/README.md).
 */
export async function pairedLoadBenchmark(
  runtime: Runtime,
  framework: Framework,
  loaders: PairLoaders,
  settings: PairedLoadSettings,
  cpuSets: CpuSets | undefined,
  log: (line: string) => void,
): Promise<PairedCell> {
  const pairs: PairRun[] = [];
  let versions = { nodeVersion: runtime.version, frameworkVersion: 'unknown' };
  for (const planned of pairSchedule(settings.pairs, settings.calibrationPairs)) {
    const { run, ...ofServers } = await runPair(runtime, framework, planned, loaders, settings, cpuSets);
    versions = ofServers;
    pairs.push(run);
    log(
      `  ${runtime.version} ${framework} pair ${pairs.length} (${run.variants.join(' | ')}): ` +
        `${run.kind === 'comparison' ? '(c)/(b)' : '(b)/(b)'} ${pairRatio(run, 'served')?.toFixed(3)} req, ` +
        `${pairRatio(run, 'cpuMicrosPerRequest')?.toFixed(3)} CPU/req, ` +
        `${pairRatio(run, 'mainThreadCpuMicrosPerRequest')?.toFixed(3) ?? '–'} main-thread CPU/req`,
    );
  }
  return { ...versions, framework, cpuSets, pairs };
}
