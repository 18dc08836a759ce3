/**
 * The periods the warehouse has data for: reporting units per period, asked once per page through
 * the SQL API (the ledger is small), then turned into choices (notebook/periods.ts).
 */
import { periodCatalog, type PeriodCatalog } from '../notebook/periods.ts';
import { runSql } from './api.ts';

export const PERIODS_SQL = `SELECT period, CAST(count(DISTINCT unit_id) AS INTEGER) AS units FROM reports GROUP BY period`;

let loading: Promise<PeriodCatalog> | undefined;
let loaded: PeriodCatalog | undefined;

export function loadPeriods(): Promise<PeriodCatalog> {
  loading ??= runSql(PERIODS_SQL, 5000).then((frame) => {
    const counts = new Map<string, number>();
    const p = frame.table.getter('period');
    const u = frame.table.getter('units');
    for (let i = 0; i < frame.table.numRows(); i++) counts.set(String(p(i)), Number(u(i)));
    loaded = periodCatalog(counts);
    return loaded;
  }).catch((e: unknown) => {
    loading = undefined;
    throw e;
  });
  return loading;
}

export function periodsIfLoaded(): PeriodCatalog | undefined {
  return loaded;
}
