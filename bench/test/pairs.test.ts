import { describe, expect, it } from 'vitest';
import { type PairRound, type PairRun, pairRatio, pairSchedule } from '../src/paired/pairs';

function round(served: [number, number]): PairRound {
  return { served, cpuMicrosPerRequest: [1e6 / served[0], 1e6 / served[1]] };
}

describe('pairSchedule', () => {
  it('swaps the slots of floor and sessionMiddleware() from one pair to the next', () => {
    const comparisons = pairSchedule(4, 0);
    expect(comparisons.map((pair) => pair.variants)).toEqual([
      ['floor', 'sessionscope'],
      ['sessionscope', 'floor'],
      ['floor', 'sessionscope'],
      ['sessionscope', 'floor'],
    ]);
  });

  it('spreads the calibration pairs evenly between the comparisons', () => {
    const kinds = pairSchedule(10, 4).map((pair) => (pair.kind === 'comparison' ? 'c' : 'a'));
    expect(kinds.join('')).toBe('cccaccacccacca');
    expect(kinds.filter((kind) => kind === 'a')).toHaveLength(4);
    expect(pairSchedule(2, 1).map((pair) => pair.kind)).toEqual(['comparison', 'comparison', 'calibration']);
  });
});

describe('pairRatio', () => {
  const rounds = [round([1000, 970]), round([500, 485]), round([2000, 1940])];

  it('is sessionMiddleware() over the floor, whichever slot each had', () => {
    const floorFirst: PairRun = { kind: 'comparison', variants: ['floor', 'sessionscope'], rounds };
    const sessionscopeFirst: PairRun = {
      kind: 'comparison',
      variants: ['sessionscope', 'floor'],
      rounds: rounds.map((entry) => round([entry.served[1], entry.served[0]])),
    };
    expect(pairRatio(floorFirst, 'served')).toBeCloseTo(0.97, 10);
    expect(pairRatio(sessionscopeFirst, 'served')).toBeCloseTo(0.97, 10);
    expect(pairRatio(floorFirst, 'cpuMicrosPerRequest')).toBeCloseTo(1 / 0.97, 10);
  });

  it('is the second slot over the first in a calibration pair, the median over the rounds', () => {
    const calibration: PairRun = {
      kind: 'calibration',
      variants: ['floor', 'floor'],
      rounds: [round([1000, 1010]), round([1000, 990]), round([1000, 1500])],
    };
    expect(pairRatio(calibration, 'served')).toBeCloseTo(1.01, 10);
  });

  it('takes the main thread’s CPU time when every round measured it, else gives none', () => {
    const measured = (mainThread: [number, number]): PairRound => ({
      ...round([1000, 1000]),
      mainThreadCpuMicrosPerRequest: mainThread,
    });
    const pair = (rounds: PairRound[]): PairRun => ({
      kind: 'comparison',
      variants: ['sessionscope', 'floor'],
      rounds,
    });
    expect(
      pairRatio(pair([measured([42, 40]), measured([21, 20])]), 'mainThreadCpuMicrosPerRequest'),
    ).toBeCloseTo(1.05, 10);
    expect(
      pairRatio(pair([measured([42, 40]), round([1000, 1000])]), 'mainThreadCpuMicrosPerRequest'),
    ).toBeUndefined();
  });
});
