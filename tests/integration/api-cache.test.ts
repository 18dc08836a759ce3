/**
 * The query API's cache of serialized answers (functions/api/response-cache.ts): a cached answer
 * is byte for byte what the API sent before the cache existed (c.json of the same object, with
 * the statistics of a cached answer), a new engine snapshot (the warehouse changed) is never
 * answered from the old one, engines without a snapshot (Athena) are never cached, and errors
 * keep their shape.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Hono } from 'hono';
import { CACHED_ANSWER_TOKENS, createApp } from '../../functions/api/app.ts';
import { tokenBucket } from '../../functions/api/rate-limit.ts';
import { DuckDbEngine } from '../../functions/adapters/engine/duckdb.ts';
import type { Engine, QueryOptions, QueryResult } from '../../functions/adapters/engine/engine.ts';
import { createFooterEstimator } from '../../functions/adapters/parquet/footer.ts';
import { ingestFiles } from '../../functions/ingest/ingest-files.ts';
import { namedQuery, prepareParams, querySql } from '../../functions/queries/registry.ts';
import { file, goodReport, tempWarehouse } from '../helpers/warehouse.ts';
import { sharedViews } from '../../functions/queries/views.ts';

const wh = tempWarehouse();
let engine: DuckDbEngine;

/** An engine that forwards to another one, which can be swapped (a reopened warehouse), and counts queries. */
function switchable(first: Engine) {
  let current = first;
  let queries = 0;
  const e: Engine & { use(x: Engine): void; readonly queries: number } = {
    name: 'duckdb',
    get snapshot() {
      return current.snapshot;
    },
    query(sql: string, o?: QueryOptions): Promise<QueryResult> {
      queries++;
      return current.query(sql, o);
    },
    close: async () => {},
    use(x: Engine) {
      current = x;
    },
    get queries() {
      return queries;
    },
  };
  return e;
}

const post = (app: Hono, path: string, body: unknown) =>
  app.request(path, { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });

const RANKING = { indicator: 'crime_report_resolution_rate', period: '2024-Q2' };

beforeAll(async () => {
  await ingestFiles(
    [
      file('a.json', goodReport({ source: { synthetic: true } })),
      file('b.json', goodReport({ unit_id: 'd-941', period: '2024-03' })),
      file('c.json', goodReport({ period: '2023-03', submitted_at: '2023-04-05T08:00:00+07:00' })),
    ],
    { storage: wh.storage },
  );
  engine = await DuckDbEngine.open(wh.dir, { views: sharedViews(), cache: false });
});
afterAll(async () => {
  await engine.close();
  wh.cleanup();
});

describe('query API answer cache', () => {
  it('sends a cached answer byte for byte as the uncached API did, without asking the engine again', async () => {
    const e = switchable(engine);
    const estimator = createFooterEstimator(wh.storage);
    const app = createApp({ engine: e, storage: wh.storage, estimator, log: () => {} });
    const first = await post(app, '/api/query/ranking', { params: RANKING });
    const second = await post(app, '/api/query/ranking', { params: RANKING });
    expect(e.queries).toBe(1);
    expect(first.headers.get('content-type')).toBe('application/json');
    expect(second.headers.get('content-type')).toBe('application/json');

    // What the API sent before answers were cached: c.json({ query, params, ...result, estimate }).
    const q = namedQuery('ranking')!;
    const params = prepareParams(q, RANKING);
    const result = await engine.query(querySql('ranking'), { params });
    const estimate = await estimator(querySql('ranking'), params);
    const firstText = await first.text();
    const fresh = JSON.parse(firstText) as { stats: { executionMs: number } };
    const expected = (stats: unknown) => JSON.stringify({ query: 'ranking', params, ...result, stats, estimate });
    expect(firstText).toBe(expected(fresh.stats));
    expect(fresh.stats.executionMs).toBeGreaterThan(0);
    expect(await second.text()).toBe(expected({ engine: 'duckdb', executionMs: 0, cached: true }));
    expect(result.rows.length).toBeGreaterThan(0);
  });

  it('answers a new snapshot (the warehouse changed) from the new data, never from the old', async () => {
    const dir = tempWarehouse();
    try {
      await ingestFiles([file('a.json', goodReport())], { storage: dir.storage });
      const before = await DuckDbEngine.open(dir.dir, { views: sharedViews() });
      const e = switchable(before);
      const app = createApp({ engine: e, storage: dir.storage, log: () => {} });
      const units = async () => ((await (await post(app, '/api/query/ranking', { params: RANKING })).json()) as { rows: { unit_id: string }[] }).rows.map((r) => r.unit_id).sort();
      expect(await units()).toEqual(['p63-94']);
      expect(await units()).toEqual(['p63-94']);
      expect(e.queries).toBe(1);
      // Another province's report arrives; the warehouse database is rebuilt under a new fingerprint.
      await ingestFiles([file('b.json', goodReport({ unit_id: 'p63-92' }))], { storage: dir.storage });
      const after = await DuckDbEngine.open(dir.dir, { views: sharedViews() });
      expect(after.snapshot).not.toBe(before.snapshot);
      e.use(after);
      expect(await units()).toEqual(['p63-92', 'p63-94']);
      expect(e.queries).toBe(2);
      await before.close();
      await after.close();
    } finally {
      dir.cleanup();
    }
  });

  it('never caches answers of an engine without a snapshot (Athena)', async () => {
    let queries = 0;
    const athenaLike: Engine = {
      name: 'athena',
      query: async () => ({ columns: [{ name: 'n', type: 'integer' }], rows: [{ n: ++queries }], stats: { engine: 'athena', bytesScanned: 10 } }),
      close: async () => {},
    };
    const app = createApp({ engine: athenaLike, storage: wh.storage, log: () => {} });
    const a = await (await post(app, '/api/query/ranking', { params: RANKING })).json();
    const b = await (await post(app, '/api/query/ranking', { params: RANKING })).json();
    expect([a.rows[0].n, b.rows[0].n]).toEqual([1, 2]);
    expect(b.stats).toEqual({ engine: 'athena', bytesScanned: 10 });
    const s = await (await post(app, '/api/sql', { sql: 'SELECT 1 AS n' })).json();
    expect(s).toEqual({ columns: [{ name: 'n', type: 'integer' }], rows: [{ n: 3 }], stats: { engine: 'athena', bytesScanned: 10 }, truncated: false });
  });

  it('caches ad-hoc SQL per row limit, byte for byte, and says when it truncated', async () => {
    const e = switchable(engine);
    const app = createApp({ engine: e, storage: wh.storage, log: () => {}, maxRows: 50 });
    const sql = 'SELECT indicator, value FROM current_values ORDER BY indicator, value';
    const two = [await post(app, '/api/sql', { sql, max_rows: 2 }), await post(app, '/api/sql', { sql, max_rows: 2 })];
    const all = [await post(app, '/api/sql', { sql }), await post(app, '/api/sql', { sql })];
    expect(e.queries).toBe(2);
    const [t1, t2] = [JSON.parse(await two[0].text()), await two[1].text()];
    expect(t1.rows).toHaveLength(2);
    expect(t1.truncated).toBe(true);
    expect(t2).toBe(JSON.stringify({ ...t1, stats: { engine: 'duckdb', executionMs: 0, cached: true } }));
    const [a1, a2] = [JSON.parse(await all[0].text()), JSON.parse(await all[1].text())];
    expect(a1.rows).toHaveLength(9);
    expect(a1.truncated).toBe(false);
    expect(a2).toEqual({ ...a1, stats: { engine: 'duckdb', executionMs: 0, cached: true } });
  });

  it('keeps errors in their JSON shape and does not cache them', async () => {
    const e = switchable(engine);
    const app = createApp({ engine: e, storage: wh.storage, log: () => {} });
    for (let i = 0; i < 2; i++) {
      const bad = await post(app, '/api/query/trend', { params: { indicator: 'nope', from: 2024, to: 2024 } });
      expect(bad.status).toBe(422);
      expect(await bad.json()).toEqual({ error: { code: 'bad_params', message_vi: expect.any(String), message_en: expect.stringMatching(/No indicator/) } });
    }
    const failing: Engine = { name: 'duckdb', snapshot: 's1', query: async () => { throw new Error('boom'); }, close: async () => {} };
    const app2 = createApp({ engine: failing, storage: wh.storage, log: () => {} });
    for (let i = 0; i < 2; i++) {
      const r = await post(app2, '/api/query/ranking', { params: RANKING });
      expect(r.status).toBe(500);
      const error = (await r.json()).error;
      // The engine's words stay in the log: the answer names an incident, not the internals.
      expect(error).toMatchObject({ code: 'query_failed', message_en: expect.stringMatching(/incident [0-9a-f]{8}/) });
      expect(JSON.stringify(error)).not.toMatch(/boom/);
    }
  });

  it('charges a cached answer a tenth of a token: engine work stays limited, and so does a flood of cheap requests', async () => {
    const e = switchable(engine);
    const app = createApp({ engine: e, storage: wh.storage, log: () => {}, rateLimiter: tokenBucket(3, 0.001) });
    const statuses: number[] = [];
    for (let i = 0; i < 40; i++) statuses.push((await post(app, '/api/query/ranking', { params: RANKING })).status);
    // 3 tokens: the first answer runs the query (1 token); each next one needs a whole token in
    // the bucket to start and costs 0.1, so about ten more pass before the bucket is below one.
    const ok = statuses.filter((s) => s === 200).length;
    expect(ok).toBeGreaterThanOrEqual(1 + Math.floor(1 / CACHED_ANSWER_TOKENS));
    expect(ok).toBeLessThanOrEqual(2 + Math.ceil(1 / CACHED_ANSWER_TOKENS));
    expect(statuses.slice(ok).every((s) => s === 429)).toBe(true);
    expect(e.queries).toBe(1);
    // Distinct analyses each run the engine: a whole token each.
    const fresh = createApp({ engine: e, storage: wh.storage, log: () => {}, rateLimiter: tokenBucket(3, 0.001) });
    const periods = ['2024-Q1', '2024-Q2', '2024-Q3', '2024-Q4'];
    const s2: number[] = [];
    for (const period of periods) s2.push((await post(fresh, '/api/query/ranking', { params: { ...RANKING, period } })).status);
    expect(s2).toEqual([200, 200, 200, 429]);
    // An engine without a snapshot (Athena) is never cached, so every answer takes a whole token.
    const athenaLike: Engine = { name: 'athena', query: async () => ({ columns: [], rows: [], stats: { engine: 'athena' } }), close: async () => {} };
    const athenaApp = createApp({ engine: athenaLike, storage: wh.storage, log: () => {}, rateLimiter: tokenBucket(3, 0.001) });
    const s3: number[] = [];
    for (let i = 0; i < 4; i++) s3.push((await post(athenaApp, '/api/query/ranking', { params: RANKING })).status);
    expect(s3).toEqual([200, 200, 200, 429]);
  });
});
