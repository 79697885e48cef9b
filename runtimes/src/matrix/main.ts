/**
 * `pnpm test:runtimes`: runs every leg of the runtime matrix one after the other (the machine may
 * have 2 cores), prints a summary with timings, and with `--write-readme` puts the "Runtimes" table
 * into the root README. `--only node22,bun` runs some legs. Exits non-zero when any leg fails.
 *
 * Runs on the pinned Node 24 (which runs TypeScript without a build step); `@sessionscope/*` are
 * used through their built `dist/`, so build the packages first (`pnpm test:runtimes` does).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { LEGS, type Leg, REPO_ROOT } from './legs.ts';
import { type LegResult, legPassed, runtimesTable, writeRuntimesTable } from './table.ts';

/** No leg may run longer than this: a hang fails the leg instead of the CI run. */
const LEG_TIMEOUT_MS = 5 * 60_000;

const { values: options } = parseArgs({
  options: { only: { type: 'string' }, 'write-readme': { type: 'boolean', default: false } },
});

function selectedLegs(): readonly Leg[] {
  if (options.only === undefined) return LEGS;
  const ids = new Set(options.only.split(','));
  const unknown = [...ids].filter((id) => !LEGS.some((leg) => leg.id === id));
  if (unknown.length > 0)
    throw new Error(`unknown legs ${unknown.join(', ')}; known: ${LEGS.map((leg) => leg.id).join(', ')}`);
  return LEGS.filter((leg) => ids.has(leg.id));
}

async function runLeg(leg: Leg, reportDirectory: string): Promise<LegResult> {
  const reportFile = join(reportDirectory, `${leg.id}.json`);
  const [binary, ...args] = leg.command(reportFile);
  console.log(`\n━━ ${leg.id}: ${leg.runtime}`);
  const started = performance.now();
  const child = spawn(binary, args, {
    cwd: REPO_ROOT,
    env: { ...process.env, ...leg.env },
    stdio: ['ignore', 'pipe', 'inherit'],
    timeout: LEG_TIMEOUT_MS,
  });
  let stdout = '';
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (chunk: string) => {
    stdout += chunk;
    process.stdout.write(chunk);
  });
  const exitCode = await new Promise<number | null>((resolve) => {
    child.on('error', (error) => {
      console.error(`${leg.id}: could not start ${binary}: ${error.message}`);
      resolve(null);
    });
    child.on('close', (code) => resolve(code));
  });
  const seconds = (performance.now() - started) / 1000;
  return {
    id: leg.id,
    runtime: leg.runtime,
    outcome: leg.readOutcome(stdout, reportFile),
    exitCode,
    seconds,
  };
}

const legs = selectedLegs();
const reportDirectory = mkdtempSync(join(tmpdir(), 'sessionscope-runtimes-'));
const results: LegResult[] = [];
try {
  for (const leg of legs) results.push(await runLeg(leg, reportDirectory));
} finally {
  rmSync(reportDirectory, { recursive: true, force: true });
}

console.log('\n━━ runtime matrix');
for (const result of results) {
  const counts =
    result.outcome === undefined
      ? 'no report'
      : `${result.outcome.passed} passed, ${result.outcome.failed} failed`;
  console.log(
    `${legPassed(result) ? '✓' : '✗'} ${result.id.padEnd(14)} ${result.seconds.toFixed(1).padStart(6)} s  ${counts}`,
  );
}
const table = runtimesTable(results);
console.log(`\n${table}`);
if (options['write-readme']) {
  writeRuntimesTable(join(REPO_ROOT, 'README.md'), table);
  console.log('\nREADME.md: Runtimes table updated');
}
process.exitCode = results.every(legPassed) ? 0 : 1;
