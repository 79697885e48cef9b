import { VARIANT_LABELS, type Variant } from '../apps/variants';
import type { LoadCell } from '../load/run-load';
import type { Measurement } from '../load/servers';
import type { LoadSettings, RunLength } from '../settings';
import { formatSpread } from './floor-ratio';
import { cellsByNodeAndFramework } from './framework-cells';
import { formatNumber, markdownTable } from './markdown-table';
import { median, type Spread, spreadOf } from './stats';

/** Medians over the rounds of one framework × variant. */
export interface LoadSummary {
  readonly requestsPerSecond: number;
  readonly p99LatencyMs: number;
  readonly cpuMicrosPerRequest: number;
}

export function summarize(cell: LoadCell): LoadSummary {
  return {
    requestsPerSecond: median(cell.rounds.map((round) => round.requestsPerSecond)),
    p99LatencyMs: median(cell.rounds.map((round) => round.p99LatencyMs)),
    cpuMicrosPerRequest: median(cell.rounds.map((round) => round.cpuMicrosPerRequest)),
  };
}

/** `3 s` or `100 requests`. */
export function describeRunLength(length: RunLength): string {
  return 'amount' in length ? `${length.amount} requests` : `${length.durationSeconds} s`;
}

/**
 * `metric` of `numerator` over that of `denominator`, round by round (both were measured in the same
 * round, so drift of the machine between rounds cancels), summarized over the rounds.
 */
export function perRoundRatio(
  numerator: LoadCell | undefined,
  denominator: LoadCell | undefined,
  metric: (round: Measurement) => number,
): Spread | undefined {
  if (numerator === undefined || denominator === undefined) return undefined;
  return spreadOf(numerator.rounds.map((round, index) => metric(round) / metric(denominator.rounds[index]!)));
}

function formatRatio(ratio: Spread | undefined): string {
  return formatNumber(ratio?.median, 3);
}

const requestsPerSecond = (round: Measurement) => round.requestsPerSecond;
const cpuPerRequest = (round: Measurement) => round.cpuMicrosPerRequest;

/** Throughput and cost table plus the ratio table of each framework, per Node version. */
export function loadReport(cells: readonly LoadCell[], settings: LoadSettings): string {
  const sections: string[] = [];
  for (const [nodeVersion, frameworks] of cellsByNodeAndFramework(cells)) {
    const rows: string[][] = [];
    const ratioRows: string[][] = [];
    for (const { name, cells: ofFramework, byVariant } of frameworks) {
      for (const cell of ofFramework) {
        const summary = summarize(cell);
        rows.push([
          name,
          VARIANT_LABELS[cell.variant],
          formatNumber(summary.requestsPerSecond),
          formatNumber(summary.p99LatencyMs, 1),
          formatNumber(summary.cpuMicrosPerRequest, 1),
        ]);
      }
      const ratio = (a: Variant, b: Variant, metric: (round: Measurement) => number) =>
        perRoundRatio(byVariant.get(a), byVariant.get(b), metric);
      const floorRatio = ratio('sessionscope', 'floor', requestsPerSecond);
      ratioRows.push([
        name,
        formatRatio(ratio('sessionscope', 'bare', requestsPerSecond)),
        formatSpread(floorRatio),
        formatSpread(ratio('sessionscope', 'floor', cpuPerRequest)),
        formatRatio(ratio('sessionscope-otel', 'bare', requestsPerSecond)),
        formatRatio(ratio('otel-shared-als', 'otel-two-als', requestsPerSecond)),
        formatRatio(ratio('otel-shared-als', 'otel-two-als', cpuPerRequest)),
      ]);
    }
    sections.push(
      `### Load, Node ${nodeVersion}\n\n` +
        `${settings.rounds} rounds of ${describeRunLength(settings.measure)} per variant, ` +
        `${settings.connections} connections, after ${describeRunLength(settings.warmup)} of warm-up per server; ` +
        'the variants run one after the other, in reverse order every other round. ' +
        'First table: medians over the rounds. Ratios: the median over the rounds of the ratio of ' +
        'two variants within a round, with the middle half of these ratios in brackets. One server ' +
        'process per variant: the (c)/(b) target is judged on the paired runs, which average over ' +
        'many processes.\n\n' +
        markdownTable(['Framework', 'Variant', 'req/s', 'p99 ms', 'server CPU µs/req'], rows) +
        '\n\n' +
        markdownTable(
          [
            'Framework',
            '(c)/(a) req/s',
            '(c)/(b) req/s',
            '(c)/(b) CPU/req',
            '(d)/(a) req/s',
            '(f)/(e) req/s',
            '(f)/(e) CPU/req',
          ],
          ratioRows,
        ),
    );
  }
  return sections.join('\n\n');
}
