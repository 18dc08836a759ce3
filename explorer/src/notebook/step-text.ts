/**
 * One line of text per transform step, for the step editor:
 *   filter   d.value > 90
 *   derive   rate = d.numerator / d.denominator; gap = d.value - 90
 *   groupby  unit_id, period          orderby  -value, unit_name      select  a, b
 *   rollup   n = op.count(); total = op.sum(d.value)
 *   pivot    period -> value = op.sum(d.value)     (or: period -> value)
 *   fold     a, b as key, value
 *   join     names on unit_id left
 *   slice    0, 10
 */
import { NotebookError, type TransformStep, type TransformVerb } from './types.ts';

export const VERBS: readonly TransformVerb[] = ['filter', 'derive', 'groupby', 'rollup', 'pivot', 'fold', 'join', 'orderby', 'select', 'slice'];

const list = (s: string): string[] => s.split(',').map((x) => x.trim()).filter(Boolean);

function assignments(s: string, verb: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of s.split(';').map((x) => x.trim()).filter(Boolean)) {
    const m = /^([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.+)$/.exec(part);
    if (!m) throw new NotebookError('step_syntax', `${verb}: viết "tên = biểu thức; …"`, `${verb}: write "name = expression; …"`);
    out[m[1]] = m[2].trim();
  }
  return out;
}

export function stepToText(step: TransformStep): string {
  switch (step.verb) {
    case 'filter': return step.expr;
    case 'derive':
    case 'rollup': return Object.entries(step.columns).map(([k, v]) => `${k} = ${v}`).join('; ');
    case 'groupby':
    case 'orderby': return step.keys.join(', ');
    case 'select': return step.columns.join(', ');
    case 'pivot': return `${step.keys.join(', ')} -> ${Array.isArray(step.values) ? step.values.join(', ') : Object.entries(step.values).map(([k, v]) => `${k} = ${v}`).join('; ')}`;
    case 'fold': return step.columns.join(', ') + (step.as ? ` as ${step.as[0]}, ${step.as[1]}` : '');
    case 'join': return `${step.with} on ${step.on.join(', ')}${step.how && step.how !== 'inner' ? ` ${step.how}` : ''}`;
    case 'slice': return step.end === undefined ? String(step.start) : `${step.start}, ${step.end}`;
  }
}

export function textToStep(verb: TransformVerb, text: string): TransformStep {
  const s = text.trim();
  switch (verb) {
    case 'filter': return { verb, expr: s };
    case 'derive':
    case 'rollup': return { verb, columns: assignments(s, verb) };
    case 'groupby':
    case 'orderby': return { verb, keys: list(s) };
    case 'select': return { verb, columns: list(s) };
    case 'pivot': {
      const [keys, values = ''] = s.split('->');
      return { verb, keys: list(keys), values: values.includes('=') ? assignments(values, verb) : list(values) };
    }
    case 'fold': {
      const [cols, as] = s.split(/\s+as\s+/);
      const asList = as ? list(as) : [];
      return { verb, columns: list(cols), ...(asList.length === 2 ? { as: [asList[0], asList[1]] as [string, string] } : {}) };
    }
    case 'join': {
      const m = /^([A-Za-z_][A-Za-z0-9_]*)\s+on\s+(.+?)(?:\s+(inner|left|right|full))?$/.exec(s);
      if (!m) throw new NotebookError('step_syntax', 'join: viết "bảng on cột1, cột2 [left|right|full]"', 'join: write "table on col1, col2 [left|right|full]"');
      return { verb, with: m[1], on: list(m[2]), ...(m[3] && m[3] !== 'inner' ? { how: m[3] as 'left' | 'right' | 'full' } : {}) };
    }
    case 'slice': {
      const [a, b] = list(s).map(Number);
      return { verb, start: a || 0, ...(b !== undefined && Number.isFinite(b) ? { end: b } : {}) };
    }
  }
}
