import { describe, expect, it } from 'vitest';
import { parsePeriod, period, periodsOfYear, previousPeriod, samePeriodLastYear, periodOfDate } from '../../functions/core/calendar.ts';

describe('statistical calendar', () => {
  it('resolves the first half to 1 Dec – 31 May', () => {
    const p = period('2024-H1');
    expect([p.start, p.end, p.type, p.statYear]).toEqual(['2023-12-01', '2024-05-31', 'half', 2024]);
  });
  it('puts December in the next statistical year', () => {
    const p = period('2024-12');
    expect(p.statYear).toBe(2025);
    expect(p.index).toBe(1);
    expect(period('2024-11').statYear).toBe(2024);
    expect(period('2024-11').index).toBe(12);
  });
  it('resolves quarters, nine months and the year', () => {
    expect(period('2024-Q1')).toMatchObject({ start: '2023-12-01', end: '2024-02-29' });
    expect(period('2023-Q1').end).toBe('2023-02-28');
    expect(period('2024-Q4')).toMatchObject({ start: '2024-09-01', end: '2024-11-30' });
    expect(period('2024-9M')).toMatchObject({ start: '2023-12-01', end: '2024-08-31' });
    expect(period('2024-Y')).toMatchObject({ start: '2023-12-01', end: '2024-11-30' });
    expect(period('2024-Y').months).toHaveLength(12);
    expect(period('2024-H2').months[0]).toBe('2024-06');
  });
  it('rejects invalid labels', () => {
    for (const bad of ['2024-13', '2024-00', '2024-Q5', '2024-H3', '24-01', '2024-y', '2024', '', '2024-01-01']) {
      expect(parsePeriod(bad), bad).toBeUndefined();
    }
    expect(() => period('2024-Q5')).toThrow(/invalid period label/);
  });
  it('lists periods of a year in order', () => {
    expect(periodsOfYear('month', 2025).map((p) => p.label)).toEqual([
      '2024-12', '2025-01', '2025-02', '2025-03', '2025-04', '2025-05', '2025-06', '2025-07', '2025-08', '2025-09', '2025-10', '2025-11',
    ]);
    expect(periodsOfYear('quarter', 2025).map((p) => p.label)).toEqual(['2025-Q1', '2025-Q2', '2025-Q3', '2025-Q4']);
  });
  it('finds the same period last year and the previous period', () => {
    expect(samePeriodLastYear(period('2024-H1')).label).toBe('2023-H1');
    expect(samePeriodLastYear(period('2024-12')).label).toBe('2023-12');
    expect(previousPeriod(period('2025-Q1')).label).toBe('2024-Q4');
    expect(previousPeriod(period('2024-12')).label).toBe('2024-11');
  });
  it('maps a date to its period', () => {
    expect(periodOfDate('quarter', '2024-03-15')?.label).toBe('2024-Q2');
    expect(periodOfDate('quarter', '2023-12-20')?.label).toBe('2024-Q1');
  });
});
