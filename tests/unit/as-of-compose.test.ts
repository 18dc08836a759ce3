/**
 * The as-of composition (core/as-of/compose.ts) on small texts: which names it renames (relations
 * only, never a column or alias of the same spelling), how it splits a WITH, which views it
 * brings in and in what order, and the moment parser's edge cases.
 */
import { describe, expect, it } from 'vitest';
import { composeAsOf, composeCuts, CHANGE_CUTS, derivedClosure, relationsRead, renameRelations, splitWith, yearsAsked } from '../../functions/core/as-of/compose.ts';
import { parseAsOf } from '../../functions/core/as-of/moment.ts';

const VIEWS = [
  { name: 'reports', sql: 'SELECT * FROM curated_reports' },
  { name: 'all_values', sql: 'SELECT * FROM curated_values' },
  { name: 'current_values', sql: 'SELECT v.* FROM curated_values v JOIN curated_reports r ON r.batch_id = v.batch_id' },
  { name: 'unit_period_values', sql: 'WITH parts AS (SELECT unit_id, value FROM current_values)\nSELECT p.unit_id, count(*) AS parts FROM parts p GROUP BY p.unit_id' },
  { name: 'province_values', sql: 'SELECT u.unit_id AS province_id, u.parts FROM unit_period_values u' },
];

describe('as-of composition', () => {
  it('renames relations in table position only (FROM, JOIN, a qualifier), not columns, aliases, strings or comments', () => {
    const sql = "SELECT parts, current_values.value, 'current_values' AS s -- current_values\nFROM current_values JOIN parts ON x.parts = 1";
    expect(renameRelations(sql, { current_values: 'asof_current_values', parts: 'p2' })).toBe(
      "SELECT parts, asof_current_values.value, 'current_values' AS s -- current_values\nFROM asof_current_values JOIN p2 ON x.parts = 1",
    );
    expect([...relationsRead(sql, ['current_values', 'parts', 'units'])].sort()).toEqual(['current_values', 'parts']);
  });

  it('splits a WITH into its queries and the main SELECT, nested parentheses and comments included', () => {
    const s = splitWith('-- head\nWITH a AS (SELECT (1) AS x), b AS (SELECT * FROM a WHERE x IN (1, 2))\nSELECT * FROM b;');
    expect(s.ctes.map((c) => [c.name, c.body])).toEqual([['a', 'SELECT (1) AS x'], ['b', 'SELECT * FROM a WHERE x IN (1, 2)']]);
    expect(s.main).toBe('SELECT * FROM b');
    expect(splitWith('SELECT 1').ctes).toEqual([]);
  });

  it('brings in the views an analysis reads, each after those it reads, and the cut ledger for a view reading the curated ledger', () => {
    expect(derivedClosure('SELECT * FROM province_values', VIEWS)).toEqual(['reports', 'current_values', 'unit_period_values', 'province_values']);
    const sql = composeAsOf('WITH x AS (SELECT * FROM province_values) SELECT * FROM x', VIEWS);
    const names = splitWith(sql).ctes.map((c) => c.name);
    expect(names).toEqual(['asof_reports', 'asof_current_values', 'asof_unit_period_values', 'asof_province_values', 'x']);
    // the view's own WITH stays nested in its scope, its column `parts` untouched
    expect(sql).toContain('WITH parts AS (SELECT unit_id, value FROM asof_current_values)');
    expect(sql).toContain('count(*) AS parts FROM parts p');
    // values: every revision's (all_values), found through the cut ledger
    expect(sql).toContain('FROM all_values v JOIN asof_reports r');
    expect(sql).toMatch(/ingested_at <= CAST\(:as_of AS TIMESTAMP\)/);
    expect(sql).toMatch(/BETWEEN :as_of_first_year AND :as_of_last_year/);
    expect(composeAsOf('SELECT * FROM province_values', VIEWS, 'inline')).toContain('asof_province_values AS NOT MATERIALIZED (');
  });

  it('composes two cuts for an analysis reading before_* and after_* relations', () => {
    const sql = composeCuts('SELECT * FROM after_current_values a LEFT JOIN before_current_values b ON a.x = b.x', VIEWS, CHANGE_CUTS);
    const names = splitWith(sql).ctes.map((c) => c.name);
    expect(names).toEqual(['before_reports', 'before_current_values', 'after_reports', 'after_current_values']);
    expect(sql).toContain('CAST(:from AS TIMESTAMP)');
    expect(sql).toContain('CAST(:to AS TIMESTAMP)');
  });

  it('reads the years asked from the year parameters', () => {
    expect(yearsAsked({ stat_year: 2025, previous_stat_year: 2024 })).toEqual([2024, 2025]);
    expect(yearsAsked({ from: 2016, to: 2025 })).toEqual([2016, 2025]);
    expect(yearsAsked({})).toEqual([0, 9999]);
  });
});

describe('as-of moments', () => {
  it.each([
    ['2025-11-05', '2025-11-05 16:59:59.999'],
    ['2025-11-05T08:00:00Z', '2025-11-05 08:00:00.000'],
    ['2025-11-05 08:00', '2025-11-05 01:00:00.000'],
    ['2025-11-05T08:00:00-05:00', '2025-11-05 13:00:00.000'],
    ['2024-02-29', '2024-02-29 16:59:59.999'],
  ])('%s → %s (UTC)', (text, utc) => expect(parseAsOf(text)).toBe(utc));

  it.each(['2025-02-29', '2025-11-05T24:00Z', '2025-11-05T08:00:00+15:00', '1999-12-31', 'x'.repeat(50), ''])('refuses %s', (text) => {
    expect(parseAsOf(text)).toBeUndefined();
  });
});
