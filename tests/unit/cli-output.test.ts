import { describe, expect, it } from 'vitest';
import { formatRows } from '../../functions/cli/output.ts';

describe('CLI output of analysis rows', () => {
  const rows = [
    { unit_id: 'p63-92', period: '2024-Y', value: 99.83, basis: 'reported', partial: false, partial_reason: null },
    { unit_id: 'p63-92', period: '2025-Y', value: 98.46, basis: 'rolled_up', partial: true, partial_reason: 'era_boundary' },
  ];
  const columns = Object.keys(rows[0]);

  it('shows basis and partial, and says under the table that a partial row is not a full period', () => {
    const t = formatRows(rows, columns, 'table');
    expect(t).toContain('rolled_up');
    expect(t).toMatch(/1 dòng có partial = true là số liệu chưa đủ kỳ.*sáp nhập 01\/7\/2025/);
    expect(t).toMatch(/Note: 1 rows with partial = true cover part of their period only/);
  });

  it('adds no note when every row is a full period, and none to CSV or JSON', () => {
    expect(formatRows(rows.slice(0, 1), columns, 'table')).not.toMatch(/partial = true/);
    expect(formatRows(rows, columns, 'csv').split('\n')[2]).toBe('p63-92,2025-Y,98.46,rolled_up,true,era_boundary');
    expect(JSON.parse(formatRows(rows, columns, 'json'))[1].partial).toBe(true);
  });
});

describe('formatRows years', () => {
  it('prints a year column as a label (2016), and other numbers in vi-VN grouping', async () => {
    const { formatRows } = await import('../../functions/cli/output.ts');
    const out = formatRows([{ stat_year: 2016, value: 12345.5 }], ['stat_year', 'value'], 'table');
    expect(out).toContain('2016');
    expect(out).not.toContain('2.016');
    expect(out).toContain('12.345,5');
  });
});
