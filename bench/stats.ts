/**
 * Small statistics for noisy machines: medians and percentiles of samples, and runs that
 * alternate a measured arm with its anchor (A B A B …) so that drift (other processes, thermal,
 * page cache) hits both arms alike and the per-pair ratio cancels it.
 */

export function quantile(samples: readonly number[], q: number): number {
  if (samples.length === 0) return Number.NaN;
  const s = [...samples].sort((a, b) => a - b);
  // Nearest-rank on the sorted samples with linear interpolation (R type 7).
  const pos = (s.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return s[lo] + (s[hi] - s[lo]) * (pos - lo);
}

export const median = (xs: readonly number[]): number => quantile(xs, 0.5);
export const p95 = (xs: readonly number[]): number => quantile(xs, 0.95);

/** Milliseconds taken by `fn`. */
export async function timeMs(fn: () => Promise<unknown> | unknown): Promise<number> {
  const t0 = performance.now();
  await fn();
  return performance.now() - t0;
}

export interface Arm<T = number> {
  /** One run; returns the sample (by default its duration in ms). */
  run(i: number): Promise<T>;
}

export interface Alternated {
  /** Samples of the measured arm, in run order. */
  a: number[];
  /** Samples of the anchor, in run order. */
  b: number[];
  /** a[i] / b[i] for each pair. */
  ratios: number[];
}

/**
 * `warmup` unmeasured pairs, then `runs` measured pairs; the order inside a pair flips every
 * time (A B, B A, A B …) so that neither arm always runs first after the other's side effects.
 */
export async function alternate(
  a: (i: number) => Promise<number>,
  b: (i: number) => Promise<number>,
  opts: { runs: number; warmup?: number; onPair?: (i: number, x: number, y: number) => void },
): Promise<Alternated> {
  for (let i = 0; i < (opts.warmup ?? 1); i++) {
    await a(-1 - i);
    await b(-1 - i);
  }
  const out: Alternated = { a: [], b: [], ratios: [] };
  for (let i = 0; i < opts.runs; i++) {
    let x: number;
    let y: number;
    if (i % 2 === 0) {
      x = await a(i);
      y = await b(i);
    } else {
      y = await b(i);
      x = await a(i);
    }
    out.a.push(x);
    out.b.push(y);
    out.ratios.push(x / y);
    opts.onPair?.(i, x, y);
  }
  return out;
}

/** `warmup` unmeasured runs, then `runs` measured ones. */
export async function repeat(fn: (i: number) => Promise<number>, opts: { runs: number; warmup?: number }): Promise<number[]> {
  for (let i = 0; i < (opts.warmup ?? 1); i++) await fn(-1 - i);
  const out: number[] = [];
  for (let i = 0; i < opts.runs; i++) out.push(await fn(i));
  return out;
}
