/**
 * The local engine: DuckDB over the warehouse database (see duckdb-warehouse.ts), opened
 * read-only with external access disabled, so even an ad-hoc query cannot read or write files.
 */
import { availableParallelism } from 'node:os';
import { DuckDBInstance } from '@duckdb/node-api';
import type { Engine, QueryOptions, QueryResult } from './engine.ts';
import { bindNamed } from '../../core/named-params.ts';
import { renderFor } from '../../core/sql/dialect.ts';
import { warehouseDatabase, type ViewDefinition } from './duckdb-warehouse.ts';
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

/** DuckDB's memory limit for the local server: ample for the national warehouse's analyses. */
export const DEFAULT_MEMORY_LIMIT = '2GB';
/** Threads per engine: the local server shares the analyst's machine. */
export const DEFAULT_THREADS = Math.max(1, Math.min(4, availableParallelism()));

export interface DuckDbOpenOptions {
  /** The relations to materialize (the shared views: functions/queries/views.ts sharedViews()). */
  views: ViewDefinition[];
  onStep?: (step: string, ms: number) => void;
  /** The database to open, already made by warehouseDatabase (skips looking for it again). */
  database?: string;
  cache?: boolean;
  /** DuckDB's memory_limit ('512MB', '2GB'…); default CHITIEU_DUCKDB_MEMORY or DEFAULT_MEMORY_LIMIT. */
  memoryLimit?: string;
  /** DuckDB's threads; default CHITIEU_DUCKDB_THREADS or DEFAULT_THREADS. */
  threads?: number;
}

/**
 * The text DuckDB runs: the query rendered for DuckDB and, with a row cap, wrapped so the engine
 * itself stops at the cap — whatever LIMITs the statement has or seems to have. The line breaks
 * keep the wrapper out of reach of anything at the end of the statement.
 */
function finalSql(sql: string, maxRows: number | undefined): string {
  const text = rendered(sql);
  if (maxRows === undefined) return text;
  if (!Number.isInteger(maxRows) || maxRows < 0) throw new Error(`maxRows must be a non-negative integer, got ${maxRows}`);
  return `SELECT * FROM (\n${text}\n) AS limited LIMIT ${maxRows}`;
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
  static async open(root: string, opts: DuckDbOpenOptions): Promise<DuckDbEngine> {
    const path = opts.database ?? (await warehouseDatabase(root, { views: opts.views, onStep: opts.onStep })).path;
    const instance = await DuckDBInstance.create(path, {
      access_mode: 'READ_ONLY',
      // Trino truncates integer division; so must DuckDB for the same SQL to give the same answer.
      integer_division: 'true',
      enable_external_access: 'false',
      autoinstall_known_extensions: 'false',
      autoload_known_extensions: 'false',
      // Bounds on what one server can take of the machine, whatever a query asks: past the
      // memory limit a query fails with an out-of-memory error (mapped to a 503), it does not
      // take the process down. Locked below with the rest.
      memory_limit: opts.memoryLimit ?? process.env.CHITIEU_DUCKDB_MEMORY ?? DEFAULT_MEMORY_LIMIT,
      threads: String(opts.threads ?? (Number(process.env.CHITIEU_DUCKDB_THREADS) || DEFAULT_THREADS)),
      lock_configuration: 'true',
    });
    return new DuckDbEngine(instance, path, opts.cache === false ? undefined : new ResultCache());
  }

  /**
   * DuckDB's own parse of the exact text `query(sql, options)` would run (json_serialize_sql),
   * for the guard's second reader (functions/core/sql/engine-tree.ts).
   */
  async parseTree(sql: string, options: Pick<QueryOptions, 'maxRows' | 'params'> = {}): Promise<unknown> {
    const bound = bindNamed(finalSql(sql, options.maxRows), options.params ?? {});
    const conn = await this.instance.connect();
    try {
      const res = await conn.runAndReadAll('SELECT json_serialize_sql(CAST($1 AS VARCHAR)) AS tree', [bound.sql]);
      return JSON.parse(String(res.getRowObjects()[0]?.tree));
    } finally {
      conn.closeSync();
    }
  }

  async query(sql: string, options: QueryOptions = {}): Promise<QueryResult> {
    const bound = bindNamed(finalSql(sql, options.maxRows), options.params ?? {});
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
      // Streamed chunk by chunk and cut at the cap: never more rows in memory than asked for.
      const res = await conn.stream(bound.sql, bound.values as never);
      const names = res.columnNames();
      const types = res.columnTypes();
      const cap = options.maxRows ?? Number.POSITIVE_INFINITY;
      const chunks = [];
      let total = 0;
      while (total < cap) {
        const chunk = await res.fetchChunk();
        if (!chunk || chunk.rowCount === 0) break;
        chunks.push(chunk);
        total += chunk.rowCount;
      }
      const count = Math.min(total, cap);
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
