import { setTimeout as sleep } from 'node:timers/promises';

/**
 * `heapUsed` after closed connections have been released and full garbage collections have run.
 * Needs `--expose-gc`.
 */
export async function settledHeapUsed(): Promise<number> {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc === undefined) throw new Error('start the server process with --expose-gc to measure its heap');
  await sleep(200);
  for (let i = 0; i < 4; i++) {
    gc();
    await sleep(20);
  }
  return process.memoryUsage().heapUsed;
}
