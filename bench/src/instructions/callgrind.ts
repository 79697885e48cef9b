import { execFile } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Instructions one thread of a process executed while callgrind's instrumentation was on. */
export interface ThreadInstructions {
  /** Callgrind's thread number: 1 is the main thread (JavaScript, scavenges); the others are V8's helpers. */
  readonly thread: number;
  readonly instructions: number;
  /**
   * With the cache simulation: instructions + 10 × L1 misses + 100 × last-level misses (the estimate
   * KCachegrind uses), which also counts what the extra cache misses of a variant cost.
   */
  readonly estimatedCycles: number | undefined;
}

/** Cycles an L1 miss and a last-level miss add in {@link ThreadInstructions.estimatedCycles}. */
const L1_MISS_CYCLES = 10;
const LAST_LEVEL_MISS_CYCLES = 100;
const L1_MISS_EVENTS = ['I1mr', 'D1mr', 'D1mw'];
const LAST_LEVEL_MISS_EVENTS = ['ILmr', 'DLmr', 'DLmw'];

/** Reads the `events:` and `totals:` lines of one callgrind output file. */
export function parseCallgrindTotals(
  text: string,
): Pick<ThreadInstructions, 'instructions' | 'estimatedCycles'> {
  const events = /^events:\s*(.*)$/m.exec(text)?.[1]?.trim().split(/\s+/);
  const totals = /^totals:\s*(.*)$/m.exec(text)?.[1]?.trim().split(/\s+/).map(Number);
  if (events === undefined || totals === undefined) throw new Error('no events or totals line');
  const total = (event: string): number => totals[events.indexOf(event)] ?? 0;
  const instructions = total('Ir');
  if (!events.includes('D1mr')) return { instructions, estimatedCycles: undefined };
  const sum = (names: string[]): number => names.reduce((count, name) => count + total(name), 0);
  return {
    instructions,
    estimatedCycles:
      instructions +
      L1_MISS_CYCLES * sum(L1_MISS_EVENTS) +
      LAST_LEVEL_MISS_CYCLES * sum(LAST_LEVEL_MISS_EVENTS),
  };
}

/** Whether `valgrind` (with callgrind) can be started on this machine. */
export async function callgrindAvailable(): Promise<boolean> {
  try {
    await run('valgrind', ['--version']);
    await run('callgrind_control', ['--version']);
    return true;
  } catch {
    return false;
  }
}

/**
 * The command prefix that runs a program under callgrind, counting nothing until
 * `setInstrumentation(pid, true)`, with one output file per thread in `outDir` and valgrind's own
 * messages in a log file there instead of on stderr. `cacheSim` adds the cache simulation (slower),
 * from which {@link ThreadInstructions.estimatedCycles} is computed.
 */
export function callgrindLauncher(outDir: string, cacheSim: boolean): string[] {
  return [
    'valgrind',
    '--tool=callgrind',
    ...(cacheSim ? ['--cache-sim=yes'] : []),
    '--instr-atstart=no',
    '--separate-threads=yes',
    `--callgrind-out-file=${join(outDir, 'callgrind.out.%p')}`,
    `--log-file=${join(outDir, 'valgrind.log.%p')}`,
  ];
}

/** Switches the counting of the callgrind-run process `pid` on or off. */
export async function setInstrumentation(pid: number, on: boolean): Promise<void> {
  await run('callgrind_control', ['--instr', on ? 'on' : 'off', String(pid)]);
}

/**
 * Per-thread instruction counts of process `pid` from the files callgrind wrote to `outDir` when the
 * process ended. Threads that ran no instruction while counting are left out.
 */
export function readThreadInstructions(outDir: string, pid: number): ThreadInstructions[] {
  const prefix = `callgrind.out.${pid}-`;
  return readdirSync(outDir)
    .filter((file) => file.startsWith(prefix))
    .map((file) => {
      try {
        const totals = parseCallgrindTotals(readFileSync(join(outDir, file), 'utf8'));
        return { thread: Number(file.slice(prefix.length)), ...totals };
      } catch (error) {
        throw new Error(`${file}: ${(error as Error).message}`);
      }
    })
    .filter((entry) => entry.instructions > 0)
    .sort((a, b) => a.thread - b.thread);
}

/** The callgrind output of process `pid`'s main thread (thread 1), written to `outDir` when the process ended. */
export function readMainThreadOutput(outDir: string, pid: number): string {
  const prefix = `callgrind.out.${pid}-`;
  const file = readdirSync(outDir).find(
    (name) => name.startsWith(prefix) && Number(name.slice(prefix.length)) === 1,
  );
  if (file === undefined) throw new Error(`no callgrind output of the main thread of ${pid} in ${outDir}`);
  return readFileSync(join(outDir, file), 'utf8');
}
