/**
 * The independent model of a period figure (DOMAIN.md §3), computed by hand from the report
 * files themselves, for tests to compare the views and analyses against (never by running their
 * SQL). Per unit: its own report for the period where it sent one (the official figure), else
 * the roll-up of its months — flows sum; closing stocks take the last month and opening stocks
 * the first; a workload is Σ resolved + what is still open after the last month; a rate is
 * 100 × numerator / denominator with each aggregated by its kind (a workload denominator as a
 * workload). Over units counts sum and rates are recomputed from the summed parts. Over a period
 * that spans the 2025 switch (`eraAware`), a closing stock counts only the later era's units, an
 * opening stock only the earlier era's, and a workload the earlier era's resolved part plus the
 * later era's whole workload.
 */
import { period as periodOf } from '../../functions/core/calendar.ts';
import { indicatorByCode, timeAggregation } from '../../functions/core/catalog.ts';
import type { InputReport } from '../../functions/core/types.ts';
import { unitById, type Unit } from '../../functions/core/units.ts';

const round2 = (x: number) => Math.round(x * 100) / 100;
const eraRank = (u: Unit) => (u.era === '2025' ? 2 : 1);

/** The current monthly reports of the units kept, in the months given. */
export function monthReports(current: Iterable<InputReport>, months: readonly string[], keep: (u: Unit) => boolean): InputReport[] {
  const want = new Set(months);
  return [...current].filter((r) => (r.scope ?? 'unit') === 'unit' && want.has(r.period) && keep(unitById(r.unit_id!)!));
}

function valueOf(r: InputReport, code: string) {
  return r.values.find((v) => v.indicator === code);
}

/** One unit's figure for a period; `open` is a workload's stock still open at the end. */
export interface UnitFigure {
  unit: Unit;
  value: number | null;
  numerator?: number;
  denominator?: number;
  open?: number;
}

/** A unit's figure rolled up from its monthly reports (undefined: it never reported the indicator). */
export function unitRollup(code: string, months: InputReport[]): UnitFigure | undefined {
  const ind = indicatorByCode(code)!;
  const rule = timeAggregation(ind);
  const sorted = [...months].sort((a, b) => (a.period < b.period ? -1 : 1));
  const have = sorted.filter((r) => valueOf(r, code));
  if (have.length === 0) return undefined;
  const unit = unitById(sorted[0].unit_id!)!;
  const v = (r: InputReport) => valueOf(r, code)!;
  if (rule === 'sum') return { unit, value: have.reduce((s, r) => s + v(r).value, 0) };
  if (rule === 'last') return { unit, value: v(have[have.length - 1]).value };
  if (rule === 'first') return { unit, value: v(have[0]).value };
  if (rule === 'ratio_of_sums') {
    const n = have.reduce((s, r) => s + v(r).numerator!, 0);
    const d = have.reduce((s, r) => s + v(r).denominator!, 0);
    return { unit, numerator: n, denominator: d, value: have.length === 1 ? v(have[0]).value : d > 0 ? round2((100 * n) / d) : null };
  }
  // a workload, or a rate over one: what was resolved, plus what is still open after the last month
  const isRate = rule === 'ratio_over_workload';
  const resolvedCode = isRate ? ind.numerator! : ind.workload!.resolved;
  const resolved = have.reduce((s, r) => s + (isRate ? v(r).numerator! : valueOf(r, resolvedCode)!.value), 0);
  // a month's report leaves out a rate whose denominator is 0: nothing was open then
  const last = valueOf(sorted[sorted.length - 1], code);
  const open = !last ? 0 : isRate ? last.denominator! - last.numerator! : last.value - valueOf(sorted[sorted.length - 1], resolvedCode)!.value;
  if (!isRate) return { unit, value: resolved + open, open };
  const d = resolved + open;
  const value = have.length === 1 && last ? last.value : d > 0 ? round2((100 * resolved) / d) : null;
  return { unit, numerator: resolved, denominator: d, open, value };
}

/** Combines units' figures for one period (and, era-aware, across the 2025 switch). */
export function combineUnits(code: string, figures: UnitFigure[], opts: { eraAware?: boolean } = {}): number | null | undefined {
  if (figures.length === 0) return undefined;
  if (figures.length === 1) return figures[0].value;
  const ind = indicatorByCode(code)!;
  const rule = timeAggregation(ind);
  const eras = figures.map((f) => eraRank(f.unit));
  const lastEra = opts.eraAware ? Math.max(...eras) : 0;
  const firstEra = opts.eraAware ? Math.min(...eras) : 0;
  const earlier = (f: UnitFigure) => opts.eraAware === true && eraRank(f.unit) < lastEra;
  if (rule === 'last') return figures.filter((f) => !opts.eraAware || eraRank(f.unit) === lastEra).reduce((s, f) => s + f.value!, 0);
  if (rule === 'first') return figures.filter((f) => !opts.eraAware || eraRank(f.unit) === firstEra).reduce((s, f) => s + f.value!, 0);
  if (rule === 'sum') return figures.reduce((s, f) => s + f.value!, 0);
  if (rule === 'workload') return figures.reduce((s, f) => s + f.value! - (earlier(f) ? f.open ?? 0 : 0), 0);
  const n = figures.reduce((s, f) => s + f.numerator!, 0);
  const d = figures.reduce((s, f) => s + f.denominator! - (rule === 'ratio_over_workload' && earlier(f) ? f.open ?? 0 : 0), 0);
  return d > 0 ? round2((100 * n) / d) : null;
}

/** The roll-up of months only (the units' own period reports ignored). */
export function expectedRollup(code: string, reports: InputReport[], opts: { eraAware?: boolean } = {}): number | null | undefined {
  const byUnit = new Map<string, InputReport[]>();
  for (const r of reports) byUnit.set(r.unit_id!, [...(byUnit.get(r.unit_id!) ?? []), r]);
  const figures = [...byUnit.values()].map((rs) => unitRollup(code, rs)).filter((f): f is UnitFigure => f !== undefined);
  return combineUnits(code, figures, opts);
}

/**
 * The official figure of the units kept for a period: each unit's own report for the period
 * where it sent one, else the roll-up of its months; then combined over units.
 */
export function expectedOfficial(
  code: string, label: string, current: Iterable<InputReport>, keep: (u: Unit) => boolean, opts: { eraAware?: boolean } = {},
): number | null | undefined {
  const p = periodOf(label);
  const own = new Map<string, InputReport>();
  const months = new Map<string, InputReport[]>();
  const want = new Set(p.months);
  for (const r of current) {
    if ((r.scope ?? 'unit') !== 'unit' || !keep(unitById(r.unit_id!)!)) continue;
    if (r.period === label && p.type !== 'month') own.set(r.unit_id!, r);
    else if (want.has(r.period)) months.set(r.unit_id!, [...(months.get(r.unit_id!) ?? []), r]);
  }
  const figures: UnitFigure[] = [];
  for (const unitId of new Set([...own.keys(), ...months.keys()])) {
    const r = own.get(unitId);
    const v = r && valueOf(r, code);
    if (v) figures.push({ unit: unitById(unitId)!, value: v.value, numerator: v.numerator ?? undefined, denominator: v.denominator ?? undefined });
    else {
      const f = unitRollup(code, months.get(unitId) ?? []);
      if (f) figures.push(f);
    }
  }
  return combineUnits(code, figures, opts);
}
