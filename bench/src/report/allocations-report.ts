import type { AllocationCell } from '../allocations/run-allocations';
import { VARIANT_LABELS, type Variant } from '../apps/variants';
import type { AllocationSettings } from '../settings';
import { cellsByNodeAndFramework, ratio } from './framework-cells';
import { formatNumber, markdownTable } from './markdown-table';

function difference(a: number | undefined, b: number | undefined): string {
  if (a === undefined || b === undefined) return 'n/a';
  const bytes = Math.round(a - b);
  return `${bytes >= 0 ? '+' : ''}${bytes}`;
}

/** Bytes allocated per request in each variant, and what each step adds, per Node version. */
export function allocationsReport(cells: readonly AllocationCell[], settings: AllocationSettings): string {
  const sections: string[] = [];
  for (const [nodeVersion, frameworks] of cellsByNodeAndFramework(cells)) {
    const rows: string[][] = [];
    const stepRows: string[][] = [];
    for (const { name, cells: ofFramework, byVariant } of frameworks) {
      for (const cell of ofFramework) {
        rows.push([
          name,
          VARIANT_LABELS[cell.variant],
          formatNumber(cell.bytesPerRequest),
          cell.samples.map((bytes) => formatNumber(bytes)).join(' / '),
        ]);
      }
      const bytes = (variant: Variant) => byVariant.get(variant)?.bytesPerRequest;
      stepRows.push([
        name,
        difference(bytes('floor'), bytes('bare')),
        difference(bytes('sessionscope'), bytes('floor')),
        formatNumber(ratio(bytes('sessionscope'), bytes('floor')), 3),
      ]);
    }
    sections.push(
      `### Heap allocations per request, Node ${nodeVersion}\n\n` +
        `Bytes allocated on the V8 heap over ${settings.measure} requests on one connection, after ` +
        `${settings.warmup} requests of warm-up (\`v8.GCProfiler\`: the growth of the used heap between ` +
        `collections); median of ${settings.repeats} server processes per variant.\n\n` +
        markdownTable(['Framework', 'Variant', 'bytes/req', 'samples'], rows) +
        '\n\n' +
        markdownTable(['Framework', '(b) − (a) bytes', '(c) − (b) bytes', '(c)/(b)'], stepRows),
    );
  }
  return sections.join('\n\n');
}
