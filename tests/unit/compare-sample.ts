/** A small comparison assembled from hand-made analysis answers (no engine), for unit tests. */
import { period as periodOf } from '../../functions/core/calendar.ts';
import { provincesAt } from '../../functions/core/units.ts';
import { assembleComparison, type CompareAnswers } from '../../functions/compare/assemble.ts';
import { periodContext } from '../../functions/compare/closed-period.ts';
import type { Comparison } from '../../functions/compare/types.ts';

export function sampleAnswers(): CompareAnswers {
  const provinces = provincesAt('2024-11-30').slice(0, 12);
  const yoy = provinces.map((u, i) => {
    const ly = 80 + i;
    const value = i === 5 ? ly + 15 : ly + 1 + (i % 3) * 0.2;
    return { unit_id: u.id, unit_name: u.name, value, prior_value: value - 0.5, change_prior: 0.5, last_year_value: ly, change_last_year: Math.round((value - ly) * 100) / 100, change_unit: 'percentage_points' };
  });
  return {
    context: periodContext(periodOf('2024-11')),
    geography: 'as_reported',
    indicators: [{
      indicator: 'crime_report_resolution_rate',
      yoy,
      ranking: [...yoy].sort((a, b) => b.value - a.value).map((r, i) => ({ unit_id: r.unit_id, unit_name: r.unit_name, value: r.value, rank: i + 1 })),
    }],
    national: [{ period: '2024-11', indicator: 'crime_report_resolution_rate', value: 90, numerator: 900, denominator: 1000, provinces_reporting: 12, flag: null, synthetic: true }],
    values: provinces.flatMap((u, i) => {
      const ly = 80 + i;
      const value = i === 5 ? ly + 15 : ly + 1 + (i % 3) * 0.2;
      return [
        { unit_id: u.id, period: '2024-11', indicator: 'crime_report_resolution_rate', value, numerator: value * 10, denominator: 1000, flag: null },
        { unit_id: u.id, period: '2023-11', indicator: 'crime_report_resolution_rate', value: ly, numerator: ly * 10, denominator: 1000, flag: null },
      ];
    }),
    attainment: [{ unit_id: provinces[0].id, unit_name: provinces[0].name, indicator: 'crime_report_resolution_rate', value: 81, comparator: '>', target: 90, evidence: 'unverified', met: false }],
    // Province 2's November report disagrees with the sum of its units.
    reconciliation: [
      { unit_id: provinces[2].id, unit_name: provinces[2].name, scope: 'province_total', compared_with: 'units', period: '2024-11', indicator: 'crime_report_resolution_rate', kind: 'rate', reported_value: 85, rolled_up_value: 82.2, difference: 2.8, status: 'differs' },
      { unit_id: provinces[3].id, unit_name: provinces[3].name, scope: 'province_total', compared_with: 'units', period: '2024-11', indicator: 'crime_report_resolution_rate', kind: 'rate', reported_value: 84, rolled_up_value: 84, difference: 0, status: 'agrees' },
    ],
    completeness: { period: '2024-11', expected: 10, received: 9, missing_count: 1, missing_units: ['d-001'] },
    // Province 4's office sent its November report 3 days after the due day.
    late: [{ period: '2024-11', unit_id: provinces[4].id, unit_name: provinces[4].name, province_id: provinces[4].id, month: '2024-11', submitted_at: '2024-12-13T03:00:00Z', days_late: 3 }],
  };
}

export function sampleComparison(): Comparison {
  return assembleComparison(sampleAnswers());
}

/** Indicators with a target, for the worst case below. */
const TARGETED = ['crime_report_resolution_rate', 'prosecution_on_time_rate', 'prosecution_correct_offence_rate', 'appeal_protest_acceptance_rate', 'spp_judicial_crime_clearance_rate'];

/**
 * The most a first page has to hold: the sample with every province missing five targets and an
 * unusual change on each of them.
 */
export function worstCase(): Comparison {
  const c = sampleComparison();
  // A real run always records its moment: one more line under the title.
  c.as_of = '2026-11-20T09:15:30.500Z';
  const base = c.provinces;
  const nat = c.national[0];
  c.provinces = TARGETED.flatMap((code) => base.map((p) => ({ ...p, indicator: code, met: false, caveats: 'small_base', outlier: true, shift_flag: 'down' })));
  c.national = TARGETED.map((code) => ({ ...nat, indicator: code, provinces_missed: base.length, provinces_met: 0 }));
  c.outliers = c.provinces.map((p) => ({ indicator: p.indicator, unit_id: p.unit_id, unit_name: p.unit_name, basis: 'last_year', movement: 'worsened', change: -12.3, value: p.value, base_value: (p.value ?? 0) + 12.3, z: -5, p_value: null, method: 'rate_shift', caveats: 'small_base' }));
  return c;
}
