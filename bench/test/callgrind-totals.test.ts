import { describe, expect, it } from 'vitest';
import { parseCallgrindTotals } from '../src/instructions/callgrind';

// The header and last line of callgrind output files, as valgrind 3.19 writes them.
const WITHOUT_CACHE_SIM = [
  'version: 1',
  'creator: callgrind-3.19.0',
  'events: Ir',
  'fn=(1) main',
  '0 12',
  'totals: 858502321',
  '',
].join('\n');
const WITH_CACHE_SIM = [
  'version: 1',
  'events: Ir Dr Dw I1mr D1mr D1mw ILmr DLmr DLmw',
  'fn=(1) main',
  'totals: 1000 400 200 30 20 10 3 2 1',
  '',
].join('\n');

describe('parseCallgrindTotals', () => {
  it('reads the instruction count, and no estimate without the cache simulation', () => {
    expect(parseCallgrindTotals(WITHOUT_CACHE_SIM)).toEqual({
      instructions: 858502321,
      estimatedCycles: undefined,
    });
  });

  it('estimates cycles from the cache simulation: instructions + 10 × L1 misses + 100 × last-level misses', () => {
    expect(parseCallgrindTotals(WITH_CACHE_SIM)).toEqual({
      instructions: 1000,
      estimatedCycles: 1000 + 10 * (30 + 20 + 10) + 100 * (3 + 2 + 1),
    });
  });

  it('refuses a file without totals', () => {
    expect(() => parseCallgrindTotals('events: Ir\n')).toThrow(/totals/);
  });
});
