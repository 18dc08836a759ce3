/**
 * The local engine: DuckDB over the warehouse database (see duckdb-warehouse.ts), opened
 * read-only with external access disabled, so even an ad-hoc query cannot read or write files.
 */
import { DuckDBInstance, DuckDBTypeId } from '@duckdb/node-api';
import type { Engine, QueryOptions, QueryResult } from './engine.ts';
import { bindNamed } from '../../queries/params.ts';
import { renderFor } from '../../core/sql/dialect.ts';
import { warehouseDatabase } from './duckdb-warehouse.ts';
import { toPlain } from './duckdb-values.ts';
import { ResultCache } from './result-cache.ts';

/** Column types whose JS values are already plain JSON values (string, number, boolean, null). */
const PLAIN_TYPES = new Set<DuckDBTypeId>([
  DuckDBTypeId.BOOLEAN, DuckDBTypeId.TINYINT, DuckDBTypeId.SMALLINT, DuckDBTypeId.INTEGER, DuckDBTypeId.UTINYINT,
  DuckDBTypeId.USMALLINT, DuckDBTypeId.UINTEGER, DuckDBTypeId.FLOAT, DuckDBTypeId.DOUBLE, DuckDBTypeId.VARCHAR,
]);

/**
 * Result rows as plain objects, built column by column: toPlain only for the columns that need
 * it (dates, big integers, nested values). Converting row objects value by value cost more than
 * the query itself for results of tens of thousands of rows (provinces_all on national-10y).
 * Like row objects, a repeated column name keeps the last column's value.
 */
function plainRows(names: string[], typeIds: DuckDBTypeId[], columns: unknown[][], count: number): Record<string, unknown>[] {
  const cols = columns.map((c, j) => (PLAIN_TYPES.has(typeIds[j]) ? c : c.map(toPlain)));
  const rows = new Array<Record<string, unknown>>(count);
  for (let i = 0; i < count; i++) {
    const row: Record<string, unknown> = {};
    for (let j = 0; j < names.length; j++) row[names[j]] = cols[j][i] ?? null;
    rows[i] = row;
  }
  return rows;
}

export class DuckDbEngine implements Engine {
  readonly name = 'duckdb' as const;

  /** The database file's path: its name carries the warehouse fingerprint (duckdb-warehouse.ts). */
  readonly snapshot: string;

  private constructor(
    private readonly instance: DuckDBInstance,
    readonly databasePath: string,
    private readonly cache: ResultCache | undefined,
  ) {
    this.snapshot = databasePath;
  }

  /** Opens (building or refreshing if needed) the engine for a warehouse directory. */
  /** `cache: false` runs every query (the benchmark measures the engine, not the cache). */
  static async open(root: string, opts: { onStep?: (step: string, ms: number) => void; cache?: boolean } = {}): Promise<DuckDbEngine> {
    const { path } = await warehouseDatabase(root, opts.onStep);
    const instance = await DuckDBInstance.create(path, {
      access_mode: 'READ_ONLY',
      // Trino truncates integer division; so must DuckDB for the same SQL to give the same answer.
      integer_division: 'true',
      enable_external_access: 'false',
      autoinstall_known_extensions: 'false',
      autoload_known_extensions: 'false',
      lock_configuration: 'true',
    });
    return new DuckDbEngine(instance, path, opts.cache === false ? undefined : new ResultCache());
  }

  async query(sql: string, options: QueryOptions = {}): Promise<QueryResult> {
    const bound = bindNamed(renderFor('duckdb', sql), options.params ?? {});
    const key = ResultCache.key(bound.sql, bound.values, options.maxRows);
    const hit = this.cache?.get(key);
    if (hit) return hit;
    const conn = await this.instance.connect();
    const started = performance.now();
    let timer: NodeJS.Timeout | undefined;
    let timedOut = false;
    const onAbort = () => conn.interrupt();
    try {
      if (options.timeoutMs) {
        timer = setTimeout(() => {
          timedOut = true;
          conn.interrupt();
        }, options.timeoutMs);
      }
      options.signal?.addEventListener('abort', onAbort, { once: true });
      const reader = await conn.runAndReadAll(bound.sql, bound.values as never);
      const names = reader.columnNames();
      const types = reader.columnTypes();
      const count = options.maxRows !== undefined ? Math.min(reader.currentRowCount, options.maxRows) : reader.currentRowCount;
      const result: QueryResult = {
        columns: names.map((name, i) => ({ name, type: types[i].toString() })),
        rows: plainRows(names, types.map((t) => t.typeId), reader.getColumnsJS(), count),
        stats: { engine: 'duckdb', executionMs: performance.now() - started },
      };
      this.cache?.set(key, result);
      return { ...result, rows: result.rows.slice() };
    } catch (e) {
      if (timedOut) throw new Error(`Truy vấn quá thời gian ${options.timeoutMs} ms / query timed out after ${options.timeoutMs} ms`);
      if (options.signal?.aborted) throw new Error('Truy vấn đã bị huỷ / query cancelled');
      throw e;
    } finally {
      if (timer) clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      conn.closeSync();
    }
  }

  async close(): Promise<void> {
    this.instance.closeSync();
  }
}
