import { readFileSync } from 'node:fs';

/**
 * CPU time the process's main thread (JavaScript, the HTTP parser, scavenges) has run, in
 * microseconds, from Linux's scheduler statistics (`/proc/self/task/<pid>/schedstat`, nanoseconds,
 * the main thread's id being the process id); `undefined` where they do not exist. Unlike
 * `process.cpuUsage()`, it leaves out V8's helper threads (optimizing compiler, GC helpers).
 */
export function mainThreadCpuMicros(): number | undefined {
  try {
    const nanoseconds = Number(
      readFileSync(`/proc/self/task/${process.pid}/schedstat`, 'utf8').split(' ')[0],
    );
    return Number.isFinite(nanoseconds) ? nanoseconds / 1000 : undefined;
  } catch {
    return undefined;
  }
}
