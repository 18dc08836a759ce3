/**
 * The ledger as stored (curated/reports Parquet), read with hyparquet (pure JS): which report
 * revision is current for each report key, so bulk ingest can count what it supersedes.
 */
import { parquetReadObjects } from 'hyparquet';
import type { Storage } from '../adapters/storage/storage.ts';
import { isParquetKey, tablePrefix } from '../core/warehouse-contract/layout.ts';
import { reportKey } from '../core/rows.ts';
import { isLater, type CurrentRevision } from '../core/revision-order.ts';

export interface LedgerState {
  /** Current revision per report key. */
  current: Map<string, CurrentRevision>;
  /**
   * sha256 of every source file with a report in the ledger: committed, whatever became of its
   * marker (a crash between the ledger and the marker leaves the file committed but unmarked).
   */
  committed: Set<string>;
}

/** One pass over the ledger: current revisions and the committed source files. */
export async function loadLedger(storage: Storage): Promise<LedgerState> {
  const current = new Map<string, CurrentRevision>();
  const committed = new Set<string>();
  for await (const obj of storage.list(tablePrefix('reports'))) {
    if (!isParquetKey(obj.key)) continue;
    const bytes = await storage.get(obj.key);
    if (!bytes) continue;
    const file = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
    const rows = (await parquetReadObjects({
      file,
      columns: ['report_id', 'batch_id', 'unit_id', 'scope', 'period', 'source_kind', 'revision', 'submitted_at', 'source_sha256'],
    })) as Array<{ report_id: string; batch_id: string; unit_id: string; scope: string; period: string; source_kind: string; revision: number; submitted_at: Date | string; source_sha256: string }>;
    for (const r of rows) {
      committed.add(r.source_sha256);
      const rev: CurrentRevision = {
        revision: Number(r.revision),
        submitted_at: r.submitted_at instanceof Date ? r.submitted_at.toISOString() : String(r.submitted_at),
        batch_id: r.batch_id,
        report_id: r.report_id,
      };
      const k = reportKey(r);
      const prev = current.get(k);
      if (!prev || isLater(rev, prev)) current.set(k, rev);
    }
  }
  return { current, committed };
}
