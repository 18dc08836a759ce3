import { describe, expect, it } from 'vitest';
import * as aq from 'arquero';
import { applyTransform } from '../../explorer/src/notebook/transform.ts';
import { compileChart, sanitizeDescription } from '../../explorer/src/notebook/chart-spec.ts';
import { NotebookError } from '../../explorer/src/notebook/types.ts';
import { STARTERS } from '../../explorer/src/starters/index.ts';

const values = aq.table({
  unit_id: ['p63-01', 'p63-01', 'p63-79', 'p63-79'],
  period: ['2023-Y', '2024-Y', '2023-Y', '2024-Y'],
  numerator: [90, 95, 80, 70],
  denominator: [100, 100, 100, 100],
});
const names = aq.table({ unit_id: ['p63-01', 'p63-79'], unit_name: ['Hà Nội', 'Hồ Chí Minh'] });

describe('transform cells (Arquero verbs as strings)', () => {
  it('filters with inputs, derives, groups and rolls up as a ratio of sums', () => {
    const out = applyTransform(values, [
      { verb: 'filter', expr: 'd.period >= $.from' },
      { verb: 'groupby', keys: ['unit_id'] },
      { verb: 'rollup', columns: { rate: '100 * op.sum(d.numerator) / op.sum(d.denominator)' } },
      { verb: 'orderby', keys: ['-rate'] },
    ], () => undefined, { from: '2024-Y' });
    expect(out.objects()).toEqual([{ unit_id: 'p63-01', rate: 95 }, { unit_id: 'p63-79', rate: 70 }]);
  });

  it('pivots, folds, joins another cell and selects', () => {
    const wide = applyTransform(values, [{ verb: 'pivot', keys: ['period'], values: { v: 'op.sum(d.numerator)' } }], () => undefined, {});
    expect(wide.columnNames()).toEqual(['2023-Y', '2024-Y']);
    const long = applyTransform(values, [
      { verb: 'fold', columns: ['numerator', 'denominator'], as: ['what', 'n'] },
      { verb: 'join', with: 'names', on: ['unit_id'], how: 'left' },
      { verb: 'filter', expr: "d.what === 'numerator' && d.period === '2024-Y'" },
      { verb: 'select', columns: ['unit_name', 'n'] },
      { verb: 'derive', columns: { twice: 'd.n * 2' } },
      { verb: 'slice', start: 0, end: 1 },
    ], (n) => (n === 'names' ? names : undefined), {});
    expect(long.objects()).toEqual([{ unit_name: 'Hà Nội', n: 95, twice: 190 }]);
  });

  it('refuses code: closures, globals, calls and object internals, naming the step', () => {
    for (const expr of ['fetch("/x")', 'globalThis.alert(1)', '(() => 1)()', 'd.constructor', 'new Function("x")', "d['__proto__']"]) {
      try {
        applyTransform(values, [{ verb: 'filter', expr }], () => undefined, {});
        expect.fail(`accepted ${expr}`);
      } catch (e) {
        expect(e).toBeInstanceOf(NotebookError);
        expect((e as NotebookError).message_en).toMatch(/^(Step 1\. filter|1\. filter)/);
      }
    }
  });

  it('explains an unknown join table and an unknown column', () => {
    expect(() => applyTransform(values, [{ verb: 'join', with: 'nope', on: ['unit_id'] }], () => undefined, {})).toThrow(/no table "nope"/);
    expect(() => applyTransform(values, [{ verb: 'filter', expr: 'd.missing > 1' }], () => undefined, {})).toThrow(/Invalid column reference/);
  });
});

describe('chart form → Plot description', () => {
  const columns = ['unit_id', 'unit_name', 'period', 'value', 'flags'];

  it('compiles a line with a target rule, tips carrying provenance, and facets', () => {
    const d = compileChart({ mark: 'line', x: 'period', y: 'value', color: 'unit_name', fy: 'unit_name', tip: true, percent: true }, { columns, rule: 90, ruleLabel: 'Chỉ tiêu 90 %' });
    expect(d.marks[0]).toMatchObject({ type: 'line', data: 'main', options: { x: 'period', y: 'value', stroke: 'unit_name', fy: 'unit_name', tip: true, channels: { flags: 'flags' } } });
    expect(d.marks.find((m) => m.type === 'ruleY')).toMatchObject({ values: [{ rule: 90, label: 'Chỉ tiêu 90 %' }], options: { y: 'rule' } });
    expect(d.options.color).toEqual({ legend: true });
  });

  it('compiles a horizontal bar ranking with a vertical rule and a tile map', () => {
    const bar = compileChart({ mark: 'barX', x: 'value', y: 'unit_name', sort: '-x' }, { columns, rule: 50 });
    expect(bar.marks[0].options).toMatchObject({ sort: { y: '-x' } });
    expect(bar.marks.some((m) => m.type === 'ruleX')).toBe(true);
    const tiles = compileChart({ mark: 'tilemap', color: 'value' }, { columns });
    expect(tiles.marks.map((m) => [m.type, m.data])).toEqual([['cell', 'tiles'], ['text', 'tiles']]);
  });

  it('names a missing column in both languages', () => {
    try {
      compileChart({ mark: 'dot', x: 'period', y: 'nope' }, { columns });
      expect.fail();
    } catch (e) {
      expect((e as NotebookError).message_vi).toContain('"nope"');
      expect((e as NotebookError).message_en).toContain('Columns: unit_id');
    }
  });

  it('sanitizes hand-written JSON: unknown marks refused, links and code hooks dropped', () => {
    expect(() => sanitizeDescription({ marks: [{ type: 'image' }] })).toThrow(NotebookError);
    const d = sanitizeDescription({ options: { title: 'x', document: {} }, marks: [{ type: 'dot', data: 'main', options: { x: 'a', href: 'javascript:alert(1)', target: '_blank' } }] });
    expect(d).toEqual({ options: { title: 'x' }, marks: [{ type: 'dot', data: 'main', options: { x: 'a' } }] });
  });
});

import { stepToText, textToStep, VERBS } from '../../explorer/src/notebook/step-text.ts';
import type { TransformStep } from '../../explorer/src/notebook/types.ts';

describe('step editor text', () => {
  it('round-trips every verb', () => {
    const steps: TransformStep[] = [
      { verb: 'filter', expr: 'd.value > $.min' },
      { verb: 'derive', columns: { rate: 'd.a / d.b', gap: 'd.value - 90' } },
      { verb: 'groupby', keys: ['unit_id', 'period'] },
      { verb: 'rollup', columns: { n: 'op.count()' } },
      { verb: 'pivot', keys: ['period'], values: { v: 'op.sum(d.value)' } },
      { verb: 'pivot', keys: ['period'], values: ['value'] },
      { verb: 'fold', columns: ['a', 'b'], as: ['key', 'value'] },
      { verb: 'join', with: 'names', on: ['unit_id'], how: 'left' },
      { verb: 'join', with: 'names', on: ['unit_id', 'period'] },
      { verb: 'orderby', keys: ['-value', 'unit_name'] },
      { verb: 'select', columns: ['a'] },
      { verb: 'slice', start: 0, end: 10 },
    ];
    for (const s of steps) expect(textToStep(s.verb, stepToText(s))).toEqual(s);
    expect(VERBS).toHaveLength(10);
    expect(() => textToStep('derive', 'no equals')).toThrow(NotebookError);
  });
});

describe('the briefing board starter', () => {
  const steps = () => {
    const cell = STARTERS['dat-chua-dat'].cells.find((c) => c.id === 'missed') as unknown as { steps: Parameters<typeof applyTransform>[1] };
    return cell.steps;
  };
  const board = (met: (boolean | null)[]) => aq.table({
    unit_id: met.map((_, i) => `u${i % 3}`),
    unit_name: met.map((_, i) => ['Ba Đình', 'Cầu Giấy', 'Đống Đa'][i % 3]),
    met,
  });

  it('"units missing the most targets" lists only units that missed one, most first', () => {
    const out = applyTransform(board([false, true, false, false, null, true]), steps(), () => undefined, {});
    expect(out.objects()).toEqual([
      { unit_id: 'u0', unit_name: 'Ba Đình', met_count: 0, missed: 2 },
      { unit_id: 'u2', unit_name: 'Đống Đa', met_count: 1, missed: 1 },
    ]);
  });

  it('has no bars of zero when every unit met its targets (the chart then says there is nothing to draw)', () => {
    expect(applyTransform(board([true, true, null, true]), steps(), () => undefined, {}).numRows()).toBe(0);
  });
});
