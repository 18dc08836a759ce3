/**
 * The query API (the same Hono app the local server and the Lambda run): routes, the stable
 * error shape, ad-hoc SQL guardrails, estimates, notebooks, provenance and rate limiting.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../functions/api/app.ts';
import { tokenBucket } from '../../functions/api/rate-limit.ts';
import { DuckDbEngine } from '../../functions/adapters/engine/duckdb.ts';
import { createFooterEstimator } from '../../functions/adapters/parquet/footer.ts';
import { ingestFiles } from '../../functions/ingest/ingest-files.ts';
import { file, goodReport, tempWarehouse } from '../helpers/warehouse.ts';
import type { Hono } from 'hono';
import { sharedViews } from '../../functions/queries/views.ts';
import { rawContentKey } from '../../functions/core/warehouse-contract/layout.ts';

const wh = tempWarehouse();
let engine: DuckDbEngine;
let app: Hono;
let sha: string;

const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
  app.request(path, { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json', ...headers } });

beforeAll(async () => {
  const s = await ingestFiles(
    [
      file('a.json', goodReport({ source: { synthetic: true } })),
      file('b.json', goodReport({ unit_id: 'd-941', period: '2024-03' })),
      file('c.json', goodReport({ period: '2023-03', submitted_at: '2023-04-05T08:00:00+07:00' })),
    ],
    { storage: wh.storage },
  );
  sha = s.outcomes[0].sha256;
  engine = await DuckDbEngine.open(wh.dir, { views: sharedViews() });
  app = createApp({ engine, storage: wh.storage, estimator: createFooterEstimator(wh.storage), log: () => {}, maxRows: 50 });
});
afterAll(async () => {
  await engine.close();
  wh.cleanup();
});

describe('query API', () => {
  it('serves the catalog, units, calendar and the list of analyses', async () => {
    const cat = await (await app.request('/api/catalog')).json();
    expect(cat.indicators.length).toBeGreaterThanOrEqual(40);
    const search = await (await app.request('/api/catalog?q=ty%20le%20giai%20quyet%20to%20giac')).json();
    expect(search.indicators[0].code).toBe('crime_report_resolution_rate');
    const units = await (await app.request('/api/units?q=soc%20trang&level=province')).json();
    expect(units.units.map((u: { id: string }) => u.id)).toContain('p63-94');
    const cal = await (await app.request('/api/calendar')).json();
    expect(cal.statistical_year.start_month).toBe(12);
    const qs = await (await app.request('/api/queries')).json();
    expect(qs.queries.map((q: { name: string }) => q.name)).toEqual(expect.arrayContaining(['trend', 'ranking', 'attainment', 'completeness']));
  });

  it('runs a named analysis with an estimate', async () => {
    const r = await post('/api/query/ranking', { params: { indicator: 'crime_report_resolution_rate', period: '2024-Q2' } });
    expect(r.status).toBe(200);
    const j = await r.json();
    expect(j.rows[0]).toMatchObject({ unit_id: 'p63-94', value: expect.any(Number), previous_value: expect.any(Number) });
    expect(j.estimate.bytes).toBeGreaterThan(0);
    expect(j.estimate.usd).toBeCloseTo((10 * 2 ** 20 / 2 ** 40) * 5, 10);
    const est = await (await post('/api/query/ranking', { params: { indicator: 'key_cases', period: '2024-Q2' }, estimate_only: true })).json();
    expect(est.rows).toBeUndefined();
    expect(est.estimate.bytes).toBeGreaterThan(0);
  });

  it('answers bad parameters and unknown analyses with the stable error shape', async () => {
    const bad = await post('/api/query/trend', { params: { indicator: 'nope', from: 2024, to: 2024 } });
    expect(bad.status).toBe(422);
    expect((await bad.json()).error).toMatchObject({ code: 'bad_params', message_vi: expect.any(String), message_en: expect.stringMatching(/No indicator/) });
    const unknown = await post('/api/query/nope', {});
    expect(unknown.status).toBe(404);
    expect((await unknown.json()).error.code).toBe('unknown_query');
    const notJson = await app.request('/api/sql', { method: 'POST', body: '{', headers: { 'content-type': 'application/json' } });
    expect(notJson.status).toBe(400);
    expect((await app.request('/api/nothing-here')).status).toBe(404);
  });

  it('runs ad-hoc SQL with a row limit and says when it truncated', async () => {
    const r = await (await post('/api/sql', { sql: 'SELECT indicator, value FROM current_values ORDER BY indicator', max_rows: 2 })).json();
    expect(r.rows).toHaveLength(2);
    expect(r.truncated).toBe(true);
    const all = await (await post('/api/sql', { sql: 'SELECT count(*) AS n FROM current_values' })).json();
    expect(all.rows[0].n).toBe(9);
    expect(all.truncated).toBe(false);
  });

  it.each([
    'DROP TABLE units',
    'SELECT 1; SELECT 2',
    "SELECT * FROM read_parquet('/etc/passwd')",
    'SELECT * FROM information_schema.tables',
    'INSERT INTO units VALUES (1)',
  ])('refuses %s with a readable message', async (sql) => {
    const r = await post('/api/sql', { sql });
    expect(r.status).toBe(422);
    const e = (await r.json()).error;
    expect(e.message_vi.length).toBeGreaterThan(5);
    expect(e.message_en.length).toBeGreaterThan(5);
  });

  it('saves and reopens a notebook, refusing what is not one', async () => {
    const nb = { format: 'chitieu-notebook', version: 1, title: 'Thử', cells: [] };
    const put = await app.request('/api/notebooks/thu-1', { method: 'PUT', body: JSON.stringify(nb), headers: { 'content-type': 'application/json' } });
    expect(put.status).toBe(201);
    expect((await (await app.request('/api/notebooks/thu-1')).json()).notebook).toEqual(nb);
    expect((await app.request('/api/notebooks/x', { method: 'PUT', body: '{"a":1}', headers: { 'content-type': 'application/json' } })).status).toBe(422);
    expect((await app.request('/api/notebooks/..%2Fetc', { method: 'GET' })).status).toBe(400);
    expect((await app.request('/api/notebooks/missing')).status).toBe(404);
  });

  it('serves a report’s original file and says the data is synthetic', async () => {
    const r = await app.request(`/api/raw/${sha}`);
    expect(r.status).toBe(200);
    expect((await r.json()).unit_id).toBe('p63-94');
    expect((await app.request(`/api/raw/${'0'.repeat(64)}`)).status).toBe(404);
    expect((await app.request('/api/raw/zz')).status).toBe(400);
    expect(await (await app.request('/api/health')).json()).toMatchObject({ ok: true, engine: 'duckdb', synthetic: true });
  });

  it('limits the rate per client, trusting X-Forwarded-For only when told to', async () => {
    const limited = createApp({ engine, storage: wh.storage, log: () => {}, rateLimiter: tokenBucket(3, 0.001) });
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await limited.request('/api/calendar', { headers: { 'x-forwarded-for': `c${i}` } })).status);
    expect(statuses).toEqual([200, 200, 200, 429, 429]);
    const trusting = createApp({ engine, storage: wh.storage, log: () => {}, rateLimiter: tokenBucket(1, 0.001), trustForwardedFor: true });
    expect((await trusting.request('/api/calendar', { headers: { 'x-forwarded-for': 'a' } })).status).toBe(200);
    expect((await trusting.request('/api/calendar', { headers: { 'x-forwarded-for': 'b' } })).status).toBe(200);
    const r = await trusting.request('/api/calendar', { headers: { 'x-forwarded-for': 'a' } });
    expect(r.status).toBe(429);
    expect((await r.json()).error.code).toBe('rate_limited');
  });
});

describe('originals of a bulk run', () => {
  it('serves an original kept in its batch’s pack (found through the ledger): the same bytes and view', async () => {
    const packedWh = tempWarehouse();
    const texts = [
      JSON.stringify(goodReport({ period: '2024-05', submitted_at: '2024-06-05T08:00:00+07:00' }), null, 1),
      JSON.stringify(goodReport({ period: '2024-06', submitted_at: '2024-07-05T08:00:00+07:00' })),
    ];
    const bulk = await ingestFiles([file('d.json', texts[0]), file('e.json', texts[1])], { storage: packedWh.storage, packOriginals: true });
    const e = await DuckDbEngine.open(packedWh.dir, { views: sharedViews() });
    try {
      const a = createApp({ engine: e, storage: packedWh.storage, log: () => {} });
      for (const [i, o] of bulk.outcomes.entries()) {
        expect(await packedWh.storage.exists(rawContentKey(o.sha256, o.file))).toBe(false);
        const r = await a.request(`/api/raw/${o.sha256}`);
        expect(r.status).toBe(200);
        expect(r.headers.get('content-disposition')).toBe(`attachment; filename="${o.sha256}.json"`);
        expect(await r.text()).toBe(texts[i]);
        const view = await (await a.request(`/api/raw/${o.sha256}/view`)).json();
        expect(view).toMatchObject({ file: `${o.sha256}.json`, format: 'json', text: JSON.stringify(JSON.parse(texts[i]), null, 2) });
      }
      expect((await a.request(`/api/raw/${'1'.repeat(64)}`)).status).toBe(404);
    } finally {
      await e.close();
      packedWh.cleanup();
    }
  });
});
