import { describe, expect, it } from 'vitest';
import { NAMED_QUERIES, ParamError, namedQuery, prepareParams, querySql } from '../../functions/queries/registry.ts';
import { parameterNames } from '../../functions/core/named-params.ts';

describe('named query registry', () => {
  it('every analysis has its SQL, and every SQL parameter is declared or derived', () => {
    expect(NAMED_QUERIES.length).toBeGreaterThanOrEqual(4);
    for (const q of NAMED_QUERIES) {
      const sql = querySql(q.name);
      const sample: Record<string, unknown> = {};
      for (const p of q.params) {
        sample[p.name] = p.default ?? { indicator: 'crime_report_resolution_rate', period: '2024-H1', year: 2024, units: 'p63-94', unit: 'p63-94', level: 'province', period_type: 'year', geography: 'as_reported', number: 3, string: p.values?.[0] ?? 'x', timestamp: '2030-01-01' }[p.type];
      }
      const bound = prepareParams(q, sample);
      for (const name of parameterNames(sql)) expect(bound, `${q.name} :${name}`).toHaveProperty(name);
    }
  });

  it('resolves names, diacritics optional, and a province name spans both eras', () => {
    const p = prepareParams(namedQuery('trend')!, { indicator: 'ty le giai quyet to giac, tin bao', units: 'can tho, d-941', from: '2020', to: 2025 });
    expect(p.indicator).toBe('crime_report_resolution_rate');
    expect(p.units).toBe('p34-92,p63-92,d-941');
    expect(prepareParams(namedQuery('trend')!, { indicator: 'key_cases', units: 'p63-94', from: 2024, to: 2024 }).units).toBe('p63-94');
  });

  it('takes a changes window left open as up to the end of the current minute (one cacheable query, not one a millisecond)', () => {
    const before = Date.now();
    const p = prepareParams(namedQuery('changes')!, { from: '2025-11-10' });
    const to = Date.parse(`${String(p.to).replace(' ', 'T')}Z`);
    expect(to % 60_000).toBe(0);
    expect(to).toBeGreaterThanOrEqual(before);
    expect(to - before).toBeLessThanOrEqual(60_000);
    expect(prepareParams(namedQuery('changes')!, { from: '2025-11-10', to: '2025-11-12T08:00:00Z' }).to).not.toBe(p.to);
  });

  it('derives the period context', () => {
    const p = prepareParams(namedQuery('ranking')!, { indicator: 'key_cases', period: '2024-H1' });
    expect(p).toMatchObject({ stat_year: 2024, previous_period: '2023-H1', previous_stat_year: 2023, period_end: '2024-05-31' });
  });

  it.each([
    [{ indicator: 'nope', units: 'p63-94', from: 2024, to: 2024 }, /No indicator/],
    [{ indicator: 'key_cases', units: 'Atlantis', from: 2024, to: 2024 }, /not recognised/],
    [{ indicator: 'key_cases', from: 2025, to: 2024 }, /after end year/],
    [{ indicator: 'key_cases', from: 'x', to: 2024 }, /not valid for from/],
    [{ indicator: 'key_cases', from: 2024, to: 2024, period_type: 'week' }, /Invalid period type/],
    [{ indicator: 'key_cases', from: 2024, to: 2024, bogus: 1 }, /Unknown parameter/],
    [{ from: 2024, to: 2024 }, /Missing parameter "indicator"/],
  ])('refuses bad parameters %#', (raw, msg) => {
    expect(() => prepareParams(namedQuery('trend')!, raw)).toThrow(ParamError);
    expect(() => prepareParams(namedQuery('trend')!, raw)).toThrow(msg);
  });
});
