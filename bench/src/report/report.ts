import type { BenchResults } from '../results';
import { allocationsReport } from './allocations-report';
import { functionsReport } from './functions-report';
import { instructionsReport } from './instructions-report';
import { loadReport } from './load-report';
import { memoryReport } from './memory-report';
import { microReport } from './micro-report';
import { pairedReport } from './paired-report';

/** The whole Markdown report: machine, then the load, paired, micro, memory, instruction and allocation sections that ran. */
export function markdownReport(results: BenchResults): string {
  const { machine, settings } = results;
  const nodeVersions = [
    ...new Set(
      [
        ...results.load,
        ...results.paired,
        ...results.micro,
        ...results.memory,
        ...results.instructions,
        ...results.allocations,
      ].map((entry) => entry.nodeVersion),
    ),
  ];
  const header =
    `## Results (${settings.mode} mode, ${machine.startedAt})\n\n` +
    `Machine: ${machine.cpus} CPUs (${machine.cpuModel}); Node ${nodeVersions.join(', ')}; ` +
    `load average ${machine.loadAverageAtStart.toFixed(2)} when the benchmark started.` +
    (settings.mode === 'quick'
      ? '\n\nQuick mode checks that the benchmark works; its figures mean nothing.'
      : '');
  const sections = [header];
  if (results.load.length > 0) sections.push(loadReport(results.load, settings.load));
  if (results.paired.length > 0) sections.push(pairedReport(results.paired, settings.paired));
  if (results.micro.length > 0) sections.push(microReport(results.micro));
  if (results.memory.length > 0) sections.push(memoryReport(results.memory, settings.memory));
  if (results.instructions.length > 0) {
    sections.push(instructionsReport(results.instructions, settings.instructions));
    if (settings.instructions.functions) sections.push(functionsReport(results.instructions));
  }
  if (results.allocations.length > 0) {
    sections.push(allocationsReport(results.allocations, settings.allocations));
  }
  return `${sections.join('\n\n')}\n`;
}
