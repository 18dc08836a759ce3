/**
 * Rank ranges: a province's rank is only as precise as its figure. With a 95 % interval per
 * province, the best rank it could hold is 1 + the number of provinces certainly better (their
 * whole interval beyond its own), the worst is n − the number certainly worse. Provinces whose
 * intervals overlap share a range ("hạng 3–7") instead of being put in an order chance made.
 * Sorting the interval ends makes it O(n log n).
 */
import type { Interval } from './distributions.ts';

/** Count of sorted values strictly greater than x. */
function countAbove(sorted: readonly number[], x: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid] <= x) lo = mid + 1;
    else hi = mid;
  }
  return sorted.length - lo;
}

/** Count of sorted values strictly less than x. */
function countBelow(sorted: readonly number[], x: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Best and worst possible rank of each interval; `sign` 1 when higher is better (or neutral,
 * ranked highest first), -1 when lower is better.
 */
export function rankRanges(intervals: readonly Interval[], sign: 1 | -1): { best: number; worst: number }[] {
  const n = intervals.length;
  const lows = intervals.map((i) => i.low).sort((a, b) => a - b);
  const highs = intervals.map((i) => i.high).sort((a, b) => a - b);
  return intervals.map((i) => {
    // An interval never lies wholly beyond itself, so no self-exclusion is needed.
    const above = countAbove(lows, i.high); // certainly higher
    const below = countBelow(highs, i.low); // certainly lower
    const better = sign === 1 ? above : below;
    const worse = sign === 1 ? below : above;
    return { best: 1 + better, worst: n - worse };
  });
}
