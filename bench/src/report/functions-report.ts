import type { InstructionCell } from '../instructions/run-instructions';
import { cellsByNodeAndFramework } from './framework-cells';
import { formatNumber, markdownTable } from './markdown-table';

/** Functions listed per framework: those whose instructions grew most from (b) to (c). */
const LISTED_FUNCTIONS = 15;

interface FunctionDifference {
  readonly name: string;
  readonly floor: number;
  readonly sessionscope: number;
}

function differences(
  floor: Record<string, number>,
  sessionscope: Record<string, number>,
): FunctionDifference[] {
  const names = new Set([...Object.keys(floor), ...Object.keys(sessionscope)]);
  return [...names]
    .map((name) => ({ name, floor: floor[name] ?? 0, sessionscope: sessionscope[name] ?? 0 }))
    .sort((a, b) => b.sessionscope - b.floor - (a.sessionscope - a.floor));
}

const sum = (entries: readonly FunctionDifference[], pick: (entry: FunctionDifference) => number): number =>
  entries.reduce((total, entry) => total + pick(entry), 0);

function row(name: string, floor: number, sessionscope: number): string[] {
  const difference = sessionscope - floor;
  return [
    name,
    formatNumber(floor),
    formatNumber(sessionscope),
    `${difference >= 0 ? '+' : ''}${formatNumber(difference)}`,
  ];
}

/**
 * Where `sessionMiddleware()`'s main-thread instructions over the floor's go, function by function
 * (`--functions`): the functions that grew most, then all others and the total, per framework and Node.
 */
export function functionsReport(cells: readonly InstructionCell[]): string {
  const sections: string[] = [];
  for (const [nodeVersion, frameworks] of cellsByNodeAndFramework(cells)) {
    for (const { name, byVariant } of frameworks) {
      const floor = byVariant.get('floor')?.functionsPerRequest;
      const sessionscope = byVariant.get('sessionscope')?.functionsPerRequest;
      if (floor === undefined || sessionscope === undefined) continue;
      const all = differences(floor, sessionscope);
      const listed = all.slice(0, LISTED_FUNCTIONS);
      const others = all.slice(LISTED_FUNCTIONS);
      sections.push(
        `### Where (c)'s instructions over (b)'s go: ${name}, Node ${nodeVersion}\n\n` +
          'Main-thread instructions per request that each function executed itself (callees excluded; ' +
          "JIT code named from V8's perf map, its interpreted, baseline and optimized code together), " +
          'median of the server processes; the functions whose count grew most from (b) floor to ' +
          '(c) `sessionMiddleware()`.\n\n' +
          markdownTable(
            ['Function', '(b) floor', '(c) sessionMiddleware()', '(c) − (b)'],
            [
              ...listed.map((entry) => row(entry.name, entry.floor, entry.sessionscope)),
              row(
                `the other ${others.length} functions`,
                sum(others, (entry) => entry.floor),
                sum(others, (entry) => entry.sessionscope),
              ),
              row(
                'total',
                sum(all, (entry) => entry.floor),
                sum(all, (entry) => entry.sessionscope),
              ),
            ],
          ),
      );
    }
  }
  return sections.join('\n\n');
}
