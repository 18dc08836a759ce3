/**
 * The independent model of a period figure (DOMAIN.md §3), computed by hand from the monthly
 * reports themselves, for tests to compare the views and analyses against (never by running
 * their SQL): flows sum; closing stocks take each unit's last month and opening stocks its
 * first; a workload is, per unit, Σ resolved + what is still open after its last month; a rate
 * is 100 × numerator / denominator with each aggregated by its kind (a workload denominator as a
 * workload). Over a period that spans the 2025 switch (`eraAware`), a closing stock counts only
 * the later era's units, an opening stock only the earlier era's, and a workload the earlier
 * era's resolved part plus the later era's whole workload.
 */
import { indicatorByCode, timeAggregation } from '../../functions/core/catalog.ts';
import type { InputReport } from '../../functions/core/types.ts';
import { unitById, type Unit } from '../../functions/core/units.ts';

const round2 = (x: number) => Math.round(x * 100) / 100;
const eraRank = (u: Unit) => (u.era === '2025' ? 2 : 1);

/** The current monthly reports of the units kept, in the months given. */
export function monthReports(current: Iterable<InputReport>, months: readonly string[], keep: (u: Unit) => boolean): InputReport[] {
  const want = new Set(months);
  return [...current].filter((r) => want.has(r.period) && keep(unitById(r.unit_id!)!));
}

function valueOf(r: InputReport, code: string) {
  return r.values.find((v) => v.indicator === code);
}

/** undefined: no unit reported the indicator; null: not computable (a zero denominator). */
export function expectedRollup(code: string, reports: InputReport[], opts: { eraAware?: boolean } = {}): number | null | undefined {
  const ind = indicatorByCode(code)!;
  const rule = timeAggregation(ind);
  const withValue = reports.filter((r) => valueOf(r, code));
  if (withValue.length === 0) return undefined;
  const byUnit = new Map<string, InputReport[]>();
  for (const r of reports) {
    const list = byUnit.get(r.unit_id!) ?? [];
    list.push(r);
    byUnit.set(r.unit_id!, list);
  }
  const eras = withValue.map((r) => eraRank(unitById(r.unit_id!)!));
  const lastEra = opts.eraAware ? Math.max(...eras) : 0;
  const firstEra = opts.eraAware ? Math.min(...eras) : 0;
  const inEra = (unitId: string, era: number) => !opts.eraAware || eraRank(unitById(unitId)!) === era;

  if (rule === 'sum') return withValue.reduce((s, r) => s + valueOf(r, code)!.value, 0);
  if (rule === 'last' || rule === 'first') {
    let total = 0;
    for (const [unitId, rs] of byUnit) {
      if (!inEra(unitId, rule === 'last' ? lastEra : firstEra)) continue;
      const have = rs.filter((r) => valueOf(r, code)).sort((a, b) => (a.period < b.period ? -1 : 1));
      if (have.length) total += valueOf(rule === 'last' ? have[have.length - 1] : have[0], code)!.value;
    }
    return total;
  }
  if (rule === 'ratio_of_sums') {
    if (withValue.length === 1) return valueOf(withValue[0], code)!.value;
    const n = withValue.reduce((s, r) => s + valueOf(r, code)!.numerator!, 0);
    const d = withValue.reduce((s, r) => s + valueOf(r, code)!.denominator!, 0);
    return d > 0 ? round2((100 * n) / d) : null;
  }
  // a workload, or a rate over one: per unit, what was resolved plus what is still open at the end
  const isRate = rule === 'ratio_over_workload';
  const resolvedCode = isRate ? ind.numerator! : ind.workload!.resolved;
  let resolved = 0;
  let workload = 0;
  let single: number | undefined;
  for (const [unitId, rs] of byUnit) {
    const sorted = [...rs].sort((a, b) => (a.period < b.period ? -1 : 1));
    const lastReport = sorted[sorted.length - 1];
    let unitResolved = 0;
    let seen = 0;
    for (const r of sorted) {
      const v = valueOf(r, code);
      if (!v) continue;
      seen++;
      unitResolved += isRate ? v.numerator! : valueOf(r, resolvedCode)!.value;
    }
    if (seen === 0) continue;
    // a month's report leaves out a rate whose denominator is 0: nothing open then
    const last = valueOf(lastReport, code);
    const open = !last ? 0 : isRate ? last.denominator! - last.numerator! : last.value - valueOf(lastReport, resolvedCode)!.value;
    const laterEraPresent = opts.eraAware && eraRank(unitById(unitId)!) < lastEra;
    resolved += unitResolved;
    workload += unitResolved + (laterEraPresent ? 0 : open);
    if (withValue.length === 1 && last) single = last.value;
  }
  if (!isRate) return workload;
  if (single !== undefined) return single;
  return workload > 0 ? round2((100 * resolved) / workload) : null;
}
