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
