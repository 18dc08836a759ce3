/**
 * The engine's own reader of DuckDB results (functions/adapters/engine/duckdb-columns.ts) gives
 * exactly what the library's generic reader gives after toPlain, for every column type, NULLs,
 * strings short and long, ASCII and not, repeated and distinct, over several chunks, cut at a
 * row limit — and so does DuckDbEngine.query, row objects included.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { FAST_TYPE_IDS, readColumns } from '../../functions/adapters/engine/duckdb-columns.ts';
import { toPlain } from '../../functions/adapters/engine/duckdb-values.ts';
import { sharedViews } from '../../functions/queries/views.ts';

let db: DuckDBInstance;
let conn: DuckDBConnection;

beforeAll(async () => {
  db = await DuckDBInstance.create(':memory:');
  conn = await db.connect();
});
afterAll(() => {
  conn.closeSync();
  db.closeSync();
});

/** What the engine returned before it read vectors itself: getColumnsJS, then toPlain. */
async function reference(sql: string): Promise<unknown[][]> {
  const reader = await conn.runAndReadAll(sql);
  return reader.getColumnsJS().map((c) => c.map(toPlain));
}

async function fast(sql: string, count?: number): Promise<{ columns: unknown[][]; typeIds: number[] }> {
  const res = await conn.run(sql);
  const chunks = await res.fetchAllChunks();
  const typeIds = res.columnTypes().map((t) => t.typeId);
  const total = chunks.reduce((n, c) => n + c.rowCount, 0);
  return { columns: readColumns(chunks, typeIds, count ?? total), typeIds };
}

const SCALARS = `
  SELECT
    CASE WHEN i % 7 = 0 THEN NULL ELSE (i % 2 = 0) END AS b,
    CASE WHEN i % 5 = 0 THEN NULL ELSE CAST(i % 120 - 60 AS TINYINT) END AS ti,
    CAST(i % 30000 - 15000 AS SMALLINT) AS si,
    CASE WHEN i % 11 = 0 THEN NULL ELSE CAST(i * 7919 - 2000000000 AS INTEGER) END AS ii,
    CAST(i AS BIGINT) * 1234567891 - 9007199254740993 AS bi,
    CAST(-9223372036854775807 + i AS BIGINT) AS bi_min,
    CAST(i % 250 AS UTINYINT) AS uti,
    CAST(i % 65000 AS USMALLINT) AS usi,
    CAST(i * 100003 AS UINTEGER) AS ui,
    CAST(i / 3.0 AS FLOAT) AS f,
    CASE WHEN i % 13 = 0 THEN NULL WHEN i = 1 THEN 'NaN'::DOUBLE WHEN i = 2 THEN 'Infinity'::DOUBLE ELSE i / 7.0 END AS d,
    CASE WHEN i % 3 = 0 THEN NULL WHEN i % 3 = 1 THEN 'p63-' || (i % 64) ELSE '' END AS short_s,
    CASE i % 4 WHEN 0 THEN 'Thành phố Hồ Chí Minh' WHEN 1 THEN 'crime_report_resolution_rate' WHEN 2 THEN 'Tỉnh Sóc Trăng' ELSE NULL END AS long_rep,
    'distinct value number ' || i || ' — ở đây' AS long_distinct,
    CASE WHEN i % 2 = 0 THEN 'exactly12byt' ELSE 'thirteen byte' END AS edge,
    CASE WHEN i % 17 = 0 THEN repeat('ả', 5000) ELSE 'x' || repeat('y', i % 40) END AS mixed
  FROM range(5000) t(i)`;

describe('DuckDB result reader', () => {
  it('reads every flat type as the library does, NULLs, NaN and ±Infinity included, over several chunks', async () => {
    const { columns, typeIds } = await fast(SCALARS);
    expect(typeIds.every((t) => FAST_TYPE_IDS.has(t))).toBe(true);
    const ref = await reference(SCALARS);
    expect(columns).toHaveLength(ref.length);
    for (let j = 0; j < ref.length; j++) expect(columns[j]).toEqual(ref[j]);
    expect(columns[0].length).toBe(5000);
  });

  it('reads strings of a sorted, joined and filtered result (pointers not laid end to end)', async () => {
    const sql = `
      WITH a AS (SELECT i, 'tên dài số ' || (i % 97) || ' của đơn vị' AS name FROM range(9000) t(i)),
           b AS (SELECT i, 'chỉ tiêu rất dài ' || (i % 13) AS ind FROM range(9000) t(i) WHERE i % 3 <> 0)
      SELECT a.name, b.ind, a.i FROM a JOIN b USING (i) ORDER BY b.ind DESC, a.name, a.i`;
    const { columns } = await fast(sql);
    expect(columns).toEqual(await reference(sql));
  });

  it('reads the other types through the library converter and toPlain, unchanged', async () => {
    const sql = `
      SELECT DATE '2024-03-01' + CAST(i AS INTEGER) AS dt,
             TIMESTAMP '2024-03-01 08:00:00' + INTERVAL (i) MINUTE AS ts,
             CAST(i / 3 AS DECIMAL(10, 2)) AS dec,
             CAST(i AS HUGEINT) * 1000 AS hi,
             [i, i + 1] AS l,
             {'a': i, 'b': 'x' || i} AS s,
             CASE WHEN i % 2 = 0 THEN NULL ELSE i END::UBIGINT AS ub
      FROM range(3000) t(i)`;
    const { columns, typeIds } = await fast(sql);
    expect(typeIds.some((t) => FAST_TYPE_IDS.has(t))).toBe(false);
    expect(columns).toEqual(await reference(sql));
    expect(columns[0][1]).toBe('2024-03-02');
  });

  it('stops at a row limit, and reads an empty result', async () => {
    const { columns } = await fast(SCALARS, 2100);
    const ref = await reference(SCALARS);
    for (let j = 0; j < ref.length; j++) expect(columns[j]).toEqual(ref[j].slice(0, 2100));
    const empty = await fast('SELECT 1 AS x, \'a\' AS y WHERE false');
    expect(empty.columns).toEqual([[], []]);
  });
});

describe('DuckDbEngine rows', () => {
  it('are the row objects the engine made from the library values, after toPlain, with a repeated name keeping the last value', async () => {
    const { mkdtempSync, rmSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const { DuckDbEngine } = await import('../../functions/adapters/engine/duckdb.ts');
    const dir = mkdtempSync(join(tmpdir(), 'chitieu-cols-'));
    const engine = await DuckDbEngine.open(dir, { views: sharedViews(), cache: false });
    try {
      const sql = `SELECT i AS a, 'tên ' || i AS "tên có dấu", DATE '2024-01-01' + CAST(i AS INTEGER) AS d, i * 2 AS a, NULL AS "__proto__", 'x"y' AS "q""uote" FROM range(2500) t(i)`;
      const r = await engine.query(sql);
      const reader = await conn.runAndReadAll(sql);
      // What the engine built before: names and JS columns from the library, assigned in order.
      const names = reader.columnNames();
      const cols = reader.getColumnsJS();
      const expected = cols[0].map((_, i) => {
        const out: Record<string, unknown> = {};
        for (let j = 0; j < names.length; j++) out[names[j]] = toPlain(cols[j][i]);
        return out;
      });
      expect(r.rows).toEqual(expected);
      expect(r.rows[3]).toEqual({ a: 6, 'tên có dấu': 'tên 3', d: '2024-01-04', 'q"uote': 'x"y' });
      expect(Object.keys(r.rows[3])).toEqual(['a', 'tên có dấu', 'd', 'q"uote']);
      expect(r.columns.map((c) => c.name)).toEqual(['a', 'tên có dấu', 'd', 'a', '__proto__', 'q"uote']);
      // A row cap is enforced by the engine, wrapping the statement (SELECT * FROM (…) LIMIT n):
      // the wrapper gives a repeated name a suffix, so the capped rows keep both values.
      const capped = await engine.query(sql, { maxRows: 10 });
      expect(capped.columns.map((c) => c.name)).toEqual(['a', 'tên có dấu', 'd', 'a_1', '__proto__', 'q"uote']);
      expect(capped.rows).toEqual(expected.slice(0, 10).map((row, i) => ({ a: i, 'tên có dấu': row['tên có dấu'], d: row.d, a_1: row.a, 'q"uote': row['q"uote'] })));
    } finally {
      await engine.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
