import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { FRAMEWORKS } from '../src/apps/frameworks';
import { FLOOR_COMPARISON_VARIANTS, VARIANTS } from '../src/apps/variants';
import { callgrindAvailable } from '../src/instructions/callgrind';
import { MICRO_SUITES } from '../src/micro/suites';
import type { BenchResults } from '../src/results';

const run = promisify(execFile);
const benchDir = fileURLToPath(new URL('..', import.meta.url));
const tsup = createRequire(import.meta.url).resolve('tsup/dist/cli-default.js');
const workDir = mkdtempSync(join(tmpdir(), 'sessionscope-bench-'));

afterAll(() => rmSync(workDir, { recursive: true, force: true }));

// Runs `pnpm bench --quick` as CI would, to keep every code path of the benchmark working.
// Timings are never asserted: only that each section measured what it claims.
describe('pnpm bench --quick', () => {
  it('measures every framework × variant, floor/sessionscope pairs, every micro suite, every adapter’s heap, instruction counts by function and allocations', async () => {
    await run(process.execPath, [tsup, '--silent'], { cwd: benchDir });
    const jsonPath = join(workDir, 'results.json');
    const { stdout } = await run(process.execPath, ['dist/cli.js', '--quick', '--json', jsonPath], {
      cwd: benchDir,
      maxBuffer: 16 * 1024 * 1024,
    });
    const results = JSON.parse(readFileSync(jsonPath, 'utf8')) as BenchResults;
    const nodeVersions = [...new Set(results.load.map((cell) => cell.nodeVersion))];

    expect(nodeVersions).toContain(process.version);
    expect(nodeVersions.some((version) => version.startsWith('v24.'))).toBe(true);
    for (const nodeVersion of nodeVersions) {
      // Quick mode runs every framework on this Node, and one on Node 24 (the code paths are the same).
      for (const framework of nodeVersion === process.version ? FRAMEWORKS : FRAMEWORKS.slice(0, 1)) {
        for (const variant of VARIANTS) {
          const cell = results.load.find(
            (candidate) =>
              candidate.nodeVersion === nodeVersion &&
              candidate.framework === framework &&
              candidate.variant === variant,
          );
          expect(cell?.rounds.length, `${nodeVersion} ${framework} ${variant}`).toBeGreaterThan(0);
          for (const round of cell!.rounds) {
            expect(round.ok).toBeGreaterThan(0);
            expect(round.failed).toBe(0);
            expect(round.cpuMicrosPerRequest).toBeGreaterThan(0);
          }
        }
      }
      for (const suite of MICRO_SUITES) {
        const micro = results.micro.find(
          (entry) => entry.nodeVersion === nodeVersion && entry.suite === suite,
        );
        expect(micro?.results.length, `${nodeVersion} ${suite}`).toBeGreaterThan(0);
        for (const result of micro!.results) expect(result.nsPerCall).toBeGreaterThan(0);
      }
    }
    // Quick mode runs the pairs of the first framework on this Node: comparisons and a calibration.
    expect(results.paired.map((cell) => `${cell.nodeVersion} ${cell.framework}`)).toEqual([
      `${process.version} ${FRAMEWORKS[0]}`,
    ]);
    const pairs = results.paired[0]!.pairs;
    expect(pairs.map((pair) => pair.kind)).toEqual(['comparison', 'comparison', 'calibration']);
    for (const pair of pairs) {
      expect(pair.rounds.length).toBeGreaterThan(0);
      for (const round of pair.rounds) {
        for (const slot of [0, 1]) {
          expect(round.served[slot]).toBeGreaterThan(0);
          expect(round.cpuMicrosPerRequest[slot]).toBeGreaterThan(0);
          // Linux reports the main thread's CPU time on its own.
          if (process.platform === 'linux')
            expect(round.mainThreadCpuMicrosPerRequest?.[slot]).toBeGreaterThan(0);
        }
      }
    }
    expect(results.memory.map((entry) => entry.framework)).toEqual([...FRAMEWORKS]);
    for (const entry of results.memory) expect(entry.requests).toBeGreaterThan(0);

    // Quick mode counts the heap allocations of the first framework on this Node.
    expect(
      results.allocations.map((cell) => `${cell.nodeVersion} ${cell.framework} ${cell.variant}`),
    ).toEqual(FLOOR_COMPARISON_VARIANTS.map((variant) => `${process.version} ${FRAMEWORKS[0]} ${variant}`));
    for (const cell of results.allocations) expect(cell.bytesPerRequest).toBeGreaterThan(0);

    const headings = [
      '### Load, Node',
      '### (c)/(b) in paired runs, Node',
      '### Micro benchmarks, Node',
      '### Memory',
      '### Heap allocations per request, Node',
    ];
    // Instruction counts need valgrind; quick mode counts the first framework on this Node, with the cache simulation.
    if (await callgrindAvailable()) {
      expect(results.instructions.map((cell) => `${cell.framework} ${cell.variant}`)).toEqual(
        FLOOR_COMPARISON_VARIANTS.map((variant) => `${FRAMEWORKS[0]} ${variant}`),
      );
      for (const cell of results.instructions) {
        expect(cell.nodeVersion).toBe(process.version);
        expect(cell.samples[0]!.requests).toBeGreaterThan(0);
        expect(cell.mainThreadPerRequest).toBeGreaterThan(0);
        expect(cell.helperThreadsPerRequest).toBeGreaterThanOrEqual(0);
        // Quick mode also simulates the caches: every miss adds to the estimate.
        expect(cell.mainThreadEstimatedCyclesPerRequest).toBeGreaterThan(cell.mainThreadPerRequest);
      }
      headings.push('### Instructions per request, Node');
      // And attributes them to functions: sessionscope's own code runs in (c) only.
      const runsCore = (variant: string): boolean =>
        Object.entries(
          results.instructions.find((cell) => cell.variant === variant)!.functionsPerRequest!,
        ).some(([name, instructions]) => name.includes('packages/core/dist/') && instructions > 0);
      expect(runsCore('sessionscope')).toBe(true);
      expect(runsCore('floor')).toBe(false);
      headings.push("### Where (c)'s instructions over (b)'s go");
    } else {
      expect(results.instructions).toEqual([]);
    }
    for (const heading of headings) expect(stdout).toContain(heading);
    expect(stdout).toMatch(/\| (PASS|FAIL) \|/);
  }, 180_000);
});
