/**
 * Ingest: received files → raw/ (content-addressed) → parse, normalize, validate →
 * curated/ Parquet and the ledger, or quarantine/ with a readable error report.
 * The same code serves one file (a Lambda invocation) and a directory of 90,000 (bulk).
 *
 * Steps per file, each safe to repeat after a crash:
 *   1. raw copy (content-addressed: repeating it writes the same object);
 *   2. values Parquet, then ledger Parquet (the commit; see commit.ts);
 *   3. the marker that makes a repeat "unchanged": one per committed batch,
 *      state/batches/<batch_id>.json listing the sha256 of its files (a bulk run writes a few
 *      instead of one per file: file creation was most of a bulk run's system time), or, for
 *      a batch of one file (the Lambda path, `chitieu ingest FILE`), state/sources/<sha256>.json,
 *      which a single-file run finds with one HEAD.
 * The ledger is the commit point, and the markers only say so cheaply: a crash between the two
 * leaves a committed batch without marker; a bulk run (`ingestPaths`) also counts the files the
 * ledger names as unchanged (`committed`), and a repeat that misses both rewrites the same batch
 * (its id is the hash of its files) or is stored twice and counted once by the views.
 */
import type { Storage } from '../adapters/storage/storage.ts';
import type { Problem, ReportRow } from '../core/types.ts';
import { reportKey, sha256Hex } from '../core/rows.ts';
import { commitBatch, InjectedCrash, type FaultPoint, type ValueEncoder } from './commit.ts';
import { prepareFile, readyFile, type PreparedFile, type ReadyFile } from './prepare-file.ts';
import { BATCH_MARKERS_PREFIX, batchMarkerKey, quarantineKeys, rawContentKey, shaOfSourceMarker, SOURCE_MARKERS_PREFIX, sourceMarkerKey } from '../core/warehouse/layout.ts';
import { ValueBatch } from './value-batch.ts';
import { isLater, type CurrentRevision } from './ledger.ts';

export { InjectedCrash, type FaultPoint };

export interface IncomingFile {
  name: string;
  /** Lazily read, so a bulk run holds only the files in flight. */
  read(): Promise<Uint8Array>;
  /** Where the file is on local disk, when it is: a worker thread can then read it itself. */
  path?: string;
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
  /** Current revision per report key (loadLedger's `current`) to count superseded reports. */
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
  /** sha256 of files the ledger names (from loadLedger): unchanged even without a marker. */
  committed?: ReadonlySet<string>;
  /** Per-file work in worker threads (bulk runs of local files; see prepare-pool.ts). */
  preparer?: FilePreparer;
}

export { batchMarkerKey, sourceMarkerKey as markerKey };

export interface BatchMarker {
  batch_id: string;
  ingested_at: string;
  files: { sha256: string; file: string; reports: string[] }[];
}

/**
 * The sha256 a batch marker lists. Markers are never rewritten with other content (a batch id
 * is the hash of its files), so what was read once is kept, per warehouse: a warm Lambda lists
 * state/batches/ and reads only markers it has not seen. An unreadable marker (a crash of the
 * machine can leave an empty file: markers are not flushed) counts as absent; the ledger still
 * holds the batch, and a repeat rewrites or dedupes it.
 */
const batchMarkerCache = new Map<string, ReadonlySet<string>>();

/** The sha256 sets of every readable batch marker of the warehouse. */
async function batchMarkerSets(storage: Storage): Promise<ReadonlySet<string>[]> {
  const out: ReadonlySet<string>[] = [];
  for await (const o of storage.list(BATCH_MARKERS_PREFIX)) {
    if (!o.key.endsWith('.json')) continue;
    const cacheKey = `${storage.location}\n${o.key}`;
    let shas = batchMarkerCache.get(cacheKey);
    if (!shas) {
      const bytes = await storage.get(o.key);
      try {
        const m = JSON.parse(new TextDecoder().decode(bytes)) as BatchMarker;
        shas = new Set(m.files.map((f) => f.sha256));
      } catch {
        continue;
      }
      if (batchMarkerCache.size > 10_000) batchMarkerCache.clear();
      batchMarkerCache.set(cacheKey, shas);
    }
    out.push(shas);
  }
  return out;
}

/** What the reading side hands to the committing side for one file. */
export type StartedFile = { unchanged: FileOutcome; ready?: undefined } | { ready: ReadyFile; unchanged?: undefined };

/**
 * Does the per-file work elsewhere (worker threads): read the file at `path`, hash it, answer
 * "unchanged" for a sha256 in `known`, else keep the raw copy and prepare it. A run is opened
 * once per ingest, with the sha256 known at its start.
 */
export interface FilePreparer {
  open(storage: Storage, known: ReadonlySet<string>): PreparerRun;
}
export interface PreparerRun {
  /** undefined when this file cannot be handled there (no local path): it is done in process. */
  start(file: IncomingFile): Promise<StartedFile> | undefined;
  /** Sorts and encodes a values partition of a batch there (see commit.ts). */
  encodeValues?: ValueEncoder;
  close(): void;
}

export async function ingestFiles(files: IncomingFile[] | AsyncIterable<IncomingFile>, opts: IngestOptions): Promise<IngestSummary> {
  const { storage } = opts;
  const now = opts.now ?? (() => new Date());
  const batchValues = opts.batchValues ?? 400_000;
  const current = opts.current ?? new Map<string, CurrentRevision>();
  const total = Array.isArray(files) ? files.length : undefined;
  const summary: IngestSummary = { files: 0, accepted: 0, unchanged: 0, rejected: 0, reports: 0, superseded: 0, values: 0, reasons: {}, outcomes: [], batches: [] };

  // Files already ingested: a bulk run lists the markers once; a single file costs a HEAD, and
  // only when that misses, a look at the batch markers (cached: they never change).
  const committed = opts.committed;
  let known: Set<string> | undefined;
  if (total === undefined || total > 20) {
    known = new Set();
    for (const shas of await batchMarkerSets(storage)) for (const sha of shas) known.add(sha);
    for await (const o of storage.list(SOURCE_MARKERS_PREFIX)) {
      const sha = shaOfSourceMarker(o.key);
      if (sha) known.add(sha);
    }
    for (const sha of committed ?? []) known.add(sha);
  }
  let batchSets: Promise<ReadonlySet<string>[]> | undefined;
  const isKnown = async (sha: string) => {
    if (committed?.has(sha)) return true;
    if (known) return known.has(sha);
    if (await storage.exists(sourceMarkerKey(sha))) return true;
    return (await (batchSets ??= batchMarkerSets(storage))).some((set) => set.has(sha));
  };
  // Files accepted in this run: the same bytes twice in one run are ingested once.
  const acceptedHere = new Set<string>();

  const run = known && opts.preparer ? opts.preparer.open(storage, known) : undefined;
  let pendingLedger: ReportRow[] = [];
  let pendingValues = new ValueBatch();
  let pendingFiles: { sha: string; name: string; reportIds: string[] }[] = [];
  // Report key, revision and submission time of every report in the pending batch: the views
  // find a report's values by batch and these (current_values.sql reads no report_id), so two
  // files carrying the same revision of a report never share a batch.
  let pendingRevisions = new Set<string>();

  const flush = async () => {
    if (!pendingFiles.length) return;
    const shas = pendingFiles.map((f) => f.sha);
    const batchId = shas.length === 1 ? `f-${shas[0].slice(0, 40)}` : `b-${sha256Hex(shas.join(',')).slice(0, 40)}`;
    // Rows were built with a placeholder batch id; the batch is known only now.
    for (const r of pendingLedger) r.batch_id = batchId;
    await commitBatch(storage, batchId, pendingLedger, pendingValues, opts.fault, run?.encodeValues);
    const at = now().toISOString();
    if (pendingFiles.length === 1) {
      const f = pendingFiles[0];
      await storage.put(sourceMarkerKey(f.sha), JSON.stringify({ file: f.name, sha256: f.sha, batch_id: batchId, reports: f.reportIds, ingested_at: at }), { contentType: 'application/json', durable: false });
    } else {
      const marker: BatchMarker = { batch_id: batchId, ingested_at: at, files: pendingFiles.map((f) => ({ sha256: f.sha, file: f.name, reports: f.reportIds })) };
      await storage.put(batchMarkerKey(batchId), JSON.stringify(marker), { contentType: 'application/json', durable: false });
    }
    for (const f of pendingFiles) known?.add(f.sha);
    summary.batches.push(batchId);
    pendingLedger = [];
    pendingValues = new ValueBatch();
    pendingFiles = [];
    pendingRevisions = new Set();
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

  const handle = async (ready: ReadyFile) => {
    // 1. The original was kept already (in `start`, before this file could reach a batch).
    if (opts.fault === 'after_raw') throw new InjectedCrash('after_raw');
    const rows = ready.rows;
    if (!rows) {
      const q = quarantineKeys(ready.sha256, ready.name);
      await storage.put(q.copy, ready.bytes!);
      await storage.put(q.error, JSON.stringify({
        file: ready.name, sha256: ready.sha256, raw_key: ready.rawKey, format: ready.format ?? null,
        rejected_at: now().toISOString(), problems: ready.problems,
      }, null, 2), { contentType: 'application/json' });
      record({ file: ready.name, sha256: ready.sha256, status: 'rejected', reports: 0, superseded: 0, problems: ready.problems, quarantineKey: q.error });
      return;
    }
    if (acceptedHere.has(ready.sha256)) {
      record({ file: ready.name, sha256: ready.sha256, status: 'unchanged', reports: 0, superseded: 0, problems: [] });
      return;
    }
    acceptedHere.add(ready.sha256);
    const revisionKeys = rows.ledger.map((r) => `${reportKey(r)}|${r.revision}|${r.submitted_at}`);
    if (revisionKeys.some((k) => pendingRevisions.has(k))) await flush();
    for (const k of revisionKeys) pendingRevisions.add(k);
    const ingestedAt = now().toISOString();
    let superseded = 0;
    const ids: string[] = [];
    for (const ledger of rows.ledger) {
      ledger.ingested_at = ingestedAt;
      const k = reportKey(ledger);
      const rev: CurrentRevision = { revision: ledger.revision, submitted_at: ledger.submitted_at, batch_id: 'pending', report_id: ledger.report_id };
      const prev = current.get(k);
      if (!prev || isLater(rev, prev)) {
        if (prev) superseded++;
        current.set(k, rev);
      }
      pendingLedger.push(ledger);
      ids.push(ledger.report_id);
    }
    pendingValues.add(rows);
    summary.values += rows.report.length;
    summary.reports += rows.ledger.length;
    summary.superseded += superseded;
    pendingFiles.push({ sha: ready.sha256, name: ready.name, reportIds: ids });
    record({ file: ready.name, sha256: ready.sha256, status: 'accepted', reports: rows.ledger.length, superseded, problems: [] });
    if (pendingValues.size >= batchValues) await flush();
  };

  // Reading and parsing run ahead concurrently; results are handled in arrival order, one at a time.
  const queue: Promise<StartedFile>[] = [];
  const concurrency = opts.concurrency ?? (run ? 64 : 8);
  const startHere = async (f: IncomingFile): Promise<StartedFile> => {
    const bytes = await f.read();
    const sha = sha256Hex(bytes);
    if (await isKnown(sha)) {
      return { unchanged: { file: f.name, sha256: sha, status: 'unchanged' as const, reports: 0, superseded: 0, problems: [] } };
    }
    // 1. Keep the original whatever happens next. Written here, while the files ahead are
    // handled, so the raw copies of a bulk run overlap with parsing instead of queueing behind it.
    const raw = storage.put(rawContentKey(sha, f.name), bytes, { ifNoneMatch: true, durable: false });
    let prepared: PreparedFile;
    try {
      prepared = await prepareFile(f.name, bytes, sha);
    } finally {
      await raw;
    }
    return { ready: readyFile(prepared, bytes) };
  };
  const drainOne = async () => {
    const r = await queue.shift()!;
    if (r.unchanged) record(r.unchanged);
    else await handle(r.ready);
  };
  try {
    for await (const f of files) {
      const started = run?.start(f) ?? startHere(f);
      // Settled later, in order; a rejection meanwhile is not "unhandled".
      started.catch(() => undefined);
      queue.push(started);
      if (queue.length >= concurrency) await drainOne();
    }
    while (queue.length) await drainOne();
    await flush();
  } finally {
    run?.close();
  }
  return summary;
}
