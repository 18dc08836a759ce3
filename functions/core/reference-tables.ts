/**
 * The reference relations queries join to — units, indicators, targets and the calendar — as
 * rows derived from data-schemas/, so SQL never retypes the registry, the catalog or the calendar.
 * Each column list is declared once here with its logical type.
 */
import { indicators, timeAggregation } from './catalog.ts';
import { units } from './units.ts';
import { PERIOD_TYPES, periodsOfYear } from './calendar.ts';
import { LOGICAL_TYPES, type LogicalType } from './warehouse-contract/tables.ts';

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
    table('units', 'id code name full_name level era parent_id province_id valid_from:date valid_to:date successor_id', unitRows),
    table('indicators', 'code name_vi name_en work_area kind unit direction numerator denominator time_aggregation', indicatorRows),
    table('indicator_targets', 'indicator comparator threshold:double source valid_from:date valid_to:date evidence', targetRows),
    table('calendar_months', 'month stat_year:int month_index:int month_start:date month_end:date', months),
    table('calendar_periods', 'month period_type period stat_year:int period_start:date period_end:date months_in_period:int', periods),
  ];
}

/**
 * A reference table from its columns written as 'name name:type …' (string unless typed), so
 * each column list reads as one line of data.
 */
function table(name: string, columns: string, rows: ReferenceTable['rows']): ReferenceTable {
  return {
    name,
    columns: columns.split(' ').map((c) => {
      const [column, type = 'string'] = c.split(':');
      if (!LOGICAL_TYPES.includes(type as LogicalType)) throw new Error(`reference table ${name}: unknown type "${type}" of ${column}`);
      return { name: column, type: type as LogicalType };
    }),
    rows,
  };
}
