import { describe, expect, it } from 'vitest';
import type { Variant } from '../src/apps/variants';
import type { LoadCell } from '../src/load/run-load';
import type { Measurement } from '../src/load/servers';
import { floorVerdict } from '../src/report/floor-ratio';
import { perRoundRatio } from '../src/report/load-report';
import { median, quantile } from '../src/report/stats';

function cell(variant: Variant, requestsPerSecond: readonly number[]): LoadCell {
  return {
    nodeVersion: 'v20.0.0',
    framework: 'express',
    frameworkVersion: '5.0.0',
    variant,
    rounds: requestsPerSecond.map(
      (value): Measurement => ({
        requestsPerSecond: value,
        p99LatencyMs: 1,
        ok: value,
        failed: 0,
        cpuMicrosPerRequest: 1e6 / value,
      }),
    ),
  };
}

const rps = (round: Measurement) => round.requestsPerSecond;

describe('quantile and median', () => {
  it('interpolate between neighbours', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(quantile([1, 2, 3, 4, 5], 0.25)).toBe(2);
    expect(quantile([1, 2, 3, 4], 0.75)).toBe(3.25);
    expect(median([])).toBeNaN();
  });
});

describe('perRoundRatio', () => {
  it('compares variants round by round, so drift of the machine between rounds cancels', () => {
    // The machine slows down to a third and recovers; sessionscope always serves 2 % less.
    const floor = [9000, 3000, 6000, 9000, 4500];
    const sessionscope = floor.map((value) => value * 0.98);
    const ratio = perRoundRatio(cell('sessionscope', sessionscope), cell('floor', floor), rps)!;
    expect(ratio.median).toBeCloseTo(0.98, 10);
    expect(ratio.lowerQuartile).toBeCloseTo(0.98, 10);
    expect(ratio.upperQuartile).toBeCloseTo(0.98, 10);
  });

  it('is undefined when either variant was not measured', () => {
    expect(perRoundRatio(undefined, cell('floor', [1]), rps)).toBeUndefined();
    expect(perRoundRatio(cell('sessionscope', [1]), undefined, rps)).toBeUndefined();
  });
});

describe('floorVerdict', () => {
  const spread = (lowerQuartile: number, median: number, upperQuartile: number) => ({
    lowerQuartile,
    median,
    upperQuartile,
  });

  it('passes only when the whole middle half of the ratios reaches 0.97', () => {
    expect(floorVerdict(spread(0.975, 0.99, 1.0))).toBe('PASS');
  });

  it('fails only when the whole middle half stays below it', () => {
    expect(floorVerdict(spread(0.9, 0.93, 0.965))).toBe('FAIL');
  });

  it('is unclear when the middle half straddles the target, whatever the median says', () => {
    expect(floorVerdict(spread(0.88, 0.99, 1.06))).toBe('unclear');
    expect(floorVerdict(spread(0.88, 0.95, 1.06))).toBe('unclear');
  });

  it('is n/a when the ratio was not measured', () => {
    expect(floorVerdict(undefined)).toBe('n/a');
  });
});
