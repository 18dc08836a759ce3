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

/**
 * checkSql remembered per text and limit (bounded, oldest first out): the guard parses the SQL
 * (~2 ms of CPU for a short query), and an explorer asks the same cells' SQL again and again.
 * The check depends on nothing else.
 */
export function memoCheckSql(maxEntries = 256): (sql: string, limit: number) => SqlCheck {
  const memo = new Map<string, SqlCheck>();
  return (sql, limit) => {
    const key = `${limit}\0${sql}`;
    let check = memo.get(key);
    if (!check) {
      check = checkSql(sql, limit);
      if (memo.size >= maxEntries) memo.delete(memo.keys().next().value as string);
      memo.set(key, check);
    }
    return check;
  };
}
