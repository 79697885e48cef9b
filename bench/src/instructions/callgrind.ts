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
 * messages in a log file there instead of on stderr.
 */
export function callgrindLauncher(outDir: string): string[] {
  return [
    'valgrind',
    '--tool=callgrind',
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
      const totals = /^totals:\s*(\d+)/m.exec(readFileSync(join(outDir, file), 'utf8'));
      if (totals === null) throw new Error(`${file}: no totals line`);
      return { thread: Number(file.slice(prefix.length)), instructions: Number(totals[1]) };
    })
    .filter((entry) => entry.instructions > 0)
    .sort((a, b) => a.thread - b.thread);
}
