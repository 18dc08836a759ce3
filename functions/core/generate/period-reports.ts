/**
 * Units' own cumulative reports (quarter, 6 months, 9 months, year) from the same simulation as
 * their monthly reports, and a province's "hai cấp" report (its office and its district or
 * regional units together) from its units' period reports. Period figures follow the catalog's
 * time aggregation (DOMAIN.md §3): flows sum, opening stocks take the first month, closing
 * stocks the last, a workload is Σ resolved + what is still open after the last month; rates are
 * recomputed from those by the report builder.
 *
 * A small share of period reports disagree with the roll-up of the unit's months, in the two ways
 * that happen: a digit typed wrong in the period report, or a month revised after the annual
 * report was sent (every period report containing that month keeps the old figure). Each is
 * recorded as a Disagreement so tests know exactly which figures must not reconcile.
 */
import { indicatorByCode, timeAggregation } from '../catalog.ts';
import type { Period } from '../calendar.ts';
import type { Rng } from './prng.ts';

/** Share of unit period reports with a typed digit wrong (only where the months are complete). */
export const TYPO_SHARE = 0.01;
/** Share of unit-years with one month revised after the annual report was sent. */
export const LATE_REVISION_SHARE = 0.04;
/** Share of "hai cấp" province reports with a typed digit wrong. */
export const PROVINCE_TYPO_SHARE = 0.05;

/** Counts a typed digit may hit, and those a late revision corrects (disjoint, so each figure has one cause). */
export const TYPO_TARGETS = ['crime_reports_received', 'direct_inspections', 'conclusions_issued', 'lessons_learned_notices'];
export const LATE_REVISION_TARGETS = ['key_cases', 'model_trial_sessions'];

export interface Disagreement {
  kind: 'typed_digit' | 'month_revised_after';
  unit_id: string;
  scope: 'unit' | 'province_total';
  period: string;
  indicator: string;
  /** The figure in the period report. */
  reported: number;
  /** What the months (or, for a "hai cấp" report, the units' reports) add up to. */
  rolled_up: number;
  /** The month revised after the annual report (month_revised_after). */
  month?: string;
}

/** A period's figures from its months' counts, by the catalog's time aggregation. */
export function periodCounts(months: readonly Record<string, number>[]): Record<string, number> {
  const out: Record<string, number> = {};
  const first = months[0];
  const last = months[months.length - 1];
  for (const code of Object.keys(first)) {
    const ind = indicatorByCode(code);
    const rule = ind ? timeAggregation(ind) : 'sum';
    if (rule === 'first') out[code] = first[code];
    else if (rule === 'last') out[code] = last[code];
    else if (rule === 'workload') {
      const resolved = ind!.workload!.resolved;
      out[code] = months.reduce((s, m) => s + m[resolved], 0) + (last[code] - last[resolved]);
    } else out[code] = months.reduce((s, m) => s + (m[code] ?? 0), 0);
  }
  return out;
}

/** Sums several units' period figures (a "hai cấp" total): every kind of count sums over units. */
export function sumCounts(parts: readonly Record<string, number>[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const p of parts) for (const [k, v] of Object.entries(p)) out[k] = (out[k] ?? 0) + v;
  return out;
}

/** The number as typed with one digit wrong: never the same number, never negative. */
export function mistype(value: number, rng: Rng): number {
  const digits = String(value).split('');
  const i = rng.int(0, digits.length - 1);
  const choices = '0123456789'.split('').filter((d) => d !== digits[i] && !(i === 0 && d === '0' && digits.length > 1));
  digits[i] = choices[rng.int(0, choices.length - 1)];
  return Number(digits.join(''));
}

/** Periods (of the given types) whose months all lie in `months`, i.e. fully inside the unit's era. */
export function coveredPeriods(periods: readonly Period[], months: ReadonlySet<string>): Period[] {
  return periods.filter((p) => p.months.every((m) => months.has(m)));
}
