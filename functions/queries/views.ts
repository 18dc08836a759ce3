/**
 * The shared views (views/*.sql): the relations every named analysis reads, which DuckDB
 * materializes locally (adapters/engine/duckdb-warehouse.ts, given them by its callers) and Athena
 * publishes as views. Here, in the layer that owns the SQL, so the engine adapter depends on no
 * query file.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ViewDefinition } from '../adapters/engine/duckdb-warehouse.ts';

export const VIEWS_DIR = join(dirname(fileURLToPath(import.meta.url)), 'views');

/** Materialization order: each relation may read the ones before it. */
export const VIEW_NAMES = ['reports', 'current_reports', 'all_values', 'current_values', 'unit_period_values', 'province_values', 'province_values_2025', 'national_values', 'province_reconciliation'] as const;

export function viewSql(name: string): string {
  return readFileSync(join(VIEWS_DIR, `${name}.sql`), 'utf8');
}

/** The shared views in materialization order, read from their files. */
export function sharedViews(): ViewDefinition[] {
  return VIEW_NAMES.map((name) => ({ name, sql: viewSql(name) }));
}
