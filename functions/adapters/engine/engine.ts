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
  /** A row cap the engine enforces itself (DuckDB: a wrapping LIMIT; Athena: reading stops there). */
  maxRows?: number;
}

export interface Engine {
  readonly name: 'duckdb' | 'athena';
  /**
   * Names the immutable data the engine answers from, where it has one (the local DuckDB
   * database, named by a fingerprint of the warehouse): while it stays the same, the same SQL
   * with the same parameters has the same answer, so callers may keep answers keyed by it.
   * Absent when the data can change under the engine (Athena over S3).
   */
  readonly snapshot?: string;
  query(sql: string, options?: QueryOptions): Promise<QueryResult>;
  /**
   * The engine's own parse of the exact text `query(sql, options)` would run, where the engine
   * can give one (DuckDB: json_serialize_sql): the SQL guard's second, engine-faithful reader.
   */
  parseTree?(sql: string, options?: Pick<QueryOptions, 'maxRows' | 'params'>): Promise<unknown>;
  close(): Promise<void>;
}
