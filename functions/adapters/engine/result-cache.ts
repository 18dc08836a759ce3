/**
 * A bounded least-recently-used cache of query results, for an engine over a read-only
 * snapshot (the local DuckDB database is rebuilt under a new name when data changes, and a new
 * engine is opened on it): the same SQL with the same parameters always has the same answer,
 * and dashboards ask the same few questions many times.
 */
import type { QueryResult } from './engine.ts';

export class ResultCache {
  private readonly entries = new Map<string, QueryResult>();
  private rows = 0;

  constructor(private readonly maxEntries = 256, private readonly maxRows = 500_000) {}

  static key(sql: string, values: unknown[], maxRows: number | undefined): string {
    return JSON.stringify([sql, values, maxRows ?? null]);
  }

  get(key: string): QueryResult | undefined {
    const hit = this.entries.get(key);
    if (!hit) return undefined;
    this.entries.delete(key);
    this.entries.set(key, hit);
    // A fresh array: callers may slice or reorder it; the row objects themselves are shared.
    return { ...hit, rows: hit.rows.slice(), stats: { ...hit.stats!, executionMs: 0, cached: true } as QueryResult['stats'] };
  }

  set(key: string, result: QueryResult): void {
    if (result.rows.length > this.maxRows / 4) return; // one huge result must not evict everything
    this.entries.set(key, result);
    this.rows += result.rows.length;
    for (const [k, v] of this.entries) {
      if (this.entries.size <= this.maxEntries && this.rows <= this.maxRows) break;
      this.entries.delete(k);
      this.rows -= v.rows.length;
    }
  }
}
