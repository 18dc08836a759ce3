/** What the API needs of a cost estimator: the bytes Athena would scan for a query, and the price. */
import type { Estimate } from '../core/cost/estimate.ts';

export type { Estimate };
export type Estimator = (sql: string, params?: Record<string, unknown>) => Promise<Estimate>;

export async function estimateFor(estimator: Estimator, sql: string, params: Record<string, unknown>): Promise<Estimate | undefined> {
  try {
    return await estimator(sql, params);
  } catch {
    // An estimate is advice: a failure to estimate must not block the query itself.
    return undefined;
  }
}

/**
 * Estimates remembered for `ttlMs` per SQL text and parameters. Under load the same few
 * analyses are asked many times a second, and each estimate walks the footers of every file of
 * the warehouse (~0.7 ms of CPU per request on national-10y, more with more files). The footer
 * estimator itself re-lists the warehouse at most once a second, so remembering its answer for
 * as long adds at most that much to how late a newly committed batch is counted.
 */
export function memoEstimates(estimator: Estimator, opts: { ttlMs?: number; maxEntries?: number; now?: () => number } = {}) {
  const ttl = opts.ttlMs ?? 1000;
  const max = opts.maxEntries ?? 512;
  const now = opts.now ?? Date.now;
  const memo = new Map<string, { at: number; estimate: Promise<Estimate | undefined> }>();
  return (sql: string, params: Record<string, unknown>, paramsKey = JSON.stringify(params)): Promise<Estimate | undefined> => {
    const key = `${paramsKey}\0${sql}`;
    const t = now();
    const hit = memo.get(key);
    if (hit && t - hit.at <= ttl) return hit.estimate;
    if (hit) memo.delete(key);
    else if (memo.size >= max) memo.delete(memo.keys().next().value as string);
    const estimate = estimateFor(estimator, sql, params);
    memo.set(key, { at: t, estimate });
    return estimate;
  };
}
