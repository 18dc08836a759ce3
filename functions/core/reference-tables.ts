/**
 * The reference relations queries join to — units, indicators, targets and the calendar — as
 * rows derived from data-schemas/, so SQL never retypes the registry, the catalog or the calendar.
 * Each column list is declared once here with its logical type.
 */
import { indicators, timeAggregation } from './catalog.ts';
import { units } from './units.ts';
import { PERIOD_TYPES, periodsOfYear } from './calendar.ts';
import type { LogicalType } from './warehouse/tables.ts';

export interface ReferenceTable {
  name: string;
  columns: { name: string; type: LogicalType }[];
  rows: Record<string, string | number | boolean | null>[];
}

/** Statistical years the calendar relations cover. */
export const CALENDAR_YEARS = { from: 2000, to: 2040 };

export function referenceTables(): ReferenceTable[] {
  const unitRows = units().map((u) => ({
    id: u.id, code: u.code, name: u.name, full_name: u.full_name, level: u.level, era: u.era,
    parent_id: u.parent_id ?? null, province_id: u.province_id, valid_from: u.valid_from, valid_to: u.valid_to ?? null,
    successor_id: u.successor_id ?? null,
  }));
  const indicatorRows = indicators().map((i) => ({
    code: i.code, name_vi: i.name_vi, name_en: i.name_en, work_area: i.work_area, kind: i.kind, unit: i.unit,
    direction: i.direction, numerator: i.numerator ?? null, denominator: i.denominator ?? null,
    time_aggregation: timeAggregation(i),
  }));
  const targetRows = indicators().flatMap((i) =>
    i.targets.map((t) => ({
      indicator: i.code, comparator: t.comparator, threshold: t.threshold, source: t.source,
      valid_from: t.valid_from, valid_to: t.valid_to ?? null, evidence: t.evidence,
    })),
  );
  const months: ReferenceTable['rows'] = [];
  const periods: ReferenceTable['rows'] = [];
  for (let y = CALENDAR_YEARS.from; y <= CALENDAR_YEARS.to; y++) {
    for (const m of periodsOfYear('month', y)) {
      months.push({ month: m.label, stat_year: y, month_index: m.index, month_start: m.start, month_end: m.end });
    }
    for (const type of PERIOD_TYPES) {
      for (const p of periodsOfYear(type, y)) {
        for (const month of p.months) {
          periods.push({ month, period_type: type, period: p.label, stat_year: y, period_start: p.start, period_end: p.end, months_in_period: p.months.length });
        }
      }
    }
  }
  return [
    {
      name: 'units',
      columns: [
        { name: 'id', type: 'string' }, { name: 'code', type: 'string' }, { name: 'name', type: 'string' },
        { name: 'full_name', type: 'string' }, { name: 'level', type: 'string' }, { name: 'era', type: 'string' },
        { name: 'parent_id', type: 'string' }, { name: 'province_id', type: 'string' }, { name: 'valid_from', type: 'date' },
        { name: 'valid_to', type: 'date' }, { name: 'successor_id', type: 'string' },
      ],
      rows: unitRows,
    },
    {
      name: 'indicators',
      columns: [
        { name: 'code', type: 'string' }, { name: 'name_vi', type: 'string' }, { name: 'name_en', type: 'string' },
        { name: 'work_area', type: 'string' }, { name: 'kind', type: 'string' }, { name: 'unit', type: 'string' },
        { name: 'direction', type: 'string' }, { name: 'numerator', type: 'string' }, { name: 'denominator', type: 'string' },
        { name: 'time_aggregation', type: 'string' },
      ],
      rows: indicatorRows,
    },
    {
      name: 'indicator_targets',
      columns: [
        { name: 'indicator', type: 'string' }, { name: 'comparator', type: 'string' }, { name: 'threshold', type: 'double' },
        { name: 'source', type: 'string' }, { name: 'valid_from', type: 'date' }, { name: 'valid_to', type: 'date' },
        { name: 'evidence', type: 'string' },
      ],
      rows: targetRows,
    },
    {
      name: 'calendar_months',
      columns: [
        { name: 'month', type: 'string' }, { name: 'stat_year', type: 'int' }, { name: 'month_index', type: 'int' },
        { name: 'month_start', type: 'date' }, { name: 'month_end', type: 'date' },
      ],
      rows: months,
    },
    {
      name: 'calendar_periods',
      columns: [
        { name: 'month', type: 'string' }, { name: 'period_type', type: 'string' }, { name: 'period', type: 'string' },
        { name: 'stat_year', type: 'int' }, { name: 'period_start', type: 'date' }, { name: 'period_end', type: 'date' },
        { name: 'months_in_period', type: 'int' },
      ],
      rows: periods,
    },
  ];
}
