import type { Framework } from '../apps/frameworks';
import type { Variant } from '../apps/variants';
import type { ServerAllocations } from '../load/server-process';
import { type LoadGenerator, sendLoad, startServer } from '../load/servers';
import { verifyServer } from '../load/verify';
import { median } from '../report/stats';
import type { Runtime } from '../runtimes';
import type { AllocationSettings } from '../settings';

/** Bytes one request allocates on the V8 heap in one framework × variant on one runtime. */
export interface AllocationCell {
  readonly nodeVersion: string;
  readonly framework: Framework;
  readonly frameworkVersion: string;
  readonly variant: Variant;
  /** Bytes per request of each server process, in the order they ran. */
  readonly samples: number[];
  /** Median of the samples. */
  readonly bytesPerRequest: number;
}

interface AllocationSample {
  readonly nodeVersion: string;
  readonly frameworkVersion: string;
  readonly bytesPerRequest: number;
}

async function measureOneServer(
  loader: LoadGenerator,
  runtime: Runtime,
  framework: Framework,
  variant: Variant,
  settings: AllocationSettings,
): Promise<AllocationSample> {
  const server = await startServer(runtime, framework, variant);
  try {
    await verifyServer(server);
    await sendLoad(loader, server, 1, { amount: settings.warmup });
    await server.process.request('allocations-start');
    await sendLoad(loader, server, 1, { amount: settings.measure });
    const { bytes, requests } = await server.process.request<ServerAllocations>('allocations-stop');
    return {
      nodeVersion: server.process.ready.nodeVersion,
      frameworkVersion: server.process.ready.frameworkVersion,
      bytesPerRequest: bytes / requests,
    };
  } finally {
    await server.process.stop();
  }
}

/**
 * Bytes allocated on the V8 heap per request in each variant of `framework`: what the garbage
 * collector must clear after every request. Unlike time, it does not depend on the machine's load:
 * the samples of one variant mostly agree within 1 %; the median of `settings.repeats` server
 * processes per variant, run in interleaved order (A B C A B C …), absorbs one that JIT state put off.
 */
export async function allocationBenchmark(
  loader: LoadGenerator,
  runtime: Runtime,
  framework: Framework,
  variants: readonly Variant[],
  settings: AllocationSettings,
  log: (line: string) => void,
): Promise<AllocationCell[]> {
  const samples = new Map<Variant, AllocationSample[]>(variants.map((variant) => [variant, []]));
  for (let repeat = 0; repeat < settings.repeats; repeat++) {
    for (const variant of variants) {
      const sample = await measureOneServer(loader, runtime, framework, variant, settings);
      log(`  ${sample.nodeVersion} ${framework} ${variant}: ${Math.round(sample.bytesPerRequest)} bytes/req`);
      samples.get(variant)!.push(sample);
    }
  }
  return variants.map((variant) => {
    const ofVariant = samples.get(variant)!;
    return {
      nodeVersion: ofVariant[0]!.nodeVersion,
      framework,
      frameworkVersion: ofVariant[0]!.frameworkVersion,
      variant,
      samples: ofVariant.map((sample) => sample.bytesPerRequest),
      bytesPerRequest: median(ofVariant.map((sample) => sample.bytesPerRequest)),
    };
  });
}
