/**
 * Dialect parity: statements written once in Trino SQL parse with the Trino grammar and, rendered
 * by the shim, run on a real DuckDB with the same answers Trino gives (the expected values below
 * are Trino's documented results).
 */
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DUCKDB_SESSION_SETUP, renderFor, SHIMMED_FUNCTIONS } from '../../functions/core/sql/dialect.ts';
import { parseTrino } from '../../functions/core/sql/trino-parse.ts';
import { bindNamed } from '../../functions/core/named-params.ts';

let db: DuckDBInstance;
let con: DuckDBConnection;

beforeAll(async () => {
  db = await DuckDBInstance.create(':memory:');
  con = await db.connect();
  for (const s of DUCKDB_SESSION_SETUP) await con.run(s);
  await con.run(`CREATE TABLE v AS SELECT * FROM (VALUES
    ('p63-01', '2024-01', DATE '2023-12-01', 'KT01', 10.0, 8.0, 10.0),
    ('p63-01', '2024-02', DATE '2024-01-01', 'KT01', 12.0, 9.0, 12.0),
    ('p63-02', '2024-01', DATE '2023-12-01', 'KT01', 20.0, NULL, NULL),
    ('p63-02', '2024-02', DATE '2024-01-01', 'KT01', 30.0, 27.0, 30.0),
    ('p63-03', '2024-01', DATE '2023-12-01', 'KT01', 40.0, 36.0, 40.0),
    ('p63-03', '2024-02', DATE '2024-01-01', 'KT01', 50.0, 40.0, 50.0)
  ) AS t(province_id, period, period_start, indicator, value, numerator, denominator)`);
});

afterAll(() => {
  con?.closeSync();
  db?.closeSync();
});

/** Run Trino text on DuckDB through the shim; parameters bound, never spliced. */
async function runDuck(sql: string, params: Record<string, unknown> = {}) {
  const bound = bindNamed(renderFor('duckdb', sql), params);
  const reader = await con.runAndReadAll(bound.sql, bound.values as never);
  return reader.getRowObjectsJS();
}

function expectTrino(sql: string) {
  const parsed = parseTrino(sql);
  if (!parsed.ok) throw new Error(`${parsed.message_en}\n${sql}`);
  expect(parsed.ast).toHaveLength(1);
}

/** Representative statements of the kind the named analyses use, with Trino's answers. */
const CASES: { name: string; sql: string; params?: Record<string, unknown>; expected: Record<string, unknown>[] }[] = [
  {
    name: 'CTE + window functions (rank, lag, percent_rank) + CAST AS DOUBLE',
    sql: `WITH s AS (
            SELECT province_id, period, sum(value) AS total
            FROM v WHERE indicator = :ind GROUP BY province_id, period
          ), w AS (
            SELECT province_id, period, total,
                   rank() OVER (PARTITION BY period ORDER BY total DESC) AS rnk,
                   lag(total) OVER (PARTITION BY province_id ORDER BY period) AS prev,
                   CAST(total AS DOUBLE) / lag(total) OVER (PARTITION BY province_id ORDER BY period) - 1 AS change,
                   percent_rank() OVER (PARTITION BY period ORDER BY total) AS pr
            FROM s
          )
          SELECT * FROM w WHERE period = '2024-02' ORDER BY rnk`,
    params: { ind: 'KT01' },
    expected: [
      { province_id: 'p63-03', period: '2024-02', total: 50, rnk: 1n, prev: 40, change: 0.25, pr: 1 },
      { province_id: 'p63-02', period: '2024-02', total: 30, rnk: 2n, prev: 20, change: 0.5, pr: 0.5 },
      { province_id: 'p63-01', period: '2024-02', total: 12, rnk: 3n, prev: 10, change: 0.19999999999999996, pr: 0 },
    ],
  },
  {
    name: 'approx_percentile → quantile_cont (median and quartiles; robust z-score shape)',
    sql: `WITH m AS (SELECT approx_percentile(value, 0.5) AS med FROM v WHERE period = :p)
          SELECT approx_percentile(value, 0.5) AS med,
                 approx_percentile(abs(value - m.med), 0.5) AS mad,
                 approx_percentile(value, 0.25) AS q1
          FROM v, m WHERE period = :p`,
    params: { p: '2024-01' },
    expected: [{ med: 20, mad: 10, q1: 15 }],
  },
  {
    name: 'ratio of sums with NULL numerators (FILTER, count_if, nullif)',
    sql: `SELECT sum(numerator) FILTER (WHERE denominator IS NOT NULL) / nullif(sum(denominator), 0) AS rate,
                 count_if(numerator IS NULL) AS missing
          FROM v WHERE period = '2024-01'`,
    expected: [{ rate: 0.88, missing: 1n }],
  },
  {
    name: 'integer division truncates toward zero as in Trino; DOUBLE division does not',
    sql: `SELECT 7 / 2 AS a, -7 / 2 AS b, CAST(7 AS DOUBLE) / 2 AS c, 7 % 3 AS d, (month(DATE '2024-11-01') - 1) / 3 + 1 AS quarter_of_nov`,
    expected: [{ a: 3, b: -3, c: 3.5, d: 1, quarter_of_nov: 4n }],
  },
  {
    name: 'date arithmetic: date_add (shimmed) keeps DATE, date_diff, year/month, CAST(date_trunc) AS DATE',
    sql: `SELECT date_add('month', 1, DATE '2024-01-31') AS next_month,
                 date_add('day', -1, DATE '2024-03-01') AS eve,
                 date_add('year', :n, DATE '2024-02-29') AS next_year,
                 date_add('quarter', 1, DATE '2023-12-01') AS next_quarter,
                 date_diff('day', DATE '2023-12-01', DATE '2024-11-30') AS stat_year_days,
                 date_diff('month', DATE '2023-12-01', DATE '2024-11-30') AS months,
                 year(DATE '2024-12-01') + 1 AS stat_year,
                 CAST(date_trunc('month', DATE '2024-06-17') AS DATE) AS month_start`,
    params: { n: 1 },
    expected: [
      {
        next_month: '2024-02-29',
        eve: '2024-02-29',
        next_year: '2025-02-28',
        next_quarter: '2024-03-01',
        stat_year_days: 365n,
        months: 11n,
        stat_year: 2025n,
        month_start: '2024-06-01',
      },
    ],
  },
  {
    name: 'casts, try_cast, round before integer cast, explicit VARCHAR for ||, lpad',
    sql: `SELECT try_cast('x' AS INTEGER) AS bad, CAST('12' AS BIGINT) AS n, CAST(round(2.5e0) AS INTEGER) AS r,
                 CAST(2024 AS VARCHAR) || '-' || lpad(CAST(3 AS VARCHAR), 2, '0') AS label,
                 CAST(1 AS DECIMAL(10, 2)) AS dec, split_part('2024-Q3', '-', 2) AS q, strpos('2024-H1', 'H') AS h`,
    expected: [{ bad: null, n: 12n, r: 3, label: '2024-03', dec: 1, q: 'Q3', h: 6n }],
  },
  {
    name: 'regexp_like → regexp_matches, approx_distinct → approx_count_distinct, if, max_by',
    sql: `SELECT count_if(regexp_like(period, '-0[12]$')) AS months, approx_distinct(province_id) AS provinces,
                 if(max(value) > 45, 'high', 'low') AS level, max_by(province_id, value) AS top
          FROM v`,
    expected: [{ months: 6n, provinces: 3n, level: 'high', top: 'p63-03' }],
  },
  {
    name: 'workload roll-up (unit_period_values): Σ resolved + max_by(still open, period), min_by for an opening stock, bool_or',
    sql: `SELECT province_id,
                 CAST(sum(numerator) AS DOUBLE) AS resolved,
                 CAST(sum(numerator) + max_by(denominator - numerator, period) AS DOUBLE) AS workload,
                 CAST(min_by(value, period) AS DOUBLE) AS opening,
                 bool_or(numerator IS NULL) AS gap
          FROM v WHERE indicator = :ind GROUP BY province_id ORDER BY province_id`,
    params: { ind: 'KT01' },
    expected: [
      { province_id: 'p63-01', resolved: 17, workload: 20, opening: 10, gap: false },
      { province_id: 'p63-02', resolved: 27, workload: 30, opening: 20, gap: true },
      { province_id: 'p63-03', resolved: 76, workload: 86, opening: 40, gap: false },
    ],
  },
  {
    name: 'UNNEST, ROLLUP, CASE, coalesce',
    sql: `SELECT coalesce(p, 'ALL') AS p, sum(x) AS s, CASE WHEN sum(x) > 3 THEN 'big' ELSE 'small' END AS size
          FROM (SELECT 'a' AS p, x FROM UNNEST(ARRAY[1, 2]) AS t(x) UNION ALL SELECT 'b', 3)
          GROUP BY ROLLUP (p) ORDER BY p`,
    expected: [
      { p: 'ALL', s: 6n, size: 'big' },
      { p: 'a', s: 3n, size: 'small' },
      { p: 'b', s: 3n, size: 'small' },
    ],
  },
];

describe('dialect: Trino text parses as Trino and runs on DuckDB with Trino’s answers', () => {
  for (const c of CASES) {
    it(c.name, async () => {
      expectTrino(renderFor('athena', c.sql));
      const rows = await runDuck(c.sql, c.params);
      const normalized = rows.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, normalize(v)])));
      expect(normalized).toEqual(c.expected);
    });
  }
});

/** DuckDB JS values → plain ones for comparison (dates as ISO text, decimals as text). */
function normalize(v: unknown): unknown {
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (v && typeof v === 'object') return String(v);
  return v;
}

describe('dialect shim: rewriting rules', () => {
  it('renders Athena unchanged', () => {
    const sql = "SELECT approx_percentile(value, 0.5) FROM v -- approx_percentile(x)\nWHERE s = 'approx_percentile(y, 1)'";
    expect(renderFor('athena', sql)).toBe(sql);
  });

  it('rewrites only real calls: not strings, quoted identifiers, comments or qualified names', () => {
    const sql = `SELECT approx_percentile (value, 0.5), 'approx_percentile(a, b)', "approx_percentile", x.approx_percentile(1, 2) /* approx_percentile(c, d) */ FROM v`;
    expect(renderFor('duckdb', sql)).toBe(
      `SELECT quantile_cont(value, 0.5), 'approx_percentile(a, b)', "approx_percentile", x.approx_percentile(1, 2) /* approx_percentile(c, d) */ FROM v`,
    );
  });

  it('rewrites nested calls and keeps FILTER / OVER clauses', () => {
    expect(renderFor('duckdb', 'SELECT approx_percentile(abs(value - approx_distinct(x)), 0.9) FILTER (WHERE ok) OVER (PARTITION BY p) FROM v')).toBe(
      'SELECT quantile_cont(abs(value - approx_count_distinct(x)), 0.9) FILTER (WHERE ok) OVER (PARTITION BY p) FROM v',
    );
  });

  it('keeps a line comment inside a rewritten call from swallowing the rest', () => {
    const out = renderFor('duckdb', "SELECT approx_percentile(value -- the value\n, 0.5) AS m FROM v");
    expect(out).toBe('SELECT quantile_cont(value /* the value*/, 0.5) AS m FROM v');
  });

  it('date_add: units, parameters, and a clear error for units it does not know', () => {
    expect(renderFor('duckdb', "date_add('month', :n, period_start)")).toBe('CAST((period_start) + to_months(CAST(:n AS INTEGER)) AS DATE)');
    expect(renderFor('duckdb', "DATE_ADD('Quarter', 1, d)")).toBe('CAST((d) + to_months(3 * CAST(1 AS INTEGER)) AS DATE)');
    expect(renderFor('duckdb', 'date_add(d, INTERVAL 1 DAY)')).toBe('date_add(d, INTERVAL 1 DAY)');
    expect(() => renderFor('duckdb', "date_add('hour', 1, ts)")).toThrow(/unsupported unit/);
  });

  it('leaves calls with other arities as written (weighted approx_percentile is not shimmed)', () => {
    expect(renderFor('duckdb', 'approx_percentile(x, w, 0.5)')).toBe('approx_percentile(x, w, 0.5)');
  });

  it('lists exactly the shimmed functions', () => {
    expect([...SHIMMED_FUNCTIONS].sort()).toEqual(['approx_distinct', 'approx_percentile', 'date_add', 'regexp_like']);
  });
});

describe('named query files parse as Trino', () => {
  const dir = join(import.meta.dirname, '../../functions/queries');
  const files = readdirSync(dir).filter((f) => f.endsWith('.sql'));
  it.skipIf(files.length === 0)('every functions/queries/*.sql', () => {
    for (const f of files) {
      const parsed = parseTrino(readFileSync(join(dir, f), 'utf8'));
      expect(parsed.ok ? 'ok' : `${f}: ${parsed.message_en}`).toBe('ok');
    }
  });
});

describe('trino-parse', () => {
  it('returns the AST, with :name parameters as param nodes', () => {
    const p = parseTrino('SELECT value FROM current_values WHERE period = :period');
    expect(p.ok).toBe(true);
    expect(JSON.stringify(p.ok && p.ast)).toContain('"type":"param","value":"period"');
  });
  it('explains what it cannot parse, with line and column', () => {
    const p = parseTrino('SELECT value\nFROM t WHERE = 1');
    expect(p).toMatchObject({ ok: false, line: 2, column: 14 });
    expect(!p.ok && p.message_en).toMatch(/^Cannot parse the SQL as Trino \(line 2, column 14\): unexpected "="/);
    expect(!p.ok && p.message_vi).toMatch(/^Không phân tích được câu SQL theo cú pháp Trino \(dòng 2, cột 14\)/);
  });
});
