/**
 * The point-and-click pivot under a data cell (loaded on first use): rows, columns, measure and a
 * filter chosen from the table's fields, then a table or a chart (bars, lines, heat map) of the
 * result. Values are combined by each indicator's kind as the analyses do (notebook/pivot.ts).
 */
import * as Plot from '@observablehq/plot';
import type { Frame } from '../data/frame.ts';
import { catalogIfLoaded, loadCatalog } from '../data/reference.ts';
import { formatNumber, t } from '../i18n/i18n.ts';
import type { StringKey } from '../i18n/strings.ts';
import { pivot, type PivotNote, type PivotSpec } from '../notebook/pivot.ts';
import type { PivotSettings } from '../notebook/types.ts';
import { columnLabel, indicatorLabel } from '../cells/plot-render.ts';
import { clear, h } from './dom.ts';

const CHARTS = ['table', 'bar', 'line', 'heatmap'] as const;
type ChartType = (typeof CHARTS)[number];

const NOTES: Record<PivotNote, StringKey> = {
  mixed_indicators: 'pivot_mixed', unknown_kind: 'pivot_unknown_kind', percent_only: 'pivot_percent_only', no_values: 'no_data', other: 'pivot_cannot',
};

/** Fields worth grouping by: text columns with few enough distinct values. */
function dimensions(frame: Frame): string[] {
  const rows = frame.table.numRows();
  return frame.table.columnNames().filter((c) => {
    if (['value', 'numerator', 'denominator', 'synthetic', 'flags', 'attention', 'span_start', 'span_end', 'confidence'].includes(c)) return false;
    const col = frame.table.array(c) as ArrayLike<unknown>;
    if (rows && typeof col[0] === 'number' && !/year|nam/.test(c)) return false;
    return new Set(Array.from(col).slice(0, 5000)).size <= 400;
  });
}

const label = (field: string, v: string): string => (field === 'indicator' ? indicatorLabel(v) : v);

/**
 * The pivot of `frame`, set up as `saved` left it (a field the data no longer has falls back to
 * the default). `onChange` hears every choice, so the notebook keeps it (saved, linked, restored).
 */
export async function pivotPanel(frame: Frame, saved?: PivotSettings, onChange?: (settings: PivotSettings) => void): Promise<HTMLElement> {
  await loadCatalog().catch(() => undefined);
  const dims = dimensions(frame);
  const rows = frame.table.objects() as Record<string, unknown>[];
  const has = (f: string | undefined): f is string => !!f && dims.includes(f);
  const savedFilter = Object.entries(saved?.filters ?? {}).find(([f]) => has(f));
  const pick = (id: string, options: Array<[string, string]>, value: string) => {
    const s = h('select', { id }, ...options.map(([v, l]) => h('option', { value: v, selected: v === value }, l)));
    s.addEventListener('change', () => draw());
    return s;
  };
  const dimOptions = dims.map((d) => [d, columnLabel(d)] as [string, string]);
  const rowSel = pick('pivot-rows', dimOptions, has(saved?.rows) ? saved.rows : dims.includes('period') ? 'period' : dims[0]);
  const colSel = pick('pivot-cols', [['', '—'], ...dimOptions], has(saved?.columns) ? saved.columns : '');
  const measureSel = pick('pivot-measure', [['value', t('pivot_value')], ['count', t('pivot_count')]], saved?.measure === 'count' ? 'count' : 'value');
  const filterDim = pick('pivot-filter-field', [['', '—'], ...dimOptions], savedFilter ? savedFilter[0] : saved ? '' : dims.includes('indicator') ? 'indicator' : '');
  const filterVal = h('select', { id: 'pivot-filter-value', multiple: true, size: 4 });
  const chartSel = pick('pivot-chart', CHARTS.map((c) => [c, t(`pivot_${c}` as StringKey)] as [string, string]), saved?.chart && CHARTS.includes(saved.chart) ? saved.chart : 'table');
  const out = h('div', { class: 'pivot-out', 'aria-live': 'polite' });
  const fillFilterValues = (chosen: string[] = []): void => {
    clear(filterVal);
    const f = filterDim.value;
    if (!f) return;
    const values = [...new Set(rows.map((r) => String(r[f] ?? '')))].sort();
    for (const v of values) filterVal.append(h('option', { value: v, selected: chosen.includes(v) }, label(f, v)));
  };
  filterDim.addEventListener('change', () => {
    fillFilterValues();
    draw();
  });
  filterVal.addEventListener('change', () => draw());
  fillFilterValues(savedFilter?.[1]);

  const kindOf = (code: string) => {
    const ind = catalogIfLoaded()?.byCode.get(code);
    return ind?.kind ? { code, kind: ind.kind as never, denominator: ind.denominator } : undefined;
  };

  function draw(): void {
    clear(out);
    const spec: PivotSpec = {
      rows: rowSel.value,
      columns: colSel.value || undefined,
      measure: measureSel.value as PivotSpec['measure'],
      filters: filterDim.value ? { [filterDim.value]: Array.from(filterVal.selectedOptions).map((o) => o.value) } : {},
    };
    const result = pivot(rows, spec, kindOf);
    const chart = chartSel.value as ChartType;
    onChange?.({ ...spec, chart });
    if (chart === 'table') {
      out.append(h('table', { class: 'pivot-table' },
        h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, columnLabel(spec.rows)), ...result.colKeys.map((c) => h('th', { scope: 'col' }, spec.columns ? label(spec.columns, c) : t(measureSel.value === 'count' ? 'pivot_count' : 'pivot_value'))))),
        h('tbody', {}, ...result.rowKeys.map((r) => h('tr', {}, h('th', { scope: 'row' }, label(spec.rows, r)), ...result.colKeys.map((c) => {
          const cell = result.cell(r, c);
          const note = cell?.note ? t(NOTES[cell.note]) : undefined;
          return h('td', { class: `num${note ? ' pivot-note' : ''}`, title: note ?? `${cell?.count ?? 0} ${t('rows')}` }, cell ? (cell.value === null ? '—' : formatNumber(cell.value, 1)) : '');
        }))))));
      const notes = new Set(result.rowKeys.flatMap((r) => result.colKeys.map((c) => result.cell(r, c)?.note)).filter(Boolean) as PivotNote[]);
      for (const n of notes) out.append(h('p', { class: 'muted pivot-explain' }, `— ${t(NOTES[n])}`));
      return;
    }
    const data = result.rowKeys.flatMap((r) => result.colKeys.map((c) => ({ r: label(spec.rows, r), c: spec.columns ? label(spec.columns, c) : '', v: result.cell(r, c)?.value ?? null }))).filter((d) => d.v !== null);
    // Categories stay categories: a period like 2025-09 must not be read (and warned about) as a date.
    const common = { width: 760, style: { fontFamily: 'inherit', fontSize: '12px' }, marginLeft: 60, marginBottom: 60, x: { type: chart === 'line' ? 'point' : 'band', label: columnLabel(spec.rows), tickRotate: -30 }, y: { label: t(measureSel.value === 'count' ? 'pivot_count' : 'pivot_value'), tickFormat: (x: number) => formatNumber(x, 1) }, color: { legend: !!spec.columns } };
    const fmt = { format: { v: (x: number) => formatNumber(x, 1) } };
    const marks = chart === 'bar'
      ? [Plot.barY(data, { x: spec.columns ? 'c' : 'r', ...(spec.columns ? { fx: 'r' } : {}), y: 'v', fill: spec.columns ? 'c' : '#0b5cab', tip: fmt }), Plot.ruleY([0])]
      : chart === 'line'
        ? [Plot.line(data, { x: 'r', y: 'v', stroke: spec.columns ? 'c' : '#0b5cab', marker: 'circle', tip: fmt })]
        : [Plot.cell(data, { x: 'c', y: 'r', fill: 'v', inset: 0.5, tip: fmt }), Plot.text(data, { x: 'c', y: 'r', text: (d: { v: number }) => formatNumber(d.v, 1), fontSize: 11 })];
    const opts = chart === 'heatmap'
      ? { ...common, marginLeft: 160, x: { type: 'band', label: spec.columns ? columnLabel(spec.columns) : null, tickRotate: -30 }, y: { type: 'band', label: null }, color: { legend: true, scheme: 'blues' as const }, height: result.rowKeys.length * 26 + 100 }
      : chart === 'bar' && spec.columns ? { ...common, fx: { type: 'band', label: columnLabel(spec.rows), tickRotate: -30 }, x: { type: 'band', axis: null } } : common;
    out.append(Plot.plot({ ...opts, marks } as Plot.PlotOptions));
  }

  const field = (key: StringKey, el: HTMLElement) => h('div', { class: 'field' }, h('label', { for: el.id }, t(key)), el);
  const panel = h('div', { class: 'pivot', role: 'region', 'aria-label': t('pivot') },
    h('div', { class: 'grid' }, field('pivot_rows', rowSel), field('pivot_cols', colSel), field('pivot_measure', measureSel), field('pivot_filter', filterDim), field('pivot_filter_values', filterVal), field('pivot_chart_type', chartSel)),
    h('p', { class: 'muted' }, t('pivot_help')), out);
  draw();
  return panel;
}
