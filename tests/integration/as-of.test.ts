/**
 * `as_of` on every named analysis (core/as-of/compose.ts): the answer from the report revisions
 * the warehouse knew at a moment (ledger ingested_at), current and history alike.
 * (a) On the generated small warehouse, as of the last ingest (and any later moment), every
 *     analysis answers exactly as without as_of.
 * (b) A warehouse that received reports, then revisions and a new report, and was then compacted
 *     (the old revisions moved to history): as of a moment between the two deliveries, the
 *     figures are the first delivery's, computed here from the input reports themselves.
 */
import { createHash } from 'node:crypto';
import { sharedViews } from '../../functions/queries/views.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DuckDbEngine } from '../../functions/adapters/engine/duckdb.ts';
import { createApp } from '../../functions/api/app.ts';
import { createFooterEstimator } from '../../functions/adapters/parquet/footer.ts';
import { ingestFiles } from '../../functions/ingest/ingest-files.ts';
import { compactWarehouse } from '../../functions/compact/compact.ts';
import { NAMED_QUERIES, ParamError, analysisSql, namedQuery, prepareParams } from '../../functions/queries/registry.ts';
import { generatedWarehouse, type GeneratedWarehouse } from '../helpers/generated.ts';
import { file, filesUnder, tempWarehouse } from '../helpers/warehouse.ts';

type Row = Record<string, unknown>;

async function run(e: DuckDbEngine, name: string, raw: Record<string, unknown>): Promise<Row[]> {
  const params = prepareParams(namedQuery(name)!, raw);
  return (await e.query(analysisSql(name, params, e.name), { params })).rows;
}

const RATE = 'crime_report_resolution_rate';
const FLOW = 'crime_reports_received';

/** Parameters for every analysis on the small dataset (statistical years 2024–2025). */
const SMALL_PARAMS: Record<string, Record<string, unknown>> = {
  trend: { indicator: RATE, units: 'provinces', from: 2024, to: 2025, period_type: 'quarter' },
  ranking: { indicator: RATE, period: '2025-H1' },
  attainment: { period: '2024-Y', geography: 'as_2025' },
  completeness: { period_type: 'quarter', from: 2024, to: 2025 },
  drilldown: { province: 'p63-94', indicator: FLOW, period: '2024-Y' },
  national: { indicator: RATE, from: 2024, to: 2025, period_type: 'half' },
  outliers: { indicator: FLOW, period: '2025-Q1', show: 'all' },
  provinces_all: { from: 2024, to: 2025, period_type: 'half', geography: 'as_2025' },
  reconciliation: { from: 2024, to: 2025, indicator: FLOW, show: 'all' },
  yoy: { indicator: FLOW, period: '2025-Q2', units: 'p63-94,d-941' },
  timeliness: { period_type: 'month', from: 2024, to: 2025 },
};

describe('as_of after the last ingest answers as without it (generated small warehouse)', () => {
  let gen: GeneratedWarehouse;
  let last: string;
  beforeAll(async () => {
    gen = await generatedWarehouse('small', 11);
    const r = await gen.engine.query("SELECT strftime(max(ingested_at), '%Y-%m-%dT%H:%M:%S.%g') || 'Z' AS t FROM reports");
    last = String(r.rows[0]!.t);
  }, 180_000);
  afterAll(async () => gen?.cleanup());

  it('has parameters here for every analysis', () => {
    expect(Object.keys(SMALL_PARAMS).sort()).toEqual(NAMED_QUERIES.map((q) => q.name).filter((n) => n !== 'changes').sort());
  });

  // array_agg(DISTINCT …) has no order (completeness.missing_units): compared as sets
  const normalized = (rows: Row[]) => rows.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, Array.isArray(v) ? [...v].sort() : v])));

  it.each(Object.keys(SMALL_PARAMS))('%s', async (name) => {
    const now = normalized(await run(gen.engine, name, SMALL_PARAMS[name]!));
    expect(now.length, 'the analysis has an answer to compare').toBeGreaterThan(0);
    for (const asOf of [last, '2099-12-31']) {
      const then = normalized(await run(gen.engine, name, { ...SMALL_PARAMS[name], as_of: asOf }));
      expect(then, `${name} as of ${asOf}`).toEqual(now);
    }
  }, 60_000);
});

// ---- (b) revisions and compaction ----

interface Delivery {
  at: string;
  reports: Record<string, unknown>[];
}

function report(unit: string, period: string, revision: number, received: number, num: number, den: number, submitted: string, without?: string) {
  return {
    schema_version: 1, unit_id: unit, scope: 'unit', period, revision, submitted_at: submitted,
    values: [
      { indicator: RATE, value: Math.round((10000 * num) / den) / 100, numerator: num, denominator: den },
      { indicator: FLOW, value: received },
    ].filter((v) => v.indicator !== without),
  };
}

/**
 * What was sent: a first delivery on 5 Nov 2025 08:00 (Vietnam); revisions and a late report on
 * 20 Nov. Per report: unit, period, revision, received, resolved, to resolve, submitted, and a
 * figure the revision leaves out.
 */
const SENT: Record<string, [string, string, number, number, number, number, string, string?][]> = {
  '2025-11-05T01:00:00.000Z': [
    ['p63-94', '2024-01', 1, 100, 40, 50, '2024-02-05T08:00:00+07:00'],
    ['p63-94', '2024-02', 1, 110, 45, 60, '2024-03-05T08:00:00+07:00'],
    ['d-941', '2024-01', 1, 30, 9, 10, '2024-02-05T08:00:00+07:00'],
    ['d-941', '2024-02', 1, 35, 8, 10, '2024-03-05T08:00:00+07:00'],
  ],
  '2025-11-20T01:00:00.000Z': [
    ['p63-94', '2024-02', 2, 125, 55, 60, '2024-03-25T08:00:00+07:00'],
    ['d-941', '2024-01', 2, 33, 10, 10, '2024-02-25T08:00:00+07:00', RATE],
    ['d-942', '2024-02', 1, 20, 5, 20, '2024-03-06T08:00:00+07:00'],
  ],
};
const [FIRST, SECOND]: Delivery[] = Object.entries(SENT).map(([at, rows]) => ({ at, reports: rows.map((r) => report(...r)) }));

/** The province's monthly figures from the reports known at `asOf`: each unit's latest revision, summed. */
function expectedProvince(deliveries: Delivery[], asOf: string, period: string): { received: number; rate: number } | undefined {
  const latest = new Map<string, Record<string, unknown>>();
  for (const d of deliveries) {
    if (Date.parse(d.at) > Date.parse(asOf)) continue;
    for (const r of d.reports) {
      if (r.period !== period) continue;
      const prev = latest.get(String(r.unit_id));
      if (!prev || Number(r.revision) > Number(prev.revision)) latest.set(String(r.unit_id), r);
    }
  }
  if (latest.size === 0) return undefined;
  let received = 0, num = 0, den = 0;
  for (const r of latest.values()) {
    for (const v of r.values as { indicator: string; value: number; numerator?: number; denominator?: number }[]) {
      if (v.indicator === FLOW) received += v.value;
      if (v.indicator === RATE) {
        num += v.numerator!;
        den += v.denominator!;
      }
    }
  }
  return { received, rate: Math.round((10000 * num) / den) / 100 };
}

describe('as_of between two deliveries, after compaction moved the old revisions to history', () => {
  const wh = tempWarehouse('chitieu-asof-');
  let engine: DuckDbEngine;
  beforeAll(async () => {
    for (const d of [FIRST, SECOND]) {
      const s = await ingestFiles(d.reports.map((r, i) => file(`${d.at.slice(0, 10)}-${i}.json`, r)), { storage: wh.storage, now: () => new Date(d.at) });
      expect(s.rejected).toBe(0);
    }
    await compactWarehouse(wh.storage);
    expect(filesUnder(wh.dir, 'history').length, 'compaction moved superseded revisions to history').toBeGreaterThan(0);
    engine = await DuckDbEngine.open(wh.dir, { views: sharedViews() });
  }, 120_000);
  afterAll(async () => {
    await engine?.close();
    wh.cleanup();
  });

  const monthly = (indicator: string, asOf?: string) =>
    run(engine, 'trend', { indicator, units: 'p63-94', from: 2024, to: 2024, period_type: 'month', ...(asOf ? { as_of: asOf } : {}) });

  it.each([
    ['a date between the deliveries (end of 10 Nov, Vietnam time)', '2025-11-10'],
    ['the first delivery’s own moment (inclusive)', '2025-11-05T08:00:00+07:00'],
    ['a moment just before the second delivery', '2025-11-20T00:59:59.999Z'],
    ['a date after both', '2025-11-20'],
    ['now (no as_of)', undefined],
  ])('gives the figures known then: %s', async (_label, asOf) => {
    const moment = asOf === undefined ? '2100-01-01T00:00:00Z' : asOf === '2025-11-10' ? '2025-11-10T16:59:59.999Z' : asOf === '2025-11-20' ? '2025-11-20T16:59:59.999Z' : asOf;
    const all = [FIRST, SECOND];
    for (const [indicator, field] of [[FLOW, 'received'], [RATE, 'rate']] as const) {
      const rows = await monthly(indicator, asOf);
      const expected = ['2024-01', '2024-02']
        .map((p) => ({ period: p, e: expectedProvince(all, moment, p) }))
        .filter((x) => x.e !== undefined)
        .map((x) => ({ period: x.period, value: x.e![field] }));
      expect(rows.map((r) => ({ period: r.period, value: r.value })), `${indicator} as of ${asOf}`).toEqual(expected);
    }
  });

  it('between the deliveries differs from now (the revisions and the late report are not known yet)', async () => {
    const before = await monthly(FLOW, '2025-11-10');
    const now = await monthly(FLOW);
    expect(before.map((r) => r.value)).toEqual([130, 145]);
    expect(now.map((r) => r.value)).toEqual([133, 180]);
  });

  it('before the first delivery, nothing was known', async () => {
    expect(await monthly(FLOW, '2025-11-04')).toEqual([]);
    expect(await run(engine, 'completeness', { period_type: 'month', from: 2024, to: 2024, as_of: '2025-11-04' })).toEqual(
      (await run(engine, 'completeness', { period_type: 'month', from: 2024, to: 2024 })).map((r) => ({ ...r, received: 0, missing_count: r.expected, missing_units: expect.anything() })),
    );
  });

  it('the API takes as_of like any parameter (POST body or GET query string), with an estimate, and refuses a bad one in both languages', async () => {
    const app = createApp({ engine, storage: wh.storage, estimator: createFooterEstimator(wh.storage), log: () => {} });
    const params = { indicator: FLOW, units: 'p63-94', from: '2024', to: '2024', period_type: 'month', as_of: '2025-11-10' };
    const post = await app.request('/api/query/trend', { method: 'POST', body: JSON.stringify({ params }), headers: { 'content-type': 'application/json' } });
    expect(post.status).toBe(200);
    const body = (await post.json()) as { rows: Row[]; params: Row; estimate: { bytes: number; partitions: number } };
    expect(body.rows.map((r) => r.value)).toEqual([130, 145]);
    expect(body.params.as_of).toBe('2025-11-10 16:59:59.999');
    expect(body.estimate.bytes).toBeGreaterThan(0);
    const get = await app.request(`/api/query/trend?${new URLSearchParams(params)}`);
    expect(((await get.json()) as { rows: Row[] }).rows).toEqual(body.rows);
    const bad = await app.request(`/api/query/trend?${new URLSearchParams({ ...params, as_of: 'hôm qua' })}`);
    expect(bad.status).toBe(422);
    const err = (await bad.json()) as Record<string, string>;
    expect(JSON.stringify(err)).toMatch(/không hợp lệ/);
    expect(JSON.stringify(err)).toMatch(/Invalid moment/);
  });

  it('changes: the figures that differ between two moments, by which revision (computed here from the deliveries)', async () => {
    // independently: each unit's latest revision per period at each moment, figure by figure
    type Sent = { revision: number; file: string; sha: string; at: string; values: { indicator: string; value: number }[] };
    // each unit and period's latest report known at a moment, then its figures
    const latestReports = (asOf: string) => {
      const out = new Map<string, Sent>();
      for (const d of [FIRST, SECOND]) {
        if (Date.parse(d.at) > Date.parse(asOf)) continue;
        d.reports.forEach((r, i) => {
          const k = `${r.unit_id}|${r.period}`;
          const sent = { revision: Number(r.revision), file: `${d.at.slice(0, 10)}-${i}.json`, sha: createHash('sha256').update(JSON.stringify(r)).digest('hex'), at: d.at, values: r.values as Sent['values'] };
          if (!out.has(k) || sent.revision > out.get(k)!.revision) out.set(k, sent);
        });
      }
      return out;
    };
    const figures = (asOf: string) => {
      const out = new Map<string, Omit<Sent, 'values'> & { value: number }>();
      for (const [k, r] of latestReports(asOf)) for (const v of r.values) out.set(`${k}|${v.indicator}`, { ...r, value: v.value });
      return out;
    };
    const before = figures('2025-11-10T16:59:59.999Z');
    const after = figures('2100-01-01T00:00:00Z');
    const reportsNow = latestReports('2100-01-01T00:00:00Z');
    const row = (k: string, b: { value: number; revision: number } | undefined, a: { value: number | null } & Omit<Sent, 'values'>) => {
      const [unit_id, period, indicator] = k.split('|');
      return { unit_id, period, indicator, value_before: b?.value ?? null, value_after: a.value, revision_before: b?.revision ?? null, revision_after: a.revision, source_file_after: a.file, source_sha256_after: a.sha, ingested_at_after: a.at };
    };
    const expected = [
      ...[...after].filter(([k, a]) => before.get(k)?.value !== a.value).map(([k, a]) => row(k, before.get(k), a)),
      // a figure the report in force now left out
      ...[...before].filter(([k]) => !after.has(k)).map(([k, b]) => row(k, b, { ...reportsNow.get(k.split('|').slice(0, 2).join('|'))!, value: null })),
    ];
    const key = (r: Row) => `${r.unit_id}|${r.period}|${r.indicator}`;
    const rows = await run(engine, 'changes', { from: '2025-11-10' });
    const got = rows.map((r) => ({
      unit_id: r.unit_id, period: r.period, indicator: r.indicator, value_before: r.value_before, value_after: r.value_after,
      revision_before: r.revision_before, revision_after: r.revision_after, source_file_after: String(r.source_file_after).split('/').pop(),
      source_sha256_after: r.source_sha256_after, ingested_at_after: new Date(String(r.ingested_at_after)).toISOString(),
    }));
    expect(got.sort((a, b) => key(a).localeCompare(key(b)))).toEqual(expected.sort((a, b) => key(a).localeCompare(key(b))));
    // two revisions changed two figures (one of them dropped the rate), and a late report brought two
    expect(expected.length).toBe(6);
    expect(expected.filter((e) => e.value_after === null)).toHaveLength(1);
    for (const r of rows) expect(r.difference).toBe(r.value_before === null || r.value_after === null ? null : Math.round(((r.value_after as number) - (r.value_before as number)) * 1e9) / 1e9);
    // a filter, an empty window, and a window the wrong way round
    expect((await run(engine, 'changes', { from: '2025-11-10', units: 'd-942' })).map((r) => r.indicator).sort()).toEqual([FLOW, RATE].sort());
    expect(await run(engine, 'changes', { from: '2025-11-10', to: '2025-11-15' })).toEqual([]);
    expect(() => prepareParams(namedQuery('changes')!, { from: '2025-11-20', to: '2025-11-10' })).toThrow(ParamError);
  });

  it('ranks the provinces as they stood (the other analyses read the same as-of relations)', async () => {
    const rows = await run(engine, 'ranking', { indicator: RATE, period: '2024-02', as_of: '2025-11-10' });
    expect(rows.map((r) => [r.unit_id, r.value, r.rank])).toEqual([['p63-94', expectedProvince([FIRST, SECOND], '2025-11-10T16:59:59.999Z', '2024-02')!.rate, 1]]);
  });
});

describe('as_of parameter', () => {
  it('is declared once for every analysis and refused when it is not a moment, in both languages', () => {
    for (const q of NAMED_QUERIES) if (!q.cuts) expect(q.params.find((p) => p.name === 'as_of')?.type, q.name).toBe('timestamp');
    for (const bad of ['yesterday', '2025-02-30', '2025-11-05T25:00:00Z', '5/11/2025']) {
      expect(() => prepareParams(namedQuery('trend')!, { indicator: RATE, from: 2024, to: 2025, as_of: bad })).toThrow(ParamError);
      try {
        prepareParams(namedQuery('trend')!, { indicator: RATE, from: 2024, to: 2025, as_of: bad });
      } catch (e) {
        expect((e as ParamError).message_vi).toMatch(/không hợp lệ/);
        expect((e as ParamError).message_en).toMatch(/Invalid moment/);
      }
    }
  });

  it('reads a date as the end of that day in Vietnam and a time without zone as Vietnam time', () => {
    const p = (as_of: string) => prepareParams(namedQuery('trend')!, { indicator: RATE, from: 2024, to: 2025, as_of }).as_of;
    expect(p('2025-11-05')).toBe('2025-11-05 16:59:59.999');
    expect(p('2025-11-05T08:00:00Z')).toBe('2025-11-05 08:00:00.000');
    expect(p('2025-11-05T08:00')).toBe('2025-11-05 01:00:00.000');
    expect(p('2025-11-05T08:00:00.5+0700')).toBe('2025-11-05 01:00:00.500');
  });
});
