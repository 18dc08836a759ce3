/**
 * What each SQL relation reads from the stored Parquet tables, for the cost estimate.
 *
 * A relation is either a stored table (a leaf: `curated_values` is the `values` table of
 * data-schemas/tables.json) or a view that reads other relations. Which relations a view reads,
 * and how often, is parsed from its SQL (functions/queries/views/, generated into
 * core/generated/view-reads.generated.ts). What the estimate needs beyond that is declared
 * here per read, in the order the view reads that relation:
 * - `columns`: what its definition itself always needs (join keys, window keys, outputs it computes);
 * - `passThrough`: whether a column the query names is read under the same name from that
 *   relation (true for views that select base columns as they are);
 * - `pushdown`: which query predicates reach that relation in Trino's plan. A predicate on a
 *   column passes a window function only when the column is in its PARTITION BY, and passes a
 *   join or GROUP BY on that key — so this is read off each view's SQL;
 * - `filters`: the view's own constant predicates on that read (`WHERE cv.period_type = 'month'`),
 *   which prune partitions whatever the query asks.
 *
 * The hints are written by hand from the view files, on purpose: an estimate should say what
 * Athena will actually scan. Every window in the views is partitioned by stat_year (and, where
 * the source period type is kept, period_type), so year filters pass them and prune partitions.
 * A view that comes to read a relation without a hint here fails the cost tests
 * (tests/unit/cost-relations.test.ts) until one is added.
 */
import VIEW_READS from '../generated/view-reads.generated.ts';
import { isTableName, relationName, tableColumns, tableNames, tablePath } from '../warehouse-contract/tables.ts';
import type { Filters } from './scans.ts';
import { ALL_VALUES, CUT_PREFIXES, LEDGER, storedInCut } from '../as-of/compose.ts';

export interface RelationRead {
  relation: string;
  columns: readonly string[];
  passThrough?: boolean;
  pushdown?: readonly string[];
  filters?: Filters;
}

export type RelationMap = Readonly<Record<string, readonly RelationRead[] | { table: string }>>;

/** Columns whose predicates the estimate uses: partitions (file pruning) and row-group min/max. */
export const PARTITION_COLUMNS = ['stat_year', 'period_type'] as const;
export const STATS_COLUMNS = ['indicator', 'period'] as const;
const ALL = [...PARTITION_COLUMNS, ...STATS_COLUMNS];

const REPORT_KEYS = ['report_id', 'batch_id'];
const CURRENT_REPORT_KEYS = ['report_id', 'batch_id', 'unit_id', 'scope', 'period', 'source_kind', 'revision', 'submitted_at'];
const UNIT_PERIOD_COLUMNS = ['unit_id', 'province_id', 'unit_level', 'scope', 'indicator', 'value', 'numerator', 'denominator', 'flag', 'synthetic', 'source_kind', 'reviewed', 'revision', 'period', 'stat_year', 'period_type'];
/** What current_values reads of the ledger and joins values on (no report_id: see the view). */
const CURRENT_VALUE_JOIN = ['batch_id', 'unit_id', 'scope', 'period', 'source_kind', 'revision', 'submitted_at'];
const CURRENT_VALUE_KEYS = [...CURRENT_VALUE_JOIN, 'indicator'];
/** What current_values reads of the ledger: the join, and the format that says a figure was reviewed. */
const CURRENT_VALUE_LEDGER = [...CURRENT_VALUE_JOIN, 'source_format'];

/** Small relations built from data-schemas/ (not Parquet): reading them costs no Athena scan to speak of. */
export const REFERENCE_RELATIONS: readonly string[] = ['units', 'indicators', 'indicator_targets', 'calendar_months', 'calendar_periods'];

type ReadHint = Omit<RelationRead, 'relation'>;

/** Per view, per relation it reads: a hint for each read, in the order the view reads it. */
const HINTS: Record<string, Record<string, ReadHint[]>> = {
  // current_reports.sql: row_number() OVER (PARTITION BY unit_id, scope, period, source_kind …).
  current_reports: { curated_reports: [{ columns: CURRENT_REPORT_KEYS, passThrough: true, pushdown: ['period', ...PARTITION_COLUMNS] }] },

  // current_values.sql: values JOIN (the ledger's latest row per report key: a window PARTITION BY
  // unit_id, scope, period, source_kind, stat_year, period_type ordered by revision, submitted_at,
  // batch_id) on batch_id, the report key, revision, submitted_at and the partitions — no
  // report_id on either side — then row_number() OVER (PARTITION BY unit_id, scope, period,
  // indicator, stat_year, period_type).
  current_values: {
    curated_values: [{ columns: CURRENT_VALUE_KEYS, passThrough: true, pushdown: ALL }],
    curated_reports: [{ columns: CURRENT_VALUE_LEDGER, pushdown: PARTITION_COLUMNS }],
  },

  // all_values.sql: (values JOIN reports grouped by report_id, stat_year, period_type) UNION ALL
  // (history the same way, WHERE NOT EXISTS a curated report): keys and partitions pass.
  all_values: {
    curated_values: [{ columns: REPORT_KEYS, passThrough: true, pushdown: ALL }],
    curated_reports: [{ columns: REPORT_KEYS, pushdown: PARTITION_COLUMNS }, { columns: ['report_id'], pushdown: [] }],
    history_values: [{ columns: REPORT_KEYS, passThrough: true, pushdown: ALL }],
    history_reports: [{ columns: REPORT_KEYS, pushdown: PARTITION_COLUMNS }],
  },

  // reports.sql: curated ∪ history ledger, row_number() OVER (PARTITION BY report_id).
  reports: {
    curated_reports: [{ columns: REPORT_KEYS, passThrough: true, pushdown: PARTITION_COLUMNS }, { columns: ['report_id'], pushdown: [] }],
    history_reports: [{ columns: REPORT_KEYS, passThrough: true, pushdown: PARTITION_COLUMNS }],
  },

  // unit_period_values.sql: two reads of current_values, then a GROUP BY and a window on unit_id,
  // scope, indicator, period_type, period, stat_year (so predicates on those pass).
  // 1. months (`cv.period_type = 'month'`) rolled up into every period type: the output
  //    period_type and period are the calendar's, so a filter on them does not reach the months;
  //    stat_year does (joined to the calendar's: t.stat_year = cv.stat_year).
  // 2. reports made for a longer period (`cv.period_type <> 'month'`), passed as they are.
  unit_period_values: {
    current_values: [
      { columns: UNIT_PERIOD_COLUMNS, pushdown: ['indicator', 'stat_year'], filters: { period_type: [{ in: ['month'] }] } },
      { columns: UNIT_PERIOD_COLUMNS, pushdown: ['indicator', 'stat_year', 'period_type', 'period'], filters: { period_type: [{ notIn: ['month'] }] } },
    ],
  },

  // province_values.sql: a window PARTITION BY province_id, period_type, period, stat_year, indicator
  // and a GROUP BY on the same.
  province_values: { unit_period_values: [{ columns: [], pushdown: ['indicator', 'stat_year', 'period_type'] }] },

  // province_values_2025.sql: province_values joined to units/indicators, windows PARTITION BY
  // (successor) province_id, stat_year, period_type, period, indicator.
  province_values_2025: { province_values: [{ columns: [], pushdown: ['indicator', 'stat_year', 'period_type'] }] },

  // national_values.sql: province_values_2025 grouped by period_type, period, stat_year, indicator.
  national_values: { province_values_2025: [{ columns: [], pushdown: ['indicator', 'stat_year', 'period_type'] }] },

  // province_reconciliation.sql: a province's own reports (unit_period_values, period types longer
  // than a month) joined to province_values on province, period type, period, statistical year and
  // indicator: the query's year, period type and indicator reach both sides.
  province_reconciliation: {
    unit_period_values: [{ columns: [], pushdown: ['indicator', 'stat_year', 'period_type'], filters: { period_type: [{ notIn: ['month'] }] } }],
    province_values: [{ columns: [], pushdown: ['indicator', 'stat_year', 'period_type'], filters: { period_type: [{ notIn: ['month'] }] } }],
  },
};

/**
 * A read no hint describes yet (a view changed and this file did not): the query's columns pass,
 * no predicate does, so every partition counts — an estimate on the high side, never a crash.
 * The cost tests fail while any read is unhinted (missingHints).
 */
const UNHINTED: ReadHint = { columns: [], passThrough: true, pushdown: [] };

function hinted(view: string, reads: readonly string[], hints: typeof HINTS): { read: RelationRead; missing: boolean }[] {
  const seen = new Map<string, number>();
  return reads.filter((r) => !REFERENCE_RELATIONS.includes(r)).map((relation) => {
    const i = seen.get(relation) ?? 0;
    seen.set(relation, i + 1);
    const hint = hints[view]?.[relation]?.[i];
    return { read: { relation, ...(hint ?? UNHINTED) }, missing: !hint };
  });
}

/** A view's reads: the relations its SQL reads (reference relations aside), each with its hint. */
export function viewReads(view: string, reads: readonly string[], hints = HINTS): RelationRead[] {
  return hinted(view, reads, hints).map((h) => h.read);
}

/** Reads of the views without a hint here (add one for each): for the tests. */
export function missingHints(viewReadsBySql: Readonly<Record<string, readonly string[]>> = VIEW_READS, hints = HINTS): string[] {
  return Object.entries(viewReadsBySql).flatMap(([view, reads]) => hinted(view, reads, hints).filter((h) => h.missing).map((h) => `${view} → ${h.read.relation}`));
}

/** Hints that no view read uses (a view stopped reading a relation): for the tests. */
export function unusedHints(viewReadsBySql: Readonly<Record<string, readonly string[]>> = VIEW_READS, hints = HINTS): string[] {
  const out: string[] = [];
  for (const [view, byRelation] of Object.entries(hints)) {
    const reads = viewReadsBySql[view] ?? [];
    for (const [relation, list] of Object.entries(byRelation)) {
      const n = reads.filter((r) => r === relation).length;
      if (list.length > n) out.push(`${view} → ${relation} (${list.length} hints, ${n} reads)`);
    }
  }
  return out;
}

/**
 * The relations of an as-of query (core/as-of/compose.ts), for the estimate of an analysis asked
 * with `as_of` (queries/registry.ts estimateSqlFor names them) or reading two cuts (`changes`):
 * `<prefix><view>` is the view's own SQL over the cut's bases, so it reads what the view reads,
 * with the same hints, except that the curated ledger is the cut ledger (`<prefix>reports`: the
 * `reports` view, curated and history, filtered on ingested_at) and the curated values are every
 * revision's (`all_values`).
 */
export function cutRelations(prefix: string, viewReadsBySql: Readonly<Record<string, readonly string[]>> = VIEW_READS, hints = HINTS): Record<string, RelationRead[]> {
  const stored = storedInCut({ param: '', prefix });
  const rename = (r: string) => stored[r] ?? (r in viewReadsBySql ? `${prefix}${r}` : r);
  const out: Record<string, RelationRead[]> = {
    [`${prefix}${LEDGER}`]: [{ relation: LEDGER, columns: ['ingested_at'], passThrough: true, pushdown: ALL }],
    [`${prefix}${ALL_VALUES}`]: [
      { relation: ALL_VALUES, columns: REPORT_KEYS, passThrough: true, pushdown: ALL },
      { relation: `${prefix}${LEDGER}`, columns: REPORT_KEYS, pushdown: PARTITION_COLUMNS },
    ],
  };
  for (const [view, reads] of Object.entries(viewReadsBySql)) {
    if (view === LEDGER || view === ALL_VALUES) continue;
    out[`${prefix}${view}`] = viewReads(view, reads, hints).map((r) => ({ ...r, relation: rename(r.relation) }));
  }
  return out;
}

export const DEFAULT_RELATIONS: RelationMap = {
  // Stored tables (leaves), as the engines name them.
  ...Object.fromEntries(tableNames().map((t) => [relationName(t), { table: t }])),
  ...Object.fromEntries(Object.entries(VIEW_READS).map(([view, reads]) => [view, viewReads(view, reads)])),
  ...Object.assign({}, ...CUT_PREFIXES.map((p) => cutRelations(p))),
};

/** Stored table name → its key prefix and Parquet columns, from data-schemas/tables.json. */
export function storedTable(name: string): { path: string; columns: string[] } {
  if (!isTableName(name)) throw new Error(`Unknown stored table ${name}`);
  return { path: tablePath(name), columns: tableColumns(name).map((c) => c.name) };
}

export function storedTableNames(): string[] {
  return tableNames();
}
