/**
 * Which files are ingested already ("known"): the state/ markers, and the ledger's committed
 * files (which a crash between the ledger and its marker leaves unmarked). A bulk run lists the
 * markers once; a run of a few files costs a HEAD per file, and only when that misses, a look
 * at the batch markers (cached: they never change).
 */
import type { Storage } from '../adapters/storage/storage.ts';
import { BATCH_MARKERS_PREFIX, batchMarkerKey, shaOfSourceMarker, SOURCE_MARKERS_PREFIX, sourceMarkerKey } from '../core/warehouse-contract/layout.ts';

export interface BatchMarker {
  batch_id: string;
  ingested_at: string;
  files: { sha256: string; file: string; reports: string[] }[];
}

/** Marker of a file committed in a batch of its own (the Lambda path, `chitieu ingest FILE`). */
export interface SourceMarker {
  file: string;
  sha256: string;
  batch_id: string;
  reports: string[];
  ingested_at: string;
}

/** Above this many files a run lists the markers instead of a HEAD per file. */
const LIST_FROM_FILES = 20;

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

export class KnownFiles {
  private batchSets?: Promise<ReadonlySet<string>[]>;

  private constructor(
    private readonly storage: Storage,
    private readonly committed: ReadonlySet<string> | undefined,
    /** Every known sha256, when listed up front (bulk runs); grows as batches commit. */
    readonly listed: Set<string> | undefined,
  ) {}

  /** `files`: how many files the run has, undefined for a stream of unknown length. */
  static async open(storage: Storage, files: number | undefined, committed?: ReadonlySet<string>): Promise<KnownFiles> {
    if (files !== undefined && files <= LIST_FROM_FILES) return new KnownFiles(storage, committed, undefined);
    const listed = new Set<string>();
    for (const shas of await batchMarkerSets(storage)) for (const sha of shas) listed.add(sha);
    for await (const o of storage.list(SOURCE_MARKERS_PREFIX)) {
      const sha = shaOfSourceMarker(o.key);
      if (sha) listed.add(sha);
    }
    for (const sha of committed ?? []) listed.add(sha);
    return new KnownFiles(storage, committed, listed);
  }

  readonly has = async (sha: string): Promise<boolean> => {
    if (this.committed?.has(sha)) return true;
    if (this.listed) return this.listed.has(sha);
    if (await this.storage.exists(sourceMarkerKey(sha))) return true;
    return (await (this.batchSets ??= batchMarkerSets(this.storage))).some((set) => set.has(sha));
  };

  /** Files of a batch just committed. */
  add(shas: Iterable<string>): void {
    if (this.listed) for (const sha of shas) this.listed.add(sha);
  }
}

/** Writes the marker that makes a repeat of a committed batch's files "unchanged". */
export async function writeMarker(storage: Storage, batchId: string, files: { sha256: string; file: string; reports: string[] }[], at: string): Promise<void> {
  // Not flushed (durable: false): a lost marker is found again in the ledger, or the batch rewritten.
  const json = { contentType: 'application/json', durable: false } as const;
  if (files.length === 1) {
    const [f] = files;
    const marker: SourceMarker = { file: f.file, sha256: f.sha256, batch_id: batchId, reports: f.reports, ingested_at: at };
    await storage.put(sourceMarkerKey(f.sha256), JSON.stringify(marker), json);
  } else {
    const marker: BatchMarker = { batch_id: batchId, ingested_at: at, files };
    await storage.put(batchMarkerKey(batchId), JSON.stringify(marker), json);
  }
}
