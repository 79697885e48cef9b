import { VARIANT_LABELS, type Variant } from '../apps/variants';
import type { InstructionCell } from '../instructions/run-instructions';
import type { InstructionSettings } from '../settings';
import { FLOOR_RATIO_TARGET } from './floor-ratio';
import { cellsByNodeAndFramework, ratio } from './framework-cells';
import { formatNumber, markdownTable, verdict } from './markdown-table';

/**
 * A CPU-bound server's req/s is inversely proportional to its instructions per request, so
 * (c)/(b) req/s ≥ 0.97 corresponds to (c)/(b) instructions ≤ 1 / 0.97.
 */
export const FLOOR_INSTRUCTION_RATIO_LIMIT = 1 / FLOOR_RATIO_TARGET;

const thousands = (count: number | undefined): string =>
  formatNumber(count === undefined ? undefined : count / 1000, 1);

/** Instructions per request and the (c)/(b) verdict of each framework, per Node version. */
export function instructionsReport(cells: readonly InstructionCell[], settings: InstructionSettings): string {
  const sections: string[] = [];
  const withCycles = settings.cacheSim;
  for (const [nodeVersion, frameworks] of cellsByNodeAndFramework(cells)) {
    const rows: string[][] = [];
    const ratioRows: string[][] = [];
    for (const { name, cells: ofFramework, byVariant } of frameworks) {
      for (const cell of ofFramework) {
        rows.push([
          name,
          VARIANT_LABELS[cell.variant],
          thousands(cell.mainThreadPerRequest),
          cell.samples.map((sample) => thousands(sample.mainThreadPerRequest)).join(' / '),
          thousands(cell.helperThreadsPerRequest),
          ...(withCycles ? [thousands(cell.mainThreadEstimatedCyclesPerRequest)] : []),
        ]);
      }
      const main = (variant: Variant) => byVariant.get(variant)?.mainThreadPerRequest;
      const cycles = (variant: Variant) => byVariant.get(variant)?.mainThreadEstimatedCyclesPerRequest;
      const floorRatio = ratio(main('sessionscope'), main('floor'));
      ratioRows.push([
        name,
        formatNumber(ratio(main('floor'), main('bare')), 3),
        formatNumber(ratio(main('sessionscope'), main('bare')), 3),
        formatNumber(floorRatio, 3),
        verdict(floorRatio === undefined ? undefined : floorRatio <= FLOOR_INSTRUCTION_RATIO_LIMIT),
        ...(withCycles ? [formatNumber(ratio(cycles('sessionscope'), cycles('floor')), 3)] : []),
      ]);
    }
    sections.push(
      `### Instructions per request, Node ${nodeVersion}\n\n` +
        `Counted by callgrind over ${settings.measure} requests on one connection, after ` +
        `${settings.warmup} requests of warm-up, ${settings.idleMs} ms idle and forced GC, with semi-spaces ` +
        `fixed at ${settings.semiSpaceMB} MB; ` +
        `median of ${settings.repeats} server processes per variant, in thousands of instructions per request. ` +
        'Helper threads (mostly late optimizing compilations) are shown for completeness; they are no per-request cost.' +
        (withCycles
          ? ' Estimated cycles (cache simulation): main-thread instructions + 10 × L1 misses + 100 × last-level misses.'
          : '') +
        '\n\n' +
        markdownTable(
          [
            'Framework',
            'Variant',
            'main thread',
            'samples',
            'helper threads',
            ...(withCycles ? ['main thread, est. cycles'] : []),
          ],
          rows,
        ) +
        '\n\n' +
        markdownTable(
          [
            'Framework',
            '(b)/(a)',
            '(c)/(a)',
            '(c)/(b)',
            `(c)/(b) ≤ ${FLOOR_INSTRUCTION_RATIO_LIMIT.toFixed(3)}`,
            ...(withCycles ? ['(c)/(b) est. cycles'] : []),
          ],
          ratioRows,
        ),
    );
  }
  return sections.join('\n\n');
}
