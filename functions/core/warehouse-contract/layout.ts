/**
 * The warehouse layout: every storage key and prefix of the warehouse is built here, and only
 * here (tests/unit/layers.test.ts fails on a key literal elsewhere). The same keys serve the
 * filesystem warehouse and the S3 bucket; infra derives its lifecycle rules and IAM grants from
 * the prefixes below. README "Layout" shows the tree.
 *
 *   raw/inbox/                                 uploads waiting for ingest (S3 only)
 *   raw/sha256/<aa>/<sha256>.<ext>             every received file, content-addressed, kept forever
 *   raw/packs/<batch>.tar, <batch>.json        or, for the files of a bulk run's batch, one tar whose
 *                                              entries have the names above (below raw/), and its index
 *   curated/<table>/stat_year=Y/period_type=T/<batch>.parquet   values and the ledger
 *   history/<table>/stat_year=Y/period_type=T/<batch>.parquet   revisions compaction superseded
 *   quarantine/<sha256>/error.json, …/<name>   rejected files and why
 *   state/sources/<sha256>.json                marker: a file committed in a batch of its own
 *   state/batches/<batch>.json                 marker: the files of a committed batch
 *   results/compare/<period>/…                 the comparison's runs and pointers
 *   site/data/…                                explorer extracts
 *   notebooks/<id>.json                        saved explorer notebooks
 *   reviews/<report_id>/<review>.json          an analyst's decisions on an extracted report
 *   cache/                                     local engine cache (filesystem warehouse only)
 */
import { tablePath, type TableName } from './tables.ts';

/** Top-level areas of the warehouse, each a prefix ending in '/'. */
export const AREA = {
  raw: 'raw/',
  curated: 'curated/',
  history: 'history/',
  quarantine: 'quarantine/',
  state: 'state/',
  results: 'results/',
  site: 'site/',
  notebooks: 'notebooks/',
  reviews: 'reviews/',
  cache: 'cache/',
} as const;
export type Area = keyof typeof AREA;

/** Uploads the ingest pipeline watches (S3 event notifications filter on it). */
export const INBOX_PREFIX = `${AREA.raw}inbox/`;
/** Content-addressed originals. */
export const RAW_CONTENT_PREFIX = `${AREA.raw}sha256/`;
/** Tars of the originals of bulk runs' batches, and their indexes (see rawPackKey). */
export const RAW_PACKS_PREFIX = `${AREA.raw}packs/`;
/** Markers of files committed in a batch of their own. */
export const SOURCE_MARKERS_PREFIX = `${AREA.state}sources/`;
/** Markers of committed batches of several files. */
export const BATCH_MARKERS_PREFIX = `${AREA.state}batches/`;
/** The comparison's outputs. */
export const COMPARE_PREFIX = `${AREA.results}compare/`;
/** Extracts the explorer fetches under /data/. */
export const SITE_DATA_PREFIX = `${AREA.site}data/`;

// ---- raw/

/** Where the original of a file is kept: its sha256, and the extension of its name (or .bin). */
export function rawContentKey(sha256: string, fileName: string): string {
  const ext = (/\.([A-Za-z0-9]{1,8})$/.exec(fileName)?.[1] ?? 'bin').toLowerCase();
  return `${rawContentPrefix(sha256)}${ext}`;
}

/** The prefix of the original of `sha256` whatever its extension (list it to find the file). */
export function rawContentPrefix(sha256: string): string {
  return `${RAW_CONTENT_PREFIX}${sha256.slice(0, 2)}/${sha256}.`;
}

/**
 * Where a bulk run keeps the originals of one batch's accepted files: a tar (one object instead
 * of one per file: creating thousands of files was most of a bulk run's system time), whose
 * entries are named as the files would be under raw/ — `tar -xf <pack> -C raw/` gives the
 * per-file layout back. The batch is the ledger's batch_id of the file's reports.
 */
export function rawPackKey(batchId: string): string {
  return `${RAW_PACKS_PREFIX}${batchId}.tar`;
}

/** The index of a pack (raw-pack.ts: each original's sha256, entry name, offset and size). */
export function rawPackIndexKey(batchId: string): string {
  return `${RAW_PACKS_PREFIX}${batchId}.json`;
}

/** The name of an original inside a pack: its key relative to raw/. */
export function rawPackEntryName(rawKey: string): string {
  if (!rawKey.startsWith(RAW_CONTENT_PREFIX)) throw new Error(`not a raw content key: ${rawKey}`);
  return rawKey.slice(AREA.raw.length);
}

// ---- curated/ and history/

export interface Partition {
  stat_year: number;
  period_type: string;
}

/** 'stat_year=Y/period_type=T', the Hive-style partition path the engines read. */
export function partitionPath(p: Partition): string {
  return `stat_year=${p.stat_year}/period_type=${p.period_type}`;
}

/** The partition a key lies in, or undefined for a key outside any partition. */
export function partitionOfKey(key: string): Partition | undefined {
  const m = /(?:^|\/)stat_year=(\d+)\/period_type=([a-z_]+)(?:\/|$)/.exec(key);
  return m ? { stat_year: Number(m[1]), period_type: m[2] } : undefined;
}

/** A table's directory of one partition, with a trailing slash. */
export function partitionPrefix(table: TableName, p: Partition): string {
  return `${tablePrefix(table)}${partitionPath(p)}/`;
}

/** Every file of a table: its path with a trailing slash. */
export function tablePrefix(table: TableName): string {
  return `${tablePath(table)}/`;
}

/** The Parquet file a batch writes into one partition of a table. */
export function tableFileKey(table: TableName, p: Partition, batchId: string): string {
  return `${partitionPrefix(table, p)}${batchId}.parquet`;
}

export function isParquetKey(key: string): boolean {
  return key.endsWith('.parquet');
}

// ---- quarantine/

/** Where a rejected file is kept: its error report and a copy under a name safe on any disk. */
export function quarantineKeys(sha256: string, fileName: string): { error: string; copy: string } {
  const cleaned = fileName.split(/[\\/]/).pop()!.replace(/[^\p{L}\p{N}._ -]+/gu, '_') || 'file';
  const safe = shortName(cleaned);
  const dir = `${AREA.quarantine}${sha256}/`;
  return { error: `${dir}error.json`, copy: `${dir}${safe}` };
}

/**
 * A file name that fits every file system (255 bytes; a Vietnamese letter takes up to 3 in UTF-8):
 * a long name keeps its start and its extension, so the quarantined copy still opens.
 */
function shortName(name: string): string {
  if (new TextEncoder().encode(name).length <= 120) return name;
  const dot = name.lastIndexOf('.');
  const ext = dot > 0 && name.length - dot <= 10 ? name.slice(dot) : '';
  return `${Array.from(name.slice(0, name.length - ext.length)).slice(0, 36).join('')}…${ext}`;
}

// ---- state/

/** Marker of a file committed in a batch of its own. */
export function sourceMarkerKey(sha256: string): string {
  return `${SOURCE_MARKERS_PREFIX}${sha256}.json`;
}

/** The sha256 a source marker key names, or undefined for another key. */
export function shaOfSourceMarker(key: string): string | undefined {
  return key.startsWith(SOURCE_MARKERS_PREFIX) && key.endsWith('.json') ? key.slice(SOURCE_MARKERS_PREFIX.length, -'.json'.length) : undefined;
}

/** Marker of a committed batch of several files: lists their sha256. */
export function batchMarkerKey(batchId: string): string {
  return `${BATCH_MARKERS_PREFIX}${batchId}.json`;
}

// ---- results/compare/

/** A comparison period's folder: its runs and its pointer. */
export function comparePeriodPrefix(period: string): string {
  if (!/^[0-9]{4}-[0-9A-Z]{1,2}$/.test(period)) throw new Error(`Nhãn kỳ không hợp lệ / invalid period label: ${period}`);
  return `${COMPARE_PREFIX}${period}/`;
}

/** The files of one run of the comparison of a period. */
export function compareRunPrefix(period: string, runId: string): string {
  return `${compareRunsPrefix(period)}${runId}/`;
}

/** Every run of a period (listing it finds old runs to delete). */
export function compareRunsPrefix(period: string): string {
  return `${comparePeriodPrefix(period)}runs/`;
}

/** The pointer naming a period's current run. */
export function comparePointerKey(period: string): string {
  return `${comparePeriodPrefix(period)}current.json`;
}

/** A copy of the pointer of the latest period compared. */
export const COMPARE_LATEST_KEY = `${COMPARE_PREFIX}latest.json`;

// ---- site/data/

/** An extract the explorer fetches as /data/<path>. */
export function siteDataKey(path: string): string {
  return `${SITE_DATA_PREFIX}${path}`;
}

export const SITE_MANIFEST_KEY = siteDataKey('manifest.json');

// ---- notebooks/

export function notebookKey(id: string): string {
  return `${AREA.notebooks}${id}.json`;
}

/** The record of one review of an extracted report (functions/api/review.ts). */
export function reviewRecordKey(reportId: string, reviewId: string): string {
  return `${AREA.reviews}${reportId}/${reviewId}.json`;
}

/** Where the query API in AWS leaves a review document for the ingest Lambda. */
export function inboxKey(name: string): string {
  return `${INBOX_PREFIX}${name}`;
}
