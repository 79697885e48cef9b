import { MEMORY_VARIANT, type MemoryResult } from '../memory/run-memory';
import type { MemorySettings, RunLength } from '../settings';
import { formatNumber, markdownTable, verdict } from './markdown-table';

const MB = 1024 * 1024;

function describe(length: RunLength): string {
  return 'amount' in length ? `${length.amount} requests` : `${length.durationSeconds} s`;
}

/** Heap after warm-up and at the end (both after forced GC) per adapter. */
export function memoryReport(results: readonly MemoryResult[], settings: MemorySettings): string {
  const rows = results.map((result) => [
    result.framework,
    result.nodeVersion,
    String(result.requests),
    formatNumber(result.heapAfterWarmupBytes / MB, 2),
    formatNumber(result.heapAtEndBytes / MB, 2),
    `${result.growthPercent >= 0 ? '+' : ''}${formatNumber(result.growthPercent, 2)} %`,
    verdict(result.pass),
  ]);
  return (
    `### Memory\n\nVariant ${MEMORY_VARIANT}: ${describe(settings.load)} of load per adapter after ` +
    `${describe(settings.warmup)} of warm-up; heap measured after forced GC (\`--expose-gc\`) with queued spans exported.\n\n` +
    markdownTable(
      [
        'Adapter',
        'Node',
        'Requests',
        'Heap after warm-up MB',
        'Heap at end MB',
        'Growth',
        `≤ ${settings.maxGrowthPercent} %`,
      ],
      rows,
    )
  );
}
