/**
 * Help for writing SQL in a cell (loaded when a SQL editor opens): a schema browser listing the
 * relations the SQL API publishes with their columns and descriptions (data-schemas/tables.json;
 * the reference relations' columns asked of the engine itself), clicking a name inserts it, and
 * completion of relation, column and keyword names as one types (Tab or Enter takes the first).
 */
import tables from '../../../data-schemas/tables.json' with { type: 'json' };
import { runSql } from '../data/api.ts';
import { getLang, t } from '../i18n/i18n.ts';
import { clear, h } from './dom.ts';

/** The relations the SQL API lets a query read (functions/core/sql/guard.ts PUBLISHED_RELATIONS; a test keeps them equal). */
export const SQL_RELATIONS = ['current_values', 'all_values', 'reports', 'units', 'indicators', 'calendar_months'] as const;

type Column = { name: string; type?: string; description?: string };
type Schema = Array<{ name: string; description: string; columns: Column[] }>;

const partition: Column[] = tables.partition_keys.map((k) => ({ name: k.name, type: k.type, description: k.why }));
const DESCRIBED: Record<string, { description: [string, string]; columns: Column[] }> = {
  current_values: { description: ['Giá trị hiện hành: bản sửa đổi mới nhất của mỗi báo cáo.', 'Current values: the latest revision of each report.'], columns: [...tables.tables.values.columns, ...partition] },
  all_values: { description: ['Mọi giá trị của mọi bản sửa đổi (lịch sử).', 'Every value of every revision (history).'], columns: [...tables.tables.values.columns, ...partition] },
  reports: { description: ['Sổ cái: một dòng cho mỗi bản báo cáo đã nhận.', 'The ledger: one row per report revision received.'], columns: [...tables.tables.reports.columns, ...partition] },
};
const REFERENCE: Record<string, [string, string]> = {
  units: ['Danh mục đơn vị (63/34 tỉnh, huyện, khu vực).', 'Unit registry (63/34 provinces, districts, regional units).'],
  indicators: ['Danh mục chỉ tiêu.', 'Indicator catalog.'],
  calendar_months: ['Lịch thống kê theo tháng.', 'Statistical calendar by month.'],
};

const KEYWORDS = ['SELECT', 'FROM', 'WHERE', 'GROUP BY', 'ORDER BY', 'HAVING', 'LIMIT', 'JOIN', 'LEFT JOIN', 'ON', 'AND', 'OR', 'NOT', 'IN', 'AS', 'DISTINCT', 'COUNT', 'SUM', 'AVG', 'MIN', 'MAX', 'CASE', 'WHEN', 'THEN', 'ELSE', 'END', 'WITH', 'DESC', 'ASC', 'IS NULL', 'IS NOT NULL', 'BETWEEN', 'LIKE', 'CAST'];

let schemaP: Promise<Schema> | undefined;

/** The relations and their columns: described ones from data-schemas, the others from the engine. */
export function loadSchema(): Promise<Schema> {
  const lang = getLang() === 'en' ? 1 : 0;
  schemaP ??= Promise.all(SQL_RELATIONS.map(async (name) => {
    const d = DESCRIBED[name];
    if (d) return { name, description: d.description[lang], columns: d.columns };
    const frame = await runSql(`SELECT * FROM ${name} LIMIT 0`, 1).catch(() => undefined);
    return { name, description: REFERENCE[name]?.[lang] ?? '', columns: (frame?.table.columnNames() ?? []).map((c) => ({ name: c })) };
  }));
  return schemaP;
}

/** Names starting with `prefix` (case-insensitive): relations, then columns, then keywords. */
export function completions(schema: Schema, prefix: string, limit = 8): string[] {
  const p = prefix.toLowerCase();
  if (p.length < 2) return [];
  const seen = new Set<string>();
  const out: string[] = [];
  const add = (s: string) => {
    if (out.length < limit && s.toLowerCase().startsWith(p) && s.toLowerCase() !== p && !seen.has(s)) {
      seen.add(s);
      out.push(s);
    }
  };
  for (const r of schema) add(r.name);
  for (const r of schema) for (const c of r.columns) add(c.name);
  for (const k of KEYWORDS) add(k);
  return out;
}

function insertAt(ta: HTMLTextAreaElement, text: string, replacePrefix = 0): void {
  const end = ta.selectionStart;
  const start = end - replacePrefix;
  ta.setRangeText(text, start, end, 'end');
  ta.dispatchEvent(new Event('input'));
  ta.focus();
}

/** Attaches the browser and completion to a SQL textarea; returns the browser element. */
export function sqlAssist(ta: HTMLTextAreaElement): HTMLElement {
  const browser = h('details', { class: 'schema-browser', open: true }, h('summary', {}, t('schema')), t('loading'));
  const suggest = h('ul', { class: 'sql-complete', role: 'listbox', id: `${ta.id || 'sql'}-complete`, hidden: true });
  ta.after(suggest);
  let schema: Schema = [];
  void loadSchema().then((s) => {
    schema = s;
    clear(browser);
    browser.append(h('summary', {}, t('schema')), ...s.map((r) => h('details', { class: 'schema-relation' },
      h('summary', {}, h('button', { type: 'button', class: 'link schema-name', title: t('insert'), onclick: () => insertAt(ta, r.name) }, r.name), r.description ? ` — ${r.description}` : ''),
      h('ul', {}, ...r.columns.map((c) => h('li', {},
        h('button', { type: 'button', class: 'link schema-name', onclick: () => insertAt(ta, c.name) }, c.name),
        c.type ? h('span', { class: 'muted' }, ` ${c.type}`) : null,
        c.description ? h('span', { class: 'muted' }, ` — ${c.description}`) : null))))));
  });
  const prefixAtCursor = (): string => /[A-Za-z_][A-Za-z0-9_]*$/.exec(ta.value.slice(0, ta.selectionStart))?.[0] ?? '';
  const refresh = (): void => {
    const prefix = prefixAtCursor();
    const list = completions(schema, prefix);
    clear(suggest);
    suggest.hidden = list.length === 0;
    for (const s of list) suggest.append(h('li', { role: 'option' }, h('button', { type: 'button', class: 'link', onclick: () => { insertAt(ta, s, prefixAtCursor().length); suggest.hidden = true; } }, s)));
  };
  ta.addEventListener('input', refresh);
  ta.addEventListener('keydown', (e) => {
    if (suggest.hidden || !(e.key === 'Tab' || (e.key === 'Enter' && !e.ctrlKey && !e.metaKey))) {
      if (e.key === 'Escape') suggest.hidden = true;
      return;
    }
    const first = suggest.querySelector('button')?.textContent;
    if (!first) return;
    e.preventDefault();
    e.stopPropagation();
    insertAt(ta, first, prefixAtCursor().length);
    suggest.hidden = true;
  });
  return browser;
}
