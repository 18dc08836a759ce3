import { describe, expect, it } from 'vitest';
import * as aq from 'arquero';
import { withFlags } from '../../explorer/src/data/flags.ts';
import { applyTransform } from '../../explorer/src/notebook/transform.ts';
import { STARTERS } from '../../explorer/src/starters/index.ts';

const table = aq.table({
  unit_id: ['p63-92', 'p63-92', 'p34-92', 'd-941'],
  period: ['2024-Y', '2025-Y', '2025-Y', '2024-03'],
  value: [99.8, 98.5, 99.5, 90],
  basis: ['reported', 'rolled_up', 'rolled_up', 'reported'],
  partial: [false, true, false, false],
  partial_reason: [null, 'era_boundary', null, null],
  synthetic: [true, true, true, true],
});

describe('explorer flags: partial periods and rolled-up figures', () => {

  it('says a period straddling the merger is partial, and a longer period from months is a roll-up', () => {
    const flags = withFlags(table).array('flags') as string[];
    expect(flags[0]).toBe('mô phỏng');
    expect(flags[1]).toContain('chưa đủ kỳ: cắt ngang sáp nhập 01/7/2025');
    expect(flags[1]).toContain('cộng từ báo cáo tháng');
    expect(flags[2]).not.toContain('chưa đủ kỳ');
    expect(flags[3]).toBe('mô phỏng');
  });
});

describe('trend starters: continuing series, partial periods never drawn as full ones', () => {
  const nb = STARTERS['xu-huong'];

  it('the default trend reads the 34 provinces harmonized (as_2025) and says so on its chart', () => {
    expect(nb.inputs.provinces.value).toMatch(/^p34-/);
    const values = nb.cells.find((c) => c.id === 'values') as unknown as { source: { name: string; fallback: { params: Record<string, string> } } };
    expect(values.source.name).toBe('provinces-year-as2025');
    expect(values.source.fallback.params.geography).toBe('as_2025');
    const chart = nb.cells.find((c) => c.id === 'chart') as unknown as { title: string; input: string };
    expect(chart.title).toMatch(/quy đổi về 34 tỉnh/);
    expect(chart.input).toBe('trend_full');
  });

  it('the chart input drops partial rows and keeps rows whose data carry no partial column', () => {
    const step = (nb.cells.find((c) => c.id === 'trend_full') as unknown as { steps: Parameters<typeof applyTransform>[1] }).steps;
    const kept = applyTransform(table, step, () => undefined, {}).array('period');
    expect(kept).toEqual(['2024-Y', '2025-Y', '2024-03']);
    // an extract without the column: the data cell adds it as unknown (null), and nothing is dropped
    const noColumn = withFlags(aq.table({ period: ['2024-Y', '2025-Y'], value: [1, 2], synthetic: [true, true] }));
    expect(noColumn.array('partial')).toEqual([null, null]);
    expect(applyTransform(noColumn, step, () => undefined, {}).numRows()).toBe(2);
  });
});

describe('provenance flags of contract 3 (extracted, reviewed, reconciled)', () => {
  const rows = aq.table({
    unit_id: ['p63-92', 'p63-94', 'p63-01', 'p63-79'],
    period: ['2024-Y', '2024-Y', '2024-Y', '2024-Y'],
    value: [1, 2, 3, 4],
    extracted: [true, true, false, false],
    reviewed: [false, true, null, null],
    reconciled: [null, true, false, null],
  });

  it('names an unreviewed extracted figure, a reviewed one, and a figure that does not reconcile', () => {
    const flags = withFlags(rows).array('flags') as string[];
    expect(flags[0]).toBe('trích từ văn bản, chưa duyệt');
    expect(flags[1]).toBe('trích từ văn bản, đã duyệt');
    expect(flags[2]).toBe('chưa khớp báo cáo kỳ');
    expect(flags[3]).toBe('');
  });

  it('the briefing board marks them on its grid: ≠ does not reconcile, ? extracted and not reviewed', () => {
    expect(withFlags(rows).array('attention')).toEqual(['?', '', '≠', '']);
    const grid = STARTERS['dat-chua-dat'].cells.find((c) => c.id === 'grid') as unknown as { json: { marks: Array<{ type: string; options: Record<string, unknown> }> } };
    expect(grid.json.marks.find((m) => m.type === 'text')?.options.text).toBe('attention');
  });
});
