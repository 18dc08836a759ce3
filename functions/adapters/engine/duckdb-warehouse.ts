/**
 * The local warehouse as a DuckDB database: the curated Parquet and the reference relations,
 * with the shared view SQL (functions/queries/views/) materialized as tables. The database is a
 * cache, rebuilt whenever the curated files, the views or data-schemas change (a fingerprint
 * names the file), so queries never re-read 90,000 reports' worth of Parquet.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { referenceTables, type ReferenceTable } from '../../core/reference-tables.ts';
import { tableColumns, tablePath, type LogicalType, type TableName } from '../parquet/table-columns.ts';

const here = dirname(fileURLToPath(import.meta.url));
const VIEWS_DIR = join(here, '../../queries/views');
const SCHEMAS_DIR = join(here, '../../../data-schemas');

/** Materialization order: each relation may read the ones before it. */
export const DERIVED_RELATIONS = ['reports', 'current_reports', 'all_values', 'current_values', 'unit_period_values', 'province_values', 'province_values_2025', 'national_values'] as const;

const SQL_TYPES: Record<LogicalType, string> = {
  string: 'VARCHAR', int: 'INTEGER', double: 'DOUBLE', boolean: 'BOOLEAN', date: 'DATE', timestamp: 'TIMESTAMP',
};

export function viewSql(name: string): string {
  return readFileSync(join(VIEWS_DIR, `${name}.sql`), 'utf8');
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
 * Columns the materialized relations are sorted by, where they have them. The named analyses
 * filter on indicator and period type first; sorted, DuckDB's per-row-group min/max (zone maps)
 * skip all but a few row groups of a 6-million-row table instead of scanning it.
 */
const SORT_KEYS = ['indicator', 'period_type', 'stat_year', 'province_id', 'unit_id', 'period'];
/** Part of the fingerprint: a change to how the cache is built rebuilds it. */
const BUILD_VERSION = 'sorted-v1';

/** Changes whenever a curated file, a view or a data-schemas file changes. */
export function fingerprint(root: string): string {
  const h = createHash('sha256');
  h.update(`${BUILD_VERSION}\n`);
  for (const f of [...walk(join(root, 'curated')), ...walk(join(root, 'history'))].sort()) {
    const s = statSync(f);
    h.update(`${f}|${s.size}|${s.mtimeMs}\n`);
  }
  for (const dir of [VIEWS_DIR, SCHEMAS_DIR]) {
    for (const f of readdirSync(dir).sort()) {
      const p = join(dir, f);
      if (statSync(p).isFile()) h.update(readFileSync(p));
    }
  }
  return h.digest('hex').slice(0, 16);
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

/** The stored tables, read from Parquet as `curated_values`, `curated_reports`, `history_values`, `history_reports`. */
const SOURCES: { relation: string; table: TableName }[] = [
  { relation: 'curated_values', table: 'values' },
  { relation: 'curated_reports', table: 'reports' },
  { relation: 'history_values', table: 'history_values' },
  { relation: 'history_reports', table: 'history_reports' },
];

async function createCuratedSource(conn: DuckDBConnection, root: string, relation: string, table: TableName): Promise<void> {
  const dir = join(root, ...tablePath(table).split('/'));
  const cols = tableColumns(table);
  const files = walk(dir);
  if (files.length === 0) {
    // An empty warehouse still answers every query (with no rows).
    const defs = [...cols.map((c) => `${c.name} ${SQL_TYPES[c.type]}`), 'stat_year INTEGER', 'period_type VARCHAR'];
    await conn.run(`CREATE TEMP TABLE ${relation} (${defs.join(', ')})`);
    return;
  }
  const glob = join(dir, '*', '*', '*.parquet').replaceAll("'", "''");
  await conn.run(
    `CREATE TEMP VIEW ${relation} AS SELECT * FROM read_parquet('${glob}', hive_partitioning = true, ` +
      `hive_types = {'stat_year': INTEGER, 'period_type': VARCHAR}, union_by_name = true)`,
  );
}

async function build(root: string, target: string, onStep?: (step: string, ms: number) => void): Promise<void> {
  const tmp = `${target}.tmp-${process.pid}-${Date.now()}`;
  const db = await DuckDBInstance.create(tmp, { integer_division: 'true' });
  const conn = await db.connect();
  try {
    for (const t of referenceTables()) await createReferenceTable(conn, t);
    for (const s of SOURCES) await createCuratedSource(conn, root, s.relation, s.table);
    for (const name of DERIVED_RELATIONS) {
      const t = performance.now();
      const sql = viewSql(name).trim().replace(/;$/, '');
      const columns = (await conn.runAndReadAll(`DESCRIBE ${sql}`)).getRowObjects().map((r) => String(r.column_name));
      const keys = SORT_KEYS.filter((k) => columns.includes(k));
      await conn.run(`CREATE TABLE ${name} AS ${keys.length ? `SELECT * FROM (\n${sql}\n) AS unsorted ORDER BY ${keys.join(', ')}` : sql}`);
      onStep?.(name, performance.now() - t);
    }
    await conn.run('CHECKPOINT');
  } finally {
    conn.closeSync();
    db.closeSync();
  }
  renameSync(tmp, target);
  if (existsSync(`${tmp}.wal`)) rmSync(`${tmp}.wal`);
}

/** Path of an up-to-date database for the warehouse, building it if needed. */
export async function warehouseDatabase(root: string, onStep?: (step: string, ms: number) => void): Promise<{ path: string; built: boolean }> {
  const cacheDir = join(root, 'cache');
  mkdirSync(cacheDir, { recursive: true });
  const path = join(cacheDir, `engine-${fingerprint(root)}.duckdb`);
  if (existsSync(path)) return { path, built: false };
  await build(root, path, onStep);
  for (const f of readdirSync(cacheDir)) {
    const p = join(cacheDir, f);
    if (p !== path && /^engine-[0-9a-f]{16}\.duckdb(\.wal)?$/.test(f)) rmSync(p, { force: true });
  }
  return { path, built: true };
}
