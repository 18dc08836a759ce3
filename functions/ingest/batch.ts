/**
 * The batch being gathered: the accepted files, their ledger rows and values, until it is
 * committed (values, ledger, then the marker). One object owns that state, so a batch is either
 * empty or whole.
 */
import type { Storage } from '../adapters/storage/storage.ts';
import type { ReportRow } from '../core/types.ts';
import { reportKey, sha256Hex, type FileRows } from '../core/rows.ts';
import { commitBatch, type ValueEncoder } from './commit.ts';
import { putRawPack } from './raw-pack.ts';
import type { Original } from '../adapters/raw-pack/write-raw-pack.ts';
import { writeMarker } from './known-files.ts';
import { ValueBatch } from './value-batch.ts';

export class PendingBatch {
  private ledger: ReportRow[] = [];
  private values = new ValueBatch();
  private files: { sha256: string; file: string; reports: string[] }[] = [];
  /** Originals to keep in the batch's pack (a bulk run's accepted files; see start-file.ts). */
  private originals: Original[] = [];
  /**
   * Report key, revision and submission time of every report in the batch: the views find a
   * report's values by batch and these (current_values.sql reads no report_id), so two files
   * carrying the same revision of a report never share a batch.
   */
  private revisions = new Set<string>();

  /** Values gathered so far. */
  get size(): number {
    return this.values.size;
  }

  /** Would these rows put a second copy of a report revision into the batch? Then commit first. */
  clashes(rows: FileRows): boolean {
    return rows.ledger.some((r) => this.revisions.has(revisionKey(r)));
  }

  /** Adds an accepted file's rows (and its original, to pack); returns the ids of its reports. */
  add(sha256: string, file: string, rows: FileRows, original?: Omit<Original, 'sha256'>): string[] {
    if (original) this.originals.push({ sha256, ...original });
    for (const r of rows.ledger) this.revisions.add(revisionKey(r));
    const ids = rows.ledger.map((r) => r.report_id);
    this.ledger.push(...rows.ledger);
    this.values.add(rows);
    this.files.push({ sha256, file, reports: ids });
    return ids;
  }

  /**
   * Writes the batch (see commit.ts) and its marker, and starts an empty one; returns the id and
   * the files committed, or undefined when there was nothing to commit.
   */
  async commit(storage: Storage, at: () => string, encode?: ValueEncoder): Promise<{ batchId: string; shas: string[] } | undefined> {
    if (!this.files.length) return undefined;
    const shas = this.files.map((f) => f.sha256);
    const batchId = shas.length === 1 ? `f-${shas[0].slice(0, 40)}` : `b-${sha256Hex(shas.join(',')).slice(0, 40)}`;
    // Rows were built with a placeholder batch id; the batch is known only now.
    for (const r of this.ledger) r.batch_id = batchId;
    // The pack is written while the values are encoded, and is in place before the ledger.
    const packed = this.originals.length ? putRawPack(storage, batchId, this.originals, at()) : undefined;
    await commitBatch(storage, batchId, this.ledger, this.values, encode, packed);
    await writeMarker(storage, batchId, this.files, at());
    this.ledger = [];
    this.values = new ValueBatch();
    this.files = [];
    this.originals = [];
    this.revisions = new Set();
    return { batchId, shas };
  }
}

function revisionKey(r: ReportRow): string {
  return `${reportKey(r)}|${r.revision}|${r.submitted_at}`;
}
