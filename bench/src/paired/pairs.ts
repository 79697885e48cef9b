import type { Variant } from '../apps/variants';
import { median } from '../report/stats';

/**
 * A comparison pair runs a floor and a `sessionMiddleware()` server; a calibration pair two floor
 * servers, whose ratio would be 1 on a perfect machine and so shows how finely the method resolves.
 */
export type PairKind = 'comparison' | 'calibration';

/** The two servers of a pair, in slot order (each slot has its own load generator). */
export interface PlannedPair {
  readonly kind: PairKind;
  readonly variants: readonly [Variant, Variant];
}

/** One round of a pair: both servers loaded at the same time; index 0 and 1 are the pair's slots. */
export interface PairRound {
  /** Requests each server's handler served during the round. */
  readonly served: readonly [number, number];
  /** Each server's CPU time (all its threads) per request served. */
  readonly cpuMicrosPerRequest: readonly [number, number];
  /** Each server's main-thread CPU time per request served, where Linux reports it. */
  readonly mainThreadCpuMicrosPerRequest?: readonly [number, number];
}

/** Every round of one pair of fresh server processes. */
export interface PairRun extends PlannedPair {
  readonly rounds: PairRound[];
}

/**
 * `comparisons` pairs of floor and `sessionMiddleware()`, swapping their slots from one pair to the
 * next, with `calibrations` floor/floor pairs spread evenly between them.
 */
export function pairSchedule(comparisons: number, calibrations: number): PlannedPair[] {
  const schedule: PlannedPair[] = [];
  let calibrated = 0;
  for (let index = 0; index < comparisons; index++) {
    schedule.push({
      kind: 'comparison',
      variants: index % 2 === 0 ? ['floor', 'sessionscope'] : ['sessionscope', 'floor'],
    });
    // As many calibrations as are due after `index + 1` of the comparisons, rounded down.
    const due = Math.floor(((index + 1) * calibrations) / comparisons);
    for (; calibrated < due; calibrated++)
      schedule.push({ kind: 'calibration', variants: ['floor', 'floor'] });
  }
  return schedule;
}

/**
 * The pair's ratio in `metric`, round by round, and its median over the rounds: `sessionMiddleware()`
 * over the floor in a comparison pair (whichever slot each had), the second slot over the first in a
 * calibration pair. `undefined` when a round did not measure `metric`.
 */
export function pairRatio(pair: PairRun, metric: keyof PairRound): number | undefined {
  const numerator = pair.kind === 'comparison' ? pair.variants.indexOf('sessionscope') : 1;
  const denominator = 1 - numerator;
  const ratios: number[] = [];
  for (const round of pair.rounds) {
    const values = round[metric];
    if (values === undefined) return undefined;
    ratios.push(values[numerator]! / values[denominator]!);
  }
  return median(ratios);
}
