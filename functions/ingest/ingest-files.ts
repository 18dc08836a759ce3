/**
 * Ingest: received files → raw/ (content-addressed) → parse, normalize, validate →
 * curated/ Parquet and the ledger, or quarantine/ with a readable error report.
 * The same code serves one file (a Lambda invocation) and a directory of 90,000 (bulk).
 *
 * Steps per file, each safe to repeat after a crash:
 *   1. raw copy (content-addressed: repeating it writes the same object);
 *   2. values Parquet, then ledger Parquet (the commit; see commit.ts);
 *   3. the marker state/sources/<sha256>.json that makes a repeat "unchanged".
 */
import type { Storage } from '../adapters/storage/storage.ts';
import type { Problem, ReportRow, ValueRow } from '../core/types.ts';
import { reportKey, reportRows, sha256Hex } from '../core/rows.ts';
import { commitBatch, InjectedCrash, type FaultPoint } from './commit.ts';
import { prepareFile, rawKeyOf, type PreparedFile } from './prepare-file.ts';
import { isLater, type CurrentRevision } from './ledger.ts';

export { InjectedCrash, type FaultPoint };

export interface IncomingFile {
  name: string;
  /** Lazily read, so a bulk run holds only the files in flight. */
  read(): Promise<Uint8Array>;
}

export type FileStatus = 'accepted' | 'unchanged' | 'rejected';

export interface FileOutcome {
  file: string;
  sha256: string;
  status: FileStatus;
  reports: number;
  superseded: number;
  problems: Problem[];
  quarantineKey?: string;
}

export interface IngestSummary {
  files: number;
  accepted: number;
  unchanged: number;
  rejected: number;
  reports: number;
  superseded: number;
  values: number;
  /** Rejections grouped by problem code, with a Vietnamese and an English message of the first. */
  reasons: Record<string, { count: number; message_vi: string; message_en: string }>;
  outcomes: FileOutcome[];
  batches: string[];
}

export interface IngestOptions {
  storage: Storage;
  /** Current revision per report key (from loadCurrentRevisions) to count superseded reports. */
  current?: Map<string, CurrentRevision>;
  /** Values per written batch; larger batches give fewer, larger Parquet files. */
  batchValues?: number;
  /** Files read and parsed concurrently. */
  concurrency?: number;
  now?: () => Date;
  onProgress?: (done: number, total: number | undefined, outcome: FileOutcome) => void;
  /** Tests only: crash at a step. */
  fault?: FaultPoint;
  /** Keep per-file outcomes in the summary (off for very large runs). */
  keepOutcomes?: boolean;
}

const MARKERS = 'state/sources/';

export function markerKey(sha: string): string {
  return `${MARKERS}${sha}.json`;
}

function quarantineKeys(p: PreparedFile): { error: string; copy: string } {
  const safe = p.name.split(/[\\/]/).pop()!.replace(/[^\p{L}\p{N}._ -]+/gu, '_') || 'file';
  return { error: `quarantine/${p.sha256}/error.json`, copy: `quarantine/${p.sha256}/${safe}` };
}

export async function ingestFiles(files: IncomingFile[] | AsyncIterable<IncomingFile>, opts: IngestOptions): Promise<IngestSummary> {
  const { storage } = opts;
  const now = opts.now ?? (() => new Date());
  const batchValues = opts.batchValues ?? 400_000;
  const current = opts.current ?? new Map<string, CurrentRevision>();
  const total = Array.isArray(files) ? files.length : undefined;
  const summary: IngestSummary = { files: 0, accepted: 0, unchanged: 0, rejected: 0, reports: 0, superseded: 0, values: 0, reasons: {}, outcomes: [], batches: [] };

  // Markers of files already ingested: one listing for a bulk run, a HEAD per file for a single one.
  let known: Set<string> | undefined;
  if (total === undefined || total > 20) {
    known = new Set();
    for await (const o of storage.list(MARKERS)) known.add(o.key);
  }
  const isKnown = async (sha: string) => (known ? known.has(markerKey(sha)) : storage.exists(markerKey(sha)));

  let pendingLedger: ReportRow[] = [];
  let pendingValues: ValueRow[] = [];
  let pendingFiles: { sha: string; name: string; reportIds: string[] }[] = [];

  const flush = async () => {
    if (!pendingFiles.length) return;
    const shas = pendingFiles.map((f) => f.sha);
    const batchId = shas.length === 1 ? `f-${shas[0].slice(0, 40)}` : `b-${sha256Hex(shas.join(',')).slice(0, 40)}`;
    // Rows were built with a placeholder batch id; the batch is known only now.
    for (const r of pendingLedger) r.batch_id = batchId;
    for (const v of pendingValues) v.batch_id = batchId;
    await commitBatch(storage, batchId, pendingLedger, pendingValues, opts.fault);
    const at = now().toISOString();
    await runPool(pendingFiles, 16, (f) =>
      storage.put(markerKey(f.sha), JSON.stringify({ file: f.name, sha256: f.sha, batch_id: batchId, reports: f.reportIds, ingested_at: at }), { contentType: 'application/json', durable: false }),
    );
    for (const f of pendingFiles) known?.add(markerKey(f.sha));
    summary.batches.push(batchId);
    pendingLedger = [];
    pendingValues = [];
    pendingFiles = [];
  };

  const record = (o: FileOutcome) => {
    summary.files++;
    summary[o.status]++;
    if (o.status === 'rejected') {
      for (const p of o.problems) {
        const r = (summary.reasons[p.code] ??= { count: 0, message_vi: p.message_vi, message_en: p.message_en });
        r.count++;
      }
    }
    if (opts.keepOutcomes !== false) summary.outcomes.push(o);
    opts.onProgress?.(summary.files, total, o);
  };

  const handle = async (prepared: PreparedFile, bytes: Uint8Array) => {
    // 1. The original was kept already (in `start`, before this file could reach a batch).
    if (opts.fault === 'after_raw') throw new InjectedCrash('after_raw');
    if (prepared.problems.length || !prepared.source) {
      const q = quarantineKeys(prepared);
      await storage.put(q.copy, bytes);
      await storage.put(q.error, JSON.stringify({
        file: prepared.name, sha256: prepared.sha256, raw_key: prepared.rawKey, format: prepared.format ?? null,
        rejected_at: now().toISOString(), problems: prepared.problems,
      }, null, 2), { contentType: 'application/json' });
      record({ file: prepared.name, sha256: prepared.sha256, status: 'rejected', reports: 0, superseded: 0, problems: prepared.problems, quarantineKey: q.error });
      return;
    }
    const ingestedAt = now().toISOString();
    let superseded = 0;
    const ids: string[] = [];
    for (const r of prepared.reports) {
      const { ledger, values } = reportRows(r, prepared.source, 'pending', ingestedAt);
      const k = reportKey(ledger);
      const rev: CurrentRevision = { revision: ledger.revision, submitted_at: ledger.submitted_at, report_id: ledger.report_id };
      const prev = current.get(k);
      if (!prev || isLater(rev, prev)) {
        if (prev) superseded++;
        current.set(k, rev);
      }
      pendingLedger.push(ledger);
      for (const v of values) pendingValues.push(v);
      ids.push(ledger.report_id);
      summary.values += values.length;
    }
    summary.reports += prepared.reports.length;
    summary.superseded += superseded;
    pendingFiles.push({ sha: prepared.sha256, name: prepared.name, reportIds: ids });
    record({ file: prepared.name, sha256: prepared.sha256, status: 'accepted', reports: prepared.reports.length, superseded, problems: [] });
    if (pendingValues.length >= batchValues) await flush();
  };

  // Reading and parsing run ahead concurrently; results are handled in arrival order, one at a time.
  const queue: Promise<{ prepared?: PreparedFile; bytes?: Uint8Array; unchanged?: FileOutcome }>[] = [];
  const concurrency = opts.concurrency ?? 8;
  const iterator = (Array.isArray(files) ? files : null) ?? null;
  const source: AsyncIterable<IncomingFile> | Iterable<IncomingFile> = iterator ?? (files as AsyncIterable<IncomingFile>);
  const start = async (f: IncomingFile) => {
    const bytes = await f.read();
    const sha = sha256Hex(bytes);
    if (await isKnown(sha)) {
      return { unchanged: { file: f.name, sha256: sha, status: 'unchanged' as const, reports: 0, superseded: 0, problems: [] } };
    }
    // 1. Keep the original whatever happens next. Written here, while the files ahead are
    // handled, so the raw copies of a bulk run overlap with parsing instead of queueing behind it.
    const raw = storage.put(rawKeyOf(sha, f.name), bytes, { ifNoneMatch: true, durable: false });
    let prepared: PreparedFile;
    try {
      prepared = await prepareFile(f.name, bytes, sha);
    } finally {
      await raw;
    }
    return { prepared, bytes };
  };
  const drainOne = async () => {
    const r = await queue.shift()!;
    if (r.unchanged) record(r.unchanged);
    else await handle(r.prepared!, r.bytes!);
  };
  for await (const f of source as AsyncIterable<IncomingFile>) {
    queue.push(start(f));
    if (queue.length >= concurrency) await drainOne();
  }
  while (queue.length) await drainOne();
  await flush();
  return summary;
}

async function runPool<T>(items: T[], limit: number, fn: (t: T) => Promise<unknown>): Promise<void> {
  let i = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (i < items.length) await fn(items[i++]);
  });
  await Promise.all(workers);
}
