/**
 * One cell on the page: its toolbar (edit, move, duplicate, collapse, delete), its editor when
 * open, and its output or its error. The output area is a live region only for errors, so screen
 * readers hear failures without hearing every redraw.
 */
import type { ChartOutput, SqlProgress } from '../cells/executors.ts';
import { isFrame, type Frame } from '../data/frame.ts';
import { formatBytes, formatDuration, formatNumber, getLang, t } from '../i18n/i18n.ts';
import { catalogIfLoaded } from '../data/reference.ts';
import type { StringKey } from '../i18n/strings.ts';
import type { CellResult } from '../notebook/runtime.ts';
import type { Cell } from '../notebook/types.ts';
import { canonical } from '../notebook/serialize.ts';
import { append, clear, h } from './dom.ts';
import { editorFor, type EditorContext } from './editors.ts';
import { exportCSV, exportPNG, exportSVG, exportXLSX, flagsOf, type ExportMeta, type ExportTable } from './export.ts';
import { renderMarkdown } from './markdown.ts';
import { HIDDEN_COLUMNS, tableView, type TableViewElement } from './table-view.ts';

export interface CellActions {
  apply(cell: Cell): void;
  move(id: string, delta: number): void;
  duplicate(id: string): void;
  toggle(id: string): void;
  remove(id: string): void;
  confirmSql(id: string): void;
  cancel(id: string): void;
  editorContext(cell: Cell): EditorContext;
  /** Resolved period (and indicator, when the rows lack one) of a table cell's values, for source links. */
  sourceOf(cell: Cell): { period: string; indicator?: string } | undefined;
  onChart(el: Element): void;
  /** Title, period, filters and link of an export of this cell's output. */
  exportMeta(cell: Cell, frame: Frame): ExportMeta;
}

export function cellTitle(cell: Cell): string {
  return (getLang() === 'en' && cell.title_en) || cell.title || '';
}

/** The same cell but for its pivot settings. */
function samePivotless(a: Cell, b: Cell): boolean {
  const { pivot: _a, ...ra } = a;
  const { pivot: _b, ...rb } = b;
  return JSON.stringify(ra) === JSON.stringify(rb);
}

export class CellView {
  readonly root: HTMLElement;
  private bar: HTMLElement;
  private editorBox: HTMLElement;
  private output: HTMLElement;
  private status: HTMLElement;
  private editing = false;
  private result: CellResult | undefined;

  constructor(
    private cell: Cell,
    private readonly actions: CellActions,
  ) {
    this.root = h('section', { class: `cell cell-${cell.kind}`, 'data-cell-id': cell.id, 'data-kind': cell.kind });
    this.bar = h('div', { class: 'cell-bar' });
    this.editorBox = h('div', { class: 'editor', hidden: true });
    this.output = h('div', { class: 'output' });
    this.status = h('div', { class: 'cell-status', 'aria-live': 'polite' });
    this.root.append(this.bar, this.editorBox, this.output, this.status);
    this.root.addEventListener('keydown', (e) => {
      if (this.editing && e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
        e.preventDefault();
        this.applyEdit();
      } else if (this.editing && e.key === 'Escape') {
        this.closeEditor();
      }
    });
    this.drawBar();
    this.root.hidden = false;
  }

  get id(): string {
    return this.cell.id;
  }

  setCell(cell: Cell): void {
    // Changes keep unchanged cells as the same objects (an input change touches none): nothing to
    // redraw. Redrawing every output here cost an input switch ~5 ms before its requests left.
    if (cell === this.cell) return;
    const looksOnly = samePivotless(cell, this.cell);
    this.cell = cell;
    // The pivot changed from its own panel, which already shows it.
    if (looksOnly) return;
    this.root.classList.toggle('collapsed', !!cell.collapsed);
    this.drawBar();
    if (this.result) this.setResult(this.result);
  }

  /** Keeps the pivot's settings in the notebook (undefined: the pivot was closed). */
  private setPivot(pivot: Cell['pivot']): void {
    if (JSON.stringify(canonical(pivot)) === JSON.stringify(canonical(this.cell.pivot))) return;
    // apply() merges into the cell: a closed pivot is written as undefined (dropped when serialized)
    this.actions.apply({ ...this.cell, pivot: pivot ? (canonical(pivot) as Cell['pivot']) : undefined } as Cell);
  }

  refresh(): void {
    this.drawBar();
    if (this.editing) this.openEditor();
    if (this.result) this.setResult(this.result);
  }

  private button(key: StringKey, onclick: () => void, symbol: string, extra: Record<string, string> = {}): HTMLButtonElement {
    return h('button', { type: 'button', class: 'icon', title: t(key), 'aria-label': `${t(key)}${this.cell.name ? ` ${this.cell.name}` : ''}`, onclick, ...extra }, symbol);
  }

  private drawBar(): void {
    clear(this.bar);
    const c = this.cell;
    const title = cellTitle(c);
    append(this.bar,
      h('span', { class: 'kind' }, t(`kind_${c.kind}` as StringKey)),
      c.name ? h('code', { class: 'name' }, c.name) : null,
      'input' in c && c.input ? h('span', { class: 'reads' }, `← ${c.input}`) : null,
      title ? h('h2', { class: 'cell-title' }, title) : h('span', { class: 'spacer' }),
      h('span', { class: 'tools' },
        this.button('edit', () => (this.editing ? this.closeEditor() : this.openEditor()), t('edit'), { 'aria-expanded': String(this.editing), class: 'icon edit' }),
        this.button('move_up', () => this.actions.move(c.id, -1), '↑', { class: 'icon move-up' }),
        this.button('move_down', () => this.actions.move(c.id, 1), '↓', { class: 'icon move-down' }),
        this.button('duplicate', () => this.actions.duplicate(c.id), '⇊', { class: 'icon duplicate' }),
        this.button(c.collapsed ? 'expand' : 'collapse', () => this.actions.toggle(c.id), c.collapsed ? '▸' : '▾', { 'aria-expanded': String(!c.collapsed), class: 'icon collapse' }),
        this.button('delete', () => this.actions.remove(c.id), '×', { class: 'icon delete' })),
    );
    this.output.hidden = !!c.collapsed;
  }

  openEditor(): void {
    this.editing = true;
    clear(this.editorBox);
    let editor: ReturnType<typeof editorFor>;
    try {
      editor = editorFor(this.cell, this.actions.editorContext(this.cell));
    } catch (e) {
      this.editorBox.append(String(e));
      return;
    }
    const err = h('p', { class: 'error', role: 'alert' });
    this.pendingRead = () => editor.read();
    this.editorBox.append(editor.form, err,
      h('div', { class: 'editor-actions' },
        h('button', { type: 'button', class: 'primary apply', onclick: () => this.applyEdit() }, t('apply')),
        h('button', { type: 'button', onclick: () => this.closeEditor() }, t('cancel'))));
    this.editorError = err;
    this.editorBox.hidden = false;
    this.drawBar();
    (this.editorBox.querySelector('textarea, input, select') as HTMLElement | null)?.focus();
  }

  private pendingRead: (() => Cell) | undefined;
  private editorError: HTMLElement | undefined;

  private applyEdit(): void {
    if (!this.pendingRead) return;
    try {
      const next = this.pendingRead();
      this.closeEditor();
      this.actions.apply(next);
    } catch (e) {
      const err = e as { message_vi?: string; message_en?: string; message?: string };
      if (this.editorError) this.editorError.textContent = (getLang() === 'en' ? err.message_en : err.message_vi) ?? err.message ?? String(e);
    }
  }

  closeEditor(): void {
    this.editing = false;
    this.pendingRead = undefined;
    this.editorBox.hidden = true;
    clear(this.editorBox);
    this.drawBar();
  }

  setResult(r: CellResult): void {
    this.result = r;
    this.root.dataset.status = r.status;
    this.root.setAttribute('aria-busy', String(r.status === 'running'));
    if (r.status === 'running') {
      if (this.cell.kind === 'sql' && r.progress) this.drawSqlProgress(r.progress as SqlProgress & { running?: boolean });
      else this.status.textContent = t('running');
      return;
    }
    clear(this.status);
    clear(this.output);
    if (r.status === 'error') {
      const e = r.error!;
      const lang = getLang();
      this.output.append(h('div', { class: 'error', role: 'alert' }, h('strong', {}, `${t('error')}: `), lang === 'en' ? e.message_en : e.message_vi));
      return;
    }
    this.drawValue(r);
  }

  private drawSqlProgress(p: SqlProgress & { running?: boolean }): void {
    clear(this.output);
    const bytes = Number(p.estimate.bytes_scanned ?? p.estimate.bytes ?? p.estimate.scan_bytes ?? 0);
    const costRaw = p.estimate.cost_usd ?? p.estimate.usd ?? p.estimate.cost;
    const cost = typeof costRaw === 'number' ? `$${costRaw < 0.01 ? costRaw.toFixed(6) : costRaw.toFixed(4)}` : '—';
    const box = h('div', { class: 'estimate', role: 'status' },
      h('strong', {}, `${t('estimate')}: `), t('estimate_line', { bytes: formatBytes(bytes), cost }));
    if (p.running) {
      box.append(h('p', {}, t('running'), ' ', h('button', { type: 'button', class: 'cancel-sql', onclick: () => this.actions.cancel(this.cell.id) }, t('cancel'))));
    } else {
      box.append(h('p', {},
        h('button', { type: 'button', class: 'primary run-sql', onclick: () => this.actions.confirmSql(this.cell.id) }, t('confirm_run')), ' ',
        h('button', { type: 'button', class: 'cancel-sql', onclick: () => this.actions.cancel(this.cell.id) }, t('cancel'))));
    }
    this.output.append(box);
    this.status.textContent = '';
  }

  /** Download buttons for what the cell shows: `rows()` gives the visible columns at the time of the click. */
  private exports(frame: Frame, rows: () => ExportTable, chart?: Element): HTMLElement {
    const meta = (): ExportMeta => this.actions.exportMeta(this.cell, frame);
    // Data of indicator values can be pivoted without code (the pivot is loaded on first use). The
    // pivot's settings live in the cell, so a saved notebook or a link opens with the same pivot.
    const pivotable = this.cell.kind !== 'chart' && this.cell.kind !== 'table' && frame.table.columnNames().includes('value');
    const showPivot = (btn: HTMLElement): void => {
      btn.setAttribute('aria-expanded', 'true');
      void import('./pivot-view.ts')
        .then((m) => m.pivotPanel(frame, this.cell.pivot, (pivot) => this.setPivot(pivot)))
        .then((panel) => {
          // a redraw may have replaced the output meanwhile
          if (btn.isConnected) this.output.append(panel);
        });
    };
    const pivotButton = pivotable ? h('button', { type: 'button', class: 'open-pivot', 'aria-expanded': 'false', onclick: (e: Event) => {
      const btn = e.currentTarget as HTMLElement;
      const open = this.output.querySelector('.pivot');
      if (open) {
        open.remove();
        btn.setAttribute('aria-expanded', 'false');
        this.setPivot(undefined);
        return;
      }
      showPivot(btn);
    } }, `⊞ ${t('pivot')}`) : null;
    if (pivotButton && this.cell.pivot) queueMicrotask(() => showPivot(pivotButton));
    return h('div', { class: 'exports', role: 'group', 'aria-label': t('download') },
      pivotButton,
      h('span', { class: 'muted' }, `${t('download')}: `),
      h('button', { type: 'button', class: 'export-csv', onclick: () => exportCSV(rows(), meta()) }, t('export_csv')),
      h('button', { type: 'button', class: 'export-xlsx', onclick: () => void exportXLSX(rows(), meta()) }, t('export_xlsx')),
      chart ? h('button', { type: 'button', class: 'export-svg', onclick: () => exportSVG(chart, meta(), flagsOf(rows())) }, t('export_svg')) : null,
      chart ? h('button', { type: 'button', class: 'export-png', onclick: () => void exportPNG(chart, meta(), flagsOf(rows())) }, t('export_png')) : null);
  }

  /** All columns a table view would show by default. */
  private static allColumns(frame: Frame): ExportTable {
    return { columns: frame.table.columnNames().filter((c) => !HIDDEN_COLUMNS.has(c)), table: frame.table };
  }

  /** The columns a chart draws (and the names, periods and flags its tips show). */
  private chartColumns(frame: Frame): ExportTable {
    const c = this.cell;
    const have = new Set(frame.table.columnNames());
    if (c.kind !== 'chart' || !c.form) return CellView.allColumns(frame);
    const f = c.form;
    const wanted = ['unit_name', 'name', f.fy, f.fx, f.x, f.y, f.color, f.label, f.band?.y1, f.band?.y2, 'period', 'flags'];
    const columns = [...new Set(wanted.filter((x): x is string => !!x && have.has(x)))];
    return { columns: columns.length ? columns : CellView.allColumns(frame).columns, table: frame.table };
  }

  private summary(frame: Frame, ms?: number): string {
    const parts = [`${formatNumber(frame.table.numRows(), 0)} ${t('rows')} × ${frame.table.numCols()}`, frame.source];
    if (frame.bytes) parts.push(formatBytes(frame.bytes));
    // The engine's own time when the server reports it (not the estimate, the confirmation or the network).
    const engineMs = frame.stats?.executionMs;
    if (typeof engineMs === 'number') parts.push(`${t('sql_time')} ${formatDuration(engineMs)}${frame.stats?.cached ? ` (${t('cached')})` : ''}`);
    else if (ms !== undefined) parts.push(formatDuration(ms));
    return parts.join(' · ');
  }

  private drawValue(r: CellResult): void {
    const c = this.cell;
    if (c.kind === 'markdown') {
      const v = r.value as { vi: string; en: string };
      this.output.append(h('div', { class: 'markdown' }, renderMarkdown(getLang() === 'en' ? v.en : v.vi)));
      return;
    }
    if (c.kind === 'chart') {
      const out = r.value as ChartOutput;
      const figure = h('div', { class: 'chart' }, out.element);
      this.output.append(figure, this.exports(out.frame, () => this.chartColumns(out.frame), out.element));
      this.actions.onChart(out.element);
      return;
    }
    if (!isFrame(r.value)) return;
    const frame = r.value;
    if (c.kind === 'table') {
      const source = this.actions.sourceOf(c);
      const ind = source?.indicator ? catalogIfLoaded()?.byCode.get(source.indicator) : undefined;
      const unit = ind ? (ind.unit === 'percent' ? 'percent' : 'count') : undefined;
      const view: TableViewElement = tableView(frame.table, { pageSize: c.page_size, sort: c.sort, columns: c.columns, source, unit, caption: cellTitle(c) || undefined });
      this.output.append(view, this.exports(frame, () => view.visible()));
      return;
    }
    if (c.kind === 'sql') {
      // A query's answer is what the analyst asked for: shown at once, with its time and size.
      const view: TableViewElement = tableView(frame.table, { pageSize: 20 });
      this.output.append(h('p', { class: 'muted sql-summary' }, this.summary(frame, r.ms)), view, this.exports(frame, () => view.visible()));
      return;
    }
    // data, transform: a short preview; a table cell shows the whole thing.
    // The rows are drawn when the preview is opened: closed, they cost every re-run DOM work (four
    // previews in the default notebook) that nobody sees.
    const details = h('details', { class: 'preview' }, h('summary', {}, this.summary(frame, r.ms)));
    const fill = (): void => {
      if (details.childElementCount < 2) details.append(tableView(frame.table.slice(0, 10), { pageSize: 10 }));
    };
    // click: before the details open, so the first painted frame has the rows; toggle: opened another way.
    details.firstElementChild!.addEventListener('click', fill);
    details.addEventListener('toggle', fill);
    this.output.append(details, this.exports(frame, () => CellView.allColumns(frame)));
  }
}
