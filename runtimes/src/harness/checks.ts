/** One named assertion run on a runtime; it throws (an `AssertionError`) when the runtime fails it. */
export interface Check {
  readonly name: string;
  run(): Promise<void>;
}

/** The outcome of one {@link Check}. */
export interface CheckResult {
  readonly name: string;
  readonly ok: boolean;
  readonly error?: string;
}

/** Prefix of the one summary line a runtime prints for the matrix runner to read. */
export const RESULT_LINE_PREFIX = 'SESSIONSCOPE_RESULT ';

/** What a runtime reports in its summary line. */
export interface RunSummary {
  readonly passed: number;
  readonly failed: number;
  /** The check groups that ran, e.g. `core`, `hono`. */
  readonly groups: readonly string[];
}

function describeError(error: unknown): string {
  if (error instanceof Error) return error.stack ?? `${error.name}: ${error.message}`;
  return String(error);
}

/** Runs `checks` one after the other; each result is named `group: check`. */
export async function runChecks(group: string, checks: readonly Check[]): Promise<CheckResult[]> {
  const results: CheckResult[] = [];
  for (const check of checks) {
    const name = `${group}: ${check.name}`;
    try {
      await check.run();
      results.push({ name, ok: true });
    } catch (error) {
      results.push({ name, ok: false, error: describeError(error) });
    }
  }
  return results;
}

/** Prints one line per result and the summary line; returns whether every check passed. */
export function printResults(results: readonly CheckResult[]): boolean {
  for (const result of results) {
    console.log(`${result.ok ? '✓' : '✗'} ${result.name}`);
    if (result.error !== undefined) console.log(result.error.replace(/^/gm, '    '));
  }
  const failed = results.filter((result) => !result.ok).length;
  const groups = [...new Set(results.map((result) => result.name.split(':')[0]!))];
  const summary: RunSummary = { passed: results.length - failed, failed, groups };
  console.log(RESULT_LINE_PREFIX + JSON.stringify(summary));
  return failed === 0;
}
