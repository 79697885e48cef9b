/** A GitHub-flavoured Markdown table; columns after the first are right-aligned. */
export function markdownTable(headers: readonly string[], rows: ReadonlyArray<readonly string[]>): string {
  const align = headers.map((_, index) => (index === 0 ? '---' : '---:'));
  return [headers, align, ...rows].map((cells) => `| ${cells.join(' | ')} |`).join('\n');
}

/** `value` with `digits` decimals, or `n/a` when it was not measured. */
export function formatNumber(value: number | undefined, digits = 0): string {
  return value === undefined || !Number.isFinite(value) ? 'n/a' : value.toFixed(digits);
}

/** `PASS`, `FAIL`, or `n/a` when the input was not measured. */
export function verdict(pass: boolean | undefined): string {
  return pass === undefined ? 'n/a' : pass ? 'PASS' : 'FAIL';
}
