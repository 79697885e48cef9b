import { MICRO_ENTRY } from '../entries';
import { BenchChild } from '../process/child';
import type { Runtime } from '../runtimes';
import type { MicroSettings } from '../settings';
import type { MicroResult } from './micro-task';
import type { MicroSuite } from './suites';

/** The results of one micro benchmark suite on one runtime. */
export interface MicroSuiteResult {
  readonly nodeVersion: string;
  readonly suite: MicroSuite;
  readonly results: MicroResult[];
}

/** Runs one suite in a fresh process on `runtime`. */
export async function microBenchmark(
  runtime: Runtime,
  suite: MicroSuite,
  settings: MicroSettings,
): Promise<MicroSuiteResult> {
  const child = await BenchChild.start<{ nodeVersion: string }>(MICRO_ENTRY, {
    execPath: runtime.execPath,
    args: [suite],
  });
  try {
    const results = await child.request<MicroResult[]>('run', { settings });
    return { nodeVersion: child.ready.nodeVersion, suite, results };
  } finally {
    await child.stop();
  }
}
