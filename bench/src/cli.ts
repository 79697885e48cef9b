/**
 * `pnpm bench [--quick] [--json file] [--sections load,paired,micro,memory,instructions,allocations] [--frameworks express,koa,hono]
 *   [--variants bare,floor,…] [--skip-node24] [--rounds N] [--duration seconds] [--cache-sim] [--functions]`
 * Progress goes to stderr, the Markdown report to stdout.
 */
import { writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { type AllocationCell, allocationBenchmark } from './allocations/run-allocations';
import { FRAMEWORKS, type Framework, isFramework } from './apps/frameworks';
import { FLOOR_COMPARISON_VARIANTS, isVariant, VARIANTS, type Variant } from './apps/variants';
import { LOADER_ENTRY } from './entries';
import { callgrindAvailable } from './instructions/callgrind';
import { type InstructionCell, instructionBenchmark } from './instructions/run-instructions';
import { type LoadCell, loadBenchmark } from './load/run-load';
import { memoryBenchmark } from './memory/run-memory';
import { type MicroSuiteResult, microBenchmark } from './micro/run-micro';
import { MICRO_SUITES } from './micro/suites';
import { pairedCpuSets, pinnedTo } from './paired/cpu-sets';
import { type PairedCell, type PairLoaders, pairedLoadBenchmark } from './paired/run-paired';
import { BenchChild } from './process/child';
import { markdownReport } from './report/report';
import type { BenchResults } from './results';
import { benchmarkRuntimes, type Runtime } from './runtimes';
import { type BenchSettings, type Coverage, FULL_SETTINGS, QUICK_SETTINGS } from './settings';

const SECTIONS = ['load', 'paired', 'micro', 'memory', 'instructions', 'allocations'] as const;

function listOption<T extends string>(
  value: string | undefined,
  all: readonly T[],
  isValid: (name: string) => name is T,
): T[] {
  if (value === undefined) return [...all];
  const names = value.split(',').map((name) => name.trim());
  const invalid = names.filter((name) => !isValid(name));
  if (invalid.length > 0) throw new Error(`unknown: ${invalid.join(', ')} (known: ${all.join(', ')})`);
  return names as T[];
}

const { values } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    json: { type: 'string' },
    sections: { type: 'string' },
    frameworks: { type: 'string' },
    variants: { type: 'string' },
    'skip-node24': { type: 'boolean', default: false },
    rounds: { type: 'string' },
    duration: { type: 'string' },
    'cache-sim': { type: 'boolean', default: false },
    functions: { type: 'boolean', default: false },
  },
});

const chosen = values.quick ? QUICK_SETTINGS : FULL_SETTINGS;
const settings: BenchSettings = {
  ...chosen,
  load: {
    ...chosen.load,
    ...(values.rounds === undefined ? {} : { rounds: Number(values.rounds) }),
    ...(values.duration === undefined ? {} : { measure: { durationSeconds: Number(values.duration) } }),
  },
  instructions: {
    ...chosen.instructions,
    cacheSim: chosen.instructions.cacheSim || values['cache-sim'],
    functions: chosen.instructions.functions || values.functions,
  },
};
const sections = listOption(values.sections, SECTIONS, (name): name is (typeof SECTIONS)[number] =>
  (SECTIONS as readonly string[]).includes(name),
);
const frameworks = listOption<Framework>(values.frameworks, FRAMEWORKS, isFramework);
const variants = listOption<Variant>(values.variants, VARIANTS, isVariant);
const runtimes = values['skip-node24'] ? benchmarkRuntimes().slice(0, 1) : benchmarkRuntimes();
const startedAt = performance.now();
const log = (line: string): void => {
  process.stderr.write(`[${((performance.now() - startedAt) / 1000).toFixed(1)} s] ${line}\n`);
};

/** The runtime × framework pairs a section covers (see {@link Coverage}). */
function covered(coverage: Coverage): Array<readonly [Runtime, Framework]> {
  const onRuntimes = coverage === 'all' ? runtimes : runtimes.slice(0, 1);
  const onFrameworks = coverage === 'all' ? frameworks : frameworks.slice(0, 1);
  return onRuntimes.flatMap((runtime) => onFrameworks.map((framework) => [runtime, framework] as const));
}

const results: BenchResults = {
  settings,
  machine: {
    cpus: availableParallelism(),
    cpuModel: cpus()[0]?.model ?? 'unknown',
    loadAverageAtStart: loadavg()[0] ?? 0,
    startedAt: new Date().toISOString(),
  },
  load: [] as LoadCell[],
  paired: [] as PairedCell[],
  micro: [] as MicroSuiteResult[],
  memory: [],
  instructions: [] as InstructionCell[],
  allocations: [] as AllocationCell[],
};

const loader = await BenchChild.start<object>(LOADER_ENTRY);
try {
  if (sections.includes('load')) {
    for (const [index, runtime] of runtimes.entries()) {
      const onRuntime =
        index > 0 && settings.load.laterRuntimeFrameworks === 'first' ? frameworks.slice(0, 1) : frameworks;
      for (const framework of onRuntime) {
        log(`load: ${framework} on Node ${runtime.version}`);
        results.load.push(...(await loadBenchmark(loader, runtime, framework, variants, settings.load, log)));
      }
    }
  }
  if (sections.includes('paired')) {
    const cpuSets = pairedCpuSets();
    const startPairLoader = () =>
      BenchChild.start<object>(LOADER_ENTRY, { launcher: pinnedTo(cpuSets?.loaders) });
    const pairLoaders: PairLoaders = await Promise.all([startPairLoader(), startPairLoader()]);
    try {
      for (const [runtime, framework] of covered(settings.paired.coverage)) {
        log(`paired: ${framework} on Node ${runtime.version}`);
        results.paired.push(
          await pairedLoadBenchmark(runtime, framework, pairLoaders, settings.paired, cpuSets, log),
        );
      }
    } finally {
      await Promise.all(pairLoaders.map((pairLoader) => pairLoader.stop()));
    }
  }
  if (sections.includes('micro')) {
    for (const runtime of runtimes) {
      for (const suite of MICRO_SUITES) {
        log(`micro: ${suite} on Node ${runtime.version}`);
        results.micro.push(await microBenchmark(runtime, suite, settings.micro));
      }
    }
  }
  if (sections.includes('memory')) {
    for (const framework of frameworks) {
      log(`memory: ${framework} on Node ${runtimes[0]!.version}`);
      results.memory.push(await memoryBenchmark(loader, runtimes[0]!, framework, settings.memory));
    }
  }
  const perRequestVariants = FLOOR_COMPARISON_VARIANTS.filter((variant) => variants.includes(variant));
  if (sections.includes('instructions')) {
    if (await callgrindAvailable()) {
      for (const [runtime, framework] of covered(settings.instructions.coverage)) {
        log(`instructions: ${framework} on Node ${runtime.version}`);
        results.instructions.push(
          ...(await instructionBenchmark(
            loader,
            runtime,
            framework,
            perRequestVariants,
            settings.instructions,
            log,
          )),
        );
      }
    } else {
      log('instructions: skipped, valgrind and callgrind_control are not installed');
    }
  }
  if (sections.includes('allocations')) {
    for (const [runtime, framework] of covered(settings.allocations.coverage)) {
      log(`allocations: ${framework} on Node ${runtime.version}`);
      results.allocations.push(
        ...(await allocationBenchmark(
          loader,
          runtime,
          framework,
          perRequestVariants,
          settings.allocations,
          log,
        )),
      );
    }
  }
} finally {
  await loader.stop();
}

if (values.json !== undefined) writeFileSync(values.json, `${JSON.stringify(results, null, 2)}\n`);
process.stdout.write(markdownReport(results));
