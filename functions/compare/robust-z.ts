/**
 * Robust z-scores (Iglewicz and Hoaglin's modified z): how far each value is from the median in
 * units of the median absolute deviation, so one extreme province cannot hide itself by inflating
 * the spread the way it would inflate a standard deviation. |z| ≥ 3.5 is the outlier rule (as in
 * the `outliers` analysis, which this mirrors for engines that lack it).
 */

export const OUTLIER_Z = 3.5;
/**
 * Below this many provinces a median absolute deviation is too noisy to call anyone an outlier
 * (with 5 values, |z| ≥ 3.5 turns up for one indicator in six on ordinary data): scores are
 * still reported, provinces are not flagged.
 */
export const MIN_VALUES_FOR_OUTLIERS = 10;

export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const n = s.length;
  if (n === 0) return NaN;
  return n % 2 ? s[(n - 1) / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
}

/**
 * Modified z-score of each value (null where the value is null), or all null when there are too
 * few values or no spread at all. When more than half the values are equal (MAD = 0) the mean
 * absolute deviation stands in, scaled to match a normal distribution (1.2533 = √(π/2)).
 */
export function robustZ(values: readonly (number | null)[], minValues = MIN_VALUES_FOR_OUTLIERS): (number | null)[] {
  const xs = values.filter((v): v is number => v !== null && Number.isFinite(v));
  if (xs.length < minValues) return values.map(() => null);
  const med = median(xs);
  const mad = median(xs.map((x) => Math.abs(x - med)));
  let scale: number;
  if (mad > 0) scale = mad / 0.6745;
  else {
    const meanAd = xs.reduce((a, x) => a + Math.abs(x - med), 0) / xs.length;
    if (meanAd === 0) return values.map(() => null);
    scale = 1.253314 * meanAd;
  }
  return values.map((v) => (v === null || !Number.isFinite(v) ? null : Math.round(((v - med) / scale) * 100) / 100));
}
