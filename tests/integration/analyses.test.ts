/**
 * The named analyses with harmonized geography, checked against values computed here
 * independently: from the generated `small` dataset's report files (Sóc Trăng, Cần Thơ, Hậu
 * Giang → new Cần Thơ p34-92; Quảng Bình p63-44 + Quảng Trị p63-45 → new Quảng Trị p34-44;
 * statistical years 2024–2025 with the 2025-07-01 switch) and from a small constructed set of
 * JSON reports (outliers with known changes, rates known only as a percentage).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DuckDbEngine } from '../../functions/adapters/engine/duckdb.ts';
import { ingestFiles } from '../../functions/ingest/ingest-files.ts';
import { namedQuery, prepareParams, querySql } from '../../functions/queries/registry.ts';
import { PERIOD_TYPES, period, periodsBetween, previousPeriod, samePeriodLastYear } from '../../functions/core/calendar.ts';
import { childrenOf, crosswalkP63toP34, unitById, type Unit } from '../../functions/core/units.ts';
import { indicatorByCode, meetsTarget, targetAt, timeAggregation } from '../../functions/core/catalog.ts';
import type { InputReport } from '../../functions/core/types.ts';
import { file, tempWarehouse } from '../helpers/warehouse.ts';
import { generatedWarehouse, type GeneratedWarehouse } from '../helpers/generated.ts';
import { expectedOfficial, expectedRollup, monthReports } from '../helpers/period-model.ts';
import { sharedViews } from '../../functions/queries/views.ts';

type Row = Record<string, unknown>;

let gen: GeneratedWarehouse;
let engine: DuckDbEngine;
let current = new Map<string, InputReport>();
const CROSSWALK = crosswalkP63toP34();

async function runOn(e: DuckDbEngine, name: string, params: Record<string, unknown>): Promise<Row[]> {
  return (await e.query(querySql(name), { params: prepareParams(namedQuery(name)!, params) })).rows;
}
const run = (name: string, params: Record<string, unknown>) => runOn(engine, name, params);

// ---- the independent model: straight from the report files ----

const round2 = (x: number) => Math.round(x * 100) / 100;

/**
 * DOMAIN §3 by hand (tests/helpers/period-model.ts): flows sum; closing stocks take each unit's
 * last month (opening stocks its first); workloads are Σ resolved + what is still open at the
 * end; rates are recomputed from numerator and denominator, each by its kind; over a period that
 * spans the switch the eras combine as the model says.
 */
function rollup(indicator: string, months: string[], keep: (u: Unit) => boolean): number | null | undefined {
  return expectedRollup(indicator, monthReports(current.values(), months, keep), { eraAware: true });
}

/** The official figure: each unit's own report for the period where it sent one, else its months. */
function official(indicator: string, label: string, keep: (u: Unit) => boolean): number | null | undefined {
  return expectedOfficial(indicator, label, current.values(), keep, { eraAware: true });
}

/** Units of a province as reported (its own era). */
const ofProvince = (pid: string) => (u: Unit) => u.province_id === pid;
/** Units of a 2025 province's territory in both eras, by the registry's crosswalk. */
const ofProvince2025 = (p34: string) => (u: Unit) => u.province_id === p34 || CROSSWALK[u.province_id] === p34;

const asReported = (pid: string, ind: string, label: string) => official(ind, label, ofProvince(pid));
const as2025 = (p34: string, ind: string, label: string) => official(ind, label, ofProvince2025(p34));
const ofUnit = (id: string, ind: string, label: string) => official(ind, label, (u) => u.id === id);

/** The country: every province's territory summed (rates: ratio of all sums). */
function nationalExpected(ind: string, label: string): number | null | undefined {
  const months = period(label).months;
  if (indicatorByCode(ind)!.kind === 'rate') return official(ind, label, () => true);
  const parts = ['p34-92', 'p34-44'].map((p) => official(ind, label, ofProvince2025(p))).filter((x) => x !== undefined) as number[];
  return parts.length ? parts.reduce((a, b) => a + b, 0) : undefined;
}

/** Change as the analyses define it: percentage points for rates, relative percent for counts. */
function change(ind: string, v: number | null | undefined, earlier: number | null | undefined): number | null {
  if (v == null || earlier == null) return null;
  if (indicatorByCode(ind)!.kind === 'rate') return round2(v - earlier);
  return earlier > 0 ? round2((100 * (v - earlier)) / earlier) : null;
}

/** Equal up to the last (second) decimal of a rounded value. */
function near(actual: unknown, expected: number | null | undefined, label = '') {
  if (expected == null) {
    expect(actual ?? null, label).toBeNull();
    return;
  }
  expect(typeof actual, label).toBe('number');
  expect(Math.abs((actual as number) - expected), `${label}: ${actual} vs ${expected}`).toBeLessThanOrEqual(0.0101);
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = (s.length - 1) / 2;
  return (s[Math.floor(m)] + s[Math.ceil(m)]) / 2;
};

// ---- setup ----

beforeAll(async () => {
  gen = await generatedWarehouse('small', 11);
  expect(gen.rejected).toBe(0);
  engine = gen.engine;
  current = gen.current;
}, 180_000);

afterAll(async () => {
  await gen?.cleanup();
});

const FLOW = 'crime_reports_received';
const RATE = 'crime_report_resolution_rate';
const CLOSING = 'crime_reports_pending';
const OPENING = 'crime_reports_carried_over';

describe('harmonized geography (as_2025) across the 2025 merger', () => {
  it.each([...PERIOD_TYPES])('new Cần Thơ p34-92 = old Cần Thơ + Sóc Trăng + Hậu Giang, per %s, for flows, rates and stocks', async (pt) => {
    for (const ind of [FLOW, RATE, CLOSING, OPENING]) {
      const rows = await run('trend', { indicator: ind, units: 'p34-92', from: 2024, to: 2025, period_type: pt, geography: 'as_2025' });
      const labels = periodsBetween(pt, 2024, 2025).map((p) => p.label);
      expect(rows.map((r) => r.period), `${ind} ${pt}`).toEqual(labels);
      for (const r of rows) {
        expect(r.unit_id).toBe('p34-92');
        expect(r.unit_name).toBe('Cần Thơ');
        expect(r.harmonizable).toBe(true);
        near(r.value, as2025('p34-92', ind, String(r.period)), `${ind} ${r.period}`);
        if (ind === RATE) {
          // numerator and denominator are the official figures of the rate's parts (a unit's own
          // period report, else its months); the denominator is a workload, not Σ monthly denominators
          const rate = indicatorByCode(ind)!;
          expect(r.numerator).toBe(official(rate.numerator!, String(r.period), ofProvince2025('p34-92')));
          expect(r.denominator).toBe(official(rate.denominator!, String(r.period), ofProvince2025('p34-92')));
        }
      }
    }
  });

  it('before the switch, the harmonized count is the sum of the three provinces as reported', async () => {
    const old = await run('trend', { indicator: FLOW, units: 'p63-92,p63-93,p63-94', from: 2024, to: 2024, period_type: 'quarter' });
    const neu = await run('trend', { indicator: FLOW, units: 'p34-92', from: 2024, to: 2024, period_type: 'quarter', geography: 'as_2025' });
    expect(neu).toHaveLength(4);
    for (const r of neu) {
      const parts = old.filter((o) => o.period === r.period);
      expect(parts.map((p) => p.unit_id).sort()).toEqual(['p63-92', 'p63-93', 'p63-94']);
      expect(r.value).toBe(parts.reduce((s, p) => s + Number(p.value), 0));
    }
  });

  it('a closing stock over a period spanning the switch is the new units\' (August), not added to June\'s', async () => {
    const [q3] = await run('trend', { indicator: CLOSING, units: 'p34-92', from: 2025, to: 2025, period_type: 'quarter', geography: 'as_2025' })
      .then((rows) => rows.filter((r) => r.period === '2025-Q3'));
    const newOnly = rollup(CLOSING, period('2025-Q3').months, (u) => u.province_id === 'p34-92');
    expect(q3.value).toBe(newOnly);
    const oldJune = rollup(CLOSING, ['2025-06'], (u) => CROSSWALK[u.province_id] === 'p34-92')!;
    expect(oldJune).toBeGreaterThan(0);
    expect(q3.value).not.toBe(newOnly! + oldJune);
  });

  it('code 44: p63-44 is Quảng Bình, p34-44 the new Quảng Trị = Quảng Bình + old Quảng Trị (p63-45)', async () => {
    const reported = await run('trend', { indicator: FLOW, units: 'p63-44,p63-45,p34-44', from: 2024, to: 2025, period_type: 'year' });
    const byId = (id: string) => reported.filter((r) => r.unit_id === id);
    expect(byId('p63-44')[0].unit_name).toBe('Quảng Bình');
    expect(byId('p63-45')[0].unit_name).toBe('Quảng Trị');
    expect(byId('p34-44')[0].unit_name).toBe('Quảng Trị');
    // As reported, the new province has no 2024 and the old ones stop in 2025 (partial year).
    expect(byId('p34-44').map((r) => r.period)).toEqual(['2025-Y']);
    for (const r of reported) near(r.value, asReported(String(r.unit_id), FLOW, String(r.period)), `${r.unit_id} ${r.period}`);

    const harmonized = await run('trend', { indicator: FLOW, units: 'p34-44', from: 2024, to: 2025, period_type: 'year', geography: 'as_2025' });
    expect(harmonized.map((r) => r.period)).toEqual(['2024-Y', '2025-Y']);
    const y2024 = harmonized[0];
    const qb = Number(byId('p63-44').find((r) => r.period === '2024-Y')!.value);
    const qt = Number(byId('p63-45').find((r) => r.period === '2024-Y')!.value);
    expect(y2024.value).toBe(qb + qt);
    expect(y2024.value).not.toBe(qb);
    // 2025-Y: Dec–Jun from the two old provinces, Jul–Nov from the new one.
    const y2025 = byId('p63-44').concat(byId('p63-45'), byId('p34-44')).filter((r) => r.period === '2025-Y').reduce((s, r) => s + Number(r.value), 0);
    expect(harmonized[1].value).toBe(y2025);
    // as_2025 has no p63 provinces at all.
    const all = await run('trend', { indicator: RATE, from: 2024, to: 2025, period_type: 'half', geography: 'as_2025' });
    expect([...new Set(all.map((r) => r.unit_id))].sort()).toEqual(['p34-44', 'p34-92']);
    for (const r of all) near(r.value, as2025(String(r.unit_id), RATE, String(r.period)), `${r.unit_id} ${r.period}`);
  });

  it('attainment with as_2025: the 34-province values against the targets in force', async () => {
    const rows = await run('attainment', { period: '2024-Y', geography: 'as_2025' });
    expect(new Set(rows.map((r) => r.unit_id))).toEqual(new Set(['p34-44', 'p34-92']));
    for (const r of rows) {
      const ind = indicatorByCode(String(r.indicator))!;
      const t = targetAt(ind, period('2024-Y').end)!;
      near(r.value, as2025(String(r.unit_id), ind.code, '2024-Y'), `${r.unit_id} ${ind.code}`);
      expect(r.target).toBe(t.threshold);
      expect(r.met).toBe(meetsTarget(Number(r.value), t));
      expect(r.harmonizable).toBe(true);
    }
    const reported = await run('attainment', { period: '2024-Y', geography: 'as_reported' });
    expect(new Set(reported.map((r) => r.unit_id))).toEqual(new Set(['p63-44', 'p63-45', 'p63-92', 'p63-93', 'p63-94']));
  });
});

describe('yoy', () => {
  it.each([
    [FLOW, '2025-Q2'], [RATE, '2025-Q2'], [FLOW, '2025-03'], [RATE, '2025-H1'], [CLOSING, '2025-Q1'], [OPENING, '2024-9M'], [FLOW, '2024-12'],
  ])('%s %s as reported: previous period and same period last year', async (ind, label) => {
    const rows = await run('yoy', { indicator: ind, period: label });
    const p = period(label);
    const prior = previousPeriod(p).label;
    const last = samePeriodLastYear(p).label;
    expect(rows.map((r) => r.unit_id)).toEqual(['p63-44', 'p63-45', 'p63-92', 'p63-93', 'p63-94']);
    for (const r of rows) {
      const id = String(r.unit_id);
      const v = asReported(id, ind, label);
      const pv = asReported(id, ind, prior);
      const lv = asReported(id, ind, last);
      expect(r.prior_period).toBe(prior);
      expect(r.last_year_period).toBe(last);
      near(r.value, v, `${id} value`);
      near(r.prior_value, pv, `${id} prior`);
      near(r.last_year_value, lv, `${id} last year`);
      near(r.change_prior, change(ind, v, pv), `${id} change prior`);
      near(r.change_last_year, change(ind, v, lv), `${id} change last year`);
      expect(r.change_unit).toBe(ind === RATE ? 'percentage_points' : 'percent');
      expect(r.partial_period).toBe(false);
    }
  });

  it('after the switch a new province has no last year as reported, and has one as_2025', async () => {
    const reported = await run('yoy', { indicator: FLOW, period: '2025-Q4' });
    expect(reported.map((r) => r.unit_id)).toEqual(['p34-44', 'p34-92']);
    for (const r of reported) expect(r.last_year_value).toBeNull();
    const harmonized = await run('yoy', { indicator: FLOW, period: '2025-Q4', geography: 'as_2025' });
    for (const r of harmonized) {
      const id = String(r.unit_id);
      const v = as2025(id, FLOW, '2025-Q4');
      const lv = as2025(id, FLOW, '2024-Q4');
      const pv = as2025(id, FLOW, '2025-Q3');
      near(r.last_year_value, lv);
      near(r.prior_value, pv);
      near(r.change_last_year, change(FLOW, v, lv));
      near(r.change_prior, change(FLOW, v, pv));
    }
  });

  it('units: a district and its province, by month (prior month across the statistical year)', async () => {
    const rows = await run('yoy', { indicator: RATE, period: '2024-12', units: 'p63-94,d-941' });
    expect(rows.map((r) => r.unit_id)).toEqual(['d-941', 'p63-94']);
    for (const r of rows) {
      const id = String(r.unit_id);
      const v = id.startsWith('d-') ? ofUnit(id, RATE, '2024-12') : asReported(id, RATE, '2024-12');
      const pv = id.startsWith('d-') ? ofUnit(id, RATE, '2024-11') : asReported(id, RATE, '2024-11');
      expect(r.prior_period).toBe('2024-11');
      expect(r.last_year_period).toBe('2023-12');
      near(r.value, v);
      near(r.prior_value, pv);
      near(r.change_prior, change(RATE, v, pv));
    }
  });
});

describe('ranking: percentile and quartile', () => {
  function expectedRanking(values: Map<string, number>, sign: number) {
    const ids = [...values.keys()];
    const n = ids.length;
    return new Map(ids.map((id) => {
      const mine = values.get(id)! * sign;
      const better = ids.filter((o) => values.get(o)! * sign > mine).length;
      const worse = ids.filter((o) => values.get(o)! * sign < mine).length;
      const percentile = n === 1 ? 100 : Math.round((1000 * worse) / (n - 1)) / 10;
      const quartile = percentile >= 75 ? 1 : percentile >= 50 ? 2 : percentile >= 25 ? 3 : 4;
      return [id, { rank: better + 1, percentile, quartile }];
    }));
  }

  it.each([
    [RATE, '2025-H1', 'as_reported', 1], [CLOSING, '2025-H1', 'as_reported', -1], [FLOW, '2024-Q3', 'as_reported', 1],
    [RATE, '2024-Y', 'as_2025', 1], [CLOSING, '2025-9M', 'as_2025', -1],
  ])('%s %s %s', async (ind, label, geography, sign) => {
    const rows = await run('ranking', { indicator: ind, period: label, geography });
    const ids = geography === 'as_2025' ? ['p34-44', 'p34-92'] : ['p63-44', 'p63-45', 'p63-92', 'p63-93', 'p63-94'];
    const value = (id: string) => (geography === 'as_2025' ? as2025(id, ind, label) : asReported(id, ind, label)) as number;
    const values = new Map(ids.map((id) => [id, value(id)]));
    const expected = expectedRanking(values, sign as number);
    expect(rows).toHaveLength(ids.length);
    for (const r of rows) {
      const e = expected.get(String(r.unit_id))!;
      near(r.value, values.get(String(r.unit_id)));
      expect(r.rank, `${r.unit_id}`).toBe(e.rank);
      expect(r.percentile, `${r.unit_id}`).toBeCloseTo(e.percentile, 1);
      expect(r.quartile, `${r.unit_id}`).toBe(e.quartile);
    }
    const ranks = rows.map((r) => Number(r.rank));
    expect([...ranks].sort((a, b) => a - b)).toEqual(ranks);
    if (geography === 'as_2025') {
      expect(rows.map((r) => r.percentile)).toEqual([100, 0]);
      expect(rows.map((r) => r.quartile)).toEqual([1, 4]);
    }
  });

  it('as reported over a period spanning the switch, provinces of both eras are flagged partial', async () => {
    const rows = await run('ranking', { indicator: FLOW, period: '2025-Y' });
    expect(rows).toHaveLength(7);
    for (const r of rows) expect(r.partial_period).toBe(true);
    const whole = await run('ranking', { indicator: FLOW, period: '2025-Y', geography: 'as_2025' });
    expect(whole).toHaveLength(2);
    for (const r of whole) {
      expect(r.partial_period).toBe(false);
      near(r.value, as2025(String(r.unit_id), FLOW, '2025-Y'));
    }
  });
});

describe('national', () => {
  it.each([['year', 2024, 2025], ['quarter', 2025, 2025], ['month', 2025, 2025]])('every indicator per %s equals the sum over the country', async (pt, from, to) => {
    const rows = await run('national', { period_type: pt, from, to });
    const labels = periodsBetween(pt as never, from as number, to as number).map((p) => p.label);
    const indicators = new Set(rows.map((r) => r.indicator));
    expect(indicators.size).toBeGreaterThan(50);
    for (const ind of indicators) {
      for (const label of labels) {
        const r = rows.find((x) => x.indicator === ind && x.period === label);
        // A rate with nothing to resolve anywhere that month is not reported at all.
        if (!r) expect(nationalExpected(String(ind), label), `${ind} ${label}`).toBeUndefined();
        else {
          near(r.value, nationalExpected(String(ind), label), `${ind} ${label}`);
          expect(r.provinces_reporting).toBeGreaterThanOrEqual(1);
        }
      }
    }
    expect(rows.filter((r) => r.provinces_reporting === 2).length).toBeGreaterThan(rows.length * 0.9);
  });

  it('one indicator: a rate is recomputed from its numerator and its (workload) denominator', async () => {
    const rows = await run('national', { indicator: RATE, period_type: 'half', from: 2024, to: 2025 });
    expect(rows.map((r) => r.period)).toEqual(['2024-H1', '2024-H2', '2025-H1', '2025-H2']);
    for (const r of rows) {
      const rate = indicatorByCode(RATE)!;
      expect(r.numerator).toBe(official(rate.numerator!, String(r.period), () => true));
      expect(r.denominator).toBe(official(rate.denominator!, String(r.period), () => true));
      near(r.value, round2((100 * Number(r.numerator)) / Number(r.denominator)));
    }
  });
});

describe('drilldown', () => {
  const officeAndChildren = (pid: string) => [pid, ...childrenOf(pid).map((u) => u.id)];

  it('a pre-2025 province: its office and districts, each against the province total', async () => {
    const rows = await run('drilldown', { province: 'Sóc Trăng', indicator: RATE, period: '2024-Q1' });
    expect(rows.map((r) => r.unit_id).sort()).toEqual(officeAndChildren('p63-94').sort());
    expect(rows[0].unit_id).toBe('p63-94');
    const total = asReported('p63-94', RATE, '2024-Q1')!;
    for (const r of rows) {
      const v = ofUnit(String(r.unit_id), RATE, '2024-Q1');
      near(r.value, v, String(r.unit_id));
      near(r.province_value, total);
      if (v != null) near(r.diff_pp, round2(v - total));
      expect(r.share_pct).toBeNull();
    }
    const ranked = rows.filter((r) => r.rank != null).sort((a, b) => Number(a.rank) - Number(b.rank));
    expect(ranked.every((r) => r.unit_level === 'district')).toBe(true);
    const vals = ranked.map((r) => Number(r.value));
    expect([...vals].sort((a, b) => b - a)).toEqual(vals);
  });

  it('a 2025 province after the switch: its office and regional units; shares add up to 100', async () => {
    const rows = await run('drilldown', { province: 'p34-92', indicator: FLOW, period: '2025-Q4' });
    expect(rows.map((r) => r.unit_id).sort()).toEqual(officeAndChildren('p34-92').sort());
    expect(rows.filter((r) => r.unit_level === 'regional').length).toBe(childrenOf('p34-92').length);
    for (const r of rows) near(r.value, ofUnit(String(r.unit_id), FLOW, '2025-Q4'), String(r.unit_id));
    const shares = rows.reduce((s, r) => s + Number(r.share_pct ?? 0), 0);
    expect(Math.abs(shares - 100)).toBeLessThan(0.1);
    near(rows[0].province_value, as2025('p34-92', FLOW, '2025-Q4'));
  });

  it('a 2025 province before the switch: the offices and districts of the provinces it absorbed; missing reports show as empty', async () => {
    const rows = await run('drilldown', { province: 'p34-92', indicator: FLOW, period: '2024-Y' });
    const expectedIds = ['p63-92', 'p63-93', 'p63-94'].flatMap(officeAndChildren).sort();
    expect(rows.map((r) => r.unit_id).sort()).toEqual(expectedIds);
    const total = as2025('p34-92', FLOW, '2024-Y')!;
    for (const r of rows) {
      near(r.value, ofUnit(String(r.unit_id), FLOW, '2024-Y'), String(r.unit_id));
      expect(r.province_value).toBe(total);
    }
    // A month a district did not send: its month-level drilldown row is empty.
    const gap = [...periodsBetween('month', 2024, 2024)].flatMap((m) =>
      expectedIds.filter((id) => !current.has(`${id}|${m.label}`)).map((id) => ({ id, month: m.label })))[0];
    if (gap) {
      const monthRows = await run('drilldown', { province: 'p34-92', indicator: FLOW, period: gap.month });
      const r = monthRows.find((x) => x.unit_id === gap.id)!;
      expect(r.value).toBeNull();
      expect(r.rank).toBeNull();
    }
  });
});

describe('outliers', () => {
  it('with two provinces, each sits one MAD from the median: z = ±0.6745 (as_2025); none as reported after the switch', async () => {
    const rows = await run('outliers', { indicator: FLOW, period: '2025-Q4', geography: 'as_2025', show: 'all' });
    expect(rows).toHaveLength(2);
    const changes = ['p34-44', 'p34-92'].map((id) => change(FLOW, as2025(id, FLOW, '2025-Q4'), as2025(id, FLOW, '2024-Q4'))!);
    for (const r of rows) {
      expect(Math.abs(Number(r.robust_z))).toBeCloseTo(0.67, 2);
      expect(r.is_outlier).toBe(false);
      near(r.median_change, round2(median(changes)));
    }
    expect(await run('outliers', { indicator: FLOW, period: '2025-Q4', show: 'all' })).toEqual([]);
  });

  describe('on constructed reports with known changes', () => {
    let cw: ReturnType<typeof tempWarehouse>;
    let ce: DuckDbEngine;
    const P = ['p63-01', 'p63-02', 'p63-04', 'p63-06', 'p63-08', 'p63-10', 'p63-11', 'p63-12', 'p63-14'];
    /** Percent changes of crime reports received, 2023-03 → 2024-03; one far out, one mildly. */
    const FLOW_CHANGE = [2, 3, 1, 4, 2.5, 3.5, 1.5, 60, -2];
    /** Resolution rate 2024-03 (2023-03: 80 of 100 everywhere): changes in percentage points. */
    const RATE_2024 = [81, 82, 80, 83, 81, 82, 79, 60, 81];
    /** Appeal protests 10 → 11 in eight provinces and 10 → 20 in one: the MAD is 0. */
    const PROTESTS_2024 = [11, 11, 11, 11, 11, 11, 11, 11, 20];

    const report = (unit: string, month: string, values: Record<string, unknown>[]) => {
      const [y, m] = month.split('-').map(Number);
      const next = new Date(Date.UTC(y, m, 5)).toISOString().slice(0, 10);
      return file(`${unit}-${month}.json`, { schema_version: 1, unit_id: unit, scope: 'unit', period: month, submitted_at: `${next}T08:00:00+07:00`, revision: 1, values });
    };

    beforeAll(async () => {
      cw = tempWarehouse('chitieu-outliers-');
      const files = P.flatMap((id, i) => [
        report(id, '2023-03', [
          { indicator: FLOW, value: 1000 },
          { indicator: RATE, value: 80, numerator: 80, denominator: 100 },
          { indicator: 'appeal_protests', value: 10 },
        ]),
        report(id, '2024-03', [
          { indicator: FLOW, value: 1000 + 10 * FLOW_CHANGE[i] },
          { indicator: RATE, value: RATE_2024[i], numerator: RATE_2024[i], denominator: 100 },
          { indicator: 'appeal_protests', value: PROTESTS_2024[i] },
        ]),
      ]);
      // Rates known only as a percentage: Quảng Bình (merged with Quảng Trị) and Hà Nội (alone).
      files.push(
        report('p63-44', '2024-04', [{ indicator: RATE, value: 80 }, { indicator: FLOW, value: 100 }]),
        report('p63-45', '2024-04', [{ indicator: RATE, value: 75, numerator: 75, denominator: 100 }, { indicator: FLOW, value: 200 }]),
        report('p63-01', '2024-04', [{ indicator: RATE, value: 77.7 }, { indicator: FLOW, value: 300 }]),
      );
      const s = await ingestFiles(files, { storage: cw.storage });
      expect(s.rejected, JSON.stringify(s.reasons)).toBe(0);
      ce = await DuckDbEngine.open(cw.dir, { views: sharedViews() });
    }, 120_000);

    afterAll(async () => {
      await ce?.close();
      cw?.cleanup();
    });

    function robustZ(changes: number[]): number[] {
      const med = median(changes);
      const dev = changes.map((c) => Math.abs(c - med));
      const mad = median(dev);
      const meanAd = dev.reduce((a, b) => a + b, 0) / dev.length;
      return changes.map((c) => (mad > 0 ? (0.6745 * (c - med)) / mad : meanAd > 0 ? (c - med) / (1.253314 * meanAd) : 0));
    }

    it.each([
      [FLOW, FLOW_CHANGE, 'percent'],
      [RATE, RATE_2024.map((v) => v - 80), 'percentage_points'],
      ['appeal_protests', PROTESTS_2024.map((v) => 10 * (v - 10)), 'percent'],
    ])('%s: robust z of every province, and the outliers at |z| ≥ 3.5', async (ind, changes, unit) => {
      const z = robustZ(changes as number[]);
      const all = await runOn(ce, 'outliers', { indicator: ind, period: '2024-03', show: 'all' });
      expect(all).toHaveLength(P.length);
      for (const r of all) {
        const i = P.indexOf(String(r.unit_id));
        near(r.change, (changes as number[])[i], `${r.unit_id} change`);
        expect(r.change_unit).toBe(unit);
        near(r.robust_z, round2(z[i]), `${r.unit_id} z`);
        expect(r.is_outlier).toBe(Math.abs(z[i]) >= 3.5);
        expect(r.provinces_compared).toBe(P.length);
        expect(r.last_year_period).toBe('2023-03');
      }
      const outliers = await runOn(ce, 'outliers', { indicator: ind, period: '2024-03' });
      const expected = P.filter((_, i) => Math.abs(z[i]) >= 3.5);
      expect(outliers.map((r) => r.unit_id)).toEqual(expected);
      expect(expected).toHaveLength(1);
    });

    it('a lower threshold also catches the milder case', async () => {
      const rows = await runOn(ce, 'outliers', { indicator: FLOW, period: '2024-03', threshold: 3 });
      // |z| = 0.6745 × 57.5 = 38.8 and 0.6745 × 4.5 = 3.04 (median 2.5, MAD 1)
      expect(rows.map((r) => r.unit_id)).toEqual(['p63-12', 'p63-14']);
      near(rows[1].robust_z, -3.04);
    });

    it('a rate known only as a percentage is not harmonized where it covers part of a new province', async () => {
      const qt = await runOn(ce, 'trend', { indicator: RATE, units: 'p34-44', from: 2024, to: 2024, period_type: 'month', geography: 'as_2025' });
      expect(qt).toHaveLength(1);
      expect(qt[0].value).toBeNull();
      expect(qt[0].harmonizable).toBe(false);
      expect(qt[0].flag).toBe('percent_only');
      // …while the counts of the same reports add up,
      const flow = await runOn(ce, 'trend', { indicator: FLOW, units: 'p34-44', from: 2024, to: 2024, period_type: 'month', geography: 'as_2025' });
      expect(flow[0].value).toBe(300);
      // and as reported, Quảng Bình's percentage stands, flagged.
      const qb = await runOn(ce, 'trend', { indicator: RATE, units: 'p63-44', from: 2024, to: 2024, period_type: 'month' });
      expect(qb[0].value).toBe(80);
      expect(qb[0].flag).toBe('percent_only');
      // Hà Nội became p34-01 alone: its percentage is the whole new province's.
      const hn = await runOn(ce, 'trend', { indicator: RATE, units: 'p34-01', from: 2024, to: 2024, period_type: 'month', geography: 'as_2025' });
      const april = hn.find((r) => r.period === '2024-04')!;
      expect(april.value).toBe(77.7);
      expect(april.harmonizable).toBe(true);
      expect(april.flag).toBe('percent_only');
      // The country's rate for that month cannot be recomputed; its count can.
      const nat = await runOn(ce, 'national', { period_type: 'month', from: 2024, to: 2024 });
      const rate = nat.find((r) => r.indicator === RATE && r.period === '2024-04')!;
      expect(rate.value).toBeNull();
      expect(rate.numerator).toBeNull();
      expect(nat.find((r) => r.indicator === FLOW && r.period === '2024-04')!.value).toBe(600);
      // as_2025 ranking and attainment carry the flag too.
      const ranking = await runOn(ce, 'ranking', { indicator: RATE, period: '2024-04', geography: 'as_2025' });
      expect(ranking.map((r) => r.unit_id)).toEqual(['p34-01']);
      const att = await runOn(ce, 'attainment', { period: '2024-04', geography: 'as_2025' });
      const attQt = att.find((r) => r.unit_id === 'p34-44' && r.indicator === RATE)!;
      expect(attQt.met).toBeNull();
      expect(attQt.harmonizable).toBe(false);
    });
  });
});
