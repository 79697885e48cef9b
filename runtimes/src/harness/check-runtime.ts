import { coreChecks } from '../scenarios/core.ts';
import { httpChecks } from '../scenarios/http.ts';
import { printResults, runChecks } from './checks.ts';
import { type RunningServer, withServer } from './servers.ts';

/** A scenario app under test: the check group it reports as, and how this runtime serves it. */
export type ServedApp = readonly [group: string, serve: () => Promise<RunningServer>];

/**
 * What each runtime entry does: the core checks in-process, then the HTTP checks against each app
 * (served one at a time), the results printed for the matrix, and the exit code set by them.
 */
export async function checkRuntime(apps: readonly ServedApp[]): Promise<never> {
  const results = await runChecks('core', coreChecks);
  for (const [group, serve] of apps) {
    results.push(...(await withServer(serve(), (fetcher) => runChecks(group, httpChecks(fetcher)))));
  }
  process.exit(printResults(results) ? 0 : 1);
}
