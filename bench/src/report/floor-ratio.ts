import { formatNumber } from './markdown-table';
import type { Spread } from './stats';

/** (c)/(b) req/s must reach this: sessionscope costs at most 3 % over the hand-written floor. */
export const FLOOR_RATIO_TARGET = 0.97;

/**
 * PASS when the whole middle half of the (c)/(b) ratios reaches the target, FAIL when all of it
 * stays below, `unclear` when they straddle it.
 */
export function floorVerdict(ratio: Spread | undefined): string {
  if (ratio === undefined) return 'n/a';
  if (ratio.lowerQuartile >= FLOOR_RATIO_TARGET) return 'PASS';
  if (ratio.upperQuartile < FLOOR_RATIO_TARGET) return 'FAIL';
  return 'unclear';
}

/** `median (first quartile–third quartile)`, e.g. `0.985 (0.974–0.996)`. */
export function formatSpread(ratio: Spread | undefined): string {
  if (ratio === undefined) return 'n/a';
  const quartiles = `${formatNumber(ratio.lowerQuartile, 3)}–${formatNumber(ratio.upperQuartile, 3)}`;
  return `${formatNumber(ratio.median, 3)} (${quartiles})`;
}
