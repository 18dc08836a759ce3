/**
 * Ingest: received files → raw/ (content-addressed) → parse, normalize, validate →
 * curated/ Parquet and the ledger, or quarantine/ with a readable error report.
 * The same code serves one file (a Lambda invocation) and a directory of 90,000 (bulk).
 *
 * The steps, each in a file of its own and each safe to repeat after a crash:
 *   1. start-file.ts   per file: hash, known? (known-files.ts), keep the original in raw/,
 *                      prepare (prepare-file.ts: parse, validate, rows) — in process, or in
 *                      worker threads for a bulk run (prepare-pool.ts), the same code;
 *   2. quarantine.ts   a rejected file: its copy and error report;
 *   3. batch.ts        accepted files gather in a batch, committed (commit.ts) as values
 *                      Parquet, then ledger Parquet (the commit point), then the marker that
 *                      makes a repeat "unchanged": one per committed batch,
 *                      state/batches/<batch_id>.json listing the sha256 of its files (a bulk run
 *                      writes a few instead of one per file: file creation was most of a bulk
 *                      run's system time), or, for a batch of one file (the Lambda path,
 *                      `chitieu ingest FILE`), state/sources/<sha256>.json, which a single-file
 *                      run finds with one HEAD.
 * The ledger is the commit point, and the markers only say so cheaply: a crash between the two
 * leaves a committed batch without marker; a bulk run (`ingestPaths`) also counts the files the
 * ledger names as unchanged (`committed`), and a repeat that misses both rewrites the same batch
 * (its id is the hash of its files) or is stored twice and counted once by the views.
 */
import type { Storage } from '../adapters/storage/storage.ts';
import { reportKey } from '../core/rows.ts';
import type { ValueEncoder } from './commit.ts';
import type { ReadyFile } from './prepare-file.ts';
import { PendingBatch } from './batch.ts';
import { KnownFiles } from './known-files.ts';
import { isLater, type CurrentRevision } from '../core/revision-order.ts';
import { quarantine } from './quarantine.ts';
import { startFile } from './start-file.ts';
import { unchangedOutcome, type FileOutcome, type IncomingFile, type IngestSummary, type StartedFile } from './types.ts';

export type { FileOutcome, FileStatus, IncomingFile, IngestSummary, StartedFile } from './types.ts';

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
  /** Keep per-file outcomes in the summary (off for very large runs). */
  keepOutcomes?: boolean;
  /** sha256 of files the ledger names (from loadLedger): unchanged even without a marker. */
  committed?: ReadonlySet<string>;
  /** Per-file work in worker threads (bulk runs of local files; see prepare-pool.ts). */
  preparer?: FilePreparer;
  /**
   * Keep the originals of accepted files in one pack per batch (raw/packs/, see batch.ts) instead
   * of one object each; rejected files keep theirs as always. For bulk runs (`ingestPaths`).
   */
  packOriginals?: boolean;
}

/**
 * Does the per-file step (start-file.ts) elsewhere: worker threads. A run is opened once per
 * ingest, with the sha256 known at its start.
 */
export interface FilePreparer {
  open(storage: Storage, known: ReadonlySet<string>, packOriginals?: boolean): PreparerRun;
}
export interface PreparerRun {
  /** undefined when this file cannot be handled there (no local path): it is done in process. */
  start(file: IncomingFile): Promise<StartedFile> | undefined;
  /** Sorts and encodes a values partition of a batch there (see commit.ts). */
  encodeValues?: ValueEncoder;
  close(): void;
}

/** One ingest run: the summary, the batch being gathered, and what this run accepted. */
class IngestRun {
  readonly summary: IngestSummary = { files: 0, accepted: 0, unchanged: 0, rejected: 0, reports: 0, superseded: 0, values: 0, reasons: {}, outcomes: [], batches: [] };
  private readonly batch = new PendingBatch();
  /** Files accepted in this run: the same bytes twice in one run are ingested once. */
  private readonly acceptedHere = new Set<string>();
  private readonly now: () => Date;
  private readonly current: Map<string, CurrentRevision>;
  private readonly batchValues: number;

  constructor(
    private readonly opts: IngestOptions,
    private readonly known: KnownFiles,
    private readonly total: number | undefined,
    private readonly encode: ValueEncoder | undefined,
  ) {
    this.now = opts.now ?? (() => new Date());
    this.current = opts.current ?? new Map();
    this.batchValues = opts.batchValues ?? 400_000;
  }

  record(o: FileOutcome): void {
    const s = this.summary;
    s.files++;
    s[o.status]++;
    if (o.status === 'rejected') {
      for (const p of o.problems) {
        const r = (s.reasons[p.code] ??= { count: 0, message_vi: p.message_vi, message_en: p.message_en });
        r.count++;
      }
    }
    if (this.opts.keepOutcomes !== false) s.outcomes.push(o);
    this.opts.onProgress?.(s.files, this.total, o);
  }

  /** A prepared file (its original is kept already, or comes along for the pack): quarantined, or added to the batch. */
  async handle(ready: ReadyFile): Promise<void> {
    const rows = ready.rows;
    if (!rows) {
      const key = await quarantine(this.opts.storage, ready, this.now().toISOString());
      this.record({ file: ready.name, sha256: ready.sha256, status: 'rejected', reports: 0, superseded: 0, problems: ready.problems, quarantineKey: key });
      return;
    }
    if (this.acceptedHere.has(ready.sha256)) {
      this.record(unchangedOutcome(ready.name, ready.sha256));
      return;
    }
    this.acceptedHere.add(ready.sha256);
    if (this.batch.clashes(rows)) await this.commit();
    const ingestedAt = this.now().toISOString();
    let superseded = 0;
    for (const ledger of rows.ledger) {
      ledger.ingested_at = ingestedAt;
      const k = reportKey(ledger);
      const rev: CurrentRevision = { revision: ledger.revision, submitted_at: ledger.submitted_at, batch_id: 'pending', report_id: ledger.report_id };
      const prev = this.current.get(k);
      if (!prev || isLater(rev, prev)) {
        if (prev) superseded++;
        this.current.set(k, rev);
      }
    }
    this.batch.add(ready.sha256, ready.name, rows, ready.original && { rawKey: ready.rawKey, bytes: ready.original });
    this.summary.values += rows.report.length;
    this.summary.reports += rows.ledger.length;
    this.summary.superseded += superseded;
    this.record({ file: ready.name, sha256: ready.sha256, status: 'accepted', reports: rows.ledger.length, superseded, problems: [] });
    if (this.batch.size >= this.batchValues) await this.commit();
  }

  async commit(): Promise<void> {
    const done = await this.batch.commit(this.opts.storage, () => this.now().toISOString(), this.encode);
    if (!done) return;
    this.known.add(done.shas);
    this.summary.batches.push(done.batchId);
  }
}

export async function ingestFiles(files: IncomingFile[] | AsyncIterable<IncomingFile>, opts: IngestOptions): Promise<IngestSummary> {
  const { storage } = opts;
  const total = Array.isArray(files) ? files.length : undefined;
  const known = await KnownFiles.open(storage, total, opts.committed);
  const pack = opts.packOriginals === true;
  const workers = known.listed && opts.preparer ? opts.preparer.open(storage, known.listed, pack) : undefined;
  const run = new IngestRun(opts, known, total, workers?.encodeValues);
  const startHere = async (f: IncomingFile) => startFile(f.name, await f.read(), storage, known.has, pack);

  // Reading and parsing run ahead concurrently; results are handled in arrival order, one at a time.
  const queue: Promise<StartedFile>[] = [];
  const concurrency = opts.concurrency ?? (workers ? 64 : 8);
  const drainOne = async () => {
    const r = await queue.shift()!;
    if (r.unchanged) run.record(r.unchanged);
    else await run.handle(r.ready);
  };
  try {
    for await (const f of files) {
      const started = workers?.start(f) ?? startHere(f);
      // Settled later, in order; a rejection meanwhile is not "unhandled".
      started.catch(() => undefined);
      queue.push(started);
      if (queue.length >= concurrency) await drainOne();
    }
    while (queue.length) await drainOne();
    await run.commit();
  } finally {
    workers?.close();
  }
  return run.summary;
}
