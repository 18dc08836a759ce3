/**
 * Compaction: rewrites each partition's many small files into one values file and one ledger
 * file holding the current revision of each report; superseded revisions move to the history
 * tables (history/values, history/reports). Runs through the Storage interface (CLI and Lambda).
 *
 * Order, so the current-revision view never misses or doubles a row:
 *   1. write the compacted values, then its ledger (the new batch wins ties: see plan.ts);
 *   2. write the history files for superseded revisions;
 *   3. delete the old ledger files, then the old values files.
 * A crash anywhere leaves a state the next run compacts again.
 */
import type { Storage } from '../adapters/storage/storage.ts';
import type { ReportRow, ValueRow } from '../core/types.ts';
import type { PeriodType } from '../core/calendar.ts';
import { sha256Hex } from '../core/rows.ts';
import { writeParquet } from '../adapters/parquet/write-parquet.ts';
import { readParquetRows } from '../adapters/parquet/read-parquet.ts';
import { isParquetKey, partitionOfKey, partitionPath, partitionPrefix, tableFileKey, tablePrefix } from '../core/warehouse-contract/layout.ts';
import { compactionBatchId, planCompaction } from './plan.ts';

export interface PartitionResult {
  partition: string;
  filesBefore: number;
  filesAfter: number;
  current: number;
  superseded: number;
  skipped: boolean;
}

export interface CompactionSummary {
  partitions: PartitionResult[];
  filesBefore: number;
  filesAfter: number;
}

async function keysUnder(storage: Storage, prefix: string): Promise<string[]> {
  const out: string[] = [];
  for await (const o of storage.list(prefix)) if (isParquetKey(o.key)) out.push(o.key);
  return out;
}

/** Partition directories ("stat_year=Y/period_type=T") that hold ledger files. */
async function partitions(storage: Storage): Promise<string[]> {
  const set = new Set<string>();
  for (const k of await keysUnder(storage, tablePrefix('reports'))) {
    const p = partitionOfKey(k);
    if (p) set.add(partitionPath(p));
  }
  return [...set].sort();
}

function partitionValues(part: string): { stat_year: number; period_type: PeriodType } {
  const p = partitionOfKey(part);
  if (!p) throw new Error(`not a partition: ${part}`);
  return { stat_year: p.stat_year, period_type: p.period_type as PeriodType };
}

function iso(v: unknown): string {
  return v instanceof Date ? v.toISOString() : String(v);
}

/** Tests only: stop after a step, as a crash would. */
export type CompactionFault = 'after_write' | 'after_ledger_delete';

export async function compactPartition(storage: Storage, part: string, now = new Date(), fault?: CompactionFault): Promise<PartitionResult> {
  const pv = partitionValues(part);
  const ledgerKeys = await keysUnder(storage, partitionPrefix('reports', pv));
  const valueKeys = await keysUnder(storage, partitionPrefix('values', pv));
  const ledger: ReportRow[] = [];
  for (const k of ledgerKeys) {
    for (const r of await readParquetRows(storage, k)) {
      ledger.push({ ...(r as unknown as ReportRow), submitted_at: iso(r.submitted_at), ingested_at: iso(r.ingested_at), ...pv });
    }
  }
  const plan = planCompaction(ledger);
  const filesBefore = ledgerKeys.length + valueKeys.length;
  if (valueKeys.length <= 1 && ledgerKeys.length <= 1 && plan.superseded.length === 0 && plan.duplicates === 0) {
    return { partition: part, filesBefore, filesAfter: filesBefore, current: plan.current.length, superseded: 0, skipped: true };
  }
  const wanted = new Map<string, 'current' | 'superseded'>();
  for (const r of plan.current) wanted.set(`${r.report_id}|${r.batch_id}`, 'current');
  for (const r of plan.superseded) wanted.set(`${r.report_id}|${r.batch_id}`, 'superseded');
  const current: ValueRow[] = [];
  const superseded: ValueRow[] = [];
  for (const k of valueKeys) {
    for (const raw of await readParquetRows(storage, k)) {
      const v = { ...(raw as unknown as ValueRow), ...pv } as ValueRow;
      const which = wanted.get(`${v.report_id}|${v.batch_id}`);
      if (which === 'current') current.push(v);
      else if (which === 'superseded') superseded.push(v);
    }
  }
  const batch = compactionBatchId(now, sha256Hex(`${part}|${ledgerKeys.join(',')}`));
  const rebatch = <T extends { batch_id: string }>(rows: T[]): T[] => rows.map((r) => ({ ...r, batch_id: batch }));
  current.sort((a, b) => (a.indicator < b.indicator ? -1 : a.indicator > b.indicator ? 1 : a.period < b.period ? -1 : a.period > b.period ? 1 : a.unit_id < b.unit_id ? -1 : a.unit_id > b.unit_id ? 1 : 0));
  const newKeys = {
    values: tableFileKey('values', pv, batch),
    reports: tableFileKey('reports', pv, batch),
    historyValues: tableFileKey('history_values', pv, batch),
    historyReports: tableFileKey('history_reports', pv, batch),
  };
  // 1. the compacted copy (values first: a ledger row must never name a missing values file)
  await storage.put(newKeys.values, writeParquet('values', rebatch(current)));
  await storage.put(newKeys.reports, writeParquet('reports', rebatch(plan.current)));
  // 2. history
  if (plan.superseded.length) {
    await storage.put(newKeys.historyValues, writeParquet('history_values', rebatch(superseded)));
    await storage.put(newKeys.historyReports, writeParquet('history_reports', rebatch(plan.superseded)));
  }
  if (fault === 'after_write') throw new Error('injected crash after_write');
  // 3. the old files: ledger first, so no ledger row names a deleted values file
  for (const k of ledgerKeys) if (k !== newKeys.reports) await storage.delete(k);
  if (fault === 'after_ledger_delete') throw new Error('injected crash after_ledger_delete');
  for (const k of valueKeys) if (k !== newKeys.values) await storage.delete(k);
  return { partition: part, filesBefore, filesAfter: 2, current: plan.current.length, superseded: plan.superseded.length, skipped: false };
}

export async function compactWarehouse(
  storage: Storage,
  opts: { now?: Date; onPartition?: (r: PartitionResult) => void; fault?: CompactionFault } = {},
): Promise<CompactionSummary> {
  const results: PartitionResult[] = [];
  for (const part of await partitions(storage)) {
    const r = await compactPartition(storage, part, opts.now ?? new Date(), opts.fault);
    results.push(r);
    opts.onPartition?.(r);
  }
  return {
    partitions: results,
    filesBefore: results.reduce((a, r) => a + r.filesBefore, 0),
    filesAfter: results.reduce((a, r) => a + r.filesAfter, 0),
  };
}
