/**
 * The comparison schedules follow the statistical calendar: each schedule, fired as EventBridge
 * Scheduler reads it (in Asia/Ho_Chi_Minh, UTC+7), makes "latest" resolve to each period of its
 * type exactly once, soon after the period closes (end + grace days), never before.
 */
import { describe, expect, it } from 'vitest';
import { PERIOD_TYPES, periodsOfYear, type PeriodType } from '../../functions/core/calendar.ts';
import { closingSchedule, isClosed, latestClosed } from '../../functions/compare/closed-period.ts';
import { COMPARE_RUN_TIMES } from '../../infra/config.ts';

/** Fire instants (UTC) of `cron(m h d months ? *)` read in UTC+7, over calendar years [from, to]. */
function fires(expr: string, from: number, to: number): Date[] {
  const m = /^cron\((\d+) (\d+) (\d+) ([\d,*]+) \? \*\)$/.exec(expr);
  if (!m) throw new Error(`unexpected expression ${expr}`);
  const months = m[4] === '*' ? [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12] : m[4].split(',').map(Number);
  const out: Date[] = [];
  for (let y = from; y <= to; y++) {
    for (const mo of months) out.push(new Date(Date.UTC(y, mo - 1, Number(m[3]), Number(m[2]) - 7, Number(m[1]))));
  }
  return out;
}

describe('comparison schedules on the statistical calendar', () => {
  for (const type of PERIOD_TYPES) {
    it(`${type}: every period is compared once, on the day it closes`, () => {
      const expr = closingSchedule(type, 10, COMPARE_RUN_TIMES[type]);
      const labels = [2023, 2024, 2025, 2026, 2027].flatMap((y) => periodsOfYear(type as PeriodType, y).map((p) => p.label));
      const resolved = fires(expr, 2024, 2026).map((t) => ({ t, p: latestClosed(labels, type as PeriodType, t, 10)! }));
      const periods = [2025, 2026].flatMap((y) => periodsOfYear(type as PeriodType, y)).filter((p) => p.end < '2026-11-01');
      for (const p of periods) {
        const runs = resolved.filter((r) => r.p.label === p.label);
        expect(runs.length, p.label).toBe(1);
        expect(isClosed(p, runs[0].t, 10)).toBe(true);
        // The first morning it is closed: the day before, it was not.
        expect(isClosed(p, new Date(runs[0].t.getTime() - 86_400_000), 10), p.label).toBe(false);
      }
    });
  }

  it('the quarterly schedule runs in March, June, September and December', () => {
    expect(closingSchedule('quarter', 10, { hour: 5 })).toBe('cron(0 5 12 3,6,9,12 ? *)');
    expect(closingSchedule('nine_months', 10, { hour: 5 })).toBe('cron(0 5 12 9 ? *)');
  });
});
