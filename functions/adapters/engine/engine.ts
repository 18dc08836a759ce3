/**
 * The query engine interface: DuckDB on the local warehouse, Athena over the Glue table.
 * SQL uses named parameters written `:name`; each engine binds them (never splices text).
 */
export interface Column {
  name: string;
  type: string;
}

export interface QueryResult {
  columns: Column[];
  rows: Record<string, unknown>[];
  /** Engine statistics where known (bytes scanned, execution time). */
  stats?: { bytesScanned?: number; executionMs?: number; engine: string; queryId?: string; cached?: boolean };
}

export interface QueryOptions {
  params?: Record<string, unknown>;
  signal?: AbortSignal;
  timeoutMs?: number;
  maxRows?: number;
}

export interface Engine {
  readonly name: 'duckdb' | 'athena';
  query(sql: string, options?: QueryOptions): Promise<QueryResult>;
  close(): Promise<void>;
}
