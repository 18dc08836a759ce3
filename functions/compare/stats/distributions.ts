/**
 * Tails and intervals of the two models the comparison judges by: the binomial (a rate is x cases
 * out of n) and the Poisson (a count). Exact tails, so that a province with 4 cases is judged on
 * what 4 cases can show, not on a normal approximation that breaks down there.
 */
import { betaInc, gammaP, solveIncreasing } from './special.ts';

/** P(X ≤ k) for X ~ Binomial(n, p). */
export function binomialCdf(k: number, n: number, p: number): number {
  if (k < 0) return 0;
  if (k >= n) return 1;
  if (p <= 0) return 1;
  if (p >= 1) return 0;
  return betaInc(n - k, k + 1, 1 - p);
}

/** P(X ≥ k) for X ~ Binomial(n, p). */
export function binomialSf(k: number, n: number, p: number): number {
  if (k <= 0) return 1;
  if (k > n) return 0;
  if (p <= 0) return 0;
  if (p >= 1) return 1;
  return betaInc(k, n - k + 1, p);
}

/** P(X ≤ k) for X ~ Poisson(λ). */
export function poissonCdf(k: number, lambda: number): number {
  if (k < 0) return 0;
  if (lambda <= 0) return 1;
  return 1 - gammaP(k + 1, lambda);
}

/** P(X ≥ k) for X ~ Poisson(λ). */
export function poissonSf(k: number, lambda: number): number {
  if (k <= 0) return 1;
  if (lambda <= 0) return 0;
  return gammaP(k, lambda);
}

/** Standard normal quantile (Acklam's rational approximation, |error| < 1.2e-9). */
export function normalQuantile(p: number): number {
  if (p <= 0) return -Infinity;
  if (p >= 1) return Infinity;
  const a = [-39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716, 2.506628277459239];
  const b = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572];
  const c = [-0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const lo = 0.02425;
  if (p < lo) {
    const q = Math.sqrt(-2 * Math.log(p));
    return (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  }
  if (p > 1 - lo) return -normalQuantile(1 - p);
  const q = p - 0.5;
  const r = q * q;
  return ((((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q) / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
}

export interface Interval {
  low: number;
  high: number;
}

/**
 * Wilson score interval for a proportion x / n at two-sided level `level` (0.95 → z = 1.96):
 * unlike the textbook p ± z·√(p(1−p)/n) it stays inside [0, 1] and does not collapse to a point
 * at 0 % or 100 % (4 out of 4 is not "certainly 100 %").
 */
export function wilson(x: number, n: number, level = 0.95): Interval {
  if (n <= 0) return { low: 0, high: 1 };
  const z = normalQuantile(1 - (1 - level) / 2);
  const p = x / n;
  const z2 = z * z;
  const den = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / den;
  const half = (z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / den;
  return { low: Math.max(0, centre - half), high: Math.min(1, centre + half) };
}

/** Exact (Garwood) interval for a Poisson count y at two-sided level `level`. */
export function poissonInterval(y: number, level = 0.95): Interval {
  const alpha = 1 - level;
  const hiBound = y + 20 * Math.sqrt(y + 1) + 20;
  const low = y <= 0 ? 0 : solveIncreasing((l) => gammaP(y, l), alpha / 2, 0, hiBound);
  const high = solveIncreasing((l) => gammaP(y + 1, l), 1 - alpha / 2, 0, hiBound);
  return { low, high };
}
