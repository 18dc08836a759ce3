/**
 * The original file of a report, shown in the page with the figure marked: narrative text and
 * Word documents with the value's character span highlighted (the spans index into the text the
 * extractor read, which GET /api/raw/<sha>/view returns), JSON with the value's entry, CSV and
 * XLSX with the row of the indicator and the cell holding the value. Loaded on first use.
 */
import { getJSON } from '../data/api.ts';
import { formatNumber, getLang, t } from '../i18n/i18n.ts';
import { indicatorLabel } from '../cells/plot-render.ts';
import { clear, h } from './dom.ts';
import { downloadOriginal, type SourceRow } from './provenance.ts';

type RawView =
  | { file: string; format: string; kind: 'text' | 'json'; text: string }
  | { file: string; format: string; kind: 'grid'; sheets: Array<{ name: string; rows: string[][]; truncated: boolean }> };

/** A number as a report cell may show it: 1.234,5 / 1,234.5 / 71,2% / 0.712 with a % format. */
export function cellNumber(text: string): number | undefined {
  let s = text.replace(/[\s\u00a0%]/g, '');
  if (!/^[-+]?[\d.,]+$/.test(s)) return undefined;
  if (s.includes(',') && s.includes('.')) s = s.lastIndexOf(',') > s.lastIndexOf('.') ? s.replace(/\./g, '').replace(',', '.') : s.replace(/,/g, '');
  else if (s.includes(',')) s = /,\d{3}$/.test(s) && !/^[-+]?0,/.test(s) ? s.replace(/,/g, '') : s.replace(',', '.');
  else if (/^[-+]?[1-9]\d{0,2}(\.\d{3})+$/.test(s)) s = s.replace(/\./g, '');
  const n = Number(s);
  return Number.isFinite(n) ? n : undefined;
}

const same = (a: number | undefined, b: number | null): boolean =>
  a !== undefined && b !== null && (Math.abs(a - b) < 1e-6 || Math.abs(a * 100 - b) < 1e-6);

/** The row of a grid that carries the value: it names the indicator (and, when it can, the unit and period). */
export function locateInGrid(rows: string[][], row: Pick<SourceRow, 'indicator' | 'unit_id' | 'period' | 'value'>): { r: number; c: number } | undefined {
  let best: { r: number; c: number; score: number } | undefined;
  rows.forEach((cells, r) => {
    if (!cells.some((x) => x.trim() === row.indicator)) return;
    const score = (cells.some((x) => x.trim() === row.unit_id) ? 1 : 0) + (cells.some((x) => x.trim() === row.period) ? 1 : 0);
    const c = cells.findIndex((x) => same(cellNumber(x), row.value));
    if (!best || score > best.score) best = { r, c, score };
  });
  return best ? { r: best.r, c: best.c } : undefined;
}

/** Lines [first, last] of the entry of `indicator` in indented JSON. */
export function locateInJson(lines: string[], indicator: string): [number, number] | undefined {
  const needle = `"indicator": ${JSON.stringify(indicator)}`;
  const at = lines.findIndex((l) => l.includes(needle));
  if (at < 0) return undefined;
  let first = at;
  while (first > 0 && !lines[first].trim().startsWith('{')) first--;
  let last = at;
  while (last < lines.length - 1 && !/^\s*}/.test(lines[last])) last++;
  return [first, last];
}

function textView(text: string, row: SourceRow): HTMLElement {
  const pre = h('pre', { class: 'source-text' });
  const { span_start: s, span_end: e } = row;
  if (s !== null && e !== null && s >= 0 && e <= text.length && s < e) {
    pre.append(text.slice(0, s), h('mark', { class: 'figure', id: 'source-mark' }, text.slice(s, e)), text.slice(e));
  } else pre.append(text);
  return pre;
}

function jsonView(text: string, row: SourceRow): HTMLElement {
  const lines = text.split('\n');
  const hit = locateInJson(lines, row.indicator);
  const pre = h('pre', { class: 'source-text' });
  lines.forEach((l, i) => {
    const inside = hit && i >= hit[0] && i <= hit[1];
    pre.append(inside ? h('mark', { class: 'figure', id: i === hit![0] ? 'source-mark' : undefined }, l) : l, '\n');
  });
  return pre;
}

function gridView(sheets: Array<{ name: string; rows: string[][]; truncated: boolean }>, row: SourceRow): HTMLElement {
  const box = h('div', { class: 'source-grid' });
  for (const sheet of sheets) {
    const hit = locateInGrid(sheet.rows, row);
    if (sheets.length > 1 && !hit) continue;
    if (sheet.name) box.append(h('h3', {}, sheet.name));
    const width = Math.max(0, ...sheet.rows.map((r) => r.length));
    box.append(h('table', {}, h('tbody', {}, ...sheet.rows.map((cells, r) => h('tr', { class: hit?.r === r ? 'hit' : undefined, id: hit?.r === r && hit.c < 0 ? 'source-mark' : undefined },
      h('th', { scope: 'row' }, String(r + 1)),
      ...Array.from({ length: width }, (_, c) => h('td', { class: hit?.r === r && hit.c === c ? 'hit-cell' : undefined, id: hit?.r === r && hit.c === c ? 'source-mark' : undefined }, cells[c] ?? '')))))));
    if (sheet.truncated) box.append(h('p', { class: 'muted' }, '…'));
  }
  return box;
}

let dialog: HTMLDialogElement | undefined;

export async function openSource(row: SourceRow): Promise<void> {
  dialog?.remove();
  const body = h('div', { class: 'source-body' }, t('loading'));
  const close = h('button', { type: 'button', class: 'close-source', onclick: () => dialog?.close() }, t('close'));
  const dl = h('button', { type: 'button', class: 'download-source', onclick: () => void downloadOriginal(row) }, `⤓ ${t('download')}`);
  dialog = h('dialog', { class: 'source-viewer', 'aria-labelledby': 'source-title' },
    h('div', { class: 'source-head' },
      h('h2', { id: 'source-title' }, row.source_file || row.source_sha256.slice(0, 12)),
      dl, close),
    h('p', { class: 'muted source-meta' },
      `${indicatorLabel(row.indicator)} · ${row.unit_id} · ${row.period} · ${t('value')}: ${formatNumber(row.value, 2)} · ${row.source_format} · rev ${row.revision}`),
    body);
  dialog.addEventListener('close', () => dialog?.remove());
  document.body.append(dialog);
  dialog.showModal();
  try {
    const view = await getJSON<RawView>(`/api/raw/${row.source_sha256}/view`);
    clear(body);
    body.append(view.kind === 'grid' ? gridView(view.sheets, row) : view.kind === 'json' ? jsonView(view.text, row) : textView(view.text, row));
    if (!body.querySelector('#source-mark')) body.prepend(h('p', { class: 'muted' }, t('source_not_located')));
    body.querySelector('#source-mark')?.scrollIntoView({ block: 'center' });
  } catch (e) {
    const err = e as { message_vi?: string; message_en?: string; message?: string };
    clear(body);
    body.append(h('p', { class: 'error', role: 'alert' }, (getLang() === 'en' ? err.message_en : err.message_vi) ?? err.message ?? String(e)));
  }
}
