import { describe, expect, it } from 'vitest';
import { pivot } from '../../explorer/src/notebook/pivot.ts';

const kinds: Record<string, { code: string; kind: 'rate' | 'flow_count' }> = {
  rate: { code: 'rate', kind: 'rate' },
  cnt: { code: 'cnt', kind: 'flow_count' },
};
const kindOf = (c: string) => (kinds[c] ?? (c === 'new' ? { code: 'new', kind: 'future_kind' as never } : undefined));

describe('pivot combines values by the indicator’s kind', () => {
  const rows = [
    { unit_id: 'a', period: '2025-09', indicator: 'rate', value: 50, numerator: 1, denominator: 2 },
    { unit_id: 'b', period: '2025-09', indicator: 'rate', value: 100, numerator: 98, denominator: 98 },
    { unit_id: 'a', period: '2025-09', indicator: 'cnt', value: 3 },
    { unit_id: 'b', period: '2025-09', indicator: 'cnt', value: 4 },
    { unit_id: 'a', period: '2025-09', indicator: 'new', value: 7 },
    { unit_id: 'b', period: '2025-09', indicator: 'new', value: 8 },
  ];
  it('a rate from the sums of numerator and denominator, never the mean of rates', () => {
    const r = pivot(rows, { rows: 'period', measure: 'value', filters: { indicator: ['rate'] } }, kindOf);
    expect(r.cell('2025-09', '')!.value).toBe(99); // 99/100, not (50 + 100) / 2 = 75
  });
  it('counts summed; indicators never mixed; an unknown kind left empty with the reason', () => {
    const r = pivot(rows, { rows: 'indicator', measure: 'value' }, kindOf);
    expect(r.cell('cnt', '')!.value).toBe(7);
    expect(r.cell('new', '')).toMatchObject({ value: null, note: 'unknown_kind' });
    expect(pivot(rows, { rows: 'period', measure: 'value' }, kindOf).cell('2025-09', '')).toMatchObject({ value: null, note: 'mixed_indicators' });
    expect(pivot(rows, { rows: 'period', measure: 'count' }, kindOf).cell('2025-09', '')!.value).toBe(6);
  });
});
