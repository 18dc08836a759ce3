/**
 * Provenance on the analyses' rows (extracted, reviewed, reconciled) and include_unreviewed: an
 * extracted figure no analyst has reviewed is left out of ranks and verdicts by default, counted
 * when asked for, and counts once an analyst has reviewed it (a review document ingested as the
 * report's next revision, through the API as an analyst does it). Figures come from the inputs:
 * the article says 38 appeal protests for Quảng Trị in 2025; Cần Thơ's own annual report says 20.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Hono } from 'hono';
import { createApp } from '../../functions/api/app.ts';
import { LiveDuckDbEngine } from '../../functions/adapters/engine/duckdb-live.ts';
import { ingestFiles } from '../../functions/ingest/ingest-files.ts';
import { analysisSql, namedQuery, prepareParams } from '../../functions/queries/registry.ts';
import { sharedViews } from '../../functions/queries/views.ts';
import { file, tempWarehouse } from '../helpers/warehouse.ts';

type Row = Record<string, unknown>;
const wh = tempWarehouse('chitieu-provenance-');
let engine: LiveDuckDbEngine;
let app: Hono;

const article = readFileSync(new URL('../fixtures/narrative/104-quang-tri-nam-2025.txt', import.meta.url));
const canThoYear = {
  schema_version: 1, unit_id: 'p34-92', scope: 'unit', period: '2025-Y', submitted_at: '2025-12-10T08:00:00+07:00', revision: 1,
  values: [
    { indicator: 'appeal_protests', value: 20 },
    { indicator: 'crime_report_resolution_rate', value: 95, numerator: 950, denominator: 1000 },
  ],
};

async function run(name: string, raw: Record<string, unknown>): Promise<Row[]> {
  const params = prepareParams(namedQuery(name)!, raw);
  return (await engine.query(analysisSql(name, params, engine.name), { params })).rows;
}
const pick = (rows: Row[], unit: string) => rows.find((r) => r.unit_id === unit);

beforeAll(async () => {
  const s = await ingestFiles([file('104-quang-tri-nam-2025.txt', article), file('p34-92-2025-Y.json', canThoYear)], { storage: wh.storage });
  expect(s.accepted).toBe(2);
  engine = await LiveDuckDbEngine.open(wh.dir, { views: sharedViews() });
  app = createApp({ engine, storage: wh.storage, log: () => {}, onWarehouseChanged: () => engine.refresh(true, true) });
  const claims = { requestContext: { authorizer: { jwt: { claims: { email: 'an@vks.gov.vn', sub: 'abc' } } } } };
  const fetch = app.fetch.bind(app);
  app.request = ((input: string, init?: RequestInit) => fetch(new Request(`http://localhost${input}`, init), claims)) as Hono['request'];
}, 120_000);
afterAll(async () => {
  await engine?.close();
  wh.cleanup();
});

describe('provenance and include_unreviewed', () => {
  it('before review: ranking leaves the unreviewed extracted figure out by default, ranks it marked when asked', async () => {
    const byDefault = await run('ranking', { indicator: 'appeal_protests', period: '2025-Y' });
    expect(byDefault.map((r) => [r.unit_id, r.value, r.rank])).toEqual([['p34-92', 20, 1]]);
    expect(pick(byDefault, 'p34-92')).toMatchObject({ extracted: false, reviewed: null });
    const all = await run('ranking', { indicator: 'appeal_protests', period: '2025-Y', include_unreviewed: 'true' });
    expect(all.map((r) => [r.unit_id, r.value, r.rank])).toEqual([['p34-44', 38, 1], ['p34-92', 20, 2]]);
    expect(pick(all, 'p34-44')).toMatchObject({ extracted: true, reviewed: false, reconciled: null });
  });

  it('before review: attainment gives no verdict on it by default; trend and provinces_all show it, marked', async () => {
    const verdicts = await run('attainment', { period: '2025-Y' });
    const qt = verdicts.filter((r) => r.unit_id === 'p34-44');
    expect(qt.length).toBeGreaterThan(0);
    for (const r of qt) expect(r).toMatchObject({ met: null, extracted: true, reviewed: false });
    const ct = verdicts.find((r) => r.unit_id === 'p34-92' && r.indicator === 'crime_report_resolution_rate');
    expect(typeof ct?.met).toBe('boolean');
    const asked = await run('attainment', { period: '2025-Y', include_unreviewed: 'true' });
    const rate = asked.find((r) => r.unit_id === 'p34-44' && r.indicator === 'crime_report_resolution_rate')!;
    expect(rate.value).toBe(92.6);
    expect(typeof rate.met).toBe('boolean');
    const trend = await run('trend', { indicator: 'appeal_protests', units: 'p34-44', from: 2025, to: 2025, period_type: 'year' });
    expect(trend).toHaveLength(1);
    expect(trend[0]).toMatchObject({ value: 38, extracted: true, reviewed: false });
    const all = await run('provinces_all', { period_type: 'year', from: 2025, to: 2025 });
    expect(all.find((r) => r.unit_id === 'p34-44' && r.indicator === 'appeal_protests')).toMatchObject({ value: 38, extracted: true, reviewed: false });
  });

  it('after an analyst reviews the report, the figure counts by default, marked reviewed', async () => {
    const queue = (await (await app.request('/api/review')).json()) as { reports: { report_id: string; unit_id: string; figures: { indicator: string }[] }[] };
    const qt = queue.reports.find((r) => r.unit_id === 'p34-44')!;
    const r = await app.request(`/api/review/${qt.report_id}`, {
      method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ decisions: qt.figures.map((f) => ({ indicator: f.indicator, action: 'accept' })) }),
    });
    expect(r.status).toBe(200);
    const ranked = await run('ranking', { indicator: 'appeal_protests', period: '2025-Y' });
    expect(ranked.map((x) => [x.unit_id, x.value, x.rank])).toEqual([['p34-44', 38, 1], ['p34-92', 20, 2]]);
    expect(pick(ranked, 'p34-44')).toMatchObject({ extracted: true, reviewed: true });
    const verdict = (await run('attainment', { period: '2025-Y' })).find((x) => x.unit_id === 'p34-44' && x.indicator === 'crime_report_resolution_rate')!;
    expect(typeof verdict.met).toBe('boolean');
  });
});
