/**
 * A data table: sortable headers (buttons, aria-sort), pages, values in the page's number
 * format, quality flags as their own column, and — when the cell says which period the values are
 * for — a link from each row to the reports the value came from.
 */
import type { ColumnTable } from 'arquero';
import { desc as aqDesc } from 'arquero';
import { formatChange, formatNumber, formatPercent, formatDate, t } from '../i18n/i18n.ts';
import { TERM_COLUMNS, terms } from '../i18n/terms.ts';
import { columnLabel, indicatorLabel } from '../cells/plot-render.ts';
import type { TableColumn } from '../notebook/types.ts';
import { clear, h } from './dom.ts';
import { showSources } from './provenance.ts';

export interface TableViewOptions {
  pageSize?: number;
  sort?: { column: string; desc?: boolean };
  columns?: TableColumn[];
  /** Period (and indicator, when the rows have none) for source-report links; rows need unit_id. */
  source?: { period: string; indicator?: string };
  caption?: string;
  /** Unit of the values when the table is about one indicator: changes of a rate are in percentage points. */
  unit?: 'percent' | 'count';
}

/** A column's header: the change of a rate says it is in percentage points. */
export function headerLabel(name: string, unit?: 'percent' | 'count'): string {
  return name === 'change' && unit === 'percent' ? `${columnLabel(name)} (${t('pp')})` : columnLabel(name);
}

export function formatCell(v: unknown, fmt: TableColumn['format'] | undefined, name: string, unit?: 'percent' | 'count'): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string' && TERM_COLUMNS.has(name)) return terms(v);
  if (unit && name === 'change') return formatChange(v, unit === 'percent');
  if (unit === 'percent' && (name === 'value' || name === 'previous_value') && fmt === undefined) return formatPercent(v);
  // a verdict reads as met / missed; any other yes-or-no column (partial, reviewed, …) as yes / no
  if (typeof v === 'boolean') return name === 'met' ? t(v ? 'met' : 'missed') : t(v ? 'yes' : 'no');
  if (fmt === 'percent') return formatPercent(v);
  if (fmt === 'integer') return formatNumber(v, 0);
  if (fmt === 'date' || v instanceof Date) return formatDate(v);
  if (fmt === 'text') return String(v);
  if (name === 'indicator') return indicatorLabel(v);
  if (typeof v === 'number') return /year|nam/.test(name) && Number.isInteger(v) ? String(v) : formatNumber(v, 2);
  return String(v);
}

/** A table view that can say what it shows: the visible columns, in the order and sort on screen. */
export interface TableViewElement extends HTMLElement {
  visible(): { columns: string[]; formats: Map<string, TableColumn['format']>; table: ColumnTable };
}

/** The columns a table shows by default: everything but the technical ones. */
// extracted, reviewed and reconciled (contract 3) read as words in the flags column, not as three yes/no columns
export const HIDDEN_COLUMNS = new Set(['synthetic', 'attention', 'extracted', 'reviewed', 'reconciled']);

export function tableView(table: ColumnTable, opts: TableViewOptions = {}): TableViewElement {
  const root = h('div', { class: 'table-view' }) as unknown as TableViewElement;
  const pageSize = opts.pageSize ?? 20;
  let sort = opts.sort;
  let page = 0;
  const shown = opts.columns?.map((c) => c.name).filter((c) => table.columnNames().includes(c)) ?? table.columnNames().filter((c) => !HIDDEN_COLUMNS.has(c));
  const fmt = new Map((opts.columns ?? []).map((c) => [c.name, c.format]));
  const src = opts.source;
  const canLink = !!src && table.columnNames().includes('unit_id') && (!!src.indicator || table.columnNames().includes('indicator'));

  const draw = (): void => {
    clear(root);
    const sorted = sort && table.columnNames().includes(sort.column) ? table.orderby(sort.desc ? aqDesc(sort.column) : sort.column) : table;
    const n = sorted.numRows();
    const pages = Math.max(1, Math.ceil(n / pageSize));
    page = Math.min(page, pages - 1);
    const rows = sorted.slice(page * pageSize, (page + 1) * pageSize).objects() as Record<string, unknown>[];
    const thead = h('thead', {}, h('tr', {}, ...shown.map((c) => {
      const active = sort?.column === c;
      return h('th', { scope: 'col', 'aria-sort': active ? (sort!.desc ? 'descending' : 'ascending') : 'none' },
        h('button', { type: 'button', class: 'sort', onclick: () => { sort = { column: c, desc: active ? !sort!.desc : false }; page = 0; draw(); } },
          headerLabel(c, opts.unit), active ? (sort!.desc ? ' ▼' : ' ▲') : ''));
    }), canLink ? h('th', { scope: 'col' }, t('report')) : null));
    const tbody = h('tbody', {}, ...rows.map((r) => h('tr', { class: r.met === false ? 'missed' : r.met === true ? 'met' : undefined },
      ...shown.map((c) => h('td', { class: typeof r[c] === 'number' ? 'num' : undefined }, formatCell(r[c], fmt.get(c), c, opts.unit))),
      canLink ? h('td', {}, h('button', { type: 'button', class: 'link', onclick: (e: Event) => showSources(e.currentTarget as HTMLElement, String(r.unit_id), String(r.indicator ?? src!.indicator), src!.period) }, t('source'))) : null)));
    root.append(h('table', {}, opts.caption ? h('caption', {}, opts.caption) : null, thead, tbody));
    if (pages > 1) {
      root.append(h('nav', { class: 'pager', 'aria-label': t('page') },
        h('button', { type: 'button', disabled: page === 0, onclick: () => { page--; draw(); } }, t('prev')),
        h('span', {}, ` ${t('page')} ${page + 1} / ${pages} · ${formatNumber(n, 0)} ${t('rows')} `),
        h('button', { type: 'button', disabled: page >= pages - 1, onclick: () => { page++; draw(); } }, t('next'))));
    } else {
      root.append(h('p', { class: 'muted' }, `${formatNumber(n, 0)} ${t('rows')}`));
    }
  };
  root.visible = () => ({
    columns: shown,
    formats: fmt,
    table: sort && table.columnNames().includes(sort.column) ? table.orderby(sort.desc ? aqDesc(sort.column) : sort.column) : table,
  });
  draw();
  return root;
}
