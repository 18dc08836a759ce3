/**
 * Per-kind cell editors. Each returns a form and a `read()` that gives the edited cell (or throws
 * a bilingual error shown under the form). Column pickers offer the columns of the table the cell
 * reads when it is known, and accept any name typed.
 */
import { t } from '../i18n/i18n.ts';
import type { StringKey } from '../i18n/strings.ts';
import { MARK_TYPES } from '../notebook/chart-spec.ts';
import { stepToText, textToStep, VERBS } from '../notebook/step-text.ts';
import { NotebookError, type Cell, type ChartCell, type ChartForm, type DataCell, type MarkType, type SqlCell, type TableCell, type TransformCell, type TransformStep, type TransformVerb } from '../notebook/types.ts';
import { h } from './dom.ts';

export interface EditorContext {
  /** Output names of other cells. */
  names: string[];
  /** Columns of a named table, when computed. */
  columnsOf(name: string): string[];
  /** Analyses the server offers. */
  analyses: string[];
  uid: string;
}

export interface Editor {
  form: HTMLElement;
  read(): Cell;
}

let seq = 0;
function field(labelKey: StringKey, control: HTMLElement): HTMLElement {
  const id = control.id || `f${++seq}`;
  control.id = id;
  return h('div', { class: 'field' }, h('label', { for: id }, t(labelKey)), control);
}

function datalist(id: string, values: string[]): HTMLDataListElement {
  return h('datalist', { id }, ...values.map((v) => h('option', { value: v })));
}

function parseJSON(text: string, what: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new NotebookError('bad_json', `${what}: JSON không hợp lệ.`, `${what}: invalid JSON.`);
  }
}

function nameInput(cell: Cell): HTMLInputElement {
  return h('input', { type: 'text', value: cell.name ?? '', pattern: '[A-Za-z_][A-Za-z0-9_]*', spellcheck: 'false', class: 'name-input' });
}

function checkName(v: string): string | undefined {
  const s = v.trim();
  if (!s) return undefined;
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(s)) throw new NotebookError('bad_cell_name', 'Tên đầu ra chỉ gồm chữ, số, gạch dưới.', 'Output names are letters, digits and underscores.');
  return s;
}

function inputSelect(ctx: EditorContext, value: string): HTMLSelectElement {
  const names = ctx.names.includes(value) || !value ? ctx.names : [value, ...ctx.names];
  return h('select', { class: 'input-select' }, ...names.map((n) => h('option', { value: n, selected: n === value }, n)));
}

export function editorFor(cell: Cell, ctx: EditorContext): Editor {
  switch (cell.kind) {
    case 'markdown': {
      const ta = h('textarea', { rows: 6, spellcheck: 'true', 'aria-label': t('kind_markdown') });
      ta.value = cell.text;
      return { form: h('div', {}, ta), read: () => ({ ...cell, text: ta.value }) };
    }
    case 'data': return dataEditor(cell, ctx);
    case 'transform': return transformEditor(cell, ctx);
    case 'chart': return chartEditor(cell, ctx);
    case 'table': return tableEditor(cell, ctx);
    case 'sql': return sqlEditor(cell);
  }
}

function dataEditor(cell: DataCell, ctx: EditorContext): Editor {
  const name = nameInput(cell);
  const type = h('select', {}, ...(['analysis', 'extract', 'units'] as const).map((v) => h('option', { value: v, selected: cell.source.type === v }, v === 'analysis' ? t('analysis') : v === 'extract' ? t('extract') : 'units')));
  const listId = `an-${ctx.uid}`;
  const analysis = h('input', { type: 'text', list: listId, value: cell.source.type === 'analysis' ? cell.source.analysis : '', spellcheck: 'false' });
  const path = h('input', { type: 'text', value: cell.source.type === 'extract' ? (cell.source.name ?? cell.source.path ?? '') : '', spellcheck: 'false' });
  const params = h('textarea', { rows: 4, spellcheck: 'false', class: 'code' });
  params.value = JSON.stringify(cell.source.type === 'analysis' ? cell.source.params : {}, null, 1);
  const form = h('div', { class: 'grid' },
    field('output_name', name), field('source_kind', type), field('analysis', analysis), datalist(listId, ctx.analyses),
    field('extract', path), field('params', params));
  return {
    form,
    read: () => {
      const source: DataCell['source'] = type.value === 'extract'
        ? (/[./]/.test(path.value) ? { type: 'extract', path: path.value.trim() } : { type: 'extract', name: path.value.trim() })
        : type.value === 'units' ? { type: 'units' }
          : { type: 'analysis', analysis: analysis.value.trim(), params: parseJSON(params.value || '{}', t('params')) as Record<string, string> };
      return { ...cell, name: checkName(name.value), source };
    },
  };
}

function transformEditor(cell: TransformCell, ctx: EditorContext): Editor {
  const name = nameInput(cell);
  const input = inputSelect(ctx, cell.input);
  const list = h('ol', { class: 'steps' });
  const addRow = (step?: TransformStep): void => {
    const verb = h('select', { 'aria-label': 'verb', class: 'verb' }, ...VERBS.map((v) => h('option', { value: v, selected: step?.verb === v }, v)));
    const text = h('input', { type: 'text', class: 'step-text code', value: step ? stepToText(step) : '', spellcheck: 'false', 'aria-label': 'expression' });
    const li = h('li', {}, verb, text, h('button', { type: 'button', 'aria-label': t('delete'), onclick: () => li.remove() }, '×'));
    list.append(li);
  };
  cell.steps.forEach(addRow);
  const cols = ctx.columnsOf(cell.input);
  const form = h('div', {},
    h('div', { class: 'grid' }, field('output_name', name), field('input_table', input)),
    list,
    h('button', { type: 'button', class: 'add-step', onclick: () => { addRow(); (list.lastElementChild?.querySelector('input') as HTMLInputElement | null)?.focus(); } }, `+ ${t('add_step')}`),
    cols.length ? h('p', { class: 'muted' }, `${t('input_table')}: ${cols.join(', ')}`) : null);
  return {
    form,
    read: () => {
      const steps = Array.from(list.querySelectorAll('li')).map((li) => {
        const verb = (li.querySelector('select') as HTMLSelectElement).value as TransformVerb;
        return textToStep(verb, (li.querySelector('input') as HTMLInputElement).value);
      });
      return { ...cell, name: checkName(name.value), input: input.value, steps };
    },
  };
}

const FORM_MARKS: MarkType[] = ['line', 'dot', 'barX', 'barY', 'cell', 'text', 'areaY', 'tickX', 'tilemap'];

function chartEditor(cell: ChartCell, ctx: EditorContext): Editor {
  const f: ChartForm = cell.form ?? { mark: 'dot', tip: true };
  const input = inputSelect(ctx, cell.input);
  const listId = `cols-${ctx.uid}`;
  const cols = ctx.columnsOf(cell.input);
  const col = (v: string | undefined, aria: string): HTMLInputElement => h('input', { type: 'text', list: listId, value: v ?? '', spellcheck: 'false', 'aria-label': aria });
  const mark = h('select', {}, ...FORM_MARKS.map((m) => h('option', { value: m, selected: f.mark === m }, m)));
  const x = col(f.x, 'x');
  const y = col(f.y, 'y');
  const color = col(f.color, t('color'));
  const fx = col(f.fx, 'fx');
  const fy = col(f.fy, 'fy');
  const label = col(f.label, t('label'));
  const tip = h('input', { type: 'checkbox', checked: f.tip ?? true });
  const rule = h('input', { type: 'text', value: f.rule === undefined || f.rule === null ? '' : String(f.rule), placeholder: '90 | $input | target' });
  const jsonMode = h('input', { type: 'checkbox', checked: !!cell.json });
  const json = h('textarea', { rows: 10, class: 'code', spellcheck: 'false', 'aria-label': t('edit_json') });
  json.value = cell.json ? JSON.stringify(cell.json, null, 1) : '';
  const form = h('div', {},
    h('div', { class: 'grid' }, field('input_table', input), field('mark', mark), field('tip', tip),
      h('div', { class: 'field' }, h('label', {}, 'x'), x), h('div', { class: 'field' }, h('label', {}, 'y'), y),
      field('color', color), h('div', { class: 'field' }, h('label', {}, 'fx'), fx), h('div', { class: 'field' }, h('label', {}, 'fy'), fy),
      field('label', label), field('rule', rule), datalist(listId, cols)),
    field('edit_json', jsonMode), json);
  return {
    form,
    read: () => {
      const opt = (el: HTMLInputElement): string | undefined => el.value.trim() || undefined;
      const ruleText = rule.value.trim();
      const ruleValue = ruleText === '' ? undefined : Number.isFinite(Number(ruleText)) ? Number(ruleText) : ruleText;
      const form: ChartForm = {
        ...f,
        mark: mark.value as MarkType,
        x: opt(x), y: opt(y), color: opt(color), fx: opt(fx), fy: opt(fy), label: opt(label),
        tip: tip.checked,
        rule: ruleValue,
      };
      if (jsonMode.checked) {
        const d = json.value.trim() ? parseJSON(json.value, 'JSON') : { options: {}, marks: [] };
        return { ...cell, input: input.value, form, json: d as ChartCell['json'] };
      }
      return { ...cell, input: input.value, form, json: undefined };
    },
  };
}

function tableEditor(cell: TableCell, ctx: EditorContext): Editor {
  const input = inputSelect(ctx, cell.input);
  const listId = `tc-${ctx.uid}`;
  const sort = h('input', { type: 'text', list: listId, value: cell.sort?.column ?? '' });
  const desc = h('input', { type: 'checkbox', checked: !!cell.sort?.desc });
  const size = h('input', { type: 'number', min: 5, max: 500, value: cell.page_size ?? 20 });
  return {
    form: h('div', { class: 'grid' }, field('input_table', input), h('div', { class: 'field' }, h('label', {}, 'sort'), sort), h('div', { class: 'field' }, h('label', {}, 'desc'), desc), h('div', { class: 'field' }, h('label', {}, t('page')), size), datalist(listId, ctx.columnsOf(cell.input))),
    read: () => ({ ...cell, input: input.value, sort: sort.value.trim() ? { column: sort.value.trim(), ...(desc.checked ? { desc: true } : {}) } : undefined, page_size: Math.max(5, Math.min(500, Number(size.value) || 20)) }),
  };
}

function sqlEditor(cell: SqlCell): Editor {
  const name = nameInput(cell);
  const ta = h('textarea', { rows: 8, class: 'code sql-text', spellcheck: 'false', 'aria-label': 'SQL', id: `sql-${cell.id}` });
  ta.value = cell.sql;
  const max = h('input', { type: 'number', min: 1, max: 100000, value: cell.max_rows ?? 1000 });
  const side = h('div', { class: 'sql-side' });
  const form = h('div', { class: 'sql-editor' }, h('div', {}, h('div', { class: 'grid' }, field('output_name', name), h('div', { class: 'field' }, h('label', {}, 'max_rows'), max)), ta), side);
  // The schema browser and completion are loaded with the first SQL editor opened.
  void import('./sql-assist.ts').then((m) => side.append(m.sqlAssist(ta)));
  return {
    form,
    read: () => ({ ...cell, name: checkName(name.value), sql: ta.value, max_rows: Number(max.value) || 1000 }),
  };
}

export { MARK_TYPES };
