/**
 * Which ledger rows a compaction keeps as current and which it moves to history. Pure: the
 * same order as the current-revision view (views/current_reports.sql): per unit, scope, period
 * and source kind the highest revision, then the later submission, then the later batch, then the
 * larger report id (core/revision-order.ts isLater).
 */
import type { ReportRow } from '../core/types.ts';
import { reportKey } from '../core/rows.ts';
import { isLater } from '../core/revision-order.ts';

export interface CompactionPlan {
  /** One ledger row per current report (the batch chosen to read its values from). */
  current: ReportRow[];
  /** One ledger row per superseded report revision. */
  superseded: ReportRow[];
  /** Ledger rows that repeat a report already chosen (a repeated delivery). */
  duplicates: number;
}

export function planCompaction(ledger: ReportRow[]): CompactionPlan {
  // A report stored in several batches (redelivery after a crash) is read from one of them.
  const byReport = new Map<string, ReportRow>();
  let duplicates = 0;
  for (const r of ledger) {
    const prev = byReport.get(r.report_id);
    if (prev) duplicates++;
    if (!prev || r.batch_id > prev.batch_id) byReport.set(r.report_id, r);
  }
  const currentByKey = new Map<string, ReportRow>();
  for (const r of byReport.values()) {
    const k = reportKey(r);
    const prev = currentByKey.get(k);
    if (!prev || isLater(r, prev)) currentByKey.set(k, r);
  }
  const currentIds = new Set([...currentByKey.values()].map((r) => r.report_id));
  const superseded = [...byReport.values()].filter((r) => !currentIds.has(r.report_id));
  return { current: [...currentByKey.values()], superseded, duplicates };
}

/**
 * Batch ids of compactions sort after every ingest batch ('b-…', 'f-…') and after earlier
 * compactions, so while old and new files coexist the view's tie-break (batch_id DESC) already
 * reads the compacted copy: no moment misses or doubles a row.
 */
export function compactionBatchId(now: Date, salt: string): string {
  return `z-${String(now.getTime()).padStart(15, '0')}-${salt.slice(0, 8)}`;
}
