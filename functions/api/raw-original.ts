/**
 * Finds the original of a report by its sha256, wherever the warehouse keeps it: its own object
 * (raw/sha256/…: files ingested one by one, rejected files) or an entry of a bulk batch's pack
 * (raw/packs/…), located through the ledger (the batch whose reports name the file) and the pack's
 * index, and read with one ranged read. Serves GET /api/raw/<sha256> and its /view.
 */
import type { Engine } from '../adapters/engine/engine.ts';
import type { Storage } from '../adapters/storage/storage.ts';
import { readRange } from '../adapters/storage/read-range.ts';
import { BoundedLru } from '../core/bounded-lru.ts';
import { rawContentPrefix, rawPackIndexKey, rawPackKey } from '../core/warehouse-contract/layout.ts';
import { parseRawPackIndex, type RawPackEntry } from '../core/warehouse-contract/raw-pack-index.ts';

export interface FoundOriginal {
  /** The file name it is kept under: <sha256>.<ext>. */
  name: string;
  size: number;
  read(): Promise<Uint8Array | undefined>;
}

/** The batches whose ledger rows name the file (one, unless the ledger holds a repeat). */
const BATCHES_SQL = 'SELECT DISTINCT batch_id FROM reports WHERE source_sha256 = :sha ORDER BY batch_id';
/** Batch ids as ingest makes them (batch.ts); anything else is not looked up as a key. */
const BATCH_ID = /^[bf]-[0-9a-f]{40}$/;

/**
 * Parsed pack indexes by warehouse and key, as sha256 → entry. A pack's index lists the same
 * originals whenever it is written (a repeat of its batch writes the same files), so what was
 * read once is kept; bounded by the number of entries held.
 */
const indexes = new BoundedLru<Map<string, RawPackEntry>>(64, 400_000, (m) => m.size + 1);

async function packEntries(storage: Storage, batchId: string): Promise<Map<string, RawPackEntry> | undefined> {
  const key = rawPackIndexKey(batchId);
  const cacheKey = `${storage.location}\n${key}`;
  const hit = indexes.get(cacheKey);
  if (hit) return hit;
  const bytes = await storage.get(key);
  if (!bytes) return undefined;
  const entries = new Map(parseRawPackIndex(key, bytes).files.map((f) => [f.sha256, f]));
  indexes.set(cacheKey, entries);
  return entries;
}

export async function findOriginal(storage: Storage, engine: Engine, sha: string): Promise<FoundOriginal | undefined> {
  for await (const o of storage.list(rawContentPrefix(sha))) {
    return { name: o.key.slice(o.key.lastIndexOf('/') + 1), size: o.size, read: () => storage.get(o.key) };
  }
  const { rows } = await engine.query(BATCHES_SQL, { params: { sha } });
  for (const row of rows) {
    const batchId = String(row.batch_id);
    if (!BATCH_ID.test(batchId)) continue;
    const e = (await packEntries(storage, batchId))?.get(sha);
    if (!e) continue;
    const pack = rawPackKey(batchId);
    return {
      name: e.name.slice(e.name.lastIndexOf('/') + 1),
      size: e.size,
      read: async () => (e.size === 0 ? new Uint8Array() : readRange(storage, pack, e.offset, e.offset + e.size)),
    };
  }
  return undefined;
}
