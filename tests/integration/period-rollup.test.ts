/**
 * The roll-up of generated months into every period type, for every indicator kind, checked
 * against the model computed by hand from the monthly report files (tests/helpers/period-model.ts),
 * not by re-running the view SQL; and the flags a period gets when its months are not all there
 * (a missing report, or the July 2025 merger).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PERIOD_TYPES, periodsBetween } from '../../functions/core/calendar.ts';
import { indicatorByCode, timeAggregation, type TimeAggregation } from '../../functions/core/catalog.ts';
import { indicatorSetFor } from '../../functions/core/generate/indicator-sets.ts';
import { unitById } from '../../functions/core/units.ts';
import { namedQuery, prepareParams, querySql } from '../../functions/queries/registry.ts';
import type { Disagreement } from '../../functions/core/generate/period-reports.ts';
import { generatedWarehouse, type GeneratedWarehouse } from '../helpers/generated.ts';
import { expectedRollup, monthReports } from '../helpers/period-model.ts';

let gen: GeneratedWarehouse;
type Row = Record<string, unknown>;
let rows: Row[] = [];

/** A provincial office and a district before the switch, and their successors after it. */
const UNITS = ['p63-94', 'd-941', 'p34-92', 'kv-92-1'];

beforeAll(async () => {
  gen = await generatedWarehouse('small', 11);
  expect(gen.rejected).toBe(0);
  const r = await gen.engine.query(
    `SELECT unit_id, period_type, period, indicator, kind, basis, value, numerator, denominator, rolled_value, rolled_numerator,
            rolled_denominator, rolled_partial, parts, months_expected, partial, partial_reason
     FROM unit_period_values WHERE unit_id IN (${UNITS.map((u) => `'${u}'`).join(', ')}) AND scope = 'unit'`,
  );
  rows = r.rows;
}, 180_000);

afterAll(async () => {
  await gen?.cleanup();
});

const near = (a: unknown, b: number | null | undefined) =>
  b === null || b === undefined ? a === null || a === undefined : typeof a === 'number' && Math.abs(a - b) <= 0.0101;

describe('period roll-up of generated months (every indicator kind, every period type)', () => {
  it('the units exist in the registry and the generated data has gaps to exercise', () => {
    for (const u of UNITS) expect(unitById(u), u).toBeDefined();
    const months = periodsBetween('month', 2024, 2025).map((p) => p.label);
    const reported = new Set([...gen.current.values()].map((r) => `${r.unit_id}|${r.period}`));
    expect(months.length).toBe(24);
    expect(reported.size).toBeGreaterThan(0);
  });

  it('matches the hand-computed figure for every indicator, unit and period', () => {
    const seen = new Set<`${string}/${TimeAggregation}`>();
    let checked = 0;
    const misses: string[] = [];
    for (const unitId of UNITS) {
      const unit = unitById(unitId)!;
      for (const type of PERIOD_TYPES) {
        for (const p of periodsBetween(type, 2024, 2025)) {
          const reports = monthReports(gen.current.values(), p.months, (u) => u.id === unitId);
          for (const code of indicatorSetFor(unit.level)) {
            const expected = expectedRollup(code, reports);
            const row = rows.find((r) => r.unit_id === unitId && r.period === p.label && r.indicator === code);
            if (expected === undefined) {
              expect(row?.rolled_value ?? undefined, `${unitId} ${p.label} ${code}`).toBeUndefined();
              continue;
            }
            checked++;
            seen.add(`${type}/${timeAggregation(indicatorByCode(code)!)}`);
            const got = row?.rolled_value ?? (row?.basis === 'reported' ? row?.value : undefined);
            if (!near(got, expected)) misses.push(`${unitId} ${p.label} ${code}: ${String(got)} ≠ ${String(expected)}`);
          }
        }
      }
    }
    expect(misses, misses.slice(0, 10).join('\n')).toEqual([]);
    expect(checked).toBeGreaterThan(2000);
    // every period type met every aggregation rule the generated indicators use
    for (const type of PERIOD_TYPES) {
      for (const rule of ['sum', 'first', 'last', 'workload', 'ratio_of_sums', 'ratio_over_workload'] as const) {
        expect(seen.has(`${type}/${rule}`), `${type}/${rule}`).toBe(true);
      }
    }
  });

  it('a workload rate over a year is not the ratio of summed monthly denominators', () => {
    const year = rows.filter((r) => r.period_type === 'year' && r.indicator === 'crime_report_resolution_rate' && r.unit_id === 'p63-94' && r.period === '2024-Y')[0];
    const reports = monthReports(gen.current.values(), periodsBetween('month', 2024, 2024).map((p) => p.label), (u) => u.id === 'p63-94');
    const summedDen = reports.reduce((s, r) => s + (r.values.find((v) => v.indicator === 'crime_report_resolution_rate')?.denominator ?? 0), 0);
    expect(Number(year.rolled_denominator)).toBeLessThan(summedDen);
    const toResolve = rows.find((r) => r.unit_id === 'p63-94' && r.period === '2024-Y' && r.indicator === 'crime_reports_to_resolve')!;
    const opening = rows.find((r) => r.unit_id === 'p63-94' && r.period === '2024-Y' && r.indicator === 'crime_reports_carried_over')!;
    const received = rows.find((r) => r.unit_id === 'p63-94' && r.period === '2024-Y' && r.indicator === 'crime_reports_received')!;
    const transferred = rows.find((r) => r.unit_id === 'p63-94' && r.period === '2024-Y' && r.indicator === 'crime_reports_transferred')!;
    if (toResolve.partial === false) {
      // first(carried over) + Σ received − Σ transferred
      expect(toResolve.rolled_value).toBe(Number(opening.rolled_value) + Number(received.rolled_value) - Number(transferred.rolled_value));
      expect(year.rolled_denominator).toBe(toResolve.rolled_value);
    }
  });

  it('flags a period whose months are not all there: partial, with the reason', () => {
    for (const r of rows) {
      if (r.period_type === 'month' || r.basis === 'reported') continue;
      const unitId = String(r.unit_id);
      const label = String(r.period);
      const p = periodsBetween(r.period_type as 'year', 2024, 2025).find((x) => x.label === label)!;
      const have = p.months.filter((m) => gen.current.has(`${unitId}|${m}`)).length;
      const unit = unitById(unitId)!;
      const cut = p.start < unit.valid_from || (unit.valid_to !== undefined && unit.valid_to !== null && p.end > unit.valid_to);
      if (have < p.months.length) {
        expect(r.rolled_partial, `${unitId} ${label} ${r.indicator}`).toBe(true);
        if (r.value !== null) expect(r.partial, `${unitId} ${label}`).toBe(true);
        expect(r.partial_reason, `${unitId} ${label}`).toBe(cut ? 'era_boundary' : 'months_missing');
      } else {
        expect(r.partial, `${unitId} ${label} ${r.indicator}`).toBe(false);
      }
    }
    // the merger: the pre-2025 office's 2025 year is December–June only; the new one's July–November
    const old = rows.find((r) => r.unit_id === 'p63-94' && r.period === '2025-Y' && r.indicator === 'crime_reports_received')!;
    const neu = rows.find((r) => r.unit_id === 'p34-92' && r.period === '2025-Y' && r.indicator === 'crime_reports_received')!;
    expect([old.partial, old.partial_reason]).toEqual([true, 'era_boundary']);
    expect([neu.partial, neu.partial_reason]).toEqual([true, 'era_boundary']);
  });
});

describe('reconciliation (named analysis) on generated data', () => {
  const run = async (params: Record<string, unknown>) =>
    (await gen.engine.query(querySql('reconciliation'), { params: prepareParams(namedQuery('reconciliation')!, params) })).rows;
  const key = (d: Record<string, unknown> | Disagreement) => `${d.unit_id}|${d.scope}|${d.period}|${d.indicator}`;

  it('finds all and only the disagreements the generator recorded in its manifest, with both figures', async () => {
    const rows = await run({ from: 2024, to: 2025 });
    const manifest = gen.manifest.disagreements;
    expect(manifest.length).toBeGreaterThan(3);
    expect(rows.map(key).sort()).toEqual(manifest.map(key).sort());
    for (const d of manifest) {
      const r = rows.find((x) => key(x) === key(d))!;
      expect(r.status).toBe('differs');
      expect(r.compared_with).toBe(d.scope === 'unit' ? 'months' : 'units');
      expect([r.reported_value, r.rolled_up_value, r.difference]).toEqual([d.reported, d.rolled_up, d.reported - d.rolled_up]);
    }
    // largest disagreement first
    const diffs = rows.map((r) => Math.abs(Number(r.difference)));
    expect([...diffs].sort((a, b) => b - a)).toEqual(diffs);
  });

  it('show=all: every other comparable figure agrees, or is incomplete where a month is missing', async () => {
    const rows = await run({ from: 2024, to: 2024, show: 'all', indicator: 'crime_report_resolution_rate' });
    expect(rows.length).toBeGreaterThan(100);
    for (const r of rows) {
      if (r.scope !== 'unit') continue;
      const p = periodsBetween(r.period_type as 'year', 2024, 2024).find((x) => x.label === r.period)!;
      const complete = p.months.every((m) => gen.current.has(`${r.unit_id}|${m}`));
      expect(r.status, `${r.unit_id} ${r.period}`).toBe(complete ? 'agrees' : 'incomplete');
      expect(r.partial).toBe(!complete);
      if (complete) expect([r.reported_numerator, r.reported_denominator]).toEqual([r.rolled_up_numerator, r.rolled_up_denominator]);
    }
    expect(rows.some((r) => r.status === 'incomplete')).toBe(true);
    expect(rows.some((r) => r.scope === 'province_total' && r.status === 'agrees')).toBe(true);
  });
});


describe('every analysis says which figure it is (basis) and whether it covers the whole period (partial)', () => {
  const run = async (name: string, params: Record<string, unknown>) =>
    gen.engine.query(querySql(name), { params: prepareParams(namedQuery(name)!, params) });
  const SAMPLE: Record<string, Record<string, unknown>> = {
    trend: { indicator: 'crime_report_resolution_rate', units: 'provinces', from: 2024, to: 2025, period_type: 'year' },
    ranking: { indicator: 'crime_report_resolution_rate', period: '2025-Y' },
    yoy: { indicator: 'crime_reports_received', period: '2025-Y' },
    attainment: { period: '2025-Y' },
    national: { indicator: 'crime_report_resolution_rate', from: 2024, to: 2025, period_type: 'year' },
    drilldown: { province: 'p34-92', indicator: 'crime_reports_received', period: '2025-Y' },
    provinces_all: { from: 2025, to: 2025, period_type: 'year' },
    outliers: { indicator: 'crime_reports_received', period: '2025-Y', show: 'all' },
  };

  it.each(Object.keys(SAMPLE))('%s', async (name) => {
    const r = await run(name, SAMPLE[name]);
    const cols = r.columns.map((c) => c.name);
    expect(cols).toEqual(expect.arrayContaining(['basis', 'partial', 'partial_reason']));
    expect(r.rows.length).toBeGreaterThan(0);
    // 2025-Y as reported: every province of either era existed for part of the year only; the
    // country total is summed over the 34 provinces with both eras, so its year is whole
    for (const row of r.rows.filter((x) => x.period === '2025-Y' || SAMPLE[name].period === '2025-Y')) {
      if (row.value === null || row.value === undefined) continue;
      expect(row.partial, `${name} ${String(row.unit_id ?? row.indicator)}`).toBe(name !== 'national');
    }
  });

  it('as_2025 the continuing province runs on through 2025 as a full year; a unit\'s own report is basis reported', async () => {
    const rows = (await run('trend', { ...SAMPLE.trend, units: 'p34-92', geography: 'as_2025' })).rows;
    expect(rows.map((r) => [r.period, r.partial])).toEqual([['2024-Y', false], ['2025-Y', false]]);
    const unit = (await run('trend', { ...SAMPLE.trend, units: 'd-941' })).rows.find((r) => r.period === '2024-Y')!;
    expect(unit.basis).toBe('reported');
  });
});
