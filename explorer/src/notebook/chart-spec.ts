/**
 * Chart cells: the form an analyst fills in compiles to a Plot description — plain JSON naming a
 * few whitelisted mark types and their options — which the renderer turns into Plot calls. The
 * JSON editor edits the same description, so a chart is always data, never code.
 */
import { NotebookError, type ChartForm, type PlotDescription } from './types.ts';

/** Mark types a description may use (Plot factory names). */
export const MARK_TYPES = ['line', 'lineY', 'dot', 'barX', 'barY', 'cell', 'text', 'areaY', 'tickX', 'tickY', 'ruleX', 'ruleY', 'rectY', 'frame', 'gridX', 'gridY'] as const;

/** Option keys that could turn a description into navigation or code; dropped from JSON descriptions. */
const DROPPED_KEYS = new Set(['href', 'target', 'render', 'document', 'className']);

/** Columns that carry provenance and quality; shown in tips whenever the data has them. */
export const PROVENANCE_COLUMNS = ['unit_name', 'period', 'flags', 'source', 'report_id'];

export interface CompileContext {
  /** Columns of the cell's input table. */
  columns: string[];
  /** Resolved rule value (a target or a number), if any. */
  rule?: number;
  ruleLabel?: string;
  lang?: 'vi' | 'en';
}

function has(ctx: CompileContext, c: string | undefined): c is string {
  return c !== undefined && c !== '' && ctx.columns.includes(c);
}

function need(ctx: CompileContext, field: string | undefined, what: string): string {
  if (!field) throw new NotebookError('chart_field', `Biểu đồ cần chọn cột cho ${what}.`, `The chart needs a column for ${what}.`);
  if (!ctx.columns.includes(field)) {
    throw new NotebookError('chart_column', `Không có cột "${field}" (${what}). Các cột: ${ctx.columns.join(', ')}.`, `No column "${field}" (${what}). Columns: ${ctx.columns.join(', ')}.`);
  }
  return field;
}

function tipChannels(ctx: CompileContext, used: Array<string | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const c of PROVENANCE_COLUMNS) if (has(ctx, c) && !used.includes(c)) out[c] = c;
  return out;
}

/** Form → description. Throws a bilingual error naming the missing or unknown column. */
export function compileChart(form: ChartForm, ctx: CompileContext): PlotDescription {
  const options: Record<string, unknown> = {};
  const marks: PlotDescription['marks'] = [];
  const color = has(ctx, form.color) ? form.color : undefined;
  if (form.color && !color) need(ctx, form.color, 'màu / color');
  const facet: Record<string, string> = {};
  if (form.fx) facet.fx = need(ctx, form.fx, 'fx');
  if (form.fy) facet.fy = need(ctx, form.fy, 'fy');
  const tip = form.tip ?? true;
  // A dot sorted by x is a ranking: categories down the side, values across (like barX).
  const horizontal = form.mark === 'barX' || form.mark === 'tickX' || (form.mark === 'dot' && /^-?x$/.test(form.sort ?? ''));

  if (form.mark === 'tilemap') {
    const fill = need(ctx, form.color ?? form.x, 'giá trị / value');
    options.x = { axis: null };
    options.y = { axis: null, reverse: false };
    options.color = { legend: true, scheme: 'ylgnbu', label: fill };
    options.aspectRatio = 1;
    marks.push({ type: 'cell', data: 'tiles', options: { x: 'col', y: 'row', fill, inset: 1, tip, ...(tip ? { channels: { name: 'name', ...tipChannels(ctx, [fill, 'unit_name']) } } : {}) } });
    marks.push({ type: 'text', data: 'tiles', options: { x: 'col', y: 'row', text: 'short', fontSize: 10, fill: 'black' } });
    return { options, marks };
  }

  const x = need(ctx, form.x, 'x');
  const y = form.mark === 'tickX' && !form.y ? undefined : need(ctx, form.y, 'y');
  const channel: Record<string, unknown> = { x, ...(y ? { y } : {}), ...facet };
  if (tip) channel.tip = true;
  const extra = tipChannels(ctx, [x, y, color]);
  if (tip && Object.keys(extra).length) channel.channels = extra;

  switch (form.mark) {
    case 'line':
      // One series per colour, said explicitly: a series of one point (a province of the 63 whose
      // last full year is the only one shown) otherwise draws Plot's high-cardinality warning sign.
      marks.push({ type: 'line', data: 'main', options: { ...channel, ...(color ? { stroke: color, z: color } : {}), marker: 'circle' } });
      break;
    case 'areaY':
      marks.push({ type: 'areaY', data: 'main', options: { ...channel, ...(color ? { fill: color } : {}), fillOpacity: 0.6 } });
      break;
    case 'dot':
      marks.push({ type: 'dot', data: 'main', options: { ...channel, ...(color ? { fill: color } : {}), r: 5, ...(form.sort ? { sort: { [horizontal ? 'y' : 'x']: form.sort } } : {}) } });
      // A ranking's domain is the values' own range (not from 0, where 63 provinces between 85 and 92 % look equal).
      if (horizontal) options.x = { nice: true, zero: false };
      break;
    case 'barX':
    case 'barY': {
      const sortKey = form.sort ? { [form.mark === 'barX' ? 'y' : 'x']: form.sort } : undefined;
      marks.push({ type: form.mark, data: 'main', options: { ...channel, ...(color ? { fill: color } : {}), ...(sortKey ? { sort: sortKey } : {}) } });
      break;
    }
    case 'cell':
      marks.push({ type: 'cell', data: 'main', options: { ...channel, ...(color ? { fill: color } : {}), inset: 0.5 } });
      break;
    case 'text':
      marks.push({ type: 'text', data: 'main', options: { ...channel, text: need(ctx, form.label, 'nhãn / label') } });
      break;
    case 'tickX':
      marks.push({ type: 'tickX', data: 'main', options: { ...channel, ...(color ? { stroke: color } : {}) } });
      break;
    default:
      throw new NotebookError('chart_mark', `Loại biểu đồ "${String(form.mark)}" không được hỗ trợ.`, `Mark "${String(form.mark)}" is not supported.`);
  }
  if (form.band) {
    marks.unshift({ type: 'areaY', data: 'main', options: { x, y1: need(ctx, form.band.y1, 'y1'), y2: need(ctx, form.band.y2, 'y2'), fill: '#9ab', fillOpacity: 0.2, ...facet } });
  }
  if (form.label && form.mark !== 'text') {
    marks.push({ type: 'text', data: 'main', options: { x, ...(y ? { y } : {}), ...facet, text: need(ctx, form.label, 'nhãn / label'), dy: horizontal ? 0 : -9, dx: horizontal ? 6 : 0, textAnchor: horizontal ? 'start' : 'middle', fontSize: 10 } });
  }
  if (ctx.rule !== undefined && Number.isFinite(ctx.rule)) {
    // Values as objects so the description stays JSON (no identity functions needed).
    const values = [{ rule: ctx.rule, label: ctx.ruleLabel ?? '' }];
    marks.push({ type: horizontal ? 'ruleX' : 'ruleY', values, options: { [horizontal ? 'x' : 'y']: 'rule', stroke: '#c0392b', strokeDasharray: '4,3', strokeWidth: 1.5 } });
    if (ctx.ruleLabel) {
      marks.push({
        type: 'text',
        values,
        options: horizontal
          ? { x: 'rule', text: 'label', frameAnchor: 'top', dy: -14, dx: 4, textAnchor: 'start', fill: '#c0392b' }
          : { y: 'rule', text: 'label', frameAnchor: 'right', dy: -7, textAnchor: 'end', fill: '#c0392b' },
      });
    }
  }
  options.y = { grid: !horizontal, ...(form.percent && !horizontal ? { label: `${y ?? ''} (%)` } : {}) };
  options.x = { ...((options.x as object) ?? {}), grid: horizontal, ...(form.percent && horizontal ? { label: `${x} (%)` } : {}) };
  if (color) options.color = { legend: true };
  if (form.height) options.height = form.height;
  if (horizontal) options.marginLeft = 130;
  // Room above the plot for the target's label, and around labelled dots for their names.
  if (horizontal && ctx.ruleLabel) options.marginTop = 30;
  if (form.label && form.mark !== 'text') Object.assign(options, { marginRight: 60, marginTop: 30, inset: 12, insetLeft: 36 });
  return { options, marks };
}

/** Checks a hand-edited description: known mark types only, no navigation or code options. */
export function sanitizeDescription(d: unknown): PlotDescription {
  if (!d || typeof d !== 'object' || Array.isArray(d)) {
    throw new NotebookError('chart_json', 'JSON biểu đồ phải là một đối tượng { options, marks }.', 'Chart JSON must be an object { options, marks }.');
  }
  const src = d as { options?: unknown; marks?: unknown };
  if (!Array.isArray(src.marks)) throw new NotebookError('chart_json', 'JSON biểu đồ thiếu "marks".', 'Chart JSON lacks "marks".');
  const marks = src.marks.map((m, i) => {
    if (!m || typeof m !== 'object') throw new NotebookError('chart_json', `Mark ${i + 1} không hợp lệ.`, `Mark ${i + 1} is invalid.`);
    const mk = m as { type?: unknown; data?: unknown; values?: unknown; options?: unknown };
    if (!(MARK_TYPES as readonly string[]).includes(String(mk.type))) {
      throw new NotebookError('chart_mark', `Mark "${String(mk.type)}" không được phép (được: ${MARK_TYPES.join(', ')}).`, `Mark "${String(mk.type)}" is not allowed (allowed: ${MARK_TYPES.join(', ')}).`);
    }
    return {
      type: String(mk.type),
      ...(mk.data === 'main' || mk.data === 'none' || mk.data === 'tiles' ? { data: mk.data as 'main' | 'none' | 'tiles' } : {}),
      ...(Array.isArray(mk.values) ? { values: mk.values as unknown[] } : {}),
      options: clean(mk.options ?? {}) as Record<string, unknown>,
    };
  });
  return { options: clean(src.options ?? {}) as Record<string, unknown>, marks };
}

function clean(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(clean);
  if (v && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) if (!DROPPED_KEYS.has(k) && k !== '__proto__') out[k] = clean(x);
    return out;
  }
  return v;
}
