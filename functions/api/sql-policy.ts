/**
 * Ad-hoc SQL policy of the query API and `chitieu sql`: the guard (functions/core/sql/guard.ts)
 * admits a single SELECT/WITH over the published relations; the row limit asks for one row
 * more so the caller can tell that the result was cut (added as a LIMIT, not a wrapping
 * subquery, so an ORDER BY survives on Athena).
 */
import { checkAdHocSql, limitRows } from '../core/sql/guard.ts';

/** The relations analysts may query: the same names in DuckDB (tables) and Athena (views). */
export const PUBLISHED_RELATIONS = [
  'current_values', 'all_values', 'reports', 'current_reports', 'unit_period_values', 'province_values', 'province_values_2025', 'national_values',
  'units', 'indicators', 'indicator_targets', 'calendar_months', 'calendar_periods',
] as const;

export type SqlCheck =
  | { ok: true; sql: string; limitedSql: string }
  | { ok: false; code: string; message_vi: string; message_en: string };

export function checkSql(sql: string, limit: number): SqlCheck {
  const r = checkAdHocSql(sql, { allowedRelations: [...PUBLISHED_RELATIONS] });
  if (!r.ok) return { ok: false, code: r.code, message_vi: r.message_vi, message_en: r.message_en };
  return { ok: true, sql: r.sql, limitedSql: limitRows(r, Math.floor(limit)) };
}
