/**
 * Exports of what is on screen. Tables: the visible columns in the order and sort shown, headers
 * in the page's language, indicator codes as names, with the title, the period and the filters,
 * and the sources and quality flags (a footer in CSV, a second sheet in XLSX). Charts: one image
 * with the title, the period and filters, the legend, the chart and a footer naming the source,
 * all in the page's font. Everything is produced in the page; exceljs is loaded only when an XLSX
 * is asked for, so it does not weigh on the first paint.
 */
import type { ColumnTable } from 'arquero';
import { columnLabel, indicatorLabel } from '../cells/plot-render.ts';
import { formatDate, getLang, t } from '../i18n/i18n.ts';
import type { TableColumn } from '../notebook/types.ts';
import { csvLine } from './csv-cell.ts';
import { TERM_COLUMNS, terms } from '../i18n/terms.ts';
import { download } from './dom.ts';

function safeName(s: string): string {
  return (s || 'chitieu').normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/[đĐ]/g, 'd').replace(/[^A-Za-z0-9_-]+/g, '-').replace(/^-|-$/g, '').toLowerCase() || 'chitieu';
}

/** What the export is of: where it sits and under which choices, as the screen says it. */
export interface ExportMeta {
  /** The cell's title (or its name). */
  title: string;
  notebook: string;
  /** The notebook's inputs as shown: label and displayed value. */
  filters: Array<{ label: string; value: string }>;
  /** The period(s) chosen, as shown. */
  period?: string;
  /** Where the rows came from ("analysis ranking", "extract …", "SQL"). */
  source: string;
  /** The permalink of the notebook with these choices. */
  link?: string;
}

/** The rows to export: the visible columns (with their formats) of the table on screen. */
export interface ExportTable {
  columns: string[];
  formats?: Map<string, TableColumn['format']>;
  table: ColumnTable;
}

/** A value as the export shows it: indicator codes as names, yes/no as met/missed; numbers stay numbers. */
function shown(v: unknown, column: string): unknown {
  if (v === null || v === undefined) return null;
  if (typeof v === 'boolean') return v ? t('met') : t('missed');
  if (column === 'indicator') return indicatorLabel(v);
  if (typeof v === 'string' && TERM_COLUMNS.has(column)) return terms(v);
  if (typeof v === 'bigint') return Number(v);
  if (v instanceof Date || typeof v === 'number' || typeof v === 'string') return v;
  return String(v);
}

function rowsOf(data: ExportTable): unknown[][] {
  const getters = data.columns.map((c) => data.table.getter(c));
  const out: unknown[][] = [];
  for (let i = 0; i < data.table.numRows(); i++) out.push(getters.map((g, j) => shown(g(i), data.columns[j])));
  return out;
}

/** The distinct quality flags of the exported rows. */
function flagsOf(data: ExportTable): string[] {
  if (!data.table.columnNames().includes('flags')) return [];
  const seen = new Set<string>();
  for (const v of Array.from(data.table.array('flags') as ArrayLike<unknown>)) for (const f of String(v ?? '').split(',')) if (f.trim()) seen.add(f.trim());
  return [...seen];
}

/** The description block: title, notebook, period, filters, source, flags, time, link. */
export function metaLines(meta: ExportMeta, flags: string[]): Array<[string, string]> {
  const lines: Array<[string, string]> = [[t('export_title'), meta.title], [t('export_notebook'), meta.notebook]];
  if (meta.period) lines.push([t('period'), meta.period]);
  for (const f of meta.filters) lines.push([f.label, f.value]);
  lines.push([t('source'), meta.source]);
  lines.push([t('flags'), flags.length ? flags.join('; ') : '—']);
  lines.push([t('exported_at'), new Date().toLocaleString(getLang() === 'vi' ? 'vi-VN' : 'en-GB')]);
  if (meta.link) lines.push([t('export_link'), meta.link]);
  return lines;
}

export function csvText(data: ExportTable, meta: ExportMeta): string {
  const lines = [csvLine(data.columns.map(columnLabel))];
  for (const row of rowsOf(data)) lines.push(csvLine(row.map((v) => (v instanceof Date ? v.toISOString().slice(0, 10) : v))));
  lines.push('');
  for (const [k, v] of metaLines(meta, flagsOf(data))) lines.push(csvLine([k, v]));
  // A BOM so that Excel opens the UTF-8 Vietnamese text correctly.
  return '\uFEFF' + lines.join('\r\n') + '\r\n';
}

export function exportCSV(data: ExportTable, meta: ExportMeta): void {
  download(new Blob([csvText(data, meta)], { type: 'text/csv;charset=utf-8' }), `${safeName(meta.title)}.csv`);
}

export async function exportXLSX(data: ExportTable, meta: ExportMeta): Promise<void> {
  const mod = (await import('exceljs')) as unknown as { default?: unknown; Workbook?: unknown };
  const ExcelJS = (mod.Workbook ? mod : mod.default) as { Workbook: new () => import('exceljs').Workbook };
  const wb = new ExcelJS.Workbook();
  wb.creator = 'chitieu';
  wb.title = meta.title;
  const ws = wb.addWorksheet(t('sheet_data'));
  ws.addRow([meta.title]).font = { bold: true, size: 14 };
  const sub = [meta.period ? `${t('period')}: ${meta.period}` : '', ...meta.filters.filter((f) => f.value !== meta.period).map((f) => `${f.label}: ${f.value}`)].filter(Boolean).join(' · ');
  ws.addRow([sub]).font = { italic: true };
  ws.addRow([]);
  const header = ws.addRow(data.columns.map(columnLabel));
  header.font = { bold: true };
  const headerRow = header.number;
  // Text in a workbook is never a formula (exceljs writes it as a string): no neutralizing here.
  for (const row of rowsOf(data)) ws.addRow(row);
  data.columns.forEach((c, j) => {
    const col = ws.getColumn(j + 1);
    const f = data.formats?.get(c);
    if (f === 'percent') col.numFmt = '0.0';
    else if (f === 'integer') col.numFmt = '#,##0';
    col.width = Math.min(40, Math.max(10, columnLabel(c).length + 2));
  });
  ws.views = [{ state: 'frozen', ySplit: headerRow }];
  ws.autoFilter = { from: { row: headerRow, column: 1 }, to: { row: headerRow, column: Math.max(1, data.columns.length) } };
  const about = wb.addWorksheet(t('sheet_sources'));
  for (const [k, v] of metaLines(meta, flagsOf(data))) about.addRow([k, v]).getCell(1).font = { bold: true };
  about.getColumn(1).width = 22;
  about.getColumn(2).width = 80;
  const buf = await wb.xlsx.writeBuffer();
  download(new Blob([buf], { type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' }), `${safeName(meta.title)}.xlsx`);
}

/** The chart's SVG (Plot wraps it in a <figure> when there is a legend). */
export function chartSvg(el: Element): SVGSVGElement | null {
  if (el instanceof SVGSVGElement) return el;
  const all = Array.from(el.querySelectorAll('svg')).filter((s) => !s.closest('[class$="-swatches"], [class*="-swatches "]') && !/swatch|ramp/.test(s.getAttribute('class') ?? ''));
  return (all.sort((a, b) => b.getBoundingClientRect().width * b.getBoundingClientRect().height - a.getBoundingClientRect().width * a.getBoundingClientRect().height)[0] as SVGSVGElement) ?? null;
}

const SVG_NS = 'http://www.w3.org/2000/svg';

function svgEl(tag: string, attrs: Record<string, string | number>, text?: string): SVGElement {
  const e = document.createElementNS(SVG_NS, tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
  if (text !== undefined) e.textContent = text;
  return e;
}

/** Legend entries of a Plot figure: swatches (colour, label) or a colour ramp (an SVG of its own). */
function legendOf(el: Element): { swatches: Array<{ color: string; label: string }>; ramp?: SVGSVGElement } {
  const swatches: Array<{ color: string; label: string }> = [];
  for (const s of Array.from(el.querySelectorAll('[class$="-swatch"]'))) {
    const svg = s.querySelector('svg');
    const color = svg?.getAttribute('fill') ?? svg?.querySelector('[fill]')?.getAttribute('fill') ?? '#888';
    swatches.push({ color, label: (s.textContent ?? '').trim() });
  }
  const ramp = Array.from(el.querySelectorAll('svg')).find((s) => /ramp/.test(s.getAttribute('class') ?? '')) as SVGSVGElement | undefined;
  return { swatches, ramp };
}

/** The page's font, spelled out: an image saved from the page has no page to inherit it from. */
function pageFont(): string {
  return getComputedStyle(document.body).fontFamily || 'sans-serif';
}

/** Text width estimate for laying out legend entries (the image is drawn outside the page). */
const textWidth = (s: string, size: number): number => s.length * size * 0.58;

/**
 * One SVG with everything a chart needs away from the page: title, period and filters, legend,
 * the chart, and a footer with the source and the time of export, in the page's font.
 */
export function composeChart(el: Element, meta: ExportMeta, flags: string[] = []): SVGSVGElement | null {
  const chart = chartSvg(el);
  if (!chart) return null;
  const font = pageFont();
  const box = chart.getBoundingClientRect();
  const cw = Number(chart.getAttribute('width')) || box.width || 760;
  const ch = Number(chart.getAttribute('height')) || box.height || 400;
  const pad = 16;
  const width = Math.max(cw + 2 * pad, 480);
  const root = svgEl('svg', { xmlns: SVG_NS, width, height: 0, 'font-family': font, fill: '#1d2228' }) as SVGSVGElement;
  root.setAttribute('style', `font-family: ${font}; background: #fff`);
  root.append(svgEl('rect', { x: 0, y: 0, width, height: '100%', fill: '#fff' }));
  let y = pad + 18;
  root.append(svgEl('text', { x: pad, y, 'font-size': 18, 'font-weight': 700, class: 'export-title' }, meta.title));
  const parts = [meta.period ? `${t('period')}: ${meta.period}` : '', ...meta.filters.filter((f) => f.value !== meta.period).map((f) => `${f.label}: ${f.value}`)].filter(Boolean);
  // The choices wrap at the image's width, one line per as many as fit.
  const lines: string[] = [];
  for (const p of parts) {
    const last = lines.length ? lines[lines.length - 1] : undefined;
    if (last !== undefined && textWidth(`${last} · ${p}`, 12) <= width - 2 * pad) lines[lines.length - 1] = `${last} · ${p}`;
    else lines.push(p);
  }
  for (const line of lines) {
    y += 18;
    root.append(svgEl('text', { x: pad, y, 'font-size': 12, fill: '#5b6470', class: 'export-subtitle' }, line));
  }
  const legend = legendOf(el);
  if (legend.swatches.length) {
    y += 22;
    let x = pad;
    for (const s of legend.swatches) {
      const w = 16 + textWidth(s.label, 12) + 14;
      if (x + w > width - pad) {
        x = pad;
        y += 18;
      }
      root.append(svgEl('rect', { x, y: y - 11, width: 12, height: 12, fill: s.color, class: 'export-swatch' }));
      root.append(svgEl('text', { x: x + 16, y, 'font-size': 12 }, s.label));
      x += w;
    }
  }
  if (legend.ramp) {
    const r = legend.ramp.cloneNode(true) as SVGSVGElement;
    const rh = Number(r.getAttribute('height')) || 50;
    r.setAttribute('x', String(pad));
    r.setAttribute('y', String(y + 8));
    r.style.fontFamily = font;
    root.append(r);
    y += rh + 8;
  }
  y += 10;
  const c = chart.cloneNode(true) as SVGSVGElement;
  c.setAttribute('x', String(pad));
  c.setAttribute('y', String(y));
  c.setAttribute('width', String(cw));
  c.setAttribute('height', String(ch));
  // Plot's own style says "font-family: inherit" (the page's font, inside the page): here the root names it.
  c.style.fontFamily = font;
  root.append(c);
  y += ch + 18;
  const foot = [`${t('source')}: ${meta.source}`, flags.length ? `${t('flags')}: ${flags.join('; ')}` : '', `chitieu · ${formatDate(new Date())}`].filter(Boolean);
  for (const line of foot) {
    root.append(svgEl('text', { x: pad, y, 'font-size': 11, fill: '#5b6470', class: 'export-footer' }, line));
    y += 15;
  }
  const height = y + pad - 10;
  root.setAttribute('height', String(height));
  root.setAttribute('viewBox', `0 0 ${width} ${height}`);
  return root;
}

function svgText(svg: SVGSVGElement): string {
  return new XMLSerializer().serializeToString(svg);
}

export function exportSVG(el: Element, meta: ExportMeta, flags: string[] = []): void {
  const svg = composeChart(el, meta, flags);
  if (!svg) return;
  download(new Blob([svgText(svg)], { type: 'image/svg+xml' }), `${safeName(meta.title)}.svg`);
}

export async function exportPNG(el: Element, meta: ExportMeta, flags: string[] = []): Promise<void> {
  const svg = composeChart(el, meta, flags);
  if (!svg) return;
  const width = Number(svg.getAttribute('width'));
  const height = Number(svg.getAttribute('height'));
  const scale = 2;
  const img = new Image();
  const url = URL.createObjectURL(new Blob([svgText(svg)], { type: 'image/svg+xml' }));
  try {
    await new Promise<void>((resolve, reject) => {
      img.onload = () => resolve();
      img.onerror = () => reject(new Error('SVG → PNG failed'));
      img.src = url;
    });
    const canvas = document.createElement('canvas');
    canvas.width = Math.ceil(width * scale);
    canvas.height = Math.ceil(height * scale);
    const g = canvas.getContext('2d')!;
    g.fillStyle = '#fff';
    g.fillRect(0, 0, canvas.width, canvas.height);
    g.drawImage(img, 0, 0, canvas.width, canvas.height);
    const blob = await new Promise<Blob | null>((r) => canvas.toBlob(r, 'image/png'));
    if (blob) download(blob, `${safeName(meta.title)}.png`);
  } finally {
    URL.revokeObjectURL(url);
  }
}

export { safeName, flagsOf };
