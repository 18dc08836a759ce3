/**
 * What a cell reads: other cells' outputs (by name) and notebook inputs. The dependency graph and
 * the "re-run only what changed" rule are built from this, so it must see every reference.
 */
import type { Cell, ParamValue } from './types.ts';

export interface CellRefs {
  cells: string[];
  inputs: string[];
}

/** `"$name"` → 'name'; `"$$x"` (escaped literal) and other values → undefined. */
export function inputRef(v: unknown): string | undefined {
  if (typeof v !== 'string' || !v.startsWith('$') || v.startsWith('$$')) return undefined;
  const name = v.slice(1);
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(name) ? name : undefined;
}

/** A parameter with `$input` references replaced by the inputs' values. */
export function resolveParam(v: ParamValue | undefined, inputs: Record<string, unknown>): ParamValue | undefined {
  const ref = inputRef(v);
  if (ref !== undefined) {
    const value = inputs[ref];
    return value === undefined ? undefined : (value as ParamValue);
  }
  if (typeof v === 'string' && v.startsWith('$$')) return v.slice(1);
  return v;
}

const TEMPLATE = /\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g;
// Arquero expression parameters: `$.name` or `$['name']`.
const EXPR_PARAM = /\$\s*(?:\.\s*([A-Za-z_][A-Za-z0-9_]*)|\[\s*['"]([A-Za-z_][A-Za-z0-9_]*)['"]\s*\])/g;

/** Names used as `{{name}}` in a template text. */
export function templateRefs(text: string): string[] {
  return [...text.matchAll(TEMPLATE)].map((m) => m[1]);
}

/** Replaces `{{name}}` with quote(value); unknown names are left as written. */
export function fillTemplate(text: string, inputs: Record<string, unknown>, quote: (v: unknown) => string = String): string {
  return text.replace(TEMPLATE, (whole, name: string) => (name in inputs ? quote(inputs[name]) : whole));
}

/** Input names an Arquero expression reads through `$`. */
export function exprRefs(expr: string): string[] {
  return [...expr.matchAll(EXPR_PARAM)].map((m) => m[1] ?? m[2]);
}

function uniq(xs: string[]): string[] {
  return [...new Set(xs)];
}

function paramRefs(values: unknown[]): string[] {
  return values.map(inputRef).filter((x): x is string => x !== undefined);
}

export function cellRefs(cell: Cell): CellRefs {
  switch (cell.kind) {
    case 'markdown':
      return { cells: [], inputs: uniq(templateRefs(cell.text + '\n' + (cell.text_en ?? ''))) };
    case 'data':
      return {
        cells: [],
        inputs: cell.source.type === 'analysis'
          ? uniq(paramRefs(Object.values(cell.source.params ?? {})))
          : cell.source.type === 'extract' && cell.source.fallback ? uniq(paramRefs(Object.values(cell.source.fallback.params ?? {}))) : [],
      };
    case 'transform': {
      const cells = [cell.input];
      const inputs: string[] = [];
      for (const s of cell.steps) {
        if (s.verb === 'join') cells.push(s.with);
        if (s.verb === 'filter') inputs.push(...exprRefs(s.expr));
        if (s.verb === 'derive' || s.verb === 'rollup') for (const e of Object.values(s.columns)) inputs.push(...exprRefs(e));
        if (s.verb === 'pivot' && !Array.isArray(s.values)) for (const e of Object.values(s.values)) inputs.push(...exprRefs(e));
        if (s.verb === 'orderby') for (const k of s.keys) inputs.push(...exprRefs(k));
      }
      return { cells: uniq(cells), inputs: uniq(inputs) };
    }
    case 'chart': {
      const inputs = cell.form ? paramRefs([cell.form.rule, cell.form.target_indicator, cell.form.x_label, cell.form.y_label]) : [];
      if (cell.json) inputs.push(...paramRefs(collectStrings(cell.json)));
      return { cells: [cell.input], inputs: uniq(inputs) };
    }
    case 'table':
      return { cells: [cell.input], inputs: paramRefs([cell.source_period, cell.source_indicator]) };
    case 'sql':
      return { cells: [], inputs: uniq(templateRefs(cell.sql)) };
  }
}

function collectStrings(v: unknown, out: string[] = []): string[] {
  if (typeof v === 'string') out.push(v);
  else if (Array.isArray(v)) for (const x of v) collectStrings(x, out);
  else if (v !== null && typeof v === 'object') for (const x of Object.values(v)) collectStrings(x, out);
  return out;
}

/** The output name a cell defines, if it produces a table. */
export function cellOutput(cell: Cell): string | undefined {
  return cell.kind === 'data' || cell.kind === 'transform' || cell.kind === 'sql' ? cell.name : undefined;
}
