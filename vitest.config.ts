import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';
import { LongRunningFirst } from './vitest.sequencer';

export default defineConfig({
  test: {
    include: [
      'packages/*/test/**/*.test.ts',
      'test/**/*.test.ts',
      'examples/*/test/**/*.test.ts',
      'bench/test/**/*.test.ts',
    ],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
    // Vitest's default leaves one core to itself: a single worker on a 2-core machine like CI's.
    maxWorkers: Math.max(2, availableParallelism() - 1),
    sequence: { sequencer: LongRunningFirst },
    // A test that ends without running any expect() fails: catches tests whose assertions all sit in
    // a callback the code under test never called.
    expect: { requireAssertions: true },
  },
});
