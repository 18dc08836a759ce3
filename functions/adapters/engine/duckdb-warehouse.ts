/**
 * The local warehouse as a DuckDB database: the curated Parquet and the reference relations,
 * with the views its caller gives (the shared view SQL: functions/queries/views.ts) materialized
 * as tables, so queries never re-read 90,000 reports' worth of Parquet. The database is a snapshot named by a fingerprint
 * of the warehouse (engine-<fingerprint>.duckdb): an engine opens it read-only and its answers
 * stay valid while the name does.
 *
 * A new snapshot is made incrementally when it can be (duckdb-increment.ts): the latest one is
 * copied and only the keys (stat_year, period_type, period) that changed files touch are
 * recomputed, with the same view SQL filtered to them. A change to the views, to data-schemas or
 * to how the database is built (BUILD_VERSION) rebuilds it from scratch.
 */
import { createHash, randomBytes } from 'node:crypto';
import { constants, copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, readlinkSync, renameSync, rmSync, statSync, utimesSync } from 'node:fs';
import { copyFile } from 'node:fs/promises';
import { join, dirname, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { referenceTables, type ReferenceTable } from '../../core/reference-tables.ts';
import { tableColumns, tablePath, type LogicalType, type TableName } from '../parquet/table-columns.ts';
import { applyIncrement, FILES_TABLE, recordAllFiles, type SourceFile } from './duckdb-increment.ts';

const here = dirname(fileURLToPath(import.meta.url));
const SCHEMAS_DIR = join(here, '../../../data-schemas');

const SQL_TYPES: Record<LogicalType, string> = {
  string: 'VARCHAR', int: 'INTEGER', double: 'DOUBLE', boolean: 'BOOLEAN', date: 'DATE', timestamp: 'TIMESTAMP',
};

/** A relation to materialize: its name and the SELECT that defines it (may read the ones before it). */
export interface ViewDefinition {
  name: string;
  sql: string;
}

function walk(dir: string, out: string[] = []): string[] {
  if (!existsSync(dir)) return out;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) walk(p, out);
    else if (e.name.endsWith('.parquet')) out.push(p);
  }
  return out;
}

/**
 * Columns the materialized relations are sorted by, where they have them. Sorted, DuckDB's
 * per-row-group min/max (zone maps) skip all but a few row groups of a 6-million-row table
 * instead of scanning it. The statistical year first: an incremental update deletes and
 * recomputes the rows of the years a batch touches, which then lie in a tenth of the row groups
 * (with the indicator first they were spread over all of them, so every update scanned whole
 * tables); the named analyses filter on a year or a period and an indicator, both narrow within
 * a year.
 */
export const SORT_KEYS = ['stat_year', 'indicator', 'period_type', 'province_id', 'unit_id', 'period'];
/** Part of the fingerprint: a change to how the cache is built rebuilds it. */
const BUILD_VERSION = 'sorted-v2+incremental-v1';

/** The stored tables, read from Parquet as `curated_values`, `curated_reports`, `history_values`, `history_reports`. */
export const SOURCES: { relation: string; table: TableName }[] = [
  { relation: 'curated_values', table: 'values' },
  { relation: 'curated_reports', table: 'reports' },
  { relation: 'history_values', table: 'history_values' },
  { relation: 'history_reports', table: 'history_reports' },
];

/** The Parquet files of the stored tables, with what says whether one changed. */
function sourceFiles(root: string): SourceFile[] {
  const out: SourceFile[] = [];
  for (const s of SOURCES) {
    for (const f of walk(join(root, ...tablePath(s.table).split('/')))) {
      const st = statSync(f);
      out.push({ relation: s.relation, path: relative(root, f).split(sep).join('/'), size: st.size, mtimeMs: st.mtimeMs });
    }
  }
  return out.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/** What the database's shape depends on: the build, the view SQL and data-schemas. */
function structureFingerprint(views: ViewDefinition[]): string {
  const h = createHash('sha256');
  h.update(`${BUILD_VERSION}\n`);
  for (const v of views) h.update(`${v.name}\n${v.sql}\n`);
  for (const f of readdirSync(SCHEMAS_DIR).sort()) {
    const p = join(SCHEMAS_DIR, f);
    if (statSync(p).isFile()) h.update(readFileSync(p));
  }
  return h.digest('hex').slice(0, 16);
}

function combinedFingerprint(structure: string, files: SourceFile[]): string {
  const h = createHash('sha256');
  h.update(`${structure}\n`);
  for (const f of files) h.update(`${f.path}|${f.size}|${f.mtimeMs}\n`);
  return h.digest('hex').slice(0, 16);
}

/**
 * Cheap to compute (a directory listing per table and statistical year, a stat per partition
 * folder): changes whenever a file of a stored table is added, replaced or removed — storage
 * writes every file through a rename in its folder, which changes the folder's mtime — or a
 * data-schemas file changes. When it changes, the fingerprint may have. (The views are the
 * caller's, held in memory: a change to their files takes a new process.)
 */
export function changeToken(root: string): string {
  const parts: string[] = [];
  const dirs = (d: string): string[] => {
    try {
      return readdirSync(d, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => join(d, e.name));
    } catch {
      return [];
    }
  };
  const mtime = (p: string) => {
    try {
      return statSync(p).mtimeMs;
    } catch {
      return 0;
    }
  };
  for (const s of SOURCES) {
    const table = join(root, ...tablePath(s.table).split('/'));
    parts.push(`${table}:${mtime(table)}`);
    for (const year of dirs(table)) {
      parts.push(`${year}:${mtime(year)}`);
      for (const part of dirs(year)) parts.push(`${part}:${mtime(part)}`);
    }
  }
  for (const f of readdirSync(SCHEMAS_DIR)) parts.push(`${f}:${mtime(join(SCHEMAS_DIR, f))}`);
  return parts.join('\n');
}

/** Changes whenever a curated file, a view or a data-schemas file changes. */
export function fingerprint(root: string, views: ViewDefinition[]): string {
  return combinedFingerprint(structureFingerprint(views), sourceFiles(root));
}

async function createReferenceTable(conn: DuckDBConnection, t: ReferenceTable): Promise<void> {
  await conn.run(`CREATE TABLE ${t.name} (${t.columns.map((c) => `${c.name} ${SQL_TYPES[c.type]}`).join(', ')})`);
  const app = await conn.createAppender(t.name);
  for (const row of t.rows) {
    for (const c of t.columns) {
      const v = row[c.name];
      if (v === null || v === undefined) app.appendNull();
      else if (c.type === 'int') app.appendInteger(Number(v));
      else if (c.type === 'double') app.appendDouble(Number(v));
      else if (c.type === 'boolean') app.appendBoolean(Boolean(v));
      else app.appendVarchar(String(v)); // DuckDB casts ISO text to DATE on append
    }
    app.endRow();
  }
  app.closeSync();
}

const quote = (s: string) => `'${s.replaceAll("'", "''")}'`;

/**
 * Defines a stored table as a temporary view over its Parquet files (all of them, or the
 * listed ones). Without files it is an empty table, so an empty warehouse still answers.
 */
export async function createSourceView(conn: DuckDBConnection, root: string, relation: string, files?: string[]): Promise<void> {
  const table = SOURCES.find((s) => s.relation === relation)!.table;
  const dir = join(root, ...tablePath(table).split('/'));
  const list = files ? files.map((f) => join(root, ...f.split('/'))) : walk(dir).length ? [join(dir, '*', '*', '*.parquet')] : [];
  await conn.run(`DROP VIEW IF EXISTS ${relation}`);
  await conn.run(`DROP TABLE IF EXISTS ${relation}`);
  if (list.length === 0) {
    const defs = [...tableColumns(table).map((c) => `${c.name} ${SQL_TYPES[c.type]}`), 'stat_year INTEGER', 'period_type VARCHAR'];
    await conn.run(`CREATE TEMP TABLE ${relation} (${defs.join(', ')})`);
    return;
  }
  await conn.run(
    `CREATE TEMP VIEW ${relation} AS SELECT * FROM read_parquet([${list.map(quote).join(', ')}], hive_partitioning = true, ` +
      `hive_types = {'stat_year': INTEGER, 'period_type': VARCHAR}, union_by_name = true)`,
  );
}

export const stripSemicolon = (sql: string) => sql.trim().replace(/;$/, '');

async function build(root: string, target: string, views: ViewDefinition[], structure: string, files: SourceFile[], onStep?: (step: string, ms: number) => void): Promise<void> {
  const tmp = `${target}.tmp-${process.pid}-${Date.now()}`;
  const db = await DuckDBInstance.create(tmp, { integer_division: 'true' });
  const conn = await db.connect();
  try {
    for (const t of referenceTables()) await createReferenceTable(conn, t);
    for (const s of SOURCES) await createSourceView(conn, root, s.relation);
    for (const { name, sql: text } of views) {
      const t = performance.now();
      const sql = stripSemicolon(text);
      const columns = (await conn.runAndReadAll(`DESCRIBE ${sql}`)).getRowObjects().map((r) => String(r.column_name));
      const keys = SORT_KEYS.filter((k) => columns.includes(k));
      await conn.run(`CREATE TABLE ${name} AS ${keys.length ? `SELECT * FROM (\n${sql}\n) AS unsorted ORDER BY ${keys.join(', ')}` : sql}`);
      onStep?.(name, performance.now() - t);
    }
    const t = performance.now();
    await recordAllFiles(conn, root, structure, files);
    onStep?.(FILES_TABLE, performance.now() - t);
    await conn.run('CHECKPOINT');
  } finally {
    conn.closeSync();
    db.closeSync();
  }
  renameSync(tmp, target);
  if (existsSync(`${tmp}.wal`)) rmSync(`${tmp}.wal`);
}

const ENGINE_FILE = /^engine-[0-9a-f]{16}\.duckdb$/;

/** The snapshots in the cache folder other than `except`, newest first. */
function snapshots(cacheDir: string, except: string): string[] {
  const found: { path: string; mtime: number }[] = [];
  for (const f of readdirSync(cacheDir)) {
    if (!ENGINE_FILE.test(f)) continue;
    const p = join(cacheDir, f);
    if (p === except) continue;
    try {
      found.push({ path: p, mtime: statSync(p).mtimeMs });
    } catch {
      // removed meanwhile by another process
    }
  }
  return found.sort((a, b) => b.mtime - a.mtime).map((x) => x.path);
}

/**
 * Whether this process has the file open (Linux: /proc/self/fd), or cannot tell. A database
 * must never be opened for writing while this process reads it through another instance: the
 * file lock that keeps other processes out does not work within one process.
 */
function openHere(path: string): boolean {
  const fds = '/proc/self/fd';
  if (!existsSync(fds)) return true;
  const wanted = resolve(path);
  for (const fd of readdirSync(fds)) {
    try {
      if (readlinkSync(join(fds, fd)) === wanted) return true;
    } catch {
      // closed meanwhile
    }
  }
  return false;
}

/**
 * The snapshot to bring up to date, moved to `tmp`: the previous one when no engine of this
 * process reads it any more (the latest is usually open: a server answers from it), updated
 * in place; else a copy of the latest (a 300 MB copy at national-10y, about a second).
 */
function takeBase(cacheDir: string, target: string, tmp: string, mode: 'spare' | 'copy', onStep?: (step: string, ms: number) => void): boolean {
  const [latest, spare] = snapshots(cacheDir, target);
  if (!latest) return false;
  if (mode === 'spare') {
    if (!spare || openHere(spare)) return false;
    try {
      renameSync(spare, tmp);
      return true;
    } catch {
      // taken by another process meanwhile
      return false;
    }
  }
  try {
    const c = performance.now();
    // A reflink where the filesystem can: engines may hold the latest open read-only.
    copyFileSync(latest, tmp, constants.COPYFILE_FICLONE);
    onStep?.('copy', performance.now() - c);
    return true;
  } catch {
    return false;
  }
}

/**
 * Makes `target` from an earlier snapshot by recomputing what changed (the spare, else a copy of
 * the latest); false (and nothing left behind) when neither was built from the same views and
 * schemas, or neither can be opened.
 */
async function update(root: string, cacheDir: string, target: string, views: ViewDefinition[], structure: string, files: SourceFile[], onStep?: (step: string, ms: number) => void): Promise<boolean> {
  for (const mode of ['spare', 'copy'] as const) {
    const tmp = `${target}.tmp-${process.pid}-${Date.now()}`;
    if (takeBase(cacheDir, target, tmp, mode, onStep) && (await updateInPlace(root, tmp, target, views, structure, files, onStep))) return true;
  }
  return false;
}

/** Brings the database at `tmp` up to date and names it `target`; false (and `tmp` gone) when it cannot. */
async function updateInPlace(root: string, tmp: string, target: string, views: ViewDefinition[], structure: string, files: SourceFile[], onStep?: (step: string, ms: number) => void): Promise<boolean> {
  let applied = false;
  try {
    const db = await DuckDBInstance.create(tmp, { integer_division: 'true' });
    const conn = await db.connect();
    try {
      applied = await applyIncrement(conn, root, views, structure, files, onStep);
      const c = performance.now();
      if (applied) await conn.run('CHECKPOINT');
      onStep?.('checkpoint', performance.now() - c);
    } finally {
      conn.closeSync();
      db.closeSync();
    }
  } catch {
    applied = false;
  }
  if (!applied) {
    rmSync(tmp, { force: true });
    rmSync(`${tmp}.wal`, { force: true });
    return false;
  }
  renameSync(tmp, target);
  rmSync(`${tmp}.wal`, { force: true });
  return true;
}

/**
 * Makes the spare a running server's first update needs, in the background: a copy of the latest
 * snapshot under a name of its own, older than the latest. Without it that update first copies
 * the 300–500 MB database (0.2–0.4 s at national-10y), on the path from a new report to the
 * analyses; after it, the snapshot each update replaces is the next spare. Nothing is done when a
 * spare exists or there is no snapshot; a failure leaves nothing behind (the update copies then).
 */
export async function prepareSpare(root: string, cacheDir = join(root, 'cache')): Promise<string | undefined> {
  if (!existsSync(cacheDir)) return undefined;
  const [latest, spare] = snapshots(cacheDir, '');
  if (!latest || spare) return undefined;
  const target = join(cacheDir, `engine-${randomBytes(8).toString('hex')}.duckdb`);
  const tmp = `${target}.tmp-${process.pid}-${Date.now()}`;
  try {
    await copyFile(latest, tmp, constants.COPYFILE_FICLONE);
    // Older than the latest: snapshots() orders by mtime, and the latest must stay first.
    const t = statSync(latest).mtimeMs / 1000 - 1;
    utimesSync(tmp, t, t);
    // The latest may have been replaced meanwhile: then this copy is not needed.
    if (!existsSync(latest)) throw new Error('the latest snapshot changed');
    renameSync(tmp, target);
    return target;
  } catch {
    rmSync(tmp, { force: true });
    return undefined;
  }
}

export interface WarehouseDatabaseOptions {
  onStep?: (step: string, ms: number) => void;
  /** The relations to materialize, in order (the shared views: functions/queries/views.ts). */
  views: ViewDefinition[];
  /** Always build from scratch (the incremental path's reference in tests). */
  full?: boolean;
  /** Where snapshots live; `<root>/cache` by default. */
  cacheDir?: string;
}

/**
 * Path of an up-to-date database for the warehouse, making it if needed: from the latest
 * snapshot when only data changed (`built: 'incremental'`), else from scratch (`'full'`).
 */
export async function warehouseDatabase(
  root: string,
  opts: WarehouseDatabaseOptions,
): Promise<{ path: string; built: false | 'incremental' | 'full' }> {
  const views = opts.views;
  const cacheDir = opts.cacheDir ?? join(root, 'cache');
  mkdirSync(cacheDir, { recursive: true });
  const structure = structureFingerprint(views);
  const files = sourceFiles(root);
  const path = join(cacheDir, `engine-${combinedFingerprint(structure, files)}.duckdb`);
  if (existsSync(path)) return { path, built: false };
  let built: 'incremental' | 'full' = 'incremental';
  if (opts.full || !(await update(root, cacheDir, path, views, structure, files, opts.onStep))) {
    built = 'full';
    await build(root, path, views, structure, files, opts.onStep);
  }
  // The latest snapshot and one spare, the next one to update in place; engines still open on
  // an older snapshot keep reading it (an unlinked file lives on).
  const keep = new Set([path, ...snapshots(cacheDir, path).slice(0, 1)]);
  for (const f of readdirSync(cacheDir)) {
    const p = join(cacheDir, f);
    if (!keep.has(p) && /^engine-[0-9a-f]{16}\.duckdb(\.wal)?$/.test(f)) rmSync(p, { force: true });
  }
  return { path, built };
}
