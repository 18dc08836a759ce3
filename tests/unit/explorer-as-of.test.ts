import { describe, expect, it } from 'vitest';
import { isMoment, momentOf, withAsOf } from '../../explorer/src/notebook/as-of.ts';
import { STARTERS } from '../../explorer/src/starters/index.ts';
import type { DataCell, Notebook } from '../../explorer/src/notebook/types.ts';

describe('the notebook as of a moment', () => {
  it('reads a date, or a date and time, as the API does; anything else is not a moment', () => {
    expect(momentOf('2025-11-10')).toBe('2025-11-10');
    expect(momentOf('2025-11-10', '08:30')).toBe('2025-11-10T08:30');
    expect(momentOf('2025-11-10', '08:30:05')).toBe('2025-11-10T08:30:05');
    expect(momentOf('')).toBeUndefined();
    for (const bad of ['10/11/2025', '2025-13-01', '2025-11-10T25:00', 'hôm qua']) expect(isMoment(bad), bad).toBe(false);
  });

  it('asks every analysis for the moment, and a published extract (a snapshot of now) its fallback analysis', () => {
    const nb: Notebook = { ...structuredClone(STARTERS['xu-huong']), as_of: '2025-11-10' };
    const run = withAsOf(nb);
    const data = run.cells.filter((c): c is DataCell => c.kind === 'data');
    expect(data.length).toBeGreaterThan(1);
    for (const c of data) {
      expect(c.source.type, c.id).toBe('analysis');
      expect((c.source as { params: Record<string, unknown> }).params.as_of, c.id).toBe('2025-11-10');
    }
    // the trend cell keeps its fallback's parameters
    const values = data.find((c) => c.id === 'values')!.source as { analysis: string; params: Record<string, unknown> };
    expect(values.analysis).toBe('trend');
    expect(values.params.indicator).toBe('$indicator');
    // non-data cells and the notebook itself are untouched; without a moment nothing changes
    expect(run.cells.filter((c) => c.kind !== 'data')).toEqual(nb.cells.filter((c) => c.kind !== 'data'));
    const now = structuredClone(STARTERS['xu-huong']);
    expect(withAsOf(now)).toBe(now);
  });
});
