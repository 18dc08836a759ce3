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

/**
 * Values partitions in flight to the encoder at once: one per worker of a two-core machine (each
 * one in flight is a copy; four measured no faster on 5,000 files).
 */
const IN_FLIGHT = 2;

export async function commitBatch(
  storage: Storage,
  batchId: string,
  ledger: ReportRow[],
  values: ValueBatch,
  encode: ValueEncoder = encodeHere,
  /** Other writes that must be done before the ledger (a bulk batch's pack of originals). */
  before?: Promise<unknown>,
): Promise<{ files: string[] }> {
  before?.catch(() => undefined); // awaited below, before the ledger
  // Values partitions (sorted by indicator, period, unit so that min/max statistics of row
  // groups prune) are encoded concurrently when the encoder is a pool of worker threads, and
  // stored as each is ready; all of them before the first ledger file.
  const parts = values.partitions();
  const valueFiles: string[] = new Array(parts.length);
  const stored: Promise<unknown>[] = [];
  let next = 0;
  const encoding = Promise.all(Array.from({ length: Math.min(IN_FLIGHT, parts.length) }, async () => {
    while (next < parts.length) {
      const i = next++;
      const p = parts[i];
      const key = tableFileKey('values', { stat_year: p.statYear, period_type: p.periodType }, batchId);
      const bytes = await encode(p, batchId);
      const put = storage.put(key, bytes);
      // Awaited below, after the encoding; a failure meanwhile is not "unhandled", and stops
      // the encoding of the partitions not yet started.
      put.catch(() => (next = parts.length));
      stored.push(put);
      valueFiles[i] = key;
    }
  }));
  encoding.catch(() => undefined); // awaited below, after the ledger's encoding
  // The ledger files are encoded meanwhile (here, while the workers encode values), a partition
  // per turn of the event loop so that finished values are stored without waiting, and stored
  // only after every values file (the ledger is the commit point).
  const ledgerParts: { key: string; bytes: Uint8Array }[] = [];
  for (const [k, rows] of byPartition(ledger)) {
    const [y, t] = k.split('|');
    ledgerParts.push({ key: tableFileKey('reports', { stat_year: Number(y), period_type: t }, batchId), bytes: writeParquet('reports', rows) });
    await new Promise((r) => setImmediate(r));
  }
  await encoding;
  await Promise.all(stored);
  await before;
  await Promise.all(ledgerParts.map((l) => storage.put(l.key, l.bytes)));
  return { files: [...valueFiles, ...ledgerParts.map((l) => l.key)] };
}
