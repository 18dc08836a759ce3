/**
 * A bounded least-recently-used cache of query results, for an engine over a read-only
 * snapshot (the local DuckDB database is rebuilt under a new name when data changes, and a new
 * engine is opened on it): the same SQL with the same parameters always has the same answer,
 * and dashboards ask the same few questions many times.
 */
import type { QueryResult } from './engine.ts';
import { BoundedLru } from '../../core/bounded-lru.ts';

export class ResultCache {
  private readonly entries: BoundedLru<QueryResult>;

  constructor(maxEntries = 256, maxRows = 500_000) {
    this.entries = new BoundedLru(maxEntries, maxRows, (r) => r.rows.length);
  }

  static key(sql: string, values: unknown[], maxRows: number | undefined): string {
    return JSON.stringify([sql, values, maxRows ?? null]);
  }

  get(key: string): QueryResult | undefined {
    const hit = this.entries.get(key);
    if (!hit) return undefined;
    // A fresh array: callers may slice or reorder it; the row objects themselves are shared.
    return { ...hit, rows: hit.rows.slice(), stats: { ...hit.stats!, executionMs: 0, cached: true } as QueryResult['stats'] };
  }

  set(key: string, result: QueryResult): void {
    this.entries.set(key, result);
  }
}
