/**
 * Generates the `small` dataset, ingests it, and checks the named analyses against values
 * computed here independently from the generated report files (ratio of sums, revisions,
 * missing reports, the 2025 switch).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DuckDbEngine } from '../../functions/adapters/engine/duckdb.ts';
import { namedQuery, prepareParams, querySql } from '../../functions/queries/registry.ts';
import { period, samePeriodLastYear } from '../../functions/core/calendar.ts';
import { indicatorByCode, targetAt, meetsTarget } from '../../functions/core/catalog.ts';
import type { InputReport } from '../../functions/core/types.ts';
import { generatedWarehouse, type GeneratedWarehouse } from '../helpers/generated.ts';
import { expectedOfficial } from '../helpers/period-model.ts';

let gen: GeneratedWarehouse;
let engine: DuckDbEngine;
let reports: InputReport[] = [];

/** The current revision of each unit and period, read straight from the generated files. */
function currentReports(): InputReport[] {
  return [...gen.current.values()];
}

/**
 * A province's figure computed by hand from the report files (tests/helpers/period-model.ts):
 * each unit's own report for the period where it sent one, else the roll-up of its months.
 */
function provinceValue(provinceId: string, indicator: string, label: string) {
  return expectedOfficial(indicator, label, currentReports(), (u) => u.province_id === provinceId);
}

async function run(name: string, params: Record<string, unknown>) {
  return (await engine.query(querySql(name), { params: prepareParams(namedQuery(name)!, params) })).rows;
}

beforeAll(async () => {
  gen = await generatedWarehouse('small', 7);
  expect(gen.rejected).toBe(0);
  engine = gen.engine;
  reports = gen.reports;
}, 180_000);

afterAll(async () => {
  await gen?.cleanup();
});

describe('named analyses on generated data', () => {
  it('the generated data has revisions and gaps to exercise', () => {
    expect(reports.some((r) => (r.revision ?? 1) > 1)).toBe(true);
    expect(reports.length).toBeGreaterThan(200);
  });

  it('trend: a province rate per quarter is the ratio of summed numerators and denominators', async () => {
    const rows = await run('trend', { indicator: 'crime_report_resolution_rate', units: 'p63-94,p63-92', from: 2024, to: 2024, period_type: 'quarter' });
    expect(rows.length).toBe(8);
    for (const r of rows) {
      const expected = provinceValue(String(r.unit_id), 'crime_report_resolution_rate', String(r.period));
      expect(r.value, `${r.unit_id} ${r.period}`).toBeCloseTo(expected as number, 2);
    }
  });

  it('trend: flows sum, closing stocks take the last month, opening stocks the first', async () => {
    for (const indicator of ['crime_reports_received', 'crime_reports_pending', 'crime_reports_carried_over']) {
      const rows = await run('trend', { indicator, units: 'Sóc Trăng', from: 2024, to: 2025, period_type: 'half' });
      expect(rows.length).toBeGreaterThan(0);
      for (const r of rows) {
        expect(r.value, `${indicator} ${r.period}`).toBe(provinceValue(String(r.unit_id), indicator, String(r.period)));
      }
    }
  });

  it('trend: the 2025 switch — p34 Cần Thơ from July 2025, p63 Sóc Trăng until June', async () => {
    const rows = await run('trend', { indicator: 'crime_reports_received', units: 'p34-92,p63-94', from: 2025, to: 2025, period_type: 'month' });
    const p34 = rows.filter((r) => r.unit_id === 'p34-92').map((r) => r.period);
    const p63 = rows.filter((r) => r.unit_id === 'p63-94').map((r) => r.period);
    expect(p34.every((p) => String(p) >= '2025-07')).toBe(true);
    expect(p63.every((p) => String(p) <= '2025-06')).toBe(true);
    expect(p34.length).toBeGreaterThan(0);
    for (const r of rows) expect(r.value).toBe(provinceValue(String(r.unit_id), 'crime_reports_received', String(r.period)));
  });

  it('ranking: provinces ranked by value with the same period last year', async () => {
    const rows = await run('ranking', { indicator: 'crime_report_resolution_rate', period: '2025-H1' });
    const prev = samePeriodLastYear(period('2025-H1'));
    expect(rows.length).toBe(5);
    for (const r of rows) {
      const v = provinceValue(String(r.unit_id), 'crime_report_resolution_rate', '2025-H1');
      const p = provinceValue(String(r.unit_id), 'crime_report_resolution_rate', prev.label);
      expect(r.value).toBeCloseTo(v as number, 2);
      expect(r.previous_value).toBeCloseTo(p as number, 2);
      expect(r.change).toBeCloseTo((v as number) - (p as number), 2);
    }
    const values = rows.map((r) => Number(r.value));
    expect([...values].sort((a, b) => b - a)).toEqual(values);
    expect(rows[0].rank).toBe(1);
  });

  it('attainment: met against the target in force at the end of the period', async () => {
    const rows = await run('attainment', { period: '2024-Y', level: 'province' });
    expect(rows.length).toBeGreaterThan(0);
    for (const r of rows) {
      const ind = indicatorByCode(String(r.indicator))!;
      const t = targetAt(ind, period('2024-Y').end)!;
      expect(r.target).toBe(t.threshold);
      const v = provinceValue(String(r.unit_id), ind.code, '2024-Y');
      expect(r.value).toBeCloseTo(v as number, 2);
      expect(r.met).toBe(meetsTarget(Number(r.value), t));
    }
  });

  it('completeness: expected unit-months against received', async () => {
    const rows = await run('completeness', { period_type: 'year', from: 2024, to: 2024 });
    expect(rows).toHaveLength(1);
    const received = new Set(currentReports().filter((r) => r.scope === 'unit' && period(r.period).type === 'month' && period(r.period).statYear === 2024).map((r) => `${r.unit_id}|${r.period}`));
    expect(rows[0].received).toBe(received.size);
    expect(Number(rows[0].expected)).toBeGreaterThan(Number(rows[0].received));
  });
});
