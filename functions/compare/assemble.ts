/**
 * The comparison, assembled from the answers of the named analyses (no I/O): per indicator the
 * national value (`national`: ratio of sums), the province ranking (`ranking`), changes against
 * the previous period and the same period last year (`yoy`), target verdicts (`attainment`),
 * outliers (`outliers`, or robust-z.ts when that analysis is absent), biggest movers (ranked
 * here from the `yoy` changes), and missing reports (`completeness`).
 */
import { indicatorByCode, meetsTarget, targetAt, type Indicator } from '../core/catalog.ts';
import { provinceOf, provincesAt, unitById } from '../core/units.ts';
import { directionSign } from './direction.ts';
import { MIN_VALUES_FOR_OUTLIERS, OUTLIER_Z, robustZ } from './robust-z.ts';
import type {
  AttainmentOut, AttainmentRow, Comparison, CompletenessRow, Geography, MissingRow, MoverRow, NationalAnalysisRow,
  NationalRow, OutlierAnalysisRow, OutlierRow, PeriodContext, ProvinceRow, RankingRow, YoyRow,
} from './types.ts';

/** What the analyses answered for one indicator. */
export interface IndicatorAnswers {
  indicator: string;
  yoy: YoyRow[];
  /** Null when the indicator has no value in the period (not asked). */
  ranking: RankingRow[] | null;
  /** Null when the `outliers` analysis does not exist (or was not asked). */
  outliers: OutlierAnalysisRow[] | null;
}

export interface CompareAnswers {
  context: PeriodContext;
  geography: Geography;
  indicators: IndicatorAnswers[];
  /** `national` rows of the period, the previous period and the same period last year. */
  national: NationalAnalysisRow[];
  attainment: AttainmentRow[];
  /** The `completeness` row of the period (null when the analysis has none). */
  completeness: CompletenessRow | null;
}

/** Movers per indicator and direction. */
export const MOVERS_PER_SIDE = 3;
/** A count must be at least this large before for its percent change to rank as a mover. */
export const MIN_BASE_FOR_PCT = 10;

const round2 = (x: number) => Math.round(x * 100) / 100;

function diff(a: number | null, b: number | null): number | null {
  return a === null || b === null ? null : round2(a - b);
}

/** Absolute change and relative change (counts) or points (rates), from a `yoy` change. */
function changes(kind: Indicator['kind'], value: number | null, base: number | null, yoyChange: number | null): { change: number | null; change_pct: number | null } {
  if (kind === 'rate') return { change: yoyChange, change_pct: null };
  return { change: diff(value, base), change_pct: yoyChange };
}

/** The metric movers are judged on: points for rates, percent for counts with a base of at least 10. */
function moverMetric(ind: Indicator, p: ProvinceRow, basis: 'last_year' | 'prior'): number | null {
  const base = basis === 'last_year' ? p.last_year_value : p.prior_value;
  if (ind.kind === 'rate') return basis === 'last_year' ? p.change_last_year : p.change_prior;
  if (base === null || base < MIN_BASE_FOR_PCT) return null;
  return basis === 'last_year' ? p.change_last_year_pct : p.change_prior_pct;
}

function moversOf(ind: Indicator, provinces: ProvinceRow[], basis: 'last_year' | 'prior'): MoverRow[] {
  const sign = directionSign(ind.direction);
  const scored = provinces
    .map((p) => ({ p, m: moverMetric(ind, p, basis) }))
    .filter((x): x is { p: ProvinceRow; m: number } => x.m !== null && x.m !== 0);
  const out: MoverRow[] = [];
  const side = (movement: string, wanted: (m: number) => boolean, largestFirst: boolean) => {
    scored
      .filter((x) => wanted(x.m))
      .sort((a, b) => (largestFirst ? b.m - a.m : a.m - b.m) || (a.p.unit_id < b.p.unit_id ? -1 : 1))
      .slice(0, MOVERS_PER_SIDE)
      .forEach((x, i) => out.push({
        indicator: ind.code, unit_id: x.p.unit_id, unit_name: x.p.unit_name, movement, basis, change: x.m,
        value: x.p.value, base_value: basis === 'last_year' ? x.p.last_year_value : x.p.prior_value, position: i + 1,
      }));
  };
  const up = (m: number) => m > 0;
  const down = (m: number) => m < 0;
  if (sign === 0) {
    side('up', up, true);
    side('down', down, false);
  } else {
    side('improved', sign > 0 ? up : down, sign > 0);
    side('worsened', sign > 0 ? down : up, sign < 0);
  }
  return out;
}

function statusOf(met: boolean | null): string {
  return met === null ? 'khong_co_so_lieu' : met ? 'dat' : 'chua_dat';
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function assembleComparison(a: CompareAnswers): Comparison {
  const ctx = a.context;
  const national: NationalRow[] = [];
  const provinces: ProvinceRow[] = [];
  const movers: MoverRow[] = [];
  const outliers: OutlierRow[] = [];
  let outlierSource = 'outliers';

  const attainmentBy = new Map<string, AttainmentRow>();
  for (const r of a.attainment) attainmentBy.set(`${r.indicator}|${r.unit_id}`, r);
  const nationalBy = new Map<string, NationalAnalysisRow>();
  for (const r of a.national) nationalBy.set(`${r.indicator}|${r.period}`, r);

  for (const ans of a.indicators) {
    const ind = indicatorByCode(ans.indicator);
    if (!ind) continue;
    const cur = ans.yoy.filter((r) => r.value !== null);
    if (cur.length === 0) continue;
    const target = targetAt(ind, ctx.end) ?? null;
    const ranking = new Map((ans.ranking ?? []).map((r) => [r.unit_id, r]));
    const nRanked = ranking.size;

    const provRows: ProvinceRow[] = cur.map((r) => {
      const rk = ranking.get(r.unit_id);
      const cp = changes(ind.kind, r.value, r.prior_value, r.change_prior);
      const cl = changes(ind.kind, r.value, r.last_year_value, r.change_last_year);
      const att = attainmentBy.get(`${ind.code}|${r.unit_id}`);
      return {
        indicator: ind.code, unit_id: r.unit_id, unit_name: r.unit_name, value: r.value,
        rank: rk?.rank ?? null, ranked: nRanked, percentile: rk?.percentile ?? null, quartile: rk?.quartile ?? null,
        prior_value: r.prior_value, change_prior: cp.change, change_prior_pct: cp.change_pct,
        last_year_value: r.last_year_value, change_last_year: cl.change, change_last_year_pct: cl.change_pct,
        robust_z: null, outlier: false, target_threshold: target?.threshold ?? null,
        met: att ? att.met : target && r.value !== null ? meetsTarget(r.value, target) : null,
        partial_period: r.partial_period === true,
      };
    });

    // Movers compare with the same period last year (free of seasonality); with no year-earlier
    // values at all (the first year of data), with the previous period.
    const basis: 'last_year' | 'prior' = provRows.some((p) => p.last_year_value !== null) ? 'last_year' : 'prior';
    if (ans.outliers) {
      const z = new Map(ans.outliers.map((o) => [o.unit_id, o]));
      const enough = ans.outliers.filter((o) => o.robust_z !== null).length >= MIN_VALUES_FOR_OUTLIERS;
      for (const p of provRows) {
        const o = z.get(p.unit_id);
        p.robust_z = o?.robust_z ?? null;
        p.outlier = enough && o?.is_outlier === true;
      }
    } else {
      // No `outliers` analysis on this engine: the same rule on the `yoy` changes.
      outlierSource = 'robust-z.ts';
      const zs = robustZ(provRows.map((p) => (ind.kind === 'rate' ? p.change_last_year : p.change_last_year_pct)));
      provRows.forEach((p, i) => {
        p.robust_z = zs[i];
        p.outlier = zs[i] !== null && Math.abs(zs[i]!) >= OUTLIER_Z;
      });
    }
    for (const p of provRows) {
      // A count that went from 1 to 4 (+300 %) is far from the others only arithmetically: counts
      // are flagged only from the same base as movers (MIN_BASE_FOR_PCT); the score stays.
      if (p.outlier && ind.kind !== 'rate' && (p.last_year_value ?? 0) < MIN_BASE_FOR_PCT) p.outlier = false;
      if (!p.outlier || p.robust_z === null) continue;
      outliers.push({
        indicator: ind.code, unit_id: p.unit_id, unit_name: p.unit_name, basis: 'last_year',
        change: ind.kind === 'rate' ? p.change_last_year : p.change_last_year_pct, robust_z: p.robust_z, source: outlierSource,
      });
    }
    provRows.sort((x, y) => (x.rank ?? Infinity) - (y.rank ?? Infinity) || cmp(x.unit_id, y.unit_id));
    provinces.push(...provRows);
    movers.push(...moversOf(ind, provRows, basis));

    const n = nationalBy.get(`${ind.code}|${ctx.period}`);
    const np = nationalBy.get(`${ind.code}|${ctx.prior_period}`);
    const nl = nationalBy.get(`${ind.code}|${ctx.last_year_period}`);
    const nv = n?.value ?? null;
    const pct = (base: number | null) => (ind.kind === 'rate' || nv === null || base === null || base <= 0 ? null : round2((100 * (nv - base)) / base));
    const verdicts = provRows.filter((p) => p.met !== null);
    national.push({
      indicator: ind.code, indicator_name_vi: ind.name_vi, work_area: ind.work_area, kind: ind.kind, unit: ind.unit,
      direction: ind.direction, value: nv, numerator: n?.numerator ?? null, denominator: n?.denominator ?? null,
      prior_value: np?.value ?? null, change_prior: diff(nv, np?.value ?? null), change_prior_pct: pct(np?.value ?? null),
      last_year_value: nl?.value ?? null, change_last_year: diff(nv, nl?.value ?? null), change_last_year_pct: pct(nl?.value ?? null),
      provinces_reporting: n?.provinces_reporting ?? cur.length,
      target_comparator: target?.comparator ?? null, target_threshold: target?.threshold ?? null,
      target_evidence: target?.evidence ?? null,
      met: target && nv !== null ? meetsTarget(nv, target) : null,
      provinces_met: target ? verdicts.filter((p) => p.met).length : null,
      provinces_missed: target ? verdicts.filter((p) => !p.met).length : null,
      flag: n?.flag ?? null, synthetic: n?.synthetic === true,
    });
  }

  const attainment: AttainmentOut[] = a.attainment
    .map((r) => ({
      indicator: r.indicator, indicator_name_vi: indicatorByCode(r.indicator)?.name_vi ?? r.indicator,
      unit_id: r.unit_id, unit_name: r.unit_name, value: r.value, comparator: r.comparator, target: r.target,
      evidence: r.evidence, met: r.met, status: statusOf(r.met),
    }))
    .sort((x, y) => cmp(x.indicator, y.indicator) || cmp(x.unit_id, y.unit_id));

  const missing: MissingRow[] = (a.completeness?.missing_units ?? [])
    .map((id) => {
      const u = unitById(id);
      const p = u ? provinceOf(u) : undefined;
      return { period: ctx.period, unit_id: id, unit_name: u?.name ?? id, level: u?.level ?? '', province_id: p?.id ?? '', province_name: p?.name ?? '' };
    })
    .sort((x, y) => cmp(x.province_id, y.province_id) || cmp(x.unit_id, y.unit_id));

  return {
    context: ctx,
    geography: a.geography,
    synthetic: national.some((n) => n.synthetic),
    national,
    provinces,
    attainment,
    movers,
    outliers,
    missing,
    completeness: a.completeness
      ? { expected: a.completeness.expected, received: a.completeness.received, missing_count: a.completeness.missing_count }
      : null,
    expected_provinces: provincesAt(ctx.end).length,
    sources: {
      national: 'national',
      ranking: 'ranking',
      changes: 'yoy',
      attainment: 'attainment',
      outliers: outlierSource,
      missing: 'completeness',
      geography: a.geography,
    },
  };
}
