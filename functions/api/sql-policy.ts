/**
 * Ad-hoc SQL policy of the query API and `chitieu sql`: the guard (functions/core/sql/guard.ts)
 * admits a single SELECT/WITH over the published relations; where the engine can parse SQL
 * itself (DuckDB), its own parse of the exact text it will run must agree
 * (functions/core/sql/engine-tree.ts). The row limit asks for one row more so the caller can tell
 * that the result was cut, and is enforced by the engine (QueryOptions.maxRows).
 */
import { checkAdHocSql, limitRows } from '../core/sql/guard.ts';
import { checkDuckDbTree, type TreeCheck } from '../core/sql/engine-tree.ts';
import type { Engine } from '../adapters/engine/engine.ts';

/** The relations analysts may query: the same names in DuckDB (tables) and Athena (views). */
export const PUBLISHED_RELATIONS = [
  'current_values', 'all_values', 'reports', 'current_reports', 'unit_period_values', 'province_values', 'province_values_2025', 'national_values',
  'province_reconciliation',
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

/**
 * The engine-faithful second check of an admitted statement, remembered per text and cap
 * (bounded): undefined when the engine offers no parse of its own (Athena).
 */
export function memoEngineCheck(engine: Engine, maxEntries = 256): (sql: string, maxRows: number) => Promise<TreeCheck | undefined> {
  const memo = new Map<string, Promise<TreeCheck | undefined>>();
  return (sql, maxRows) => {
    if (!engine.parseTree) return Promise.resolve(undefined);
    const key = `${maxRows}\0${sql}`;
    let check = memo.get(key);
    if (!check) {
      check = engine.parseTree(sql, { maxRows }).then((tree) => checkDuckDbTree(tree, PUBLISHED_RELATIONS));
      check.catch(() => memo.delete(key));
      if (memo.size >= maxEntries) memo.delete(memo.keys().next().value as string);
      memo.set(key, check);
    }
    return check;
  };
}
