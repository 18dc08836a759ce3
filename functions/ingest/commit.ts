/**
 * Writing accepted reports: values first, then the ledger (the commit point), per partition.
 * Values rows are visible only through a ledger row naming the same batch, so a crash between
 * the two writes leaves an invisible orphan file, never a partial or doubled report.
 */
import type { Storage } from '../adapters/storage/storage.ts';
import type { ReportRow } from '../core/types.ts';
import { writeParquet, writeParquetColumns } from '../adapters/parquet/write-parquet.ts';
import { tableFileKey } from '../core/warehouse-contract/layout.ts';
import { sortedColumns, type PartitionValues, type ValueBatch } from './value-batch.ts';

/** Sorts and encodes one values partition of a batch (in process, or in a worker thread). */
export type ValueEncoder = (partition: PartitionValues, batchId: string) => Promise<Uint8Array>;

const encodeHere: ValueEncoder = async (p, batchId) => writeParquetColumns('values', sortedColumns(p, batchId), p.length);

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

export async function commitBatch(
  storage: Storage,
  batchId: string,
  ledger: ReportRow[],
  values: ValueBatch,
  encode: ValueEncoder = encodeHere,
): Promise<{ files: string[] }> {
  // Values partitions (sorted by indicator, period, unit so that min/max statistics of row
  // groups prune) are encoded concurrently when the encoder is a pool of worker threads, and
  // written (and flushed) as each is ready; all of them before the first ledger file.
  // Two at a time (one per worker of a two-core machine): each partition in flight is a copy.
  const parts = values.partitions();
  const valueFiles: string[] = new Array(parts.length);
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(2, parts.length) }, async () => {
    while (next < parts.length) {
      const i = next++;
      const p = parts[i];
      const key = tableFileKey('values', { stat_year: p.statYear, period_type: p.periodType }, batchId);
      await storage.put(key, await encode(p, batchId));
      valueFiles[i] = key;
    }
  }));
  const ledgerFiles = await Promise.all([...byPartition(ledger)].map(async ([k, rows]) => {
    const [y, t] = k.split('|');
    const key = tableFileKey('reports', { stat_year: Number(y), period_type: t }, batchId);
    await storage.put(key, writeParquet('reports', rows));
    return key;
  }));
  const files = [...valueFiles, ...ledgerFiles];
  return { files };
}
