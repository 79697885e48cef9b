import { readFileSync, writeFileSync } from 'node:fs';
import type { LegOutcome } from './legs.ts';

/** A leg that ran, with its outcome (`undefined` when it reported nothing) and its duration. */
export interface LegResult {
  readonly id: string;
  readonly runtime: string;
  readonly outcome: LegOutcome | undefined;
  readonly exitCode: number | null;
  readonly seconds: number;
}

/** Whether a leg passed: it reported, nothing failed and it exited cleanly. */
export function legPassed(result: LegResult): boolean {
  return result.outcome !== undefined && result.outcome.failed === 0 && result.exitCode === 0;
}

function resultCell(result: LegResult): string {
  const { outcome } = result;
  if (outcome === undefined) return `FAILED: reported nothing (exit code ${result.exitCode})`;
  const total = outcome.passed + outcome.failed;
  return legPassed(result) ? `${total} passed` : `FAILED: ${outcome.failed} of ${total}`;
}

/** A Markdown table laid out as the repository's formatter (biome) lays it out; cells are ASCII. */
function markdownTable(header: readonly string[], rows: ReadonlyArray<readonly string[]>): string {
  const widths = header.map((title, column) =>
    Math.max(3, title.length, ...rows.map((row) => row[column]!.length)),
  );
  const line = (cells: readonly string[]) =>
    `| ${cells.map((cell, column) => cell.padEnd(widths[column]!)).join(' | ')} |`;
  return [line(header), line(widths.map((width) => '-'.repeat(width))), ...rows.map(line)].join('\n');
}

/** The README's "Runtimes" table: what ran where and whether it passed (no timings: stable between runs). */
export function runtimesTable(results: readonly LegResult[]): string {
  const rows = results.map((result) => [
    result.runtime,
    result.outcome?.covered.join(', ') || 'nothing reported',
    resultCell(result),
  ]);
  return markdownTable(['Runtime', 'What runs there', 'Result'], rows);
}

const START = '<!-- runtimes:start -->';
const END = '<!-- runtimes:end -->';

/** Replaces the text between the runtimes markers of `readmePath` with `table`. */
export function writeRuntimesTable(readmePath: string, table: string): void {
  const readme = readFileSync(readmePath, 'utf8');
  const start = readme.indexOf(START);
  const end = readme.indexOf(END);
  if (start === -1 || end < start) throw new Error(`${readmePath} has no ${START} … ${END} section`);
  writeFileSync(readmePath, `${readme.slice(0, start + START.length)}\n${table}\n${readme.slice(end)}`);
}
