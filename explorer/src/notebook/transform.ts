/**
 * Transform cells: a list of Arquero verbs whose expressions are strings. Arquero parses those
 * strings itself and allows only column access, `$` parameters, `op.*` functions and plain
 * operators (no closures, no calls to anything else), which is what makes a shared notebook safe
 * to open. We add a guard against the object-internals names so errors read clearly.
 */
import { desc, type ColumnTable } from 'arquero';
import { NotebookError, type TransformStep } from './types.ts';

const FORBIDDEN = /\b(constructor|__proto__|prototype|__defineGetter__|__lookupGetter__)\b/;

function checkExpr(expr: string, where: string): string {
  if (typeof expr !== 'string' || expr.trim() === '') {
    throw new NotebookError('empty_expr', `${where}: biểu thức trống.`, `${where}: empty expression.`);
  }
  if (FORBIDDEN.test(expr)) {
    throw new NotebookError('forbidden_expr', `${where}: biểu thức dùng tên không được phép.`, `${where}: the expression uses a name that is not allowed.`);
  }
  return expr;
}

function checkExprs(map: Record<string, string>, where: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(map)) out[k] = checkExpr(v, `${where} ${k}`);
  return out;
}

function orderKey(k: string): unknown {
  // "-col" sorts descending; anything with "d." or "op." is an expression.
  if (k.startsWith('-')) return desc(k.slice(1));
  return checkExpr(k, 'orderby');
}

/**
 * Applies the steps to `input`. `tables` resolves join partners by cell name; `params` are the
 * notebook inputs, readable in expressions as `$.name`.
 */
export function applyTransform(
  input: ColumnTable,
  steps: TransformStep[],
  tables: (name: string) => ColumnTable | undefined,
  params: Record<string, unknown>,
): ColumnTable {
  let t = input.params(params) as ColumnTable;
  steps.forEach((step, i) => {
    const where = `${i + 1}. ${step.verb}`;
    try {
      t = applyStep(t, step, where, tables, params);
    } catch (e) {
      if (e instanceof NotebookError) throw e;
      const msg = e instanceof Error ? e.message.split('\n')[0] : String(e);
      throw new NotebookError('transform', `Bước ${where}: ${msg}`, `Step ${where}: ${msg}`);
    }
  });
  return t;
}

function applyStep(
  t: ColumnTable,
  step: TransformStep,
  where: string,
  tables: (name: string) => ColumnTable | undefined,
  params: Record<string, unknown>,
): ColumnTable {
  switch (step.verb) {
    case 'filter':
      return t.filter(checkExpr(step.expr, where));
    case 'derive':
      return t.derive(checkExprs(step.columns, where));
    case 'groupby':
      return t.groupby(...step.keys);
    case 'rollup':
      return t.rollup(checkExprs(step.columns, where));
    case 'pivot':
      return t.pivot(step.keys, Array.isArray(step.values) ? step.values : checkExprs(step.values, where));
    case 'fold':
      return t.fold(step.columns, step.as ? { as: step.as } : undefined);
    case 'join': {
      const other = tables(step.with);
      if (!other) throw new NotebookError('unknown_ref', `Bước ${where}: không có bảng "${step.with}".`, `Step ${where}: no table "${step.with}".`);
      const right = other.params(params) as ColumnTable;
      const on: [string[], string[]] = [step.on, step.on];
      switch (step.how ?? 'inner') {
        case 'left': return t.join_left(right, on);
        case 'right': return t.join_right(right, on);
        case 'full': return t.join_full(right, on);
        default: return t.join(right, on);
      }
    }
    case 'orderby':
      return t.orderby(...(step.keys.map(orderKey) as Parameters<ColumnTable['orderby']>));
    case 'select':
      return t.select(...step.columns);
    case 'slice':
      return t.slice(step.start, step.end);
    default: {
      const verb = (step as { verb: string }).verb;
      throw new NotebookError('unknown_verb', `Động từ "${verb}" không được hỗ trợ.`, `Verb "${verb}" is not supported.`);
    }
  }
}
