import { VARIANT_LABELS, type Variant } from '../apps/variants';
import type { LoadCell } from '../load/run-load';
import type { LoadSettings, RunLength } from '../settings';
import { cellsByNodeAndFramework, ratio } from './framework-cells';
import { formatNumber, markdownTable, verdict } from './markdown-table';
import { median } from './stats';

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

/** Throughput and cost table plus the ratio table with the PASS/FAIL of each framework, per Node version. */
export function loadReport(cells: readonly LoadCell[], settings: LoadSettings): string {
  const sections: string[] = [];
  for (const [nodeVersion, frameworks] of cellsByNodeAndFramework(cells)) {
    const rows: string[][] = [];
    const ratioRows: string[][] = [];
    for (const { name, cells: ofFramework } of frameworks) {
      const summaries = new Map<Variant, LoadSummary>(
        ofFramework.map((cell) => [cell.variant, summarize(cell)]),
      );
      for (const [variant, summary] of summaries) {
        rows.push([
          name,
          VARIANT_LABELS[variant],
          formatNumber(summary.requestsPerSecond),
          formatNumber(summary.p99LatencyMs, 1),
          formatNumber(summary.cpuMicrosPerRequest, 1),
        ]);
      }
      const rps = (variant: Variant) => summaries.get(variant)?.requestsPerSecond;
      const cpu = (variant: Variant) => summaries.get(variant)?.cpuMicrosPerRequest;
      const floorRatio = ratio(rps('sessionscope'), rps('floor'));
      ratioRows.push([
        name,
        formatNumber(ratio(rps('sessionscope'), rps('bare')), 3),
        formatNumber(floorRatio, 3),
        formatNumber(ratio(cpu('sessionscope'), cpu('floor')), 3),
        formatNumber(ratio(rps('sessionscope-otel'), rps('bare')), 3),
        formatNumber(ratio(rps('otel-shared-als'), rps('otel-two-als')), 3),
        formatNumber(ratio(cpu('otel-shared-als'), cpu('otel-two-als')), 3),
        verdict(floorRatio === undefined ? undefined : floorRatio >= FLOOR_RATIO_TARGET),
      ]);
    }
    sections.push(
      `### Load, Node ${nodeVersion}\n\n` +
        `Median of ${settings.rounds} interleaved rounds of ${describe(settings.measure)} each, ` +
        `${settings.connections} connections, after ${describe(settings.warmup)} of warm-up per server.\n\n` +
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
