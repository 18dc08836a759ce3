/**
 * Parquet footers of the warehouse, read through the Storage interface, for the cost estimate.
 *
 * Only metadata is read: the last 8 bytes give the footer length ("<len:u32le>PAR1"), then the
 * footer itself — a few KB per file instead of the file (storage/read-range.ts: positional reads
 * of a local file, ranged GETs on S3, the whole object otherwise).
 * Footers are cached per key and size: a curated file never changes in place (a rewrite is a new
 * batch file), and the size guards against the rare overwrite.
 */
import { parquetMetadata, type FileMetaData } from 'hyparquet';
import type { AST } from 'node-sql-parser';
import { estimateAst, type Estimate, type FooterSummary, type ReaderModel, type RowGroupSummary } from '../../core/cost/estimate.ts';
import { parseForAnalysis } from '../../core/sql/trino-parse.ts';
import { storedTable, storedTableNames, type RelationMap } from '../../core/cost/relations.ts';
import type { Storage, StoredObject } from '../storage/storage.ts';
import { readRange } from '../storage/read-range.ts';

const TAIL = 8;

export class FooterCache {
  private readonly entries = new Map<string, FooterSummary>();
  /** How many footers were read from storage (not served from the cache); for tests and logs. */
  reads = 0;

  get(object: StoredObject): FooterSummary | undefined {
    return this.entries.get(cacheKey(object));
  }

  set(object: StoredObject, footer: FooterSummary): void {
    this.entries.set(cacheKey(object), footer);
  }
}

function cacheKey(o: StoredObject): string {
  return `${o.key}\u0000${o.size}`;
}

/** Default cache shared by callers that do not bring one (a Lambda keeps it between invocations). */
export const sharedFooterCache = new FooterCache();

/** Read one file's footer. */
export async function readFooter(storage: Storage, object: StoredObject, cache: FooterCache = sharedFooterCache): Promise<FooterSummary> {
  const cached = cache.get(object);
  if (cached) return cached;
  const tail = await readTail(storage, object);
  const meta = parquetMetadata(tail);
  const footer = summarize(object, meta, tail.length);
  cache.set(object, footer);
  cache.reads++;
  return footer;
}

/** Footers of every Parquet file of the stored tables (curated/ and history/ by default). */
export async function readFooters(
  storage: Storage,
  options: { prefixes?: string[]; cache?: FooterCache; concurrency?: number } = {},
): Promise<FooterSummary[]> {
  const prefixes = options.prefixes ?? storedTableNames().map((t) => `${storedTable(t).path}/`);
  const objects: StoredObject[] = [];
  for (const prefix of prefixes) {
    for await (const o of storage.list(prefix)) if (o.key.endsWith('.parquet')) objects.push(o);
  }
  const out: FooterSummary[] = new Array(objects.length);
  let next = 0;
  const worker = async () => {
    while (next < objects.length) {
      const i = next++;
      out[i] = await readFooter(storage, objects[i]!, options.cache);
    }
  };
  await Promise.all(Array.from({ length: Math.min(options.concurrency ?? 16, objects.length) }, worker));
  return out;
}

/**
 * An estimator for the query API: `(sql, params) → Estimate`, reading the footers of the
 * warehouse behind `storage` (cached), listed anew at most every `listingTtlMs` (default 1 s),
 * so new batches are counted. Parsed SQL is kept per text (the named analyses are a few fixed texts, and parsing one with
 * the Trino grammar costs tens of milliseconds of CPU — most of a request's time under load);
 * parameters are applied after parsing, so one parse serves every parameter set.
 */
export function createFooterEstimator(
  storage: Storage,
  options: { cache?: FooterCache; relations?: RelationMap; listingTtlMs?: number; reader?: ReaderModel } = {},
): (sql: string, params?: Record<string, unknown>) => Promise<Estimate> {
  const parsed = new Map<string, AST | AST[]>();
  // One listing of the warehouse serves the estimates asked within `listingTtlMs` of its start
  // (and those asked while it runs): under load, listing the tables for every request cost more
  // than the query. A batch committed in that window is counted from the next listing on.
  const ttl = options.listingTtlMs ?? 1000;
  let recent: { at: number; footers: Promise<FooterSummary[]> } | undefined;
  const currentFooters = (): Promise<FooterSummary[]> => {
    const now = Date.now();
    if (!recent || now - recent.at > ttl) {
      const footers = readFooters(storage, { cache: options.cache });
      const entry = { at: now, footers };
      recent = entry;
      footers.catch(() => {
        if (recent === entry) recent = undefined;
      });
    }
    return recent.footers;
  };
  return async (sql, params = {}) => {
    let ast = parsed.get(sql);
    if (!ast) {
      const p = parseForAnalysis(sql);
      if (!p.ok) throw new Error(`${p.message_vi} / ${p.message_en}`);
      ast = p.ast;
      // Bounded: ad-hoc SQL texts rarely repeat, so the oldest go first.
      if (parsed.size >= PARSED_SQL_CACHE) parsed.delete(parsed.keys().next().value as string);
      parsed.set(sql, ast);
    }
    const footers = await currentFooters();
    return estimateAst(ast, footers, { params, relations: options.relations, reader: options.reader });
  };
}

const PARSED_SQL_CACHE = 256;

async function readTail(storage: Storage, object: StoredObject): Promise<Uint8Array> {
  const { key, size } = object;
  if (size < TAIL + 4) throw new Error(`${key}: quá ngắn để là Parquet / too short to be Parquet (${size} bytes)`);
  // The last 8 bytes give the footer's length, then the footer itself (read-range.ts: a positional
  // read of a local file, a ranged GET, or the whole object).
  const last = await readRange(storage, key, size - TAIL, size);
  if (!last || last.length < TAIL) throw new Error(`${key}: không còn tồn tại / no longer exists`);
  const length = footerLength(key, last, size);
  const tail = await readRange(storage, key, size - TAIL - length, size);
  if (!tail || tail.length < TAIL + length) throw new Error(`${key}: không còn tồn tại / no longer exists`);
  return tail;
}

function footerLength(key: string, last8: Uint8Array, size: number): number {
  const view = new DataView(last8.buffer, last8.byteOffset, last8.byteLength);
  if (view.getUint32(4, true) !== 0x31524150) throw new Error(`${key}: không phải tệp Parquet (thiếu PAR1) / not a Parquet file (no PAR1)`);
  const length = view.getUint32(0, true);
  if (length + TAIL + 4 > size) throw new Error(`${key}: độ dài footer sai / bad footer length ${length}`);
  return length;
}

function summarize(object: StoredObject, meta: FileMetaData, tailBytes: number): FooterSummary {
  const rowGroups: RowGroupSummary[] = meta.row_groups.map((rg) => {
    const columns: RowGroupSummary['columns'] = {};
    for (const chunk of rg.columns) {
      const md = chunk.meta_data;
      if (!md) continue;
      const name = md.path_in_schema.join('.');
      const stats = md.statistics;
      const min = plain(stats?.min_value ?? stats?.min);
      const max = plain(stats?.max_value ?? stats?.max);
      // Where the chunk starts, as Trino's reader takes it: the dictionary page when there is one
      // before the first data page.
      const data = Number(md.data_page_offset);
      const dict = md.dictionary_page_offset === undefined ? undefined : Number(md.dictionary_page_offset);
      const offset = dict !== undefined && dict > 0 && dict < data ? dict : data;
      columns[name] = { bytes: Number(md.total_compressed_size), offset, ...(min !== undefined && max !== undefined ? { min, max } : {}) };
    }
    return { rows: Number(rg.num_rows), columns };
  });
  // tailBytes: the footer, its length and the closing magic ("<footer><len:u32le>PAR1").
  return { key: object.key, size: object.size, footerBytes: tailBytes, rowGroups };
}

/** Only strings and finite numbers are kept: the estimate compares indicator and period codes. */
function plain(v: unknown): string | number | undefined {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (typeof v === 'bigint') return Number(v);
  return undefined;
}
