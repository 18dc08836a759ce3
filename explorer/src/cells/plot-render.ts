/**
 * Description → Observable Plot. Only the whitelisted factories are called; number formats and
 * labels follow the page language (vi-VN: 71,2), and Plot's ARIA labels are kept and completed.
 */
import * as Plot from '@observablehq/plot';
import { COLUMN_LABELS } from '../i18n/strings.ts';
import { formatDate, formatNumber, getLang } from '../i18n/i18n.ts';
import { catalogIfLoaded } from '../data/reference.ts';
import { MARK_TYPES } from '../notebook/chart-spec.ts';
import { TERM_COLUMNS, terms } from '../i18n/terms.ts';
import type { PlotDescription } from '../notebook/types.ts';

export interface Tile {
  id: string;
  code: string;
  name: string;
  short: string;
  col: number;
  row: number;
}

export function columnLabel(name: string): string {
  return COLUMN_LABELS[name]?.[getLang()] ?? name;
}

/** Indicator code → its name in the page language (the code itself until the catalog arrives). */
export function indicatorLabel(code: unknown): string {
  const ind = catalogIfLoaded()?.byCode.get(String(code));
  return ind ? (getLang() === 'en' ? ind.name_en : ind.name_vi) : String(code ?? '');
}

/** Formats a value for a tip or a tick; years stay plain (2024, not 2.024); indicator codes become names. */
export function formatterFor(field: unknown): (v: unknown) => string {
  const yearLike = typeof field === 'string' && /year|nam/i.test(field);
  if (field === 'indicator') return indicatorLabel;
  if (typeof field === 'string' && TERM_COLUMNS.has(field)) return (v) => (v === null || v === undefined ? '' : terms(String(v)));
  return (v) => {
    if (v instanceof Date) return formatDate(v);
    if (typeof v === 'number') return yearLike && Number.isInteger(v) ? String(v) : formatNumber(v, 2);
    return v === null || v === undefined ? '' : String(v);
  };
}

const FORMATTED_CHANNELS = ['x', 'y', 'x1', 'x2', 'y1', 'y2', 'fill', 'stroke', 'r', 'text'];

function localizeMark(options: Record<string, unknown>, tiles = false): Record<string, unknown> {
  const out = { ...options };
  if (out.tip === true) {
    // A tile's grid position is layout, not data: its tip names the province and its values only.
    const format: Record<string, unknown> = tiles ? { x: false, y: false } : {};
    for (const c of FORMATTED_CHANNELS) if (typeof out[c] === 'string' && !(c in format)) format[c] = formatterFor(out[c]);
    out.tip = { format };
    // Tips name each value in the page's language ("Đơn vị", not "unit_name"), even where an axis has no title.
    if (!tiles) for (const c of ['x', 'y', 'fill', 'stroke']) if (typeof out[c] === 'string' && COLUMN_LABELS[out[c] as string]) out[c] = { value: out[c], label: columnLabel(out[c] as string) };
  }
  if (out.channels && typeof out.channels === 'object') {
    const ch: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(out.channels as Record<string, unknown>)) {
      ch[columnLabel(k)] = v;
      if (out.tip && typeof out.tip === 'object' && typeof v === 'string') ((out.tip as { format: Record<string, unknown> }).format[columnLabel(k)] = formatterFor(v));
    }
    out.channels = ch;
  }
  return out;
}

function firstField(desc: PlotDescription, channel: string): string | undefined {
  for (const m of desc.marks) {
    const v = m.options?.[channel];
    if ((m.data === 'main' || m.data === undefined) && !m.values && typeof v === 'string') return v;
  }
  return undefined;
}

/** Tiles with the data row of the same unit merged in (tiles without data keep only their names). */
export function mergeTiles(tiles: Tile[], rows: Record<string, unknown>[], key = 'unit_id'): Array<Record<string, unknown>> {
  const byId = new Map(rows.map((r) => [String(r[key]), r]));
  return tiles.map((t) => ({ ...t, ...(byId.get(t.id) ?? {}) }));
}

/** An SVG length attribute in user units: plain numbers, px, or em of the text's size. */
function length(v: string | null, size: number): number {
  const n = Number.parseFloat(v ?? '');
  if (!Number.isFinite(n)) return 0;
  return v!.trim().endsWith('em') ? n * size : n;
}

/** Where a Plot text element is drawn: its translate() plus its x/y attributes. */
function textBox(el: SVGTextElement, size: number): { x0: number; x1: number; y0: number; y1: number } {
  // Plot writes offsets in em (y="0.32em"): Number() of that is NaN, and a NaN box overlaps nothing.
  let x = length(el.getAttribute('x'), size) + length(el.getAttribute('dx'), size);
  let y = length(el.getAttribute('y'), size) + length(el.getAttribute('dy'), size);
  for (const node of [el, el.parentElement]) {
    const m = /translate\(\s*([-\d.]+)[ ,]+([-\d.]+)\s*\)/.exec(node?.getAttribute('transform') ?? '');
    if (m) {
      x += Number(m[1]);
      y += Number(m[2]);
    }
  }
  // About 0.62 em a letter in the page's sans-serif, Vietnamese diacritics included.
  const w = (el.textContent ?? '').length * size * 0.62;
  const anchor = el.getAttribute('text-anchor') ?? el.parentElement?.getAttribute('text-anchor') ?? 'middle';
  const x0 = anchor === 'start' ? x : anchor === 'end' ? x - w : x - w / 2;
  // The box spans about 1.2 em: diacritics reach above the cap height.
  return { x0, x1: x0 + w, y0: y - size * 0.9, y1: y + size * 0.35 };
}

/**
 * Data labels that would overlap an earlier one are hidden (the tip still names the point): a
 * greedy pass in drawing order against the labels kept (a chart has a few hundred at most).
 */
export function declutterLabels(root: Element): void {
  for (const g of Array.from(root.querySelectorAll('g[aria-label="text"]'))) {
    const texts = Array.from(g.querySelectorAll('text')) as SVGTextElement[];
    if (texts.length < 2) continue;
    const size = Number.parseFloat(g.getAttribute('font-size') ?? '') || 10;
    const kept: Array<ReturnType<typeof textBox>> = [];
    for (const el of texts) {
      const b = textBox(el, size);
      if (kept.some((k) => b.x0 < k.x1 && k.x0 < b.x1 && b.y0 < k.y1 && k.y0 < b.y1)) el.setAttribute('visibility', 'hidden');
      else kept.push(b);
    }
  }
}

export function renderPlot(
  desc: PlotDescription,
  rows: Record<string, unknown>[],
  opts: { tiles?: Tile[]; ariaLabel?: string; width?: number; percent?: boolean; xLabel?: string; yLabel?: string } = {},
): SVGSVGElement | HTMLElement {
  const P = Plot as unknown as Record<string, (data?: unknown, options?: Record<string, unknown>) => Plot.Markish>;
  const tileRows = opts.tiles ? mergeTiles(opts.tiles, rows) : [];
  let drawn = 0;
  const marks = desc.marks.map((m) => {
    if (!(MARK_TYPES as readonly string[]).includes(m.type)) throw new Error(`mark ${m.type} not allowed`);
    let data: unknown = m.values ?? (m.data === 'tiles' ? tileRows : m.data === 'none' ? undefined : rows);
    if (data === rows) {
      // Rows without a position (no value for this period, no previous year) are left out, not drawn at 0.
      const pos = ['x', 'y', 'x1', 'x2', 'y1', 'y2'].map((c) => m.options?.[c]).filter((f): f is string => typeof f === 'string');
      if (pos.length) data = rows.filter((r) => pos.every((f) => r[f] !== null && r[f] !== undefined && !(typeof r[f] === 'number' && Number.isNaN(r[f]))));
      drawn += (data as unknown[]).length;
    } else if (m.data === 'tiles') drawn += rows.length;
    return P[m.type](data, localizeMark(m.options ?? {}, m.data === 'tiles'));
  });
  const usesRows = desc.marks.some((m) => (m.data === 'main' || m.data === 'tiles') && !m.values);
  if (usesRows && drawn === 0) {
    // Nothing to draw (e.g. no same period last year): say so rather than draw empty axes.
    const p = document.createElement('p');
    p.className = 'no-data';
    p.setAttribute('role', 'note');
    p.textContent = getLang() === 'en' ? 'No data to draw for these choices.' : 'Không có số liệu để vẽ với lựa chọn này.';
    return p;
  }
  const options: Record<string, unknown> = { ...desc.options };
  for (const axis of ['x', 'y']) {
    const field = firstField(desc, axis);
    const scale = { ...((options[axis] as Record<string, unknown>) ?? {}) };
    if (scale.axis !== null) {
      if (field && scale.label === undefined) scale.label = columnLabel(field) + (opts.percent && axis === (desc.marks[0]?.type === 'barX' ? 'x' : 'y') ? ' (%)' : '');
      if (scale.tickFormat === undefined) scale.tickFormat = formatterFor(field);
    }
    options[axis] = scale;
  }
  // At 12 px the tick labels fill Plot's default 30 px below the x axis, and the axis title ran into them.
  if ((options.x as Record<string, unknown>).axis !== null && !opts.tiles) options.marginBottom ??= 40;
  for (const facet of ['fx', 'fy']) {
    const field = firstField(desc, facet);
    if (field) options[facet] = { label: null, ...((options[facet] as object) ?? {}) };
  }
  // Facet names (province names) on the right need room.
  if (firstField(desc, 'fy') && options.marginRight === undefined) options.marginRight = 120;
  const colorField = firstField(desc, 'fill') ?? firstField(desc, 'stroke');
  if (options.color && typeof options.color === 'object') {
    const c = options.color as Record<string, unknown>;
    options.color = { ...c, label: typeof c.label === 'string' ? columnLabel(c.label) : colorField ? columnLabel(colorField) : undefined, tickFormat: formatterFor(colorField) };
  }
  if (opts.tiles) {
    // Square tiles: the grid decides the size.
    const cols = Math.max(...opts.tiles.map((t) => t.col)) + 1;
    const rowsN = Math.max(...opts.tiles.map((t) => t.row)) + 1;
    const size = 46;
    options.width ??= cols * size + 20;
    options.height ??= rowsN * size + 70;
    options.margin ??= 10;
    options.marginTop ??= 60;
    options.y = { ...((options.y as object) ?? {}), domain: Array.from({ length: rowsN }, (_, i) => i) };
    options.x = { ...((options.x as object) ?? {}), domain: Array.from({ length: cols }, (_, i) => i) };
    marks.unshift(P.cell(tileRows, { x: 'col', y: 'row', fill: '#eceff3', inset: 1 }));
  } else {
    // Categorical axes get a fixed band per category so 5 and 63 provinces both read well.
    const main = desc.marks.find((m) => m.data === 'main' && !m.values);
    const xField = main?.options?.x;
    const yField = main?.options?.y;
    const fyField = main?.options?.fy;
    const count = (f: unknown): number => new Set(rows.map((r) => r[f as string])).size;
    const num = (k: string, d: number): number => (typeof options[k] === 'number' ? (options[k] as number) : d);
    const categoricalY = typeof yField === 'string' && rows.some((r) => typeof r[yField] === 'string');
    if (options.height === undefined && main && (['barX', 'cell', 'tickX'].includes(main.type) || (main.type === 'dot' && categoricalY)) && typeof yField === 'string') {
      options.height = count(yField) * (main.type === 'cell' ? 26 : 20) + num('marginTop', 20) + num('marginBottom', 30) + 20;
    } else if (options.height === undefined && typeof fyField === 'string') {
      options.height = Math.max(200, count(fyField) * 110 + 60);
    }
    if (options.width === undefined && main?.type === 'cell' && typeof xField === 'string') {
      options.width = Math.max(760, count(xField) * 22 + num('marginLeft', 40) + num('marginRight', 20));
    }
    // Counts: no fractional ticks (0,5 protests) on an axis whose values are all whole numbers.
    for (const axis of ['x', 'y'] as const) {
      const f = main?.options?.[axis];
      if (typeof f !== 'string') continue;
      const vals = rows.map((r) => r[f]).filter((v) => typeof v === 'number') as number[];
      if (vals.length && vals.length === rows.length && vals.every(Number.isInteger)) {
        const scale = (options[axis] as Record<string, unknown>) ?? {};
        const base = typeof scale.tickFormat === 'function' ? (scale.tickFormat as (v: unknown) => string) : formatterFor(f);
        options[axis] = { ...scale, tickFormat: (v: unknown) => (typeof v === 'number' && !Number.isInteger(v) ? '' : base(v)) };
      }
    }
  }
  for (const axis of ['x', 'y'] as const) {
    const label = axis === 'x' ? opts.xLabel : opts.yLabel;
    if (label) options[axis] = { ...(options[axis] as object), label };
  }
  const plot = Plot.plot({
    width: opts.width ?? 760,
    style: { fontFamily: 'inherit', fontSize: '12px', background: 'transparent' },
    ariaLabel: opts.ariaLabel,
    ...options,
    marks,
  } as Plot.PlotOptions);
  declutterLabels(plot);
  return plot;
}
