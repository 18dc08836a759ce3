/**
 * Which period a scheduled comparison is about. A period is *closed* once its last day plus the
 * grace days (time units have to send late reports) lies before now; comparing an open period
 * would rank provinces on partial months. "latest" is the most recent closed period that has
 * reports: on a live warehouse that is the month just closed, on the demo warehouse (synthetic
 * data ending 2025-11) it is the last month of data, however long ago that was.
 */
import { parsePeriod, periodsOfYear, previousPeriod, samePeriodLastYear, statYearOfMonth, type Period, type PeriodType } from '../core/calendar.ts';
import type { PeriodContext } from './types.ts';

export const DEFAULT_GRACE_DAYS = 10;

const DAY_MS = 86_400_000;

/** Whether `p` is closed at `now`: the day after its end, plus the grace days, has passed. */
export function isClosed(p: Pick<Period, 'end'>, now: Date, graceDays = DEFAULT_GRACE_DAYS): boolean {
  // The end date is inclusive; the period is over at midnight after it (UTC, like the calendar).
  const over = Date.parse(`${p.end}T00:00:00Z`) + DAY_MS;
  return over + graceDays * DAY_MS <= now.getTime();
}

/**
 * The latest closed period among `candidates` (labels of periods that have data), or undefined.
 * Candidates of other period types are ignored.
 */
export function latestClosed(candidates: Iterable<string>, type: PeriodType, now: Date, graceDays = DEFAULT_GRACE_DAYS): Period | undefined {
  let best: Period | undefined;
  for (const label of candidates) {
    const p = parsePeriod(label);
    if (!p || p.type !== type || !isClosed(p, now, graceDays)) continue;
    if (!best || p.end > best.end) best = p;
  }
  return best;
}

/** The statistical year a date falls in (1 Dec of year-1 .. 30 Nov of year). */
export function statYearOfDate(now: Date): number {
  return statYearOfMonth(now.getUTCFullYear(), now.getUTCMonth() + 1);
}

export function periodContext(p: Period): PeriodContext {
  return {
    period: p.label,
    period_type: p.type,
    stat_year: p.statYear,
    start: p.start,
    end: p.end,
    prior_period: previousPeriod(p).label,
    last_year_period: samePeriodLastYear(p).label,
  };
}

/** Vietnam's offset from UTC (no daylight saving): schedules are read in Asia/Ho_Chi_Minh. */
const VIETNAM_UTC_OFFSET_HOURS = 7;

/**
 * When the comparison of a period type should run: an EventBridge Scheduler cron expression (read
 * in Asia/Ho_Chi_Minh) firing once after each period of that type closes, derived from the
 * statistical calendar: in the month after each period's last month, on the first day the period
 * counts as closed (`isClosed`, in UTC) at `hour` Vietnam time. Quarters end in February, May,
 * August and November, so the quarterly comparison runs in March, June, September and December;
 * the 6-month ones in June and December; the 9-month one in September; the year in December.
 */
export function closingSchedule(type: PeriodType, graceDays = DEFAULT_GRACE_DAYS, at: { hour: number; minute?: number } = { hour: 6 }): string {
  const minute = at.minute ?? 0;
  // Day of the month after the end on which end + 1 day + grace days has passed in UTC at the run's time.
  const day = 1 + graceDays + (at.hour < VIETNAM_UTC_OFFSET_HOURS ? 1 : 0);
  if (day > 28) throw new Error(`closingSchedule: ${graceDays} grace days would run after the 28th (not every month has the day)`);
  const endMonths = new Set(periodsOfYear(type, 2025).map((p) => Number(p.end.slice(5, 7))));
  const months = [...endMonths].map((m) => (m % 12) + 1).sort((a, b) => a - b);
  return `cron(${minute} ${at.hour} ${day} ${months.length === 12 ? '*' : months.join(',')} ? *)`;
}
