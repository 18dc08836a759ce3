/**
 * The comparison, assembled from the answers of the named analyses (no I/O): per indicator the
 * national value (`national`: ratio of sums), the province ranking (`ranking`), changes against
 * the previous period and the same period last year (`yoy`), target verdicts (`attainment`),
 * numerators and denominators (`provinces_all`), and missing reports (`completeness`). Judged
 * here (stats/): which changes are beyond chance for a province's size (funnel-plot limits,
 * stats/funnel.ts), rank ranges from 95 % intervals (stats/ranks.ts), the biggest movers among
 * changes beyond chance, and what each judgement rests on (caveats).
 */
import { indicatorByCode, meetsTarget, targetAt, type Indicator } from '../core/catalog.ts';
import { provinceOf, provincesAt, successorOf, unitById } from '../core/units.ts';
import { directionSign } from './direction.ts';
import { poissonInterval, wilson } from './stats/distributions.ts';
import { countShiftTest, judge, rateLevelTest, rateShiftTest, type Test } from './stats/funnel.ts';
import { rankRanges } from './stats/ranks.ts';
import type {
  AttainmentOut, AttainmentRow, Comparison, CompletenessRow, Geography, MissingRow, MoverRow, NationalAnalysisRow,
  DisagreementRow, LateRow, NationalRow, OutlierRow, PeriodContext, ProvinceRow, ProvinceValueRow, RankingRow, ReconciliationRow, TimelinessRow, YoyRow,
} from './types.ts';

/** What the analyses answered for one indicator. */
export interface IndicatorAnswers {
  indicator: string;
  yoy: YoyRow[];
  /** Null when the indicator has no value in the period (not asked). */
  ranking: RankingRow[] | null;
}

export interface CompareAnswers {
  context: PeriodContext;
  /** The moment the analyses answered as of (contract 4); null = asked as of whenever they ran. */
  as_of?: string | null;
  geography: Geography;
  indicators: IndicatorAnswers[];
  /** `national` rows of the period, the previous period and the same period last year. */
  national: NationalAnalysisRow[];
  attainment: AttainmentRow[];
  /** `provinces_all` rows of the period, the previous period and the same period last year. */
  values: ProvinceValueRow[];
  /** `reconciliation` rows of the period; null when the engine has no such analysis. */
  reconciliation?: ReconciliationRow[] | null;
  /** The `completeness` row of the period (null when the analysis has none). */
  completeness: CompletenessRow | null;
  /** `timeliness` rows of the period; null/absent when the engine has no such analysis. */
  late?: TimelinessRow[] | null;
}

/** Movers per indicator and direction. */
export const MOVERS_PER_SIDE = 3;
/**
 * A change ranks as a mover only when it is beyond chance at this z (95 %, before the
 * overdispersion adjustment): a province's biggest swing on a handful of cases is not news.
 */
export const MOVER_Z = 1.96;
/** A rate's denominator below this is marked small_base (its interval spans tens of points). */
export const SMALL_BASE = 30;

/**
 * What a figure's judgements rest on, in the order shown. partial_period: the province did not
 * exist for the whole period; not_harmonized: re-expressed in the 2025 provinces from parts that
 * do not add up; percent_only: a rate known only as a percentage (no test possible); extracted:
 * taken from a text report by extraction; unreviewed: extracted and not yet reviewed;
 * unreconciled: the province's reports disagree; small_base: denominator under SMALL_BASE;
 * target_uncertain: the target lies inside the figure's 95 % interval.
 */
export const CAVEATS = ['partial_period', 'not_harmonized', 'percent_only', 'extracted', 'unreviewed', 'unreconciled', 'small_base', 'target_uncertain'] as const;
export type Caveat = (typeof CAVEATS)[number];

const round2 = (x: number) => Math.round(x * 100) / 100;
const round3 = (x: number) => Math.round(x * 1000) / 1000;

function diff(a: number | null, b: number | null): number | null {
  return a === null || b === null ? null : round2(a - b);
}

/** Absolute change and relative change (counts) or points (rates), from a `yoy` change. */
function changes(kind: Indicator['kind'], value: number | null, base: number | null, yoyChange: number | null): { change: number | null; change_pct: number | null } {
  if (kind === 'rate') return { change: yoyChange, change_pct: null };
  return { change: diff(value, base), change_pct: yoyChange };
}

type Basis = 'last_year' | 'prior';

interface Counts {
  x: number;
  n: number;
}

/** A province's numerator and denominator for a rate, when both are known and usable. */
function rateCounts(v: ProvinceValueRow | undefined): Counts | null {
  if (!v || v.flag === 'percent_only' || v.numerator === null || v.denominator === null) return null;
  const x = Number(v.numerator);
  const n = Number(v.denominator);
  return Number.isFinite(x) && Number.isFinite(n) && n > 0 && x >= 0 && x <= n ? { x, n } : null;
}

/** Sum of numerators over sum of denominators of the provinces that have both sides. */
function pooled(pairs: readonly { now: Counts; then: Counts }[]): { now: number; then: number } | null {
  let xn = 0, nn = 0, xt = 0, nt = 0;
  for (const p of pairs) {
    xn += p.now.x; nn += p.now.n; xt += p.then.x; nt += p.then.n;
  }
  return nn > 0 && nt > 0 ? { now: xn / nn, then: xt / nt } : null;
}

/** Change tests of every province against a basis (null where untestable). */
function shiftTests(ind: Indicator, rows: readonly ProvinceRow[], values: ValueLookup, basis: Basis, ctx: PeriodContext): (Test | null)[] {
  const basePeriod = basis === 'last_year' ? ctx.last_year_period : ctx.prior_period;
  if (ind.kind === 'rate') {
    const pairs = rows.map((p) => {
      const now = rateCounts(values(ind.code, p.unit_id, ctx.period));
      const then = rateCounts(values(ind.code, p.unit_id, basePeriod));
      return now && then ? { now, then } : null;
    });
    const pool = pooled(pairs.filter((x): x is { now: Counts; then: Counts } => x !== null));
    if (!pool) return rows.map(() => null);
    return pairs.map((x) => (x ? rateShiftTest(x.now.x, x.now.n, x.then.x, x.then.n, pool.now - pool.then) : null));
  }
  const base = (p: ProvinceRow) => (basis === 'last_year' ? p.last_year_value : p.prior_value);
  const both = rows.filter((p) => p.value !== null && base(p) !== null);
  const sumNow = both.reduce((a, p) => a + (p.value as number), 0);
  const sumThen = both.reduce((a, p) => a + (base(p) as number), 0);
  if (!(sumNow > 0 && sumThen > 0)) return rows.map(() => null);
  return rows.map((p) => (p.value !== null && base(p) !== null ? countShiftTest(p.value, base(p) as number, sumNow / sumThen) : null));
}

function movement(ind: Indicator, up: boolean): string {
  const sign = directionSign(ind.direction);
  if (sign === 0) return up ? 'up' : 'down';
  return (up ? sign > 0 : sign < 0) ? 'improved' : 'worsened';
}

/** The metric movers are ranked by: points for rates, percent for counts. */
function moverMetric(ind: Indicator, p: ProvinceRow, basis: Basis): number | null {
  if (ind.kind === 'rate') return basis === 'last_year' ? p.change_last_year : p.change_prior;
  return basis === 'last_year' ? p.change_last_year_pct : p.change_prior_pct;
}

/** The biggest changes each way among those beyond chance for the province's size. */
function moversOf(ind: Indicator, provinces: readonly ProvinceRow[], tests: readonly (Test | null)[], basis: Basis): MoverRow[] {
  const scored = provinces
    .map((p, i) => ({ p, m: moverMetric(ind, p, basis), t: tests[i] }))
    .filter((x): x is { p: ProvinceRow; m: number; t: Test } => x.m !== null && x.m !== 0 && x.t !== null && Math.abs(x.t.z) >= MOVER_Z && Math.sign(x.t.z) === Math.sign(x.m));
  const out: MoverRow[] = [];
  for (const up of [true, false]) {
    scored
      .filter((x) => (up ? x.m > 0 : x.m < 0))
      .sort((a, b) => (up ? b.m - a.m : a.m - b.m) || (a.p.unit_id < b.p.unit_id ? -1 : 1))
      .slice(0, MOVERS_PER_SIDE)
      .forEach((x, i) => out.push({
        indicator: ind.code, unit_id: x.p.unit_id, unit_name: x.p.unit_name, movement: movement(ind, up), basis, change: x.m,
        value: x.p.value, base_value: basis === 'last_year' ? x.p.last_year_value : x.p.prior_value, position: i + 1,
      }));
  }
  // Improvements (or rises) first, as the digest lists them.
  return out.sort((a, b) => Number(a.movement === 'worsened' || a.movement === 'down') - Number(b.movement === 'worsened' || b.movement === 'down') || a.position - b.position);
}

type ValueLookup = (indicator: string, unit: string, period: string) => ProvinceValueRow | undefined;

/** Disagreements listed in the digest and its table. */
export const DISAGREEMENTS_SHOWN = 20;

/**
 * The period's disagreements, each placed in the province the comparison shows it under (a
 * pre-2025 unit in its successor when the comparison is in the 2025 provinces), largest first by
 * the size of the difference against the reported figure.
 */
function disagreementsOf(a: CompareAnswers): DisagreementRow[] {
  const rows = (a.reconciliation ?? []).filter((r) => r.status === 'differs' && r.period === a.context.period);
  const out = rows.map((r) => {
    const u = unitById(r.unit_id);
    let p = u ? provinceOf(u) : undefined;
    if (p && a.geography === 'as_2025' && p.era === 'pre2025') p = successorOf(p.id) ?? p;
    return {
      indicator: r.indicator, unit_id: r.unit_id, unit_name: r.unit_name, province_id: p?.id ?? '', province_name: p?.name ?? '',
      compared_with: r.compared_with ?? null, reported_value: r.reported_value, rolled_up_value: r.rolled_up_value, difference: r.difference,
    };
  });
  const size = (d: DisagreementRow) => {
    const diff = Math.abs(d.difference ?? 0);
    const base = Math.abs(d.reported_value ?? 0);
    return indicatorByCode(d.indicator)?.kind === 'rate' || base === 0 ? diff : diff / base;
  };
  return out.sort((x, y) => size(y) - size(x) || cmp(x.unit_id, y.unit_id));
}

/** The province a unit is shown under: its own, or its successor when the comparison is in the 2025 provinces. */
function shownProvince(unitId: string, geography: Geography): { id: string; name: string } {
  const u = unitById(unitId);
  let p = u ? provinceOf(u) : undefined;
  if (p && geography === 'as_2025' && p.era === 'pre2025') p = successorOf(p.id) ?? p;
  return { id: p?.id ?? '', name: p?.name ?? '' };
}

/** The period's late reports, by province, unit and month. */
function lateOf(a: CompareAnswers): LateRow[] {
  return (a.late ?? [])
    .filter((r) => r.period === a.context.period)
    .map((r) => {
      const p = shownProvince(r.unit_id, a.geography);
      return {
        period: r.period, unit_id: r.unit_id, unit_name: r.unit_name, level: unitById(r.unit_id)?.level ?? '', province_id: p.id, province_name: p.name,
        month: r.month, submitted_at: new Date(r.submitted_at).toISOString(), days_late: Number(r.days_late),
      };
    })
    .sort((x, y) => cmp(x.province_id, y.province_id) || cmp(x.unit_id, y.unit_id) || cmp(x.month, y.month));
}

function caveatText(set: Set<Caveat>): string | null {
  const xs = CAVEATS.filter((c) => set.has(c));
  return xs.length ? xs.join(';') : null;
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

  const attainmentBy = new Map<string, AttainmentRow>();
  for (const r of a.attainment) attainmentBy.set(`${r.indicator}|${r.unit_id}`, r);
  const nationalBy = new Map<string, NationalAnalysisRow>();
  for (const r of a.national) nationalBy.set(`${r.indicator}|${r.period}`, r);
  const valueBy = new Map<string, ProvinceValueRow>();
  for (const r of a.values) valueBy.set(`${r.indicator}|${r.unit_id}|${r.period}`, r);
  const values: ValueLookup = (indicator, unit, period) => valueBy.get(`${indicator}|${unit}|${period}`);
  const disagreements = disagreementsOf(a);
  // Keyed by province and by unit: a province's briefing marks the unit itself.
  const unreconciled = new Set(disagreements.flatMap((d) => [`${d.indicator}|${d.province_id}`, `${d.indicator}|${d.unit_id}`]));

  for (const ans of a.indicators) {
    const ind = indicatorByCode(ans.indicator);
    if (!ind) continue;
    const cur = ans.yoy.filter((r) => r.value !== null);
    if (cur.length === 0) continue;
    const target = targetAt(ind, ctx.end) ?? null;
    const ranking = new Map((ans.ranking ?? []).map((r) => [r.unit_id, r]));
    const nRanked = ranking.size;
    const isRate = ind.kind === 'rate';
    const caveats = new Map<string, Set<Caveat>>();
    /** Units whose figure is extracted and unreviewed: shown, marked, but not judged. */
    const withheld = new Set<string>();

    const provRows: ProvinceRow[] = cur.map((r) => {
      const rk = ranking.get(r.unit_id);
      const cp = changes(ind.kind, r.value, r.prior_value, r.change_prior);
      const cl = changes(ind.kind, r.value, r.last_year_value, r.change_last_year);
      const att = attainmentBy.get(`${ind.code}|${r.unit_id}`);
      const v = values(ind.code, r.unit_id, ctx.period);
      const counts = isRate ? rateCounts(v) : null;
      // 95 % interval of the value: Wilson for a rate with its counts, exact Poisson for a count.
      const ci = isRate
        ? counts && wilson(counts.x, counts.n)
        : r.value !== null && r.value >= 0 ? poissonInterval(Math.round(r.value)) : null;
      const scale = isRate ? 100 : 1;
      // An extracted figure no analyst has reviewed gives no verdict of its own (an extractor's
      // error must not become a leader's verdict, contract 3); the analyses leave it out of theirs.
      const unreviewed = v?.extracted === true && v.reviewed !== true;
      if (unreviewed) withheld.add(r.unit_id);
      const met = att ? att.met : unreviewed ? null : target && r.value !== null ? meetsTarget(r.value, target) : null;
      const cv = new Set<Caveat>();
      if (r.partial_period === true) cv.add('partial_period');
      if (r.harmonizable === false) cv.add('not_harmonized');
      if (isRate && (v?.flag === 'percent_only' || !counts)) cv.add('percent_only');
      if (v?.extracted === true) {
        cv.add('extracted');
        if (v.reviewed !== true) cv.add('unreviewed');
      }
      if (v?.reconciled === false || unreconciled.has(`${ind.code}|${r.unit_id}`)) cv.add('unreconciled');
      if (counts && counts.n < SMALL_BASE) cv.add('small_base');
      if (target && ci && met !== null && target.threshold >= ci.low * scale && target.threshold <= ci.high * scale) cv.add('target_uncertain');
      caveats.set(r.unit_id, cv);
      return {
        indicator: ind.code, unit_id: r.unit_id, unit_name: r.unit_name, value: r.value,
        numerator: counts?.x ?? null, denominator: counts?.n ?? null,
        ci_low: ci ? round2(ci.low * scale) : null, ci_high: ci ? round2(ci.high * scale) : null,
        rank: rk?.rank ?? null, rank_best: null, rank_worst: null, ranked: nRanked, percentile: rk?.percentile ?? null, quartile: rk?.quartile ?? null,
        prior_value: r.prior_value, change_prior: cp.change, change_prior_pct: cp.change_pct,
        last_year_value: r.last_year_value, change_last_year: cl.change, change_last_year_pct: cl.change_pct,
        level_z: null, level_flag: null, shift_z: null, shift_p: null, shift_flag: null, outlier: false,
        target_threshold: target?.threshold ?? null, met, partial_period: r.partial_period === true, caveats: null,
      };
    });

    // Rank ranges over the ranked provinces that have an interval; a ranked province without one
    // (a percent-only rate) could be anywhere.
    const ranked = provRows.filter((p) => p.rank !== null);
    const withCi = ranked.filter((p) => p.ci_low !== null && p.ci_high !== null);
    const ranges = rankRanges(withCi.map((p) => ({ low: p.ci_low!, high: p.ci_high! })), directionSign(ind.direction) < 0 ? -1 : 1);
    const unknown = ranked.length - withCi.length;
    withCi.forEach((p, i) => {
      p.rank_best = ranges[i].best;
      p.rank_worst = ranges[i].worst + unknown;
    });
    for (const p of ranked) if (p.rank_best === null) [p.rank_best, p.rank_worst] = [1, ranked.length];

    // Level against the country (rates): the funnel plot around the pooled rate.
    if (isRate) {
      const cs = provRows.map((p) => (p.numerator !== null && p.denominator !== null && !withheld.has(p.unit_id) ? { x: p.numerator, n: p.denominator } : null));
      const sx = cs.reduce((acc, c) => acc + (c?.x ?? 0), 0);
      const sn = cs.reduce((acc, c) => acc + (c?.n ?? 0), 0);
      const { verdicts } = judge(cs.map((c) => (c && sn > 0 ? rateLevelTest(c.x, c.n, sx / sn) : null)));
      provRows.forEach((p, i) => {
        const v = verdicts[i];
        if (!v) return;
        p.level_z = round2(v.z);
        p.level_flag = v.flag === 'high' ? 'above' : v.flag === 'low' ? 'below' : null;
      });
    }

    // Changes against the same period last year, judged by the province's size; with no
    // year-earlier values at all (the first year of data) movers use the previous period.
    // (A province's units after the July 2025 merger have no year-earlier figures either: their
    // changes are judged against the previous period.)
    const basis: Basis = provRows.some((p) => p.last_year_value !== null) ? 'last_year' : 'prior';
    const lastYearTests = shiftTests(ind, provRows, values, basis, ctx);
    const { phi, verdicts } = judge(lastYearTests);
    provRows.forEach((p, i) => {
      const v = verdicts[i];
      if (!v || withheld.has(p.unit_id)) return;
      p.shift_z = round2(v.z);
      p.shift_p = v.p === null ? null : Number(v.p.toPrecision(3));
      p.shift_flag = v.flag === 'high' ? 'up' : v.flag === 'low' ? 'down' : null;
      p.outlier = v.flag !== null;
    });
    for (const p of provRows) p.caveats = caveatText(caveats.get(p.unit_id)!);
    for (const p of provRows) {
      if (!p.outlier) continue;
      outliers.push({
        indicator: ind.code, unit_id: p.unit_id, unit_name: p.unit_name, basis, movement: movement(ind, p.shift_flag === 'up'),
        change: basis === 'prior' ? (isRate ? p.change_prior : p.change_prior_pct) : isRate ? p.change_last_year : p.change_last_year_pct,
        value: p.value, base_value: basis === 'prior' ? p.prior_value : p.last_year_value,
        z: p.shift_z!, p_value: p.shift_p, method: isRate ? 'rate_shift' : 'count_shift', caveats: p.caveats,
      });
    }
    movers.push(...moversOf(ind, provRows, lastYearTests.map((t, i) => (withheld.has(provRows[i].unit_id) ? null : t)), basis));
    provRows.sort((x, y) => (x.rank ?? Infinity) - (y.rank ?? Infinity) || cmp(x.unit_id, y.unit_id));
    provinces.push(...provRows);

    const n = nationalBy.get(`${ind.code}|${ctx.period}`);
    const np = nationalBy.get(`${ind.code}|${ctx.prior_period}`);
    const nl = nationalBy.get(`${ind.code}|${ctx.last_year_period}`);
    const nv = n?.value ?? null;
    const pct = (base: number | null) => (ind.kind === 'rate' || nv === null || base === null || base <= 0 ? null : round2((100 * (nv - base)) / base));
    const verdictRows = provRows.filter((p) => p.met !== null);
    national.push({
      indicator: ind.code, indicator_name_vi: ind.name_vi, work_area: ind.work_area, kind: ind.kind, unit: ind.unit,
      direction: ind.direction, value: nv, numerator: n?.numerator ?? null, denominator: n?.denominator ?? null,
      prior_value: np?.value ?? null, change_prior: diff(nv, np?.value ?? null), change_prior_pct: pct(np?.value ?? null),
      last_year_value: nl?.value ?? null, change_last_year: diff(nv, nl?.value ?? null), change_last_year_pct: pct(nl?.value ?? null),
      provinces_reporting: n?.provinces_reporting ?? cur.length,
      target_comparator: target?.comparator ?? null, target_threshold: target?.threshold ?? null,
      target_evidence: target?.evidence ?? null,
      met: target && nv !== null ? meetsTarget(nv, target) : null,
      provinces_met: target ? verdictRows.filter((p) => p.met).length : null,
      provinces_missed: target ? verdictRows.filter((p) => !p.met).length : null,
      flag: n?.flag ?? null, synthetic: n?.synthetic === true,
      shift_phi: lastYearTests.some((t) => t !== null) ? round3(phi) : null,
      provinces_flagged: provRows.filter((p) => p.outlier).length,
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
    as_of: a.as_of ?? null,
    geography: a.geography,
    synthetic: national.some((n) => n.synthetic),
    national,
    provinces,
    attainment,
    movers,
    outliers,
    missing,
    late: lateOf(a),
    late_checked: a.late !== undefined && a.late !== null,
    disagreements: disagreements.slice(0, DISAGREEMENTS_SHOWN),
    reconciliation_checked: a.reconciliation !== undefined && a.reconciliation !== null,
    completeness: a.completeness
      ? { expected: a.completeness.expected, received: a.completeness.received, missing_count: a.completeness.missing_count }
      : null,
    expected_provinces: provincesAt(ctx.end).length,
    sources: {
      national: 'national',
      ranking: 'ranking',
      changes: 'yoy',
      counts: 'provinces_all',
      attainment: 'attainment',
      outliers: 'stats/funnel.ts',
      disagreements: a.reconciliation ? 'reconciliation' : 'none',
      missing: 'completeness',
      late: a.late ? 'timeliness' : 'none',
      geography: a.geography,
    },
  };
}
