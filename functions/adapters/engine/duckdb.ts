/**
 * The local engine: DuckDB over the warehouse database (see duckdb-warehouse.ts), opened
 * read-only with external access disabled, so even an ad-hoc query cannot read or write files.
 */
import { DuckDBInstance } from '@duckdb/node-api';
import type { Engine, QueryOptions, QueryResult } from './engine.ts';
import { bindNamed } from '../../queries/params.ts';
import { renderFor } from '../../core/sql/dialect.ts';
import { warehouseDatabase } from './duckdb-warehouse.ts';
import { toPlain } from './duckdb-values.ts';

export class DuckDbEngine implements Engine {
  readonly name = 'duckdb' as const;

  private constructor(private readonly instance: DuckDBInstance, readonly databasePath: string) {}

  /** Opens (building or refreshing if needed) the engine for a warehouse directory. */
  static async open(root: string, opts: { onStep?: (step: string, ms: number) => void } = {}): Promise<DuckDbEngine> {
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
    return new DuckDbEngine(instance, path);
  }

  async query(sql: string, options: QueryOptions = {}): Promise<QueryResult> {
    const bound = bindNamed(renderFor('duckdb', sql), options.params ?? {});
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
      let rows = reader.getRowObjectsJS() as Record<string, unknown>[];
      if (options.maxRows !== undefined && rows.length > options.maxRows) rows = rows.slice(0, options.maxRows);
      return {
        columns: names.map((name, i) => ({ name, type: types[i].toString() })),
        rows: rows.map((r) => toPlain(r) as Record<string, unknown>),
        stats: { engine: 'duckdb', executionMs: performance.now() - started },
      };
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
