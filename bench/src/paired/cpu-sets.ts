import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

/**
 * Where the paired runs put their processes (CPU lists as `taskset -c` takes them): both servers of a
 * pair on one CPU, so that the scheduler shares it between them, and the load generators on the rest.
 */
export interface CpuSets {
  readonly servers: string;
  readonly loaders: string;
}

/** The CPUs this process may run on, from `Cpus_allowed_list` (e.g. `0-3,6`); empty when unknown. */
function allowedCpus(): number[] {
  let status: string;
  try {
    status = readFileSync('/proc/self/status', 'utf8');
  } catch {
    return [];
  }
  const list = /^Cpus_allowed_list:\s*(\S+)$/m.exec(status)?.[1] ?? '';
  return list.split(',').flatMap((range) => {
    const [first, last = first] = range.split('-').map(Number);
    if (first === undefined || last === undefined || !Number.isInteger(first) || !Number.isInteger(last)) {
      return [];
    }
    return Array.from({ length: last - first + 1 }, (_, index) => first + index);
  });
}

/**
 * The last allowed CPU for the servers and the others for the load generators, on Linux with
 * `taskset` and at least two CPUs; `undefined` elsewhere (the processes then run where the
 * scheduler puts them).
 */
export function pairedCpuSets(): CpuSets | undefined {
  const cpus = allowedCpus();
  if (cpus.length < 2) return undefined;
  const servers = String(cpus.at(-1));
  if (spawnSync('taskset', ['-c', servers, 'true']).status !== 0) return undefined;
  return { servers, loaders: cpus.slice(0, -1).join(',') };
}

/** The launcher that starts a process on `cpus` (see `ChildOptions.launcher`). */
export function pinnedTo(cpus: string | undefined): readonly string[] | undefined {
  return cpus === undefined ? undefined : ['taskset', '-c', cpus];
}
