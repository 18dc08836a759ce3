/**
 * The local engine: DuckDB over the warehouse database (see duckdb-warehouse.ts), opened
 * read-only with external access disabled, so even an ad-hoc query cannot read or write files.
 */
import { DuckDBInstance } from '@duckdb/node-api';
import type { Engine, QueryOptions, QueryResult } from './engine.ts';
import { bindNamed } from '../../queries/params.ts';
import { renderFor } from '../../core/sql/dialect.ts';
import { warehouseDatabase } from './duckdb-warehouse.ts';
import { readColumns } from './duckdb-columns.ts';
import { ResultCache } from './result-cache.ts';

/**
 * Rows are built by a function made for the column names: one object literal per row gets all
 * its properties at once (one allocation, one shape for every row), where assigning them one by
 * one made each row grow through a chain of shapes and an out-of-object property store. The
 * names enter the code only as JSON string literals. Like assignment, a repeated column name
 * keeps the last column's value (at the first one's position).
 */
function plainRows(names: string[], columns: unknown[][]): Record<string, unknown>[] {
  const make = rowMaker(names);
  const count = columns.length ? columns[0].length : 0;
  const rows = new Array<Record<string, unknown>>(count);
  for (let i = 0; i < count; i++) rows[i] = make(columns, i);
  return rows;
}

type RowMaker = (cols: unknown[][], i: number) => Record<string, unknown>;
const rowMakers = new Map<string, RowMaker>();

function rowMaker(names: string[]): RowMaker {
  const key = JSON.stringify(names);
  let make = rowMakers.get(key);
  if (!make) {
    const body = `return {${names.map((n, j) => `${JSON.stringify(n)}: c[${j}][i] ?? null`).join(', ')}};`;
    make = new Function('c', 'i', body) as RowMaker;
    if (rowMakers.size >= 256) rowMakers.delete(rowMakers.keys().next().value as string);
    rowMakers.set(key, make);
  }
  return make;
}

/**
 * The DuckDB text of a query, remembered per text (bounded): rendering lexes the whole SQL
 * (~0.3 ms for a named analysis) and the same few texts are asked over and over.
 */
const renderedSql = new Map<string, string>();
function rendered(sql: string): string {
  let out = renderedSql.get(sql);
  if (out === undefined) {
    out = renderFor('duckdb', sql);
    if (renderedSql.size >= 256) renderedSql.delete(renderedSql.keys().next().value as string);
    renderedSql.set(sql, out);
  }
  return out;
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
    const bound = bindNamed(rendered(sql), options.params ?? {});
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
      const res = await conn.run(bound.sql, bound.values as never);
      const names = res.columnNames();
      const types = res.columnTypes();
      const chunks = await res.fetchAllChunks();
      const total = chunks.reduce((n, c) => n + c.rowCount, 0);
      const count = options.maxRows !== undefined ? Math.min(total, options.maxRows) : total;
      const result: QueryResult = {
        columns: names.map((name, i) => ({ name, type: types[i].toString() })),
        rows: plainRows(names, readColumns(chunks, types.map((t) => t.typeId), count)),
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
