/**
 * The ad-hoc SQL endpoint against the attacks of issue 14, tried as an attacker would, on the
 * real DuckDB engine: a parser differential (backslash in a string), CTE shadowing, the row cap
 * bypassed by a parenthesised UNION, and engine errors that leaked English internals.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../functions/api/app.ts';
import { DuckDbEngine } from '../../functions/adapters/engine/duckdb.ts';
import { ingestFiles } from '../../functions/ingest/ingest-files.ts';
import { file, goodReport, tempWarehouse } from '../helpers/warehouse.ts';
import type { Hono } from 'hono';
import type { Engine } from '../../functions/adapters/engine/engine.ts';
import { sharedViews } from '../../functions/queries/views.ts';

const wh = tempWarehouse();
let engine: DuckDbEngine;
let app: Hono;

const sql = (text: string, extra: Record<string, unknown> = {}) =>
  app.request('/api/sql', { method: 'POST', body: JSON.stringify({ sql: text, ...extra }), headers: { 'content-type': 'application/json' } });

beforeAll(async () => {
  await ingestFiles(
    [file('a.json', goodReport()), file('b.json', goodReport({ unit_id: 'd-941', period: '2024-03' })), file('c.json', goodReport({ period: '2023-03', submitted_at: '2023-04-05T08:00:00+07:00' }))],
    { storage: wh.storage },
  );
  engine = await DuckDbEngine.open(wh.dir, { views: sharedViews(), cache: false });
  app = createApp({ engine, storage: wh.storage, log: () => {}, maxRows: 20, timeoutMs: 5_000 });
});
afterAll(async () => {
  await engine.close();
  wh.cleanup();
});

describe('ad-hoc SQL hardening (issue 14)', () => {
  it.each([
    // 1. node-sql-parser reads \' as an escaped quote, DuckDB and Trino as a backslash then the end of the string.
    ["SELECT '\\' AS x, name, setting FROM pg_settings WHERE '--' <> 'b'\nAND 1=1", 'backslash'],
    ["SELECT '\\' AS x, range FROM range(1000000000000) WHERE '--' <> 'b'\nAND 1=1", 'backslash'],
    ['SELECT "a\\" FROM units', 'backslash'],
    // 2. A CTE is in scope only after its definition; system relations are refused even when shadowed.
    ['WITH pg_settings AS (SELECT * FROM pg_settings) SELECT * FROM pg_settings', 'system_schema'],
    ['WITH a AS (SELECT * FROM secret), secret AS (SELECT 1) SELECT * FROM a', 'unknown_relation'],
    ['WITH a AS (SELECT * FROM b), b AS (SELECT * FROM units) SELECT * FROM a', 'unknown_relation'],
  ])('refuses %j (%s) before it reaches the engine', async (text, code) => {
    const r = await sql(text);
    expect(r.status).toBe(422);
    const e = (await r.json()).error;
    expect(e.code).toBe(code);
    expect(e.message_vi).toMatch(/[ạảãàáâậầấẩẫăắằặẳẵđêềếệểễôồốộổỗơờớợởỡưừứựửữ]/);
  });

  it('still runs CTEs that refer only to earlier CTEs and published relations', async () => {
    const r = await sql('WITH a AS (SELECT unit_id FROM reports), b AS (SELECT count(*) AS n FROM a) SELECT n FROM b');
    expect(r.status).toBe(200);
    expect((await r.json()).rows).toEqual([{ n: 3 }]);
  });

  it('keeps the row cap in the engine: a parenthesised UNION with its own small LIMIT cannot lift it', async () => {
    // Hundreds of units: the cross join of three is ~10^8 rows, which only a cap in the engine stops.
    const started = performance.now();
    const r = await sql('(SELECT a.id FROM units a, units b, units c) UNION ALL (SELECT id FROM units LIMIT 5)');
    expect(r.status).toBe(200);
    const j = await r.json();
    expect(j.rows).toHaveLength(20);
    expect(j.truncated).toBe(true);
    expect(performance.now() - started).toBeLessThan(3_000);
  });

  it('hands the cap to an engine without a parser of its own (Athena): the statement unwrapped, its ORDER BY kept, maxRows set', async () => {
    const seen: { sql: string; maxRows?: number }[] = [];
    const athenaLike: Engine = {
      name: 'athena',
      query: async (text, options) => {
        seen.push({ sql: text, maxRows: options?.maxRows });
        return { columns: [{ name: 'x', type: 'integer' }], rows: [{ x: 1 }, { x: 2 }, { x: 3 }, { x: 4 }], stats: { engine: 'athena' } };
      },
      close: async () => {},
    };
    const aws = createApp({ engine: athenaLike, storage: wh.storage, log: () => {}, maxRows: 3 });
    const r = await aws.request('/api/sql', { method: 'POST', body: JSON.stringify({ sql: 'SELECT unit_id AS x FROM reports ORDER BY 1' }), headers: { 'content-type': 'application/json' } });
    expect(r.status).toBe(200);
    expect(seen).toEqual([{ sql: 'SELECT unit_id AS x FROM reports ORDER BY 1', maxRows: 4 }]);
    const j = await r.json();
    expect(j.rows).toHaveLength(3);
    expect(j.truncated).toBe(true);
  });

  it('keeps an ORDER BY under the cap', async () => {
    const j = await (await sql('SELECT indicator FROM all_values ORDER BY indicator DESC', { max_rows: 3 })).json();
    const all = await (await sql('SELECT indicator FROM all_values ORDER BY indicator DESC')).json();
    expect(j.rows).toEqual(all.rows.slice(0, 3));
    expect(j.truncated).toBe(true);
  });

  it('answers a misspelt column with HTTP 400, a Vietnamese message and the position, no engine internals', async () => {
    const r = await sql('SELECT unit_idd FROM reports');
    expect(r.status).toBe(400);
    const e = (await r.json()).error;
    expect(e.code).toBe('unknown_column');
    expect(e.message_vi).toMatch(/Không có cột "unit_idd".*dòng 1, cột 8/);
    expect(e.message_vi).toMatch(/unit_id/); // the suggestion
    expect(e.message_en).toMatch(/No column "unit_idd".*line 1, column 8/);
    expect(JSON.stringify(e)).not.toMatch(/Binder Error|LINE 1|\^/);
  });

  it('answers other engine errors with codes and without internals', async () => {
    const r = await sql("SELECT CAST('abc' AS INTEGER) AS n FROM units");
    expect(r.status).toBe(400);
    const e = (await r.json()).error;
    expect(e.code).toBe('bad_value');
    expect(JSON.stringify(e)).not.toMatch(/Conversion Error/);
  });
});
