/**
 * Parameters of each named analysis for a benchmark dataset: what an analyst would ask of it
 * (every province over the whole span, a recent half-year, one province's drill-down). Years
 * and units follow the dataset, so no query is "fast" because it found nothing.
 */
import type { DatasetName } from '../functions/core/generate/datasets.ts';

export type Params = Record<string, string | number>;

const INDICATOR = 'crime_report_resolution_rate';

export function analysisParams(dataset: DatasetName): Record<string, Params> {
  const [from, to] = dataset === 'small' ? [2024, 2025] : [2016, 2025];
  const province = dataset === 'small' ? 'p63-94' : 'p63-01';
  return {
    trend: { indicator: INDICATOR, units: 'provinces', from, to, period_type: 'year' },
    ranking: { indicator: INDICATOR, period: '2025-H1' },
    attainment: { period: '2025-H1' },
    completeness: { period_type: 'month', from, to },
    drilldown: { province, indicator: INDICATOR, period: '2024-Y' },
    national: { indicator: INDICATOR, from, to },
    outliers: { indicator: INDICATOR, period: '2024-Y' },
    provinces_all: { from, to },
    yoy: { indicator: INDICATOR, period: '2025-Q1' },
    // every disagreement between units' own period reports and the roll-up of their months
    reconciliation: { from, to },
    // every late monthly report over the dataset's span
    timeliness: { period_type: 'month', from, to },
  };
}

/** The request mix of the API load test: each analysis, and a few variations of the common ones. */
export function loadMix(dataset: DatasetName): { name: string; params: Params }[] {
  const base = analysisParams(dataset);
  const mix: { name: string; params: Params }[] = Object.entries(base).map(([name, params]) => ({ name, params }));
  const periods = ['2024-Y', '2025-H1', '2025-Q1', '2024-Q4'];
  const indicators = [INDICATOR, 'investigation_resolution_rate', 'crime_reports_received', 'prosecution_on_time_rate'];
  for (const indicator of indicators) {
    mix.push({ name: 'trend', params: { ...base.trend, indicator } });
    for (const period of periods) mix.push({ name: 'ranking', params: { indicator, period } });
  }
  return mix;
}
