import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * The test files that run for tens of seconds (they start servers and load them), longest first.
 * Without the durations of an earlier run (a clean clone, as in CI) vitest starts the largest files
 * first, which left these to the end of the run, each on one worker while the other sat idle.
 */
const LONG_RUNNING = [
  'bench/test/quick.test.ts',
  'test/conformance/conformance.test.ts',
  'examples/demo/test/demo-cli.test.ts',
];

function rank(file: TestSpecification): number {
  const index = LONG_RUNNING.findIndex((path) => file.moduleId.endsWith(path));
  return index === -1 ? LONG_RUNNING.length : index;
}

/** Vitest's own order, with the {@link LONG_RUNNING} files moved to the front. */
export class LongRunningFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    return sorted.sort((a, b) => rank(a) - rank(b)); // stable: the rest keeps vitest's order
  }
}
