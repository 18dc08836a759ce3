/**
 * Parameters of each named analysis for a benchmark dataset: what an analyst would ask of it
 * (every province over the whole span, a recent half-year, one province's drill-down). Years
 * and units follow the dataset, so no query is "fast" because it found nothing.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DatasetName } from '../functions/core/generate/datasets.ts';

export type Params = Record<string, string | number>;

const INDICATOR = 'crime_report_resolution_rate';

/**
 * The moment the warehouse's second-to-last delivery was recorded (its batch record; the rows of
 * a batch are stamped as they are written, before that record): `changes` from then lists what
 * the last delivery changed, as an analyst asks "what changed since the last briefing". Read
 * from the warehouse because its ingest times are those of the run that built it.
 */
export function lastDeliveryMoment(warehouse: string): string | undefined {
  const dir = join(warehouse, 'state', 'batches');
  if (!existsSync(dir)) return undefined;
  const times = readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .map((f) => (JSON.parse(readFileSync(join(dir, f), 'utf8')) as { ingested_at?: string }).ingested_at ?? '')
    .filter(Boolean)
    .sort();
  return times.length >= 2 ? times[times.length - 2] : undefined;
}

export function analysisParams(dataset: DatasetName, warehouse?: string): Record<string, Params> {
  const [from, to] = dataset === 'small' ? [2024, 2025] : [2016, 2025];
  const province = dataset === 'small' ? 'p63-94' : 'p63-01';
  const since = warehouse ? lastDeliveryMoment(warehouse) : undefined;
  return {
    // what the last delivery changed in the indicator of the other analyses (needs the warehouse)
    ...(since ? { changes: { from: since, indicator: INDICATOR } } : {}),
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
export function loadMix(dataset: DatasetName, warehouse?: string): { name: string; params: Params }[] {
  const base = analysisParams(dataset, warehouse);
  const mix: { name: string; params: Params }[] = Object.entries(base).map(([name, params]) => ({ name, params }));
  const periods = ['2024-Y', '2025-H1', '2025-Q1', '2024-Q4'];
  const indicators = [INDICATOR, 'investigation_resolution_rate', 'crime_reports_received', 'prosecution_on_time_rate'];
  for (const indicator of indicators) {
    mix.push({ name: 'trend', params: { ...base.trend, indicator } });
    for (const period of periods) mix.push({ name: 'ranking', params: { indicator, period } });
  }
  return mix;
}
