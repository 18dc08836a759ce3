/**
 * Writing accepted reports: values first, then the ledger (the commit point), per partition.
 * Values rows are visible only through a ledger row naming the same batch, so a crash between
 * the two writes leaves an invisible orphan file, never a partial or doubled report.
 */
import type { Storage } from '../adapters/storage/storage.ts';
import type { ReportRow, ValueRow } from '../core/types.ts';
import { writeParquet } from '../adapters/parquet/write-parquet.ts';
import { tablePath } from '../adapters/parquet/table-columns.ts';

export type FaultPoint = 'after_raw' | 'after_values' | 'after_ledger';

/** Thrown by injected faults in tests: simulates a crash at a step of ingest. */
export class InjectedCrash extends Error {
  constructor(public readonly point: FaultPoint) {
    super(`injected crash ${point}`);
  }
}

export function partitionDir(table: 'values' | 'reports', statYear: number, periodType: string): string {
  return `${tablePath(table)}/stat_year=${statYear}/period_type=${periodType}`;
}

function byPartition<T extends { stat_year: number; period_type: string }>(rows: T[]): Map<string, T[]> {
  const m = new Map<string, T[]>();
  for (const r of rows) {
    const k = `${r.stat_year}|${r.period_type}`;
    let list = m.get(k);
    if (!list) m.set(k, (list = []));
    list.push(r);
  }
  return m;
}

/** Rows sorted so that min/max statistics of row groups prune by indicator and period. */
function sortValues(rows: ValueRow[]): ValueRow[] {
  return rows.sort((a, b) => (a.indicator < b.indicator ? -1 : a.indicator > b.indicator ? 1 : a.period < b.period ? -1 : a.period > b.period ? 1 : a.unit_id < b.unit_id ? -1 : a.unit_id > b.unit_id ? 1 : 0));
}

export async function commitBatch(
  storage: Storage,
  batchId: string,
  ledger: ReportRow[],
  values: ValueRow[],
  fault?: FaultPoint,
): Promise<{ files: string[] }> {
  const files: string[] = [];
  const valueParts = byPartition(values);
  for (const [k, rows] of valueParts) {
    const [y, t] = k.split('|');
    const key = `${partitionDir('values', Number(y), t)}/${batchId}.parquet`;
    await storage.put(key, writeParquet('values', sortValues(rows)));
    files.push(key);
  }
  if (fault === 'after_values') throw new InjectedCrash(fault);
  for (const [k, rows] of byPartition(ledger)) {
    const [y, t] = k.split('|');
    const key = `${partitionDir('reports', Number(y), t)}/${batchId}.parquet`;
    await storage.put(key, writeParquet('reports', rows));
    files.push(key);
  }
  if (fault === 'after_ledger') throw new InjectedCrash(fault);
  return { files };
}
