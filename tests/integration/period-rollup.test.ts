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
