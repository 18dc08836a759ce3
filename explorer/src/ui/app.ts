/**
 * The page: header (starters, actions, language, synthetic label), inputs, cells, catalog panel.
 * Every change goes through the undo history, then the dataflow runtime (which re-runs only what
 * the change reaches), then the permalink in the address bar (history.replaceState).
 */
import { Confirmations, makeExecutors, type ChartOutput } from '../cells/executors.ts';
import { apiFetch, getJSON } from '../data/api.ts';
import { isFrame } from '../data/frame.ts';
import { loadCatalog, loadProvinces, loadUnits, type Catalog, type Unit } from '../data/reference.ts';
import { getLang, setLang, t } from '../i18n/i18n.ts';
import { rt } from '../review/strings.ts';
import { addCell, blankCell, deleteCell, duplicateCell, History, inputValues, moveCell, setInput, toggleCollapsed, updateCell } from '../notebook/edit.ts';
import { encodePermalink } from '../notebook/permalink.ts';
import { resolveParam } from '../notebook/refs.ts';
import { Runtime, type CellResult } from '../notebook/runtime.ts';
import { parseNotebook, serializeNotebook } from '../notebook/serialize.ts';
import { CELL_KINDS, type Cell, type CellKind, type Notebook } from '../notebook/types.ts';
import type { StringKey } from '../i18n/strings.ts';
import { catalogPanel } from './catalog-panel.ts';
import { CellView, cellTitle, type CellActions } from './cell-view.ts';
import { indicatorLabel } from '../cells/plot-render.ts';
import { announce, append, clear, download, h } from './dom.ts';
import { safeName } from './export.ts';
import { inputsBar } from './inputs-bar.ts';
import { asOfBar } from './as-of-bar.ts';
import { withAsOf } from '../notebook/as-of.ts';
import { loadPeriods } from '../data/periods.ts';
import { LATEST_PREFIX, resolvePeriodValue, type PeriodCatalog } from '../notebook/periods.ts';
import { parsePeriod } from '../../../functions/core/calendar.ts';
import type { LibraryHost } from './library.ts';
import type { SavedNotebook } from '../data/notebooks-api.ts';

export interface AppOptions {
  root: HTMLElement;
  starters: Record<string, Notebook>;
  starterOrder: string[];
  initial: Notebook;
}

export class App {
  private history: History;
  private runtime: Runtime;
  private confirmations = new Confirmations();
  private views = new Map<string, CellView>();
  private catalog: Catalog | undefined;
  private units: Unit[] | undefined;
  private analyses: string[] = [];
  private firstChart = false;
  private synthetic = false;
  private header = h('header', { class: 'top' });
  private inputsBox = h('div', { class: 'inputs-box' });
  private cellsBox = h('main', { class: 'cells', id: 'cells' });
  private addBar = h('div', { class: 'add-bar' });
  private panelBox = h('div', { class: 'panel-box' });
  private pendingRerender: number | undefined;
  /** Shown only on paper: the notebook's title, its choices, when and from where it was printed. */
  private printHead = h('div', { class: 'print-head', 'aria-hidden': 'true' });

  constructor(private readonly opts: AppOptions) {
    this.history = new History(opts.initial);
    this.runtime = new Runtime(makeExecutors(this.confirmations, (row) => this.drill(row)), (id, r) => this.onResult(id, r));
    opts.root.append(
      h('a', { class: 'skip', href: '#cells' }, 'Bỏ qua đến nội dung / Skip to content'),
      this.printHead, this.header, this.inputsBox, this.cellsBox, this.addBar, this.panelBox,
      h('div', { id: 'live', class: 'visually-hidden', 'aria-live': 'polite' }));
    window.addEventListener('beforeprint', () => this.drawPrintHead());
    document.addEventListener('keydown', (e) => {
      const target = e.target as HTMLElement;
      const typing = target.closest('input, textarea, select, [contenteditable]');
      if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 'z' && !typing) {
        e.preventDefault();
        this.undo();
      }
    });
  }

  get notebook(): Notebook {
    return this.history.notebook;
  }

  async start(): Promise<void> {
    this.drawAll();
    const run = this.run(this.notebook);
    this.writeHash();
    if (Object.values(this.notebook.inputs).some((d) => d.type === 'period')) void this.loadPeriods().catch(() => undefined);
    // Reference data arrives while the first cells run; the controls are redrawn when it does.
    void loadCatalog().then((c) => {
      this.catalog = c;
      this.drawHeader();
      this.drawInputs();
      // Tables about one indicator format its values and changes by its unit, known from the catalog.
      for (const v of this.views.values()) if (v.root.dataset.kind === 'table') v.refresh();
    }).catch(() => undefined);
    // The pickers need only the provinces; the whole registry is fetched only by a notebook that joins it.
    const needsAll = this.notebook.cells.some((c) => c.kind === 'data' && c.source.type === 'units') || Object.values(this.notebook.inputs).some((d) => d.type === 'unit');
    void (needsAll ? loadUnits() : loadProvinces()).then((u) => { this.units = u; this.drawInputs(); }).catch(() => undefined);
    void getJSON<unknown>('/api/queries').then((q) => {
      const list = Array.isArray(q) ? q : ((q as { queries?: unknown[] }).queries ?? Object.keys(q as object));
      this.analyses = (list as Array<string | { name: string }>).map((x) => (typeof x === 'string' ? x : x.name));
    }).catch(() => undefined);
    await run;
  }

  // ---- changes ----

  /** Periods with data, once asked (the period pickers and `latest:` inputs need them). */
  private periods: PeriodCatalog | undefined;

  /**
   * Runs the notebook with `latest:<type>` period inputs resolved to the latest complete period
   * (asking the warehouse once, on the first notebook that has one).
   */
  private run(nb: Notebook, force?: Iterable<string>): Promise<void> {
    const latest = Object.values(nb.inputs).some((d) => d.type === 'period' && String(d.value).startsWith(LATEST_PREFIX));
    if (!latest) return this.runtime.update(withAsOf(nb), force);
    const go = (): Promise<void> => this.runtime.update(withAsOf(this.resolved(nb)), force);
    return this.periods ? go() : this.loadPeriods().then(go, go);
  }

  private resolved(nb: Notebook): Notebook {
    const inputs = { ...nb.inputs };
    for (const [k, d] of Object.entries(inputs)) if (d.type === 'period') inputs[k] = { ...d, value: resolvePeriodValue(String(d.value), this.periods) };
    return { ...nb, inputs };
  }

  private loadPeriods(): Promise<void> {
    return loadPeriods().then((p) => {
      if (this.periods) return;
      this.periods = p;
      this.drawInputs();
    });
  }

  private commit(change: (nb: Notebook) => Notebook): Promise<void> {
    const before = this.notebook;
    const nb = this.history.apply(change);
    if (nb === before) return Promise.resolve();
    this.syncCells();
    this.drawHeader();
    const done = this.run(nb);
    this.writeHashSoon();
    return done;
  }

  private undo(): void {
    if (!this.history.canUndo) return;
    const nb = this.history.undo();
    this.drawInputs();
    this.syncCells();
    this.drawHeader();
    void this.run(nb);
    this.writeHash();
    announce(t('undo'));
  }

  /** Shows a notebook: a starter, a file, a link, or (`saved`) one from the library. */
  open(nb: Notebook, saved?: SavedNotebook): void {
    this.saved = saved;
    this.savedSource = saved ? serializeNotebook(nb) : undefined;
    this.history.reset(nb);
    this.drawAll();
    void this.run(nb);
    this.writeHash();
  }

  private hashTimer: ReturnType<typeof setTimeout> | undefined;

  /**
   * The address bar after a change, in the next task: the cells' requests leave first and
   * replaceState (a few ms in Chromium) runs while they are on the network instead of before.
   */
  private writeHashSoon(): void {
    this.hashTimer ??= setTimeout(() => this.writeHash(), 0);
  }

  private writeHash(): void {
    clearTimeout(this.hashTimer);
    this.hashTimer = undefined;
    try {
      const unchanged = this.saved && this.savedSource === serializeNotebook(this.notebook);
      history.replaceState(null, '', unchanged ? `#saved=${this.saved!.id}` : encodePermalink(this.notebook, this.opts.starters));
    } catch {
      // a sandboxed frame may refuse: the notebook still works
    }
  }

  private setInputValue(name: string, value: string | number): Promise<void> {
    performance.mark('chitieu:rerender-start');
    const done = this.commit((nb) => setInput(nb, name, value));
    // A period's choices depend on its type: redraw the controls, keeping the focus where it was.
    if (this.notebook.inputs[name]?.type === 'period') {
      const focused = document.activeElement?.id;
      this.drawInputs();
      if (focused) document.getElementById(focused)?.focus();
    }
    return done.then(() => {
      requestAnimationFrame(() => {
        performance.mark('chitieu:rerender-end');
        try {
          performance.measure('chitieu:rerender', 'chitieu:rerender-start', 'chitieu:rerender-end');
        } catch {
          // marks cleared by the harness
        }
        document.body.dataset.rerendered = String(Number(document.body.dataset.rerendered ?? 0) + 1);
      });
    });
  }

  // ---- drawing ----

  private drawAll(): void {
    this.drawHeader();
    this.drawInputs();
    clear(this.cellsBox);
    for (const v of this.views.values()) v.root.remove();
    this.views.clear();
    this.syncCells();
    this.drawAddBar();
  }

  private drawHeader(): void {
    clear(this.header);
    const nb = this.notebook;
    const title = (getLang() === 'en' && nb.title_en) || nb.title;
    document.title = `${title} · chitieu`;
    const starterNav = h('nav', { class: 'starters', 'aria-label': t('starters') },
      ...this.opts.starterOrder.map((id) => {
        const s = this.opts.starters[id];
        const current = nb.starter === id;
        return h('button', { type: 'button', class: current ? 'starter current' : 'starter', 'aria-current': current ? 'page' : undefined, 'data-starter': id, onclick: () => this.open(structuredClone(s)) },
          (getLang() === 'en' && s.title_en) || s.title);
      }));
    const fileInput = h('input', { type: 'file', accept: '.json,application/json', class: 'visually-hidden', id: 'import-file', tabindex: -1 });
    fileInput.addEventListener('change', () => void this.importFile(fileInput));
    const actions = h('div', { class: 'actions' },
      h('button', { type: 'button', id: 'undo', disabled: !this.history.canUndo, onclick: () => this.undo(), title: t('shortcut_help') }, `↶ ${t('undo')}`),
      h('button', { type: 'button', id: 'open-catalog', onclick: () => this.toggleCatalog() }, t('catalog')),
      h('button', { type: 'button', id: 'export-json', onclick: () => download(new Blob([serializeNotebook(this.notebook)], { type: 'application/json' }), `${safeName(this.notebook.title)}.json`) }, t('export_json')),
      h('button', { type: 'button', id: 'import-json', onclick: () => fileInput.click() }, t('import_json')), fileInput,
      h('button', { type: 'button', id: 'copy-link', onclick: () => this.copyLink() }, t('copy_link')),
      h('button', { type: 'button', id: 'save-server', title: this.saved ? `${t('save')}: ${this.saved.name}` : t('save_as_title'), onclick: () => void this.library().then((l) => l.save(this.libraryHost)) }, t('save')),
      this.saved ? h('button', { type: 'button', id: 'save-copy', onclick: () => void this.library().then((l) => l.save(this.libraryHost, true)) }, t('save_copy')) : null,
      h('button', { type: 'button', id: 'open-library', onclick: () => void this.library().then((l) => l.showLibrary(this.libraryHost)) }, t('library')),
      h('button', { type: 'button', id: 'open-digest', onclick: () => void import('./digest-view.ts').then((m) => m.showDigest()) }, t('digest')),
      h('button', { type: 'button', id: 'print', onclick: () => window.print() }, t('print')),
      h('button', { type: 'button', id: 'open-review', onclick: () => { location.hash = '#review'; } }, rt('review_nav')),
      h('button', { type: 'button', id: 'lang-toggle', lang: getLang() === 'vi' ? 'en' : 'vi', title: t('language_help'), onclick: () => this.toggleLang() }, t('language')));
    append(this.header,
      h('div', { class: 'brand' }, h('span', { class: 'logo', 'aria-hidden': 'true' }, '◧'), ' chitieu'),
      h('h1', { id: 'nb-title' }, title, this.saved ? h('span', { class: 'saved-name', id: 'saved-name', title: this.saved.description || undefined }, ` · ${this.saved.name}${this.saved.owner ? ` (${this.saved.owner})` : ''}`) : null),
      this.synthetic ? h('span', { class: 'synthetic-badge', id: 'synthetic-badge', role: 'note', title: t('synthetic_help') }, `⚠ ${t('synthetic_label')}`) : null,
      starterNav, actions);
  }

  private drawInputs(): void {
    clear(this.inputsBox);
    this.inputsBox.append(asOfBar(this.notebook, {
      set: (asOf) => {
        void this.commit((nb) => ({ ...nb, as_of: asOf }));
        this.drawInputs();
        (document.getElementById('as-of-date') as HTMLElement | null)?.focus();
      },
      changes: () => void import('./changes-view.ts').then((m) => m.showChanges(this.changesQuery())),
    }));
    if (Object.keys(this.notebook.inputs).length === 0) return;
    this.inputsBox.append(inputsBar(this.notebook, { catalog: this.catalog, units: this.units, periods: this.periods, onChange: (n, v) => void this.setInputValue(n, v) }));
  }

  private drawAddBar(): void {
    clear(this.addBar);
    const kind = h('select', { id: 'add-kind', 'aria-label': t('add_cell') }, ...CELL_KINDS.map((k) => h('option', { value: k }, t(`kind_${k}` as StringKey))));
    this.addBar.append(kind, h('button', { type: 'button', id: 'add-cell', onclick: () => this.addCellOfKind(kind.value as CellKind) }, `+ ${t('add_cell')}`));
  }

  addCellOfKind(kind: CellKind): void {
    const cell = blankCell(kind, this.notebook);
    void this.commit((nb) => addCell(nb, cell));
    // The new cell opens in edit mode: there is nothing to see until it is filled in.
    this.views.get(cell.id)?.openEditor();
  }

  private syncCells(): void {
    const nb = this.notebook;
    const seen = new Set<string>();
    let prev: Element | null = null;
    for (const cell of nb.cells) {
      seen.add(cell.id);
      let view = this.views.get(cell.id);
      if (!view) {
        view = new CellView(cell, this.actions);
        this.views.set(cell.id, view);
        const r = this.runtime.result(cell.id);
        if (r) view.setResult(r);
      } else view.setCell(cell);
      const node = view.root;
      const expected: Element | null = prev ? prev.nextElementSibling : this.cellsBox.firstElementChild;
      if (expected !== node) {
        if (prev) prev.after(node);
        else this.cellsBox.prepend(node);
      }
      prev = node;
    }
    for (const [id, v] of this.views) {
      if (!seen.has(id)) {
        v.root.remove();
        this.views.delete(id);
      }
    }
  }

  private onResult(id: string, r: CellResult): void {
    this.views.get(id)?.setResult(r);
    if (r.status === 'ok') {
      const frame = isFrame(r.value) ? r.value : (r.value as ChartOutput | undefined)?.frame;
      if (frame?.synthetic && !this.synthetic) {
        this.synthetic = true;
        this.drawHeader();
      }
    }
  }

  private actions: CellActions = {
    apply: (cell: Cell) => void this.commit((nb) => updateCell(nb, cell.id, cell)),
    move: (id, d) => {
      void this.commit((nb) => moveCell(nb, id, d));
      (this.views.get(id)?.root.querySelector(d < 0 ? '.move-up' : '.move-down') as HTMLElement | null)?.focus();
    },
    duplicate: (id) => void this.commit((nb) => duplicateCell(nb, id)),
    toggle: (id) => {
      void this.commit((nb) => toggleCollapsed(nb, id));
      (this.views.get(id)?.root.querySelector('.collapse') as HTMLElement | null)?.focus();
    },
    remove: (id) => {
      void this.commit((nb) => deleteCell(nb, id));
      announce(`${t('delete')} ✓ — ${t('undo')}: Ctrl+Z`);
    },
    confirmSql: (id) => {
      this.confirmations.confirm(id);
    },
    cancel: (id) => this.runtime.cancel(id),
    editorContext: (cell) => ({
      names: this.notebook.cells.filter((c) => c.name && c.id !== cell.id).map((c) => c.name!),
      columnsOf: (name) => {
        const def = this.notebook.cells.find((c) => c.name === name);
        const v = def ? this.runtime.result(def.id)?.value : undefined;
        return isFrame(v) ? v.table.columnNames() : [];
      },
      analyses: this.analyses.length ? this.analyses : ['trend', 'ranking', 'attainment', 'completeness', 'yoy', 'national', 'drilldown', 'outliers'],
      uid: cell.id,
    }),
    sourceOf: (cell) => {
      if (cell.kind !== 'table' || cell.source_period === undefined) return undefined;
      const inputs = inputValues(this.notebook);
      const v = resolveParam(cell.source_period, inputs);
      const ind = cell.source_indicator === undefined ? undefined : resolveParam(cell.source_indicator, inputs);
      return v === undefined || v === null ? undefined : { period: String(v), indicator: ind === undefined || ind === null || ind === '' ? undefined : String(ind) };
    },
    exportMeta: (cell, frame) => {
      const nbTitle = (getLang() === 'en' && this.notebook.title_en) || this.notebook.title;
      const filters = this.inputSummary();
      const periods = Object.entries(this.notebook.inputs).filter(([, d]) => d.type === 'period' || d.type === 'year').map(([n]) => filters.find((f) => f.name === n)!);
      return {
        title: cellTitle(cell) || cell.name || nbTitle,
        notebook: nbTitle,
        filters,
        period: periods.length ? periods.map((p) => (periods.length > 1 ? `${p.label} ${p.value}` : p.value)).join(' – ') : undefined,
        source: frame.source,
        link: `${location.origin}${location.pathname}${encodePermalink(this.notebook, this.opts.starters)}`,
      };
    },
    onChart: () => {
      if (this.firstChart) return;
      this.firstChart = true;
      requestAnimationFrame(() => {
        performance.mark('chitieu:first-chart');
        document.body.dataset.firstChart = 'true';
      });
    },
  };

  drawPrintHead(): void {
    clear(this.printHead);
    const nb = this.notebook;
    this.printHead.append(
      h('h1', {}, (getLang() === 'en' && nb.title_en) || nb.title),
      h('p', { class: 'print-filters' }, [...this.inputSummary().map((f) => `${f.label}: ${f.value}`), ...(nb.as_of ? [`${t('as_of')}: ${nb.as_of.replace('T', ' ')} ${t('as_of_zone')}`] : [])].join(' · ')),
      h('p', { class: 'print-when' }, `${t('printed_at')}: ${new Date().toLocaleString(getLang() === 'vi' ? 'vi-VN' : 'en-GB')} · ${this.synthetic ? `${t('synthetic_label')} · ` : ''}${location.origin}${location.pathname}`));
  }

  /**
   * A click on a mark drills in. A province's mark opens its units, when the notebook can: its
   * province input is set to it and a "level" choice moves from provinces to the units below
   * (districts before the 2025 merger, regional units after). Otherwise a mark of a period longer
   * than a month opens that period's months for the mark's unit and indicator (months-view.ts).
   */
  drill(row: Record<string, unknown>): void {
    if (this.drillIntoUnits(row)) return;
    const period = row.period;
    const p = typeof period === 'string' ? parsePeriod(period) : undefined;
    const unit = String(row.unit_id ?? '');
    const indicator = String(row.indicator ?? Object.values(this.resolved(this.notebook).inputs).find((d) => d.type === 'indicator')?.value ?? '');
    if (!p || p.type === 'month' || !unit || !indicator) return;
    const mark = { unit_id: unit, unit_name: row.unit_name === undefined ? undefined : String(row.unit_name), indicator, period: p.label, value: typeof row.value === 'number' ? row.value : null, basis: typeof row.basis === 'string' ? row.basis : null };
    void import('./months-view.ts').then((m) => m.showMonths(mark, this.notebook.as_of ? { as_of: this.notebook.as_of } : {}));
    announce(`${mark.unit_name ?? unit}: ${t('months_of', { period: p.label })}`);
  }

  private drillIntoUnits(row: Record<string, unknown>): boolean {
    const id = String(row.unit_id ?? row.id ?? '');
    if (!/^p(63|34)-/.test(id)) return false;
    const nb = this.notebook;
    const prov = Object.entries(nb.inputs).find(([, d]) => (d.type === 'province' || d.type === 'unit') && !d.multiple);
    // the input must take this unit (a 34-province input is no place for a province of the 63)
    if (!prov || prov[1].value === id || (prov[1].era && prov[1].era !== 'any' && !id.startsWith(`${prov[1].era}-`))) return false;
    const changes: Array<[string, string]> = [[prov[0], id]];
    const level = nb.inputs.level;
    const below = id.startsWith('p34-') ? 'regional' : 'district';
    if (level?.type === 'select' && level.value === 'province' && level.options?.some((o) => o.value === below)) changes.unshift(['level', below]);
    void this.commit((n) => changes.reduce((acc, [k, v]) => setInput(acc, k, v), n));
    this.drawInputs();
    announce(`${t('drilled_into')} ${String(row.unit_name ?? row.name ?? id)}`);
    return true;
  }

  /** The "what changed" panel starts from the moment shown (if any) to now, for the notebook's indicator and period. */
  private changesQuery(): { from?: string; indicator?: string; period?: string } {
    const nb = this.resolved(this.notebook);
    const one = (type: string) => {
      const d = Object.values(nb.inputs).find((x) => x.type === type && !x.multiple);
      return d && d.value !== '' ? String(d.value) : undefined;
    };
    return { from: nb.as_of, indicator: one('indicator'), period: one('period') };
  }

  /** The inputs as the controls show them: label and displayed value (names, not codes). */
  inputSummary(): Array<{ name: string; label: string; value: string }> {
    const lang = getLang();
    return Object.entries(this.notebook.inputs).map(([name, d]) => {
      const raw = String(d.value);
      let value = raw;
      const option = d.options?.find((o) => o.value === raw);
      if (option) value = lang === 'en' ? option.label_en : option.label_vi;
      else if (d.type === 'indicator') value = indicatorLabel(raw);
      else if (d.type === 'period') value = resolvePeriodValue(raw, this.periods);
      else if (d.type === 'province' || d.type === 'unit') value = raw.split(',').map((id) => this.units?.find((u) => u.id === id)?.name ?? d.options?.find((o) => o.value === id)?.[lang === 'en' ? 'label_en' : 'label_vi'] ?? id).join(', ');
      return { name, label: lang === 'en' ? d.label_en : d.label_vi, value };
    });
  }

  // ---- panels, files, language ----

  private toggleCatalog(): void {
    if (this.panelBox.firstChild) {
      clear(this.panelBox);
      (document.getElementById('open-catalog') as HTMLElement | null)?.focus();
      return;
    }
    const show = (cat: Catalog): void => {
      const hasIndicatorInput = Object.values(this.notebook.inputs).some((d) => d.type === 'indicator');
      const use = hasIndicatorInput ? (code: string) => {
        const name = Object.entries(this.notebook.inputs).find(([, d]) => d.type === 'indicator')![0];
        this.drawInputsAfter(this.setInputValue(name, code));
      } : undefined;
      this.panelBox.append(catalogPanel(cat, use, () => this.toggleCatalog()));
      (document.getElementById('catalog-search') as HTMLElement | null)?.focus();
    };
    if (this.catalog) show(this.catalog);
    else void loadCatalog().then((c) => { this.catalog = c; show(c); }).catch((e: unknown) => announce(String(e)));
  }

  private drawInputsAfter(p: Promise<void>): void {
    this.drawInputs();
    void p;
  }

  private async importFile(input: HTMLInputElement): Promise<void> {
    const file = input.files?.[0];
    input.value = '';
    if (!file) return;
    try {
      this.open(parseNotebook(await file.text()));
    } catch (e) {
      const err = e as { message_vi?: string; message_en?: string };
      const msg = `${t('import_failed')}: ${(getLang() === 'en' ? err.message_en : err.message_vi) ?? String(e)}`;
      announce(msg);
      this.flash(msg, 'alert');
    }
  }

  // ---- the notebook library (library.ts, loaded on first use) ----

  /** The library entry the notebook on screen was opened from or saved as. */
  private saved: SavedNotebook | undefined;
  /** The notebook's text when it was last opened or saved: unchanged, the address is `#saved=<id>`. */
  private savedSource: string | undefined;

  private library(): Promise<typeof import('./library.ts')> {
    return import('./library.ts');
  }

  private readonly libraryHost: LibraryHost = ((self: App): LibraryHost => ({
    get notebook() { return self.notebook; },
    get saved() { return self.saved; },
    setSaved: (s) => {
      self.saved = s;
      self.savedSource = s ? serializeNotebook(self.notebook) : undefined;
      self.drawHeader();
      self.writeHash();
    },
    openSaved: (nb, s) => {
      self.open(nb, s);
    },
    flash: (content, role) => self.flash(content, role),
  }))(this);

  /** Opens a notebook saved on the server (`#saved=<id>`). */
  async openSaved(id: string): Promise<void> {
    await (await this.library()).open(this.libraryHost, id);
  }

  private flash(content: string | Node, role: 'status' | 'alert'): void {
    this.inputsBox.querySelector('.flash')?.remove();
    this.inputsBox.prepend(h('p', { class: role === 'alert' ? 'flash error' : 'flash note', role }, content));
    announce(typeof content === 'string' ? content : content.textContent ?? '');
  }

  private copyLink(): void {
    this.writeHash();
    void navigator.clipboard?.writeText(location.href).catch(() => undefined);
    announce(t('link_copied'));
  }

  private toggleLang(): void {
    setLang(getLang() === 'vi' ? 'en' : 'vi');
    this.drawHeader();
    this.drawInputs();
    this.drawAddBar();
    if (this.panelBox.firstChild) {
      clear(this.panelBox);
      this.toggleCatalog();
    }
    // Views redraw their labels; charts and flags are recomputed in the new language (data is cached).
    for (const v of this.views.values()) v.refresh();
    void this.run(this.notebook, this.notebook.cells.filter((c) => c.kind !== 'sql').map((c) => c.id));
    (document.getElementById('lang-toggle') as HTMLElement | null)?.focus();
  }
}
