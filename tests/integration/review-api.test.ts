/**
 * The review queue through the API (issue 13): two articles are ingested; an analyst accepts,
 * corrects and rejects their figures; the reviewed revision goes through the ordinary ingest and
 * the engine then shows the corrected values, not the rejected ones, while the extracted
 * original stays in all_values. Expected values come from the decisions, not from the views.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Hono } from 'hono';
import { createApp } from '../../functions/api/app.ts';
import { LiveDuckDbEngine } from '../../functions/adapters/engine/duckdb-live.ts';
import { ingestFiles } from '../../functions/ingest/ingest-files.ts';
import { ingestFile } from '../../functions/ingest/ingest-file.ts';
import { file, tempWarehouse } from '../helpers/warehouse.ts';
import { sharedViews } from '../../functions/queries/views.ts';

const wh = tempWarehouse();
let engine: LiveDuckDbEngine;
let app: Hono;
let reviewer: string | undefined = 'an@vks.gov.vn';
const fixture = (name: string) => readFileSync(new URL(`../fixtures/narrative/${name}`, import.meta.url));

const post = (path: string, body: unknown) =>
  app.request(path, { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });
const sql = async (text: string, params: Record<string, unknown> = {}) => (await engine.query(text, { params })).rows;

interface Listed {
  report_id: string; unit_id: string; period: string; source_sha256: string;
  figures: { indicator: string; value: number; span_start: number; span_end: number; confidence: number; change: { direction: string; value: number; unit: string } | null }[];
}
let queue: Listed[];
const reportOf = (unit: string) => queue.find((r) => r.unit_id === unit)!;

beforeAll(async () => {
  const s = await ingestFiles([
    file('104-quang-tri-nam-2025.txt', fixture('104-quang-tri-nam-2025.txt')),
    file('105-tp-hcm-9-thang-2024.txt', fixture('105-tp-hcm-9-thang-2024.txt')),
  ], { storage: wh.storage });
  expect(s.accepted).toBe(2);
  engine = await LiveDuckDbEngine.open(wh.dir, { views: sharedViews() });
  app = createApp({ engine, storage: wh.storage, log: () => {}, onWarehouseChanged: () => engine.refresh(true, true) });
  // The review routes take the analyst from the JWT claims, as the Lambda receives them.
  const claims = () => (reviewer ? { requestContext: { authorizer: { jwt: { claims: { email: reviewer, sub: 'abc' } } } } } : { requestContext: {} });
  const fetchWithClaims = app.fetch.bind(app);
  app.request = ((input: string, init?: RequestInit) => fetchWithClaims(new Request(`http://localhost${input}`, init), claims())) as Hono['request'];
});
afterAll(async () => {
  await engine.close();
  wh.cleanup();
});

describe('review queue API', () => {
  it('lists the extracted figures waiting for review, with their source and change', async () => {
    const r = await app.request('/api/review');
    expect(r.status).toBe(200);
    queue = (await r.json()).reports;
    expect(queue.map((q) => `${q.unit_id} ${q.period}`).sort()).toEqual(['p34-44 2025-Y', 'p63-79 2024-9M']);
    const qt = reportOf('p34-44');
    expect(qt.figures.map((f) => f.indicator)).toEqual(expect.arrayContaining(['appeal_protests', 'crime_report_resolution_rate', 'prosecution_correct_offence_rate']));
    const rate = qt.figures.find((f) => f.indicator === 'crime_report_resolution_rate')!;
    expect(rate.change).toEqual({ direction: 'up', value: 1.8, unit: 'percentage_point' });
    // The span points at the figure in the article the explorer shows.
    const view = await (await app.request(`/api/raw/${qt.source_sha256}/view`)).json();
    const appeal = qt.figures.find((f) => f.indicator === 'appeal_protests')!;
    expect(view.text.slice(appeal.span_start, appeal.span_end)).toContain('38');
    expect(appeal.confidence).toBeGreaterThan(0);
  });

  it('refuses a review without a signed-in analyst, or with a figure left undecided', async () => {
    const qt = reportOf('p34-44');
    reviewer = undefined;
    const prev = process.env.AWS_LAMBDA_FUNCTION_NAME;
    process.env.AWS_LAMBDA_FUNCTION_NAME = 'api';
    try {
      expect((await post(`/api/review/${qt.report_id}`, { decisions: [{ indicator: 'appeal_protests', action: 'accept' }] })).status).toBe(401);
    } finally {
      if (prev === undefined) delete process.env.AWS_LAMBDA_FUNCTION_NAME;
      else process.env.AWS_LAMBDA_FUNCTION_NAME = prev;
      reviewer = 'an@vks.gov.vn';
    }
    const r = await post(`/api/review/${qt.report_id}`, { decisions: [{ indicator: 'appeal_protests', action: 'accept' }] });
    expect(r.status).toBe(422);
    expect((await r.json()).error.problems[0].code).toBe('review_incomplete');
  });

  it('accepts, corrects and rejects: the analyses show the reviewed values, the original stays in history', async () => {
    const qt = reportOf('p34-44');
    const decisions = qt.figures.map((f) =>
      f.indicator === 'appeal_protests' ? { indicator: f.indicator, action: 'correct', value: 40 }
        : f.indicator === 'crime_report_resolution_rate' ? { indicator: f.indicator, action: 'correct', change: { direction: 'up', value: 2.1, unit: 'percentage_point' } }
          : f.indicator === 'prosecution_correct_offence_rate' ? { indicator: f.indicator, action: 'reject' }
            : { indicator: f.indicator, action: 'accept' });
    const r = await post(`/api/review/${qt.report_id}`, { decisions });
    expect(r.status).toBe(200);
    const { review, record_key } = await r.json();
    expect(review).toMatchObject({ reviewer: 'an@vks.gov.vn', report_id: qt.report_id, to: { unit_id: 'p34-44', period: '2025-Y', revision: 2 } });
    expect(JSON.parse(new TextDecoder().decode(await wh.storage.get(record_key)))).toMatchObject({ reviewer: 'an@vks.gov.vn' });

    const current = await sql(`SELECT indicator, value, note, revision, source_kind FROM current_values WHERE unit_id = 'p34-44' AND period = '2025-Y' ORDER BY indicator`);
    const byCode = new Map(current.map((v) => [v.indicator as string, v]));
    expect(byCode.get('appeal_protests')).toMatchObject({ value: 40, revision: 2, source_kind: 'extracted' });
    expect(byCode.has('prosecution_correct_offence_rate')).toBe(false);
    expect(current.length).toBe(qt.figures.length - 1);
    expect(String(byCode.get('crime_report_resolution_rate')!.note)).toMatch(/^\[duyệt: đã sửa · an@vks\.gov\.vn · .*tăng 2,1 điểm phần trăm so với cùng kỳ$/);
    expect(String(byCode.get('appeal_protests_accepted')!.note)).toMatch(/^\[duyệt: chấp nhận · an@vks\.gov\.vn/);
    // The extracted original is still there, revision 1, with the value as read.
    const original = await sql(`SELECT indicator, value FROM all_values WHERE unit_id = 'p34-44' AND period = '2025-Y' AND revision = 1 ORDER BY indicator`);
    expect(original.length).toBe(qt.figures.length);
    expect(original.find((v) => v.indicator === 'appeal_protests')!.value).toBe(38);
    // A named analysis sees the corrected value.
    const ranking = await (await post('/api/query/ranking', { params: { indicator: 'appeal_protests', period: '2025-Y' } })).json();
    expect(ranking.rows.find((x: { unit_id: string }) => x.unit_id === 'p34-44')).toMatchObject({ value: 40 });
    // The report has left the queue; reviewing the superseded revision again is refused.
    const left = (await (await app.request('/api/review')).json()).reports as Listed[];
    expect(left.map((q) => q.unit_id)).toEqual(['p63-79']);
    expect((await post(`/api/review/${qt.report_id}`, { decisions })).status).toBe(409);
  });

  it('rejecting every figure of a report leaves no current value of it', async () => {
    const hcm = reportOf('p63-79');
    const r = await post(`/api/review/${hcm.report_id}`, { decisions: hcm.figures.map((f) => ({ indicator: f.indicator, action: 'reject' })) });
    expect(r.status).toBe(200);
    expect(await sql(`SELECT * FROM current_values WHERE unit_id = 'p63-79' AND period = '2024-9M'`)).toEqual([]);
    expect((await sql(`SELECT count(*) AS n FROM all_values WHERE unit_id = 'p63-79' AND period = '2024-9M'`))[0].n).toBe(hcm.figures.length);
    expect((await (await app.request('/api/review')).json()).reports).toEqual([]);
  });

  it('moves the figures of a report read as the wrong period to the right one', async () => {
    await ingestFile({ storage: wh.storage }, { name: '103-khu-vuc-3-can-tho-thang-8-2025.txt', bytes: fixture('103-khu-vuc-3-can-tho-thang-8-2025.txt') });
    await engine.refresh(true, true);
    const kv = ((await (await app.request('/api/review')).json()).reports as Listed[])[0];
    expect(kv).toMatchObject({ unit_id: 'kv-92-3', period: '2025-08' });
    const r = await post(`/api/review/${kv.report_id}`, { period: '2025-09', decisions: kv.figures.map((f) => ({ indicator: f.indicator, action: 'accept' })) });
    expect(r.status).toBe(200);
    expect((await r.json()).review.to).toMatchObject({ unit_id: 'kv-92-3', period: '2025-09', revision: 1 });
    const rows = await sql(`SELECT period, indicator, value FROM current_values WHERE unit_id = 'kv-92-3' ORDER BY indicator`);
    expect(new Set(rows.map((x) => x.period))).toEqual(new Set(['2025-09']));
    expect(rows.map((x) => [x.indicator, x.value])).toEqual(kv.figures.map((f) => [f.indicator, f.value]).sort((a, b) => String(a[0]).localeCompare(String(b[0]))));
    expect((await sql(`SELECT count(*) AS n FROM all_values WHERE unit_id = 'kv-92-3' AND period = '2025-08'`))[0].n).toBe(kv.figures.length);
  });

  it('in AWS mode puts the review document in the inbox, which the ingest then stores as the next revision', async () => {
    await ingestFile({ storage: wh.storage }, { name: '101-quang-ngai-thang-10-2024.txt', bytes: fixture('101-quang-ngai-thang-10-2024.txt') });
    await engine.refresh(true, true);
    const aws = createApp({ engine, storage: wh.storage, log: () => {}, reviewDelivery: 'inbox' });
    const env = { requestContext: { authorizer: { jwt: { claims: { email: 'binh@vks.gov.vn', sub: 'b' } } } } };
    const qn = ((await (await aws.fetch(new Request('http://localhost/api/review'), env)).json()).reports as Listed[])[0];
    expect(qn.unit_id).toBe('p63-51');
    const decisions = qn.figures.map((f) => (f.indicator === 'crime_reports_received' ? { indicator: f.indicator, action: 'reject' } : { indicator: f.indicator, action: 'accept' }));
    const r = await aws.fetch(new Request(`http://localhost/api/review/${qn.report_id}`, { method: 'POST', body: JSON.stringify({ decisions }), headers: { 'content-type': 'application/json' } }), env);
    expect(r.status).toBe(202);
    const { review } = await r.json();
    expect(review).toMatchObject({ stored: false, reviewer: 'binh@vks.gov.vn' });
    const inbox: string[] = [];
    for await (const o of wh.storage.list('raw/inbox/')) inbox.push(o.key);
    expect(inbox).toHaveLength(1);
    // What the ingest Lambda does with an upload under raw/inbox/.
    const out = await ingestFile({ storage: wh.storage }, { name: inbox[0].split('/').pop()!, bytes: (await wh.storage.get(inbox[0]))! });
    expect(out.status).toBe('accepted');
    await engine.refresh(true, true);
    const current = await sql(`SELECT indicator, revision, source_kind FROM current_values WHERE unit_id = 'p63-51' AND period = '2024-10'`);
    expect(current.map((x) => x.indicator)).not.toContain('crime_reports_received');
    expect(current.length).toBe(qn.figures.length - 1);
    expect(current.every((x) => x.revision === 2 && x.source_kind === 'extracted')).toBe(true);
  });
});
