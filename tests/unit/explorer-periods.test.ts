import { describe, expect, it } from 'vitest';
import { latestPeriod, periodCatalog, resolvePeriodValue } from '../../explorer/src/notebook/periods.ts';

describe('periods with data', () => {
  // Statistical year 2025 runs Dec 2024 – Nov 2025; Q1 = Dec–Feb.
  const counts = new Map<string, number>([
    ['2024-12', 50], ['2025-01', 50], ['2025-02', 50], ['2025-03', 50], ['2025-04', 50], ['2025-05', 49],
    ['2025-06', 50], ['2025-07', 30], ['2025-08', 31], ['2025-09', 30], ['2025-10', 12],
  ]);
  const cat = periodCatalog(counts);

  it('lists only periods with data, newest first, and marks the incomplete ones', () => {
    expect(cat.get('month')!.map((p) => p.label)).toEqual([...counts.keys()].reverse());
    expect(cat.get('quarter')!.map((p) => [p.label, p.complete])).toEqual([['2025-Q4', false], ['2025-Q3', true], ['2025-Q2', true], ['2025-Q1', true]]);
    expect(cat.get('year')!.map((p) => [p.label, p.complete])).toEqual([['2025-Y', false]]);
  });

  it('the latest complete period of each type; a thin newest month is not complete', () => {
    expect(latestPeriod(cat, 'month')).toBe('2025-09');
    expect(latestPeriod(cat, 'quarter')).toBe('2025-Q3');
    // No complete year: the latest with data.
    expect(latestPeriod(cat, 'year')).toBe('2025-Y');
    expect(resolvePeriodValue('latest:quarter', cat)).toBe('2025-Q3');
    expect(resolvePeriodValue('2024-Y', cat)).toBe('2024-Y');
  });
});
