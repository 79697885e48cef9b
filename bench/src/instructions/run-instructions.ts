import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Framework } from '../apps/frameworks';
import type { Variant } from '../apps/variants';
import type { ServerMeasurement } from '../load/server-process';
import { type LoadGenerator, sendLoad, startServer } from '../load/servers';
import { verifyServer } from '../load/verify';
import { median } from '../report/stats';
import type { Runtime } from '../runtimes';
import type { InstructionSettings } from '../settings';
import {
  callgrindLauncher,
  readMainThreadOutput,
  readThreadInstructions,
  setInstrumentation,
} from './callgrind';
import { instructionsPerRequestByFunction, parseSelfInstructions } from './callgrind-functions';
import { parsePerfMap, perfMapPath } from './perf-map';

/** Instructions per request of one server process, counted by callgrind. */
export interface InstructionSample {
  /** Requests the handler served while counting. */
  readonly requests: number;
  /** Main thread: JavaScript, the HTTP parser, scavenges; what bounds the server's req/s. */
  readonly mainThreadPerRequest: number;
  /**
   * V8's helper threads, mostly the optimizing compiler: a few late compilations of tens of millions
   * of instructions each dominate it, so it is no per-request cost and scatters between processes.
   */
  readonly helperThreadsPerRequest: number;
  /** Main thread, with the cache simulation only: instructions plus what its cache misses cost. */
  readonly mainThreadEstimatedCyclesPerRequest: number | undefined;
  /**
   * With `--functions` only: the main thread's instructions per request by the function that
   * executed them itself (callees excluded), JIT code named from V8's perf map.
   */
  readonly functionsPerRequest?: Record<string, number>;
}

/** Instructions per request of one framework × variant on one runtime: every sample and their medians. */
export interface InstructionCell {
  readonly nodeVersion: string;
  readonly framework: Framework;
  readonly frameworkVersion: string;
  readonly variant: Variant;
  readonly samples: InstructionSample[];
  readonly mainThreadPerRequest: number;
  readonly helperThreadsPerRequest: number;
  readonly mainThreadEstimatedCyclesPerRequest: number | undefined;
  /** With `--functions` only: the median over the samples of each function's instructions per request. */
  readonly functionsPerRequest?: Record<string, number>;
}

/**
 * Node flags that name JIT code in a perf map, interpreted functions included, for `--functions`.
 * The perf map turns V8's log on: it goes to `outDir` (deleted afterwards), not the working directory.
 */
function perfMapFlags(outDir: string): string[] {
  return [
    '--perf-basic-prof',
    '--interpreted-frames-native-stack',
    '--no-logfile-per-isolate',
    `--logfile=${join(outDir, 'v8.log')}`,
  ];
}

/** The main thread's instructions per request by function, from callgrind's output and V8's perf map. */
function countByFunction(outDir: string, pid: number, requests: number): Record<string, number> {
  const mapPath = perfMapPath(pid);
  try {
    const perfMap = parsePerfMap(readFileSync(mapPath, 'utf8'));
    return instructionsPerRequestByFunction(
      parseSelfInstructions(readMainThreadOutput(outDir, pid)),
      perfMap,
      requests,
    );
  } finally {
    rmSync(mapPath, { force: true });
  }
}

/** Each function's median over `samples` (a sample where it did not run counts 0). */
function medianByFunction(samples: readonly InstructionSample[]): Record<string, number> | undefined {
  if (samples.some((sample) => sample.functionsPerRequest === undefined)) return undefined;
  const names = new Set(samples.flatMap((sample) => Object.keys(sample.functionsPerRequest!)));
  const medians: Record<string, number> = {};
  for (const name of names) {
    medians[name] = median(samples.map((sample) => sample.functionsPerRequest![name] ?? 0));
  }
  return medians;
}

interface CountedServer {
  readonly nodeVersion: string;
  readonly frameworkVersion: string;
  readonly sample: InstructionSample;
}

/**
 * One server process under callgrind: verified, warmed up on one connection, left idle so that
 * queued optimizing compilations finish, its heap settled by forced GCs, then counted over
 * `settings.measure` requests.
 */
async function countOneServer(
  loader: LoadGenerator,
  runtime: Runtime,
  framework: Framework,
  variant: Variant,
  settings: InstructionSettings,
): Promise<CountedServer> {
  const outDir = mkdtempSync(join(tmpdir(), 'sessionscope-callgrind-'));
  try {
    const server = await startServer(runtime, framework, variant, {
      launcher: callgrindLauncher(outDir, settings.cacheSim),
      execArgv: [
        '--expose-gc',
        `--min-semi-space-size=${settings.semiSpaceMB}`,
        `--max-semi-space-size=${settings.semiSpaceMB}`,
        ...(settings.functions ? perfMapFlags(outDir) : []),
      ],
    });
    let served: ServerMeasurement;
    try {
      await verifyServer(server);
      await sendLoad(loader, server, 1, { amount: settings.warmup });
      await sleep(settings.idleMs);
      await server.process.request('heap');
      await setInstrumentation(server.process.pid, true);
      await server.process.request('measure-start');
      await sendLoad(loader, server, 1, { amount: settings.measure });
      served = await server.process.request<ServerMeasurement>('measure-stop');
      await setInstrumentation(server.process.pid, false);
    } finally {
      await server.process.stop();
    }
    // callgrind writes its counts when the process ends.
    const threads = readThreadInstructions(outDir, server.process.pid);
    const mainThread = threads.find((thread) => thread.thread === 1);
    const main = mainThread?.instructions ?? 0;
    const helpers = threads.reduce((sum, thread) => sum + thread.instructions, 0) - main;
    const cycles = mainThread?.estimatedCycles;
    return {
      nodeVersion: server.process.ready.nodeVersion,
      frameworkVersion: server.process.ready.frameworkVersion,
      sample: {
        requests: served.requests,
        mainThreadPerRequest: main / served.requests,
        helperThreadsPerRequest: helpers / served.requests,
        mainThreadEstimatedCyclesPerRequest: cycles === undefined ? undefined : cycles / served.requests,
        ...(settings.functions
          ? { functionsPerRequest: countByFunction(outDir, server.process.pid, served.requests) }
          : {}),
      },
    };
  } finally {
    rmSync(outDir, { recursive: true, force: true });
  }
}

/**
 * Counts the instructions one request costs in each variant of `framework`: `settings.repeats`
 * server processes per variant, started in interleaved order (A B C A B C …), `settings.parallel`
 * at a time. The counts do not depend on the machine's load or clock, so they separate differences
 * of a few percent that wall-clock runs on a shared machine cannot.
 */
export async function instructionBenchmark(
  loader: LoadGenerator,
  runtime: Runtime,
  framework: Framework,
  variants: readonly Variant[],
  settings: InstructionSettings,
  log: (line: string) => void,
): Promise<InstructionCell[]> {
  const jobs = Array.from({ length: settings.repeats }, () => variants).flat();
  const counted: Array<{ variant: Variant } & CountedServer> = [];
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < jobs.length) {
      const variant = jobs[next++]!;
      const server = await countOneServer(loader, runtime, framework, variant, settings);
      log(
        `  ${server.nodeVersion} ${framework} ${variant}: ` +
          `${Math.round(server.sample.mainThreadPerRequest)} instructions/req on the main thread, ` +
          `${Math.round(server.sample.helperThreadsPerRequest)} on helper threads`,
      );
      counted.push({ variant, ...server });
    }
  };
  await Promise.all(Array.from({ length: settings.parallel }, worker));
  return variants.map((variant) => {
    const ofVariant = counted.filter((entry) => entry.variant === variant);
    const samples = ofVariant.map((entry) => entry.sample);
    return {
      nodeVersion: ofVariant[0]!.nodeVersion,
      framework,
      frameworkVersion: ofVariant[0]!.frameworkVersion,
      variant,
      samples,
      mainThreadPerRequest: median(samples.map((sample) => sample.mainThreadPerRequest)),
      helperThreadsPerRequest: median(samples.map((sample) => sample.helperThreadsPerRequest)),
      mainThreadEstimatedCyclesPerRequest: settings.cacheSim
        ? median(samples.map((sample) => sample.mainThreadEstimatedCyclesPerRequest ?? Number.NaN))
        : undefined,
      ...(settings.functions ? { functionsPerRequest: medianByFunction(samples) } : {}),
    };
  });
}
