/**
 * Judging provinces fairly whatever their size (funnel-plot control limits, Spiegelhalter 2005,
 * "Funnel plots for comparing institutional performance", Stat. Med. 24:1185). A province is
 * flagged only when its figure lies outside 99.8 % control limits of what chance alone produces
 * for a province of its size: with 4 cases a fall from 100 % to 75 % is one case and is inside
 * the limits; with 800 cases a fall of 10 points is not.
 *
 * - A rate against the country (level): exact binomial tails of x out of n at the national rate.
 * - A rate's change against the same period last year (shift): the difference of the two
 *   proportions less the national change, over its standard error with Agresti–Caffo's adjustment
 *   (one success and one failure added to each side), which keeps small samples honest.
 * - A count's change (shift): given the two years' total y1 + y0, y1 is binomial with
 *   π = R / (1 + R), R the national ratio Σy1 / Σy0 (the conditional test for two Poisson counts):
 *   exact tails, so 1 → 4 is not an event and 100 → 300 is.
 * - Overdispersion: with large denominators real differences between provinces (not chance) make
 *   most z-scores large; the limits are widened by √φ, φ the mean square of the z-scores after
 *   10 % winsorizing at each end, when φ > 1 and at least 10 provinces are compared.
 */
import { binomialCdf, binomialSf, normalQuantile } from './distributions.ts';

/** Two-sided coverage of the control limits. */
export const CONTROL_LEVEL = 0.998;
/** The z of the 99.8 % limits (3.09). */
export const CONTROL_Z = normalQuantile(1 - (1 - CONTROL_LEVEL) / 2);
/** Below this many provinces φ is not estimated (too few to tell spread from chance): φ = 1. */
export const MIN_UNITS_FOR_OVERDISPERSION = 10;
/** Share winsorized at each end before φ is estimated. */
export const WINSOR_SHARE = 0.1;

export interface Test {
  /** Standardized difference (before the overdispersion adjustment). */
  z: number;
  /** Two-sided exact p-value where the model has exact tails; null otherwise. */
  p: number | null;
}

/** A rate x / n against a reference proportion p0 (e.g. the national rate). */
export function rateLevelTest(x: number, n: number, p0: number): Test | null {
  if (!(n > 0) || !(p0 > 0 && p0 < 1)) return null;
  const k = Math.round(x);
  const z = (x / n - p0) / Math.sqrt((p0 * (1 - p0)) / n);
  const p = Math.min(1, 2 * Math.min(binomialCdf(k, Math.round(n), p0), binomialSf(k, Math.round(n), p0)));
  return { z, p };
}

/** The change of a rate (x1/n1 now, x0/n0 a year earlier) beyond the national change `expected` (proportion units). */
export function rateShiftTest(x1: number, n1: number, x0: number, n0: number, expected: number): Test | null {
  if (!(n1 > 0) || !(n0 > 0)) return null;
  const p1 = (x1 + 1) / (n1 + 2);
  const p0 = (x0 + 1) / (n0 + 2);
  const se = Math.sqrt((p1 * (1 - p1)) / (n1 + 2) + (p0 * (1 - p0)) / (n0 + 2));
  return { z: (p1 - p0 - expected) / se, p: null };
}

/** The change of a count (y1 now, y0 a year earlier) against the national ratio `ratio` = Σy1 / Σy0. */
export function countShiftTest(y1: number, y0: number, ratio: number): Test | null {
  const a = Math.round(y1);
  const total = a + Math.round(y0);
  if (!(total > 0) || !(ratio > 0) || !Number.isFinite(ratio)) return null;
  const pi = ratio / (1 + ratio);
  const z = (a - total * pi) / Math.sqrt(total * pi * (1 - pi));
  const p = Math.min(1, 2 * Math.min(binomialCdf(a, total, pi), binomialSf(a, total, pi)));
  return { z, p };
}

/** φ: mean squared z after winsorizing; 1 when below 1 or too few values. */
export function overdispersion(zs: readonly number[]): number {
  const xs = zs.filter(Number.isFinite);
  if (xs.length < MIN_UNITS_FOR_OVERDISPERSION) return 1;
  const s = [...xs].sort((a, b) => a - b);
  const cut = Math.floor(WINSOR_SHARE * s.length);
  const lo = s[cut];
  const hi = s[s.length - 1 - cut];
  const phi = s.reduce((acc, z) => acc + Math.min(hi, Math.max(lo, z)) ** 2, 0) / s.length;
  return Math.max(1, phi);
}

export interface Verdict {
  /** z / √φ: the standardized difference once the spread between provinces is allowed for. */
  z: number;
  p: number | null;
  /** 'high' or 'low' when outside the 99.8 % limits (by both the exact tail, if any, and z / √φ). */
  flag: 'high' | 'low' | null;
}

/** Applies the control limits to a set of tests (one per province; null = not testable). */
export function judge(tests: readonly (Test | null)[]): { phi: number; verdicts: (Verdict | null)[] } {
  const phi = overdispersion(tests.filter((t): t is Test => t !== null).map((t) => t.z));
  const alpha = 1 - CONTROL_LEVEL;
  const verdicts = tests.map((t) => {
    if (!t) return null;
    const z = t.z / Math.sqrt(phi);
    const outside = Math.abs(z) > CONTROL_Z && (t.p === null || t.p < alpha);
    return { z, p: t.p, flag: outside ? (z > 0 ? 'high' as const : 'low' as const) : null };
  });
  return { phi, verdicts };
}
