import { type PairKind, type PairRound, pairRatio } from '../paired/pairs';
import type { PairedCell } from '../paired/run-paired';
import type { PairedLoadSettings } from '../settings';
import { FLOOR_RATIO_TARGET, floorVerdict, formatSpread } from './floor-ratio';
import { describeRunLength } from './load-report';
import { markdownTable } from './markdown-table';
import { type Spread, spreadOf } from './stats';

/** The ratios of the cell's pairs of `kind` in `metric`, over the pairs. */
function overPairs(cell: PairedCell, kind: PairKind, metric: keyof PairRound): Spread | undefined {
  const ratios = cell.pairs.filter((pair) => pair.kind === kind).map((pair) => pairRatio(pair, metric));
  const measured = ratios.filter((ratio) => ratio !== undefined);
  return measured.length === 0 || measured.length < ratios.length ? undefined : spreadOf(measured);
}

function placement(cell: PairedCell | undefined): string {
  const cpuSets = cell?.cpuSets;
  if (cpuSets === undefined) return 'The processes were not pinned to CPUs (no `taskset`, or one CPU).';
  return (
    `Both servers of a pair ran on CPU ${cpuSets.servers} (\`taskset\`), ` +
    `the load generators on CPU ${cpuSets.loaders}.`
  );
}

/** The (c)/(b) verdict of each framework from the paired runs, per Node version. */
export function pairedReport(cells: readonly PairedCell[], settings: PairedLoadSettings): string {
  const sections: string[] = [];
  for (const nodeVersion of new Set(cells.map((cell) => cell.nodeVersion))) {
    const onNode = cells.filter((cell) => cell.nodeVersion === nodeVersion);
    const withMainThread = onNode.some(
      (cell) => overPairs(cell, 'comparison', 'mainThreadCpuMicrosPerRequest') !== undefined,
    );
    const rows = onNode.map((cell) => {
      const served = overPairs(cell, 'comparison', 'served');
      return [
        `${cell.framework} ${cell.frameworkVersion}`,
        formatSpread(served),
        formatSpread(overPairs(cell, 'comparison', 'cpuMicrosPerRequest')),
        ...(withMainThread
          ? [formatSpread(overPairs(cell, 'comparison', 'mainThreadCpuMicrosPerRequest'))]
          : []),
        formatSpread(overPairs(cell, 'calibration', 'served')),
        floorVerdict(served),
      ];
    });
    sections.push(
      `### (c)/(b) in paired runs, Node ${nodeVersion}\n\n` +
        `Per framework, ${settings.pairs} pairs of a floor and a \`sessionMiddleware()\` server ` +
        `(swapping slots from pair to pair) and ${settings.calibrationPairs} of two floor servers, ` +
        'fresh processes for each pair. The two servers of a pair share one CPU and are loaded at the ' +
        `same time, each by its own autocannon process with ${settings.connections} connections: ` +
        `${describeRunLength(settings.warmup)} of warm-up, then ${settings.rounds} rounds of ` +
        `${describeRunLength(settings.measure)}. ${placement(onNode[0])} A pair's (c)/(b) is the ` +
        'median over its rounds of the requests `sessionMiddleware()` served divided by those the floor ' +
        'served in the same round; the CPU column divides their server CPU time per request (all ' +
        'threads) the same way, so above 1 means sessionscope costs more' +
        (withMainThread
          ? ", and the main-thread column only the main thread's (JavaScript, HTTP parsing, scavenges; " +
            "without V8's optimizing compiler and GC helper threads)"
          : '') +
        '. The table gives the median ' +
        'over the pairs and, in brackets, the middle half of the pairs. The floor/floor column does the ' +
        'same for pairs of identical servers: how finely the method resolves. The verdict needs the ' +
        'whole middle half of the (c)/(b) pairs on one side of the target, else it is `unclear`.\n\n' +
        markdownTable(
          [
            'Framework',
            '(c)/(b) req/s',
            '(c)/(b) server CPU/req',
            ...(withMainThread ? ['(c)/(b) main-thread CPU/req'] : []),
            'floor/floor req/s',
            `(c)/(b) ≥ ${FLOOR_RATIO_TARGET}`,
          ],
          rows,
        ),
    );
  }
  return sections.join('\n\n');
}
