/**
 * What each SQL relation reads from the stored Parquet tables, for the cost estimate.
 *
 * A relation is either a stored table (a leaf: `curated_values` is the `values` table of
 * data-schemas/tables.json) or a view that reads other relations. For each read a view declares:
 * - `columns`: what its definition itself always needs (join keys, window keys, outputs it computes);
 * - `passThrough`: whether a column the query names is read under the same name from that
 *   relation (true for views that select base columns as they are);
 * - `pushdown`: which query predicates reach that relation in Trino's plan. A predicate on a
 *   column passes a window function only when the column is in its PARTITION BY, and passes a
 *   join or GROUP BY on that key — so this is read off each view's SQL (functions/queries/views/).
 *
 * Written by hand from the view files, on purpose: an estimate should say what Athena will
 * actually scan. Every window in the views is partitioned by stat_year (and, where the source
 * period type is kept, period_type), so year filters pass them and prune partitions; update
 * `pushdown` here when the views change.
 */
import tables from '../../../data-schemas/tables.json' with { type: 'json' };

export interface RelationRead {
  relation: string;
  columns: readonly string[];
  passThrough?: boolean;
  pushdown?: readonly string[];
}

export type RelationMap = Readonly<Record<string, readonly RelationRead[] | { table: string }>>;

/** Columns whose predicates the estimate uses: partitions (file pruning) and row-group min/max. */
export const PARTITION_COLUMNS = ['stat_year', 'period_type'] as const;
export const STATS_COLUMNS = ['indicator', 'period'] as const;
const ALL = [...PARTITION_COLUMNS, ...STATS_COLUMNS];

const REPORT_KEYS = ['report_id', 'batch_id'];
const CURRENT_REPORT_KEYS = ['report_id', 'batch_id', 'unit_id', 'scope', 'period', 'source_kind', 'revision', 'submitted_at'];
const CURRENT_VALUE_KEYS = ['report_id', 'batch_id', 'unit_id', 'scope', 'period', 'indicator', 'source_kind'];

export const DEFAULT_RELATIONS: RelationMap = {
  // Stored tables (leaves), as the engines name them.
  curated_values: { table: 'values' },
  curated_reports: { table: 'reports' },
  history_values: { table: 'history_values' },
  history_reports: { table: 'history_reports' },

  // current_reports.sql: row_number() OVER (PARTITION BY unit_id, scope, period, source_kind …).
  current_reports: [{ relation: 'curated_reports', columns: CURRENT_REPORT_KEYS, passThrough: true, pushdown: ['period', ...PARTITION_COLUMNS] }],

  // current_values.sql: values JOIN current_reports, row_number() OVER (PARTITION BY unit_id,
  // scope, period, indicator); the join is on report_id, batch_id, stat_year, period_type.
  current_values: [
    { relation: 'curated_values', columns: CURRENT_VALUE_KEYS, passThrough: true, pushdown: ALL },
    { relation: 'current_reports', columns: REPORT_KEYS, pushdown: PARTITION_COLUMNS },
  ],

  // all_values.sql: (values JOIN reports grouped by report_id, stat_year, period_type) UNION ALL
  // (history the same way, WHERE NOT EXISTS a curated report): keys and partitions pass.
  all_values: [
    { relation: 'curated_values', columns: REPORT_KEYS, passThrough: true, pushdown: ALL },
    { relation: 'curated_reports', columns: REPORT_KEYS, pushdown: PARTITION_COLUMNS },
    { relation: 'history_values', columns: REPORT_KEYS, passThrough: true, pushdown: ALL },
    { relation: 'history_reports', columns: REPORT_KEYS, pushdown: PARTITION_COLUMNS },
    { relation: 'curated_reports', columns: ['report_id'], pushdown: [] },
  ],

  // reports.sql: curated ∪ history ledger, row_number() OVER (PARTITION BY report_id).
  reports: [
    { relation: 'curated_reports', columns: REPORT_KEYS, passThrough: true, pushdown: PARTITION_COLUMNS },
    { relation: 'history_reports', columns: REPORT_KEYS, passThrough: true, pushdown: PARTITION_COLUMNS },
    { relation: 'curated_reports', columns: ['report_id'], pushdown: [] },
  ],

  // unit_period_values.sql: two reads of current_values (months rolled up; other period types),
  // then a window PARTITION BY unit_id, scope, indicator, period_type, period.
  unit_period_values: [
    {
      relation: 'current_values',
      columns: ['unit_id', 'province_id', 'unit_level', 'scope', 'indicator', 'value', 'numerator', 'denominator', 'flag', 'synthetic', 'source_kind', 'revision', 'period', 'stat_year', 'period_type'],
      pushdown: ['indicator', 'stat_year'],
    },
    {
      relation: 'current_values',
      columns: ['unit_id', 'province_id', 'unit_level', 'scope', 'indicator', 'value', 'numerator', 'denominator', 'flag', 'synthetic', 'source_kind', 'revision', 'period', 'stat_year', 'period_type'],
      pushdown: ['indicator', 'stat_year'],
    },
  ],

  // province_values.sql: a window PARTITION BY province_id, period_type, period, indicator.
  province_values: [{ relation: 'unit_period_values', columns: [], pushdown: ['indicator', 'stat_year'] }],

  // province_values_2025.sql: province_values joined to units/indicators, windows PARTITION BY
  // (successor) province_id, period_type, period, indicator.
  province_values_2025: [{ relation: 'province_values', columns: [], pushdown: ['indicator', 'stat_year'] }],

  // national_values.sql: province_values_2025 grouped by period_type, period, stat_year, indicator.
  national_values: [{ relation: 'province_values_2025', columns: [], pushdown: ['indicator', 'stat_year'] }],
};

/** Small relations built from data-schemas/ (not Parquet): reading them costs no Athena scan to speak of. */
export const REFERENCE_RELATIONS: readonly string[] = ['units', 'indicators', 'indicator_targets', 'calendar_months', 'calendar_periods'];

interface TableDef {
  path: string;
  columns?: { name: string }[];
  same_columns_as?: string;
}
const TABLES = tables.tables as Record<string, TableDef>;

/** Stored table name → its key prefix and Parquet columns, from data-schemas/tables.json. */
export function storedTable(name: string): { path: string; columns: string[] } {
  const t = TABLES[name];
  if (!t) throw new Error(`Unknown stored table ${name}`);
  const cols = t.columns ?? TABLES[t.same_columns_as!]!.columns!;
  return { path: t.path, columns: cols.map((c) => c.name) };
}

export function storedTableNames(): string[] {
  return Object.keys(TABLES);
}
