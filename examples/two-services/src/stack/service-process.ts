import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { ReadyLine } from '../lifecycle';

/** The example's root directory: services are started from there. */
const EXAMPLE_DIR = fileURLToPath(new URL('../..', import.meta.url));

/** A service running in its own Node process. */
export interface ServiceProcess {
  /** Base URL the service listens on. */
  readonly url: string;
  /** Sends SIGTERM (the service exports its spans and exits) and resolves once it has exited. */
  stop(): Promise<void>;
}

function waitForReady(child: ChildProcess, name: string, stderr: () => string): Promise<string> {
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    lines.on('line', (line) => {
      try {
        const { ready } = JSON.parse(line) as Partial<ReadyLine>;
        if (typeof ready === 'string') resolve(ready);
      } catch {
        // Not the ready line: the service's own output.
      }
    });
    child.once('exit', (code) =>
      reject(new Error(`${name} exited with ${code} before listening:\n${stderr()}`)),
    );
  });
}

/**
 * Starts `src/<entry>` as the way the README does — `node --import tsx --import ./src/telemetry.ts` —
 * so that the OpenTelemetry instrumentation is in place before the service loads `http`.
 */
export async function startServiceProcess(
  entry: string,
  serviceName: string,
  env: Readonly<Record<string, string>>,
): Promise<ServiceProcess> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', '--import', './src/telemetry.ts', `./src/${entry}`],
    {
      cwd: EXAMPLE_DIR,
      env: { ...process.env, ...env, OTEL_SERVICE_NAME: serviceName },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let errors = '';
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
    errors += chunk;
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = await waitForReady(child, serviceName, () => errors);
  return {
    url,
    stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      return exited;
    },
  };
}
