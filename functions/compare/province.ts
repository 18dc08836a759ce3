/**
 * A province's own briefing, one level down: its units (the provincial office and its district or
 * regional procuracies) judged the way the country's briefing judges provinces. The `drilldown`
 * analysis (a province's units for an indicator and period) is asked for the period, the previous
 * period and the same period last year, as of the comparison's moment; its answers are put in the
 * shape of the country's (`CompareAnswers`: the province total in the place of the national
 * figure, the units in the place of the provinces), so the same assembly (funnel limits, rank
 * ranges, caveats, movers) and the same first page serve both.
 */
import { indicatorByCode } from '../core/catalog.ts';
import { resolveUnit, unitById } from '../core/units.ts';
import { mapLimit, type Asker } from './analyses.ts';
import { assembleComparison, type CompareAnswers, type IndicatorAnswers } from './assemble.ts';
import { CompareError } from './compare-error.ts';
import { unitList } from './gather.ts';
import type { Provenance, Comparison, CompletenessRow, NationalAnalysisRow, ProvinceValueRow, ReconciliationRow, YoyRow } from './types.ts';

/** A row of the `drilldown` analysis (provenance columns when the analysis has them). */
export interface DrilldownRow extends Provenance {
  unit_id: string;
  unit_name: string;
  unit_level: string;
  province_id: string;
  value: number | null;
  numerator: number | null;
  denominator: number | null;
  flag: string | null;
  province_value: number | null;
  rank: number | null;
  partial_period: boolean | null;
  partial?: boolean | null;
}

/** The province a name or id means in the comparison's geography, or a clear error. */
export function resolveProvince(c: Comparison, given: string): { id: string; name: string } {
  const compared = new Map(c.provinces.map((p) => [p.unit_id, p.unit_name]));
  const u = resolveUnit(given, c.context.end);
  if (!u || u.level !== 'province' || !compared.has(u.id)) {
    throw new CompareError(
      `Không có tỉnh, thành phố "${given}" trong bản tin kỳ ${c.context.period} (dùng mã như ${[...compared.keys()][0] ?? 'p34-01'} hoặc tên tỉnh).`,
      `No province "${given}" in the briefing of ${c.context.period} (give an id such as ${[...compared.keys()][0] ?? 'p34-01'} or a province name).`,
    );
  }
  return { id: u.id, name: compared.get(u.id)! };
}

const round2 = (x: number) => Math.round(x * 100) / 100;

/** "Khu vực 3 – Quảng Trị" on Quảng Trị's own page is "Khu vực 3": the page already names the province. */
function shortName(name: string, province: string): string {
  const suffix = ` – ${province}`;
  return name.endsWith(suffix) ? name.slice(0, -suffix.length) : name;
}

/** Change as the `yoy` analysis gives it: points for rates, percent for counts (null from 0). */
function yoyChange(kind: string, now: number | null, then: number | null): number | null {
  if (now === null || then === null) return null;
  if (kind === 'rate') return round2(now - then);
  return then > 0 ? round2((100 * (now - then)) / then) : null;
}

/** Sum of the units' numerators and denominators (rates whose units all give both). */
function sums(rows: readonly DrilldownRow[]): { numerator: number | null; denominator: number | null } {
  const withBoth = rows.filter((r) => r.value !== null && r.numerator !== null && r.denominator !== null);
  if (withBoth.length === 0 || withBoth.length !== rows.filter((r) => r.value !== null).length) return { numerator: null, denominator: null };
  return { numerator: withBoth.reduce((a, r) => a + Number(r.numerator), 0), denominator: withBoth.reduce((a, r) => a + Number(r.denominator), 0) };
}

/**
 * Asks the drilldowns for every indicator the country's briefing has a figure of for the
 * province, and assembles the province's briefing.
 */
export async function provinceComparison(asker: Asker, c: Comparison, province: { id: string; name: string }, opts: { concurrency?: number } = {}): Promise<Comparison> {
  const ctx = c.context;
  const periods = [ctx.period, ctx.prior_period, ctx.last_year_period];
  const codes = [...new Set(c.provinces.filter((p) => p.unit_id === province.id && p.value !== null).map((p) => p.indicator))];
  const answers = await mapLimit(codes, opts.concurrency ?? 4, async (code) => {
    const [now, prior, lastYear] = await Promise.all(periods.map((period) => asker.ask<DrilldownRow>('drilldown', { province: province.id, indicator: code, period })));
    return { code, now, prior, lastYear };
  });

  const indicators: IndicatorAnswers[] = [];
  const national: NationalAnalysisRow[] = [];
  const values: ProvinceValueRow[] = [];
  for (const a of answers) {
    const ind = indicatorByCode(a.code)!;
    const priorBy = new Map(a.prior.map((r) => [r.unit_id, r]));
    const lastBy = new Map(a.lastYear.map((r) => [r.unit_id, r]));
    const yoy: YoyRow[] = a.now.map((r) => {
      // The provincial office is named in full: its short name is the province's.
      const name = r.unit_level === 'province' ? unitById(r.unit_id)?.full_name ?? r.unit_name : shortName(r.unit_name, province.name);
      const p = priorBy.get(r.unit_id)?.value ?? null;
      const l = lastBy.get(r.unit_id)?.value ?? null;
      return {
        unit_id: r.unit_id, unit_name: name, value: r.value, prior_value: p, change_prior: yoyChange(ind.kind, r.value, p),
        last_year_value: l, change_last_year: yoyChange(ind.kind, r.value, l), change_unit: ind.kind === 'rate' ? 'percentage_points' : 'percent',
        partial_period: r.partial_period === true || r.partial === true,
      };
    });
    const ranking = a.now.filter((r) => r.rank !== null && r.value !== null).map((r) => ({ unit_id: r.unit_id, unit_name: r.unit_name, value: r.value!, rank: r.rank! }));
    indicators.push({ indicator: a.code, yoy, ranking: ranking.length ? ranking : null });
    for (const [period, rows] of [[ctx.period, a.now], [ctx.prior_period, a.prior], [ctx.last_year_period, a.lastYear]] as const) {
      const total = rows.find((r) => r.province_value !== null)?.province_value ?? null;
      national.push({
        period, indicator: a.code, value: total, ...(ind.kind === 'rate' ? sums(rows) : { numerator: null, denominator: null }),
        provinces_reporting: rows.filter((r) => r.value !== null).length, flag: null, synthetic: c.synthetic,
      });
      for (const r of rows) {
        values.push({
          unit_id: r.unit_id, period, indicator: a.code, value: r.value, numerator: r.numerator, denominator: r.denominator, flag: r.flag,
          extracted: r.extracted ?? null, reviewed: r.reviewed ?? null, reconciled: r.reconciled ?? null,
        });
      }
    }
  }

  // Missing reports: the country's list, this province's units.
  const allUnits = new Set(answers.flatMap((a) => a.now.map((r) => r.unit_id)));
  const missing = c.missing.filter((m) => m.province_id === province.id || allUnits.has(m.unit_id)).map((m) => m.unit_id);
  const completeness: CompletenessRow | null = c.completeness && allUnits.size
    ? { period: ctx.period, expected: allUnits.size, received: allUnits.size - new Set(missing).size, missing_count: new Set(missing).size, missing_units: unitList(missing) }
    : null;
  // Disagreements: the country's, this province's units (already placed in their province).
  const reconciliation: ReconciliationRow[] | null = c.reconciliation_checked
    ? c.disagreements.filter((d) => d.province_id === province.id).map((d) => ({
      unit_id: d.unit_id, unit_name: d.unit_name, compared_with: d.compared_with, period: ctx.period, indicator: d.indicator,
      reported_value: d.reported_value, rolled_up_value: d.rolled_up_value, difference: d.difference, status: 'differs',
    }))
    : null;
  // Late reports: the country's, this province's units.
  const late = c.late_checked
    ? c.late.filter((l) => l.province_id === province.id).map((l) => ({ period: l.period, unit_id: l.unit_id, unit_name: l.unit_name, province_id: l.province_id, month: l.month, submitted_at: l.submitted_at, days_late: l.days_late }))
    : null;
  const provinceAnswers: CompareAnswers = {
    context: ctx, as_of: c.as_of, geography: c.geography, indicators, national, attainment: [], values, reconciliation, completeness, late,
  };
  const out = assembleComparison(provinceAnswers);
  return {
    ...out,
    synthetic: c.synthetic,
    scope: { province_id: province.id, province_name: province.name },
    // The province's units by report (the completeness of the province counts units, not monthly reports).
    expected_provinces: allUnits.size,
    sources: { ...out.sources, ranking: 'drilldown', changes: 'drilldown', counts: 'drilldown', national: 'drilldown', attainment: 'catalog targets', missing: 'completeness' },
  };
}
