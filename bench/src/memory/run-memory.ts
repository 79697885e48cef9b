import type { Framework } from '../apps/frameworks';
import type { Variant } from '../apps/variants';
import { type LoadGenerator, measureLoad, sendLoad, startServer } from '../load/servers';
import { verifyServer } from '../load/verify';
import type { Runtime } from '../runtimes';
import type { MemorySettings } from '../settings';

/** The variant whose heap is watched: sessionscope with the SDK, spans and `trace()`. */
export const MEMORY_VARIANT: Variant = 'sessionscope-otel';

/** Heap of one adapter's server after warm-up and after the long run, both after forced GC. */
export interface MemoryResult {
  readonly nodeVersion: string;
  readonly framework: Framework;
  readonly requests: number;
  readonly heapAfterWarmupBytes: number;
  readonly heapAtEndBytes: number;
  readonly growthPercent: number;
  readonly pass: boolean;
}

/**
 * Sends as many requests as fit in `settings.load` through one adapter and compares the settled heap
 * (forced GC, queued spans exported) with the one after warm-up: no scope, span or request may stay.
 */
export async function memoryBenchmark(
  loader: LoadGenerator,
  runtime: Runtime,
  framework: Framework,
  settings: MemorySettings,
): Promise<MemoryResult> {
  const server = await startServer(runtime, framework, MEMORY_VARIANT, { execArgv: ['--expose-gc'] });
  try {
    await verifyServer(server);
    await sendLoad(loader, server, settings.connections, settings.warmup);
    const heapAfterWarmupBytes = await server.process.request<number>('heap');
    const run = await measureLoad(loader, server, settings.connections, settings.load);
    const heapAtEndBytes = await server.process.request<number>('heap');
    const growthPercent = ((heapAtEndBytes - heapAfterWarmupBytes) / heapAfterWarmupBytes) * 100;
    return {
      nodeVersion: server.process.ready.nodeVersion,
      framework,
      requests: run.ok,
      heapAfterWarmupBytes,
      heapAtEndBytes,
      growthPercent,
      pass: growthPercent <= settings.maxGrowthPercent,
    };
  } finally {
    await server.process.stop();
  }
}
