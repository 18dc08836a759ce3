/**
 * Which periods have data, and which is the latest complete one, from the number of units that
 * reported each month. A quarter, half, nine months or year has data when any of its months has;
 * it is complete when every one of its months is (a month is complete when nearly as many units
 * reported it as usually do: late reports make the newest month look thin). Pure: the counts come
 * from the warehouse (data/periods.ts).
 */
import { parsePeriod, PERIOD_TYPES, periodsOfYear, statYearOfMonth, type PeriodType } from '../../../functions/core/calendar.ts';

/** An input value meaning "the latest complete period of this type", e.g. `latest:quarter`. */
export const LATEST_PREFIX = 'latest:';

export interface PeriodChoice {
  label: string;
  type: PeriodType;
  complete: boolean;
}

export type PeriodCatalog = Map<PeriodType, PeriodChoice[]>;

/** Share of the usual number of reporting units above which a month counts as complete. */
const COMPLETE_SHARE = 0.9;
/** First month of the merged administrative units (1 July 2025). */
const MERGER_MONTH = '2025-07';

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.floor((s.length - 1) / 2)] : 0;
}

/** Periods with data by type, newest first. `counts`: reporting units per period label (months and any others reported directly). */
export function periodCatalog(counts: Map<string, number>): PeriodCatalog {
  const months = new Map<string, number>();
  const direct = new Set<string>();
  for (const [label, n] of counts) {
    const p = parsePeriod(label);
    if (!p) continue;
    if (p.type === 'month') months.set(label, n);
    else direct.add(label);
  }
  // The units that report changed with the 2025 merger (63 provinces and districts before July
  // 2025, 34 provinces and regional units after): "usual" is measured within each era.
  const era = (m: string): number => (m >= MERGER_MONTH ? 1 : 0);
  const usual = [0, 1].map((e) => median([...months].filter(([m]) => era(m) === e).map(([, n]) => n)));
  const completeMonth = (m: string): boolean => months.has(m) && months.get(m)! >= COMPLETE_SHARE * usual[era(m)];
  const years = new Set<number>();
  for (const m of months.keys()) years.add(statYearOfMonth(Number(m.slice(0, 4)), Number(m.slice(5, 7))));
  for (const d of direct) years.add(parsePeriod(d)!.statYear);
  const out: PeriodCatalog = new Map(PERIOD_TYPES.map((t) => [t, []]));
  for (const y of [...years].sort((a, b) => b - a)) {
    for (const type of PERIOD_TYPES) {
      const list = periodsOfYear(type, y).reverse();
      for (const p of list) {
        const have = p.months.some((m) => months.has(m)) || direct.has(p.label);
        if (!have) continue;
        out.get(type)!.push({ label: p.label, type, complete: p.months.every(completeMonth) });
      }
    }
  }
  return out;
}

/** The latest complete period of a type (the latest with data when none is complete). */
export function latestPeriod(catalog: PeriodCatalog, type: PeriodType): string | undefined {
  const list = catalog.get(type) ?? [];
  return (list.find((p) => p.complete) ?? list[0])?.label;
}

/** The type a period input's value is of: `latest:quarter` → quarter, `2024-10` → month. */
export function periodTypeOf(value: string): PeriodType | undefined {
  if (value.startsWith(LATEST_PREFIX)) {
    const t = value.slice(LATEST_PREFIX.length) as PeriodType;
    return PERIOD_TYPES.includes(t) ? t : undefined;
  }
  return parsePeriod(value)?.type;
}

/** A period input's value as a period label: `latest:<type>` resolved, anything else as it is. */
export function resolvePeriodValue(value: string, catalog: PeriodCatalog | undefined): string {
  if (!value.startsWith(LATEST_PREFIX)) return value;
  const type = periodTypeOf(value);
  return (catalog && type && latestPeriod(catalog, type)) || value;
}
