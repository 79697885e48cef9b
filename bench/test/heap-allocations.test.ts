import { describe, expect, it } from 'vitest';
import { countHeapAllocations } from '../src/allocations/heap-allocations';

const ARRAYS = 2000;
const ELEMENTS = 1000;
// Each array: a header of a few words and ELEMENTS small integers of 8 bytes (V8 without pointer
// compression, as Node ships); together about 16 MB, so that several scavenges run while counting.
const ALLOCATED = ARRAYS * ELEMENTS * 8;

function allocateArrays(keep: boolean): number[][] {
  const kept: number[][] = [];
  for (let index = 0; index < ARRAYS; index++) {
    const array = new Array<number>(ELEMENTS).fill(index);
    if (keep) kept.push(array);
  }
  return kept;
}

describe('countHeapAllocations', () => {
  it('counts what was allocated across collections, garbage or not', () => {
    for (const keep of [false, true]) {
      const stop = countHeapAllocations();
      const kept = allocateArrays(keep);
      const counted = stop();
      expect(kept.length).toBe(keep ? ARRAYS : 0);
      expect(counted, keep ? 'kept' : 'garbage').toBeGreaterThanOrEqual(ALLOCATED);
      expect(counted, keep ? 'kept' : 'garbage').toBeLessThan(ALLOCATED * 1.1);
    }
  });

  it('counts next to nothing when nothing is allocated', () => {
    const stop = countHeapAllocations();
    const counted = stop();
    expect(counted).toBeLessThan(64 * 1024);
  });
});
