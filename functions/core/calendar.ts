/**
 * The statistical reporting calendar. Every period label resolves to a start and end date, a
 * period type and a statistical year; the definitions live in data-schemas/calendar.json.
 */
import calendarData from '../../data-schemas/calendar.json' with { type: 'json' };

export type PeriodType = 'month' | 'quarter' | 'half' | 'nine_months' | 'year';
export const PERIOD_TYPES: readonly PeriodType[] = calendarData.period_types.map((p) => p.type as PeriodType);

export interface Period {
  label: string;
  type: PeriodType;
  /** Statistical year (1 Dec of year-1 .. 30 Nov of year). */
  statYear: number;
  /** 1-based index within the year (month of the statistical year 1..12, quarter 1..4, half 1..2), null for 9M and Y. */
  index: number | null;
  /** ISO dates, inclusive. */
  start: string;
  end: string;
  /** Months covered, as calendar month labels YYYY-MM, in order. */
  months: string[];
}

const START_MONTH = calendarData.statistical_year.start_month; // 12

const suffixes = new Map<string, { type: PeriodType; index: number | null; offset: number; months: number }>();
for (const pt of calendarData.period_types) {
  for (const p of pt.periods) {
    suffixes.set(p.suffix, { type: pt.type as PeriodType, index: p.index, offset: p.start_offset, months: p.months });
  }
}

const MONTH_RE = new RegExp(calendarData.period_types.find((p) => p.type === 'month')!.label_pattern!);
const OTHER_RE = /^(\d{4})-([A-Z0-9]{1,2})$/;

function pad(n: number, w = 2): string {
  return String(n).padStart(w, '0');
}

function monthLabel(year: number, month: number): string {
  return `${year}-${pad(month)}`;
}

function lastDay(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** Calendar (year, month) of the given offset (0-based) within statistical year `statYear`. */
function monthAt(statYear: number, offset: number): { year: number; month: number } {
  // Offset 0 is START_MONTH of the previous calendar year (December when START_MONTH = 12).
  const zeroBased = START_MONTH - 1 + offset; // months since January of statYear-1
  return { year: statYear - 1 + Math.floor(zeroBased / 12), month: (zeroBased % 12) + 1 };
}

/** Statistical year a calendar month belongs to. */
export function statYearOfMonth(year: number, month: number): number {
  return month >= START_MONTH ? year + 1 : year;
}

function build(label: string, type: PeriodType, statYear: number, index: number | null, offset: number, count: number): Period {
  const months: string[] = [];
  for (let i = 0; i < count; i++) {
    const m = monthAt(statYear, offset + i);
    months.push(monthLabel(m.year, m.month));
  }
  const first = monthAt(statYear, offset);
  const last = monthAt(statYear, offset + count - 1);
  return {
    label,
    type,
    statYear,
    index,
    start: `${monthLabel(first.year, first.month)}-01`,
    end: `${monthLabel(last.year, last.month)}-${pad(lastDay(last.year, last.month))}`,
    months,
  };
}

/** Parses a period label; returns undefined when the label is not valid. */
export function parsePeriod(label: string): Period | undefined {
  const m = MONTH_RE.exec(label);
  if (m) {
    const year = Number(m[1]);
    const month = Number(m[2]);
    const statYear = statYearOfMonth(year, month);
    const offset = (month - START_MONTH + 12) % 12;
    return build(label, 'month', statYear, offset + 1, offset, 1);
  }
  const o = OTHER_RE.exec(label);
  if (!o) return undefined;
  const def = suffixes.get(o[2]);
  if (!def) return undefined;
  return build(label, def.type, Number(o[1]), def.index, def.offset, def.months);
}

/** Like parsePeriod but throws a bilingual error. */
export function period(label: string): Period {
  const p = parsePeriod(label);
  if (!p) throw new Error(`Nhãn kỳ báo cáo không hợp lệ / invalid period label: "${label}"`);
  return p;
}

/** Labels of every period of a type in a statistical year, in order. */
export function periodsOfYear(type: PeriodType, statYear: number): Period[] {
  if (type === 'month') {
    return Array.from({ length: 12 }, (_, i) => {
      const m = monthAt(statYear, i);
      return period(monthLabel(m.year, m.month));
    });
  }
  const out: Period[] = [];
  for (const [suffix, def] of suffixes) if (def.type === type) out.push(period(`${statYear}-${suffix}`));
  return out;
}

/** All periods of a type whose statistical years fall within [fromYear, toYear]. */
export function periodsBetween(type: PeriodType, fromYear: number, toYear: number): Period[] {
  const out: Period[] = [];
  for (let y = fromYear; y <= toYear; y++) out.push(...periodsOfYear(type, y));
  return out;
}

/** The same period one statistical year earlier ("cùng kỳ năm trước"). */
export function samePeriodLastYear(p: Period): Period {
  if (p.type === 'month') {
    const [y, m] = p.label.split('-').map(Number);
    return period(monthLabel(y - 1, m));
  }
  return period(`${p.statYear - 1}-${p.label.slice(5)}`);
}

/** The period immediately before (same type). */
export function previousPeriod(p: Period): Period {
  const all = periodsOfYear(p.type, p.statYear);
  const i = all.findIndex((x) => x.label === p.label);
  if (i > 0) return all[i - 1];
  const prev = periodsOfYear(p.type, p.statYear - 1);
  return prev[prev.length - 1];
}

/** The period of `type` containing the given month label (e.g. the quarter of 2024-01 is 2024-Q1). */
export function periodContaining(type: PeriodType, monthLabelStr: string): Period | undefined {
  const m = period(monthLabelStr);
  return periodsOfYear(type, m.statYear).find((p) => p.months.includes(monthLabelStr));
}

/** The period of a type containing an ISO date (YYYY-MM-DD). */
export function periodOfDate(type: PeriodType, isoDate: string): Period | undefined {
  return periodContaining(type, isoDate.slice(0, 7));
}

/** Period labels of the calendar as plain data (for the API and the explorer). */
export function calendarDefinition() {
  return calendarData;
}
