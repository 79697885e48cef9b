import type { MicroSuiteResult } from '../micro/run-micro';
import { formatNumber, markdownTable, verdict } from './markdown-table';

/** `getUserSessionContext()` in a scope must take less than this many nanoseconds. */
export const GET_CONTEXT_TARGET_NS = 100;
/** `trace(fn)` may cost at most this multiple of the hand-written `startActiveSpan`. */
export const TRACE_RATIO_TARGET = 1.1;

const GET_CONTEXT_TASK = 'getUserSessionContext() in a scope';
const TRACE_PAIRS = [
  ['trace(fn) sync', 'hand-written startActiveSpan sync'],
  ['trace(fn) async', 'hand-written startActiveSpan async'],
] as const;

function nsOf(suite: MicroSuiteResult | undefined, name: string): number | undefined {
  return suite?.results.find((result) => result.name === name)?.nsPerCall;
}

/** Every micro result, then the targets with PASS/FAIL, per Node version. */
export function microReport(suites: readonly MicroSuiteResult[]): string {
  const sections: string[] = [];
  for (const nodeVersion of new Set(suites.map((suite) => suite.nodeVersion))) {
    const onNode = suites.filter((suite) => suite.nodeVersion === nodeVersion);
    const rows = onNode.flatMap((suite) =>
      suite.results.map((result) => [
        suite.suite,
        result.name,
        formatNumber(result.nsPerCall, 1),
        `${formatNumber(result.spreadPercent, 0)} %`,
      ]),
    );
    const targets: string[][] = [];
    const getContext = nsOf(
      onNode.find((suite) => suite.suite === 'context'),
      GET_CONTEXT_TASK,
    );
    targets.push([
      GET_CONTEXT_TASK,
      `${formatNumber(getContext, 1)} ns`,
      `< ${GET_CONTEXT_TARGET_NS} ns`,
      verdict(getContext === undefined ? undefined : getContext < GET_CONTEXT_TARGET_NS),
    ]);
    for (const suiteName of ['trace-no-sdk', 'trace-sdk'] as const) {
      const suite = onNode.find((candidate) => candidate.suite === suiteName);
      if (suite === undefined) continue;
      for (const [traced, handWritten] of TRACE_PAIRS) {
        const tracedNs = nsOf(suite, traced);
        const handNs = nsOf(suite, handWritten);
        const ratio = tracedNs === undefined || handNs === undefined ? undefined : tracedNs / handNs;
        targets.push([
          `${suiteName}: ${traced} / ${handWritten}`,
          `${formatNumber(ratio, 3)}×`,
          `≤ ${TRACE_RATIO_TARGET}×`,
          verdict(ratio === undefined ? undefined : ratio <= TRACE_RATIO_TARGET),
        ]);
      }
    }
    sections.push(
      `### Micro benchmarks, Node ${nodeVersion}\n\n` +
        markdownTable(['Suite', 'Benchmark', 'ns/call', 'spread of passes'], rows) +
        '\n\n' +
        markdownTable(['Target', 'Measured', 'Target', 'Verdict'], targets),
    );
  }
  return sections.join('\n\n');
}
