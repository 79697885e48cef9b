import { VARIANT_LABELS, type Variant } from '../apps/variants';
import type { LoadCell } from '../load/run-load';
import type { Measurement } from '../load/servers';
import type { LoadSettings, RunLength } from '../settings';
import { cellsByNodeAndFramework } from './framework-cells';
import { formatNumber, markdownTable } from './markdown-table';
import { median, type Spread, spreadOf } from './stats';

/** (c)/(b) req/s must reach this: sessionscope costs at most 3 % over the hand-written floor. */
export const FLOOR_RATIO_TARGET = 0.97;

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

function describe(length: RunLength): string {
  return 'amount' in length ? `${length.amount} requests` : `${length.durationSeconds} s`;
}

/**
 * `metric` of `numerator` over that of `denominator`, round by round (both were measured in the same
 * round, so drift of the machine between rounds cancels), summarized over the rounds.
 */
export function pairedRatio(
  numerator: LoadCell | undefined,
  denominator: LoadCell | undefined,
  metric: (round: Measurement) => number,
): Spread | undefined {
  if (numerator === undefined || denominator === undefined) return undefined;
  return spreadOf(numerator.rounds.map((round, index) => metric(round) / metric(denominator.rounds[index]!)));
}

/**
 * PASS when the middle half of the per-round (c)/(b) ratios reaches the target, FAIL when all of it
 * stays below, `unclear` when the run was too noisy to tell.
 */
export function floorVerdict(ratio: Spread | undefined): string {
  if (ratio === undefined) return 'n/a';
  if (ratio.lowerQuartile >= FLOOR_RATIO_TARGET) return 'PASS';
  if (ratio.upperQuartile < FLOOR_RATIO_TARGET) return 'FAIL';
  return 'unclear';
}

function formatRatio(ratio: Spread | undefined): string {
  return formatNumber(ratio?.median, 3);
}

function formatRatioWithSpread(ratio: Spread | undefined): string {
  if (ratio === undefined) return 'n/a';
  const quartiles = `${formatNumber(ratio.lowerQuartile, 3)}–${formatNumber(ratio.upperQuartile, 3)}`;
  return `${formatNumber(ratio.median, 3)} (${quartiles})`;
}

const requestsPerSecond = (round: Measurement) => round.requestsPerSecond;
const cpuPerRequest = (round: Measurement) => round.cpuMicrosPerRequest;

/** Throughput and cost table plus the ratio table with the PASS/FAIL of each framework, per Node version. */
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
        pairedRatio(byVariant.get(a), byVariant.get(b), metric);
      const floorRatio = ratio('sessionscope', 'floor', requestsPerSecond);
      ratioRows.push([
        name,
        formatRatio(ratio('sessionscope', 'bare', requestsPerSecond)),
        formatRatioWithSpread(floorRatio),
        formatRatioWithSpread(ratio('sessionscope', 'floor', cpuPerRequest)),
        formatRatio(ratio('sessionscope-otel', 'bare', requestsPerSecond)),
        formatRatio(ratio('otel-shared-als', 'otel-two-als', requestsPerSecond)),
        formatRatio(ratio('otel-shared-als', 'otel-two-als', cpuPerRequest)),
        floorVerdict(floorRatio),
      ]);
    }
    sections.push(
      `### Load, Node ${nodeVersion}\n\n` +
        `${settings.rounds} rounds of ${describe(settings.measure)} per variant, ` +
        `${settings.connections} connections, after ${describe(settings.warmup)} of warm-up per server; ` +
        'the variants run one after the other, in reverse order every other round. ' +
        'First table: medians over the rounds. Ratios: the median over the rounds of the ratio of ' +
        'two variants within a round, with the middle half of these ratios in brackets; the verdict ' +
        'needs the whole middle half on one side of the target, else it is `unclear`.\n\n' +
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
            `(c)/(b) ≥ ${FLOOR_RATIO_TARGET}`,
          ],
          ratioRows,
        ),
    );
  }
  return sections.join('\n\n');
}
