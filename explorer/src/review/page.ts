/**
 * The review page (#review): extracted figures waiting for an analyst. The article with each
 * figure's span highlighted; per figure its indicator, value and change editable and an accept /
 * correct / reject decision; the report's period and unit correctable for a misread article. Saving
 * posts every decision of the report at once (functions/api/review.ts), which stores them as the
 * report's next revision; the queue then reloads.
 */
import './review.css';
import { getLang, onLangChange, setLang, formatNumber, formatPercent } from '../i18n/i18n.ts';
import { loadCatalog, type Catalog } from '../data/reference.ts';
import { ApiError } from '../data/api.ts';
import { h, clear, append, announce } from '../ui/dom.ts';
import { pieces } from './highlight.ts';
import { rt } from './strings.ts';
import { loadArticle, loadQueue, submitReview, type Change, type Decision, type QueueFigure, type QueueReport } from './review-api.ts';

type Action = Decision['action'];

interface FigureState {
  figure: QueueFigure;
  action?: Action;
  indicator: string;
  value: number;
  change: Change | null;
}

/** A number as typed in the page's language: "1.234,5" (vi) or "1,234.5" (en). */
export function parseTyped(s: string): number {
  const t = s.trim().replace(/\s|%/g, '');
  const plain = getLang() === 'vi' ? t.replace(/\./g, '').replace(',', '.') : t.replace(/,/g, '');
  return plain === '' ? NaN : Number(plain);
}

const typed = (v: number) => formatNumber(v, 2).replace(/\u00a0/g, '');

export class ReviewPage {
  private reports: QueueReport[] = [];
  private selected?: QueueReport;
  private article = '';
  private states: FigureState[] = [];
  private period = '';
  private unitId = '';
  private catalog?: Catalog;
  private status = '';
  private error = '';

  constructor(private readonly root: HTMLElement) {
    onLangChange(() => this.draw());
  }

  async start(): Promise<void> {
    document.title = `${rt('title')} · chitieu`;
    this.catalog = await loadCatalog().catch(() => undefined);
    await this.reload();
  }

  private async reload(keepStatus = false): Promise<void> {
    if (!keepStatus) this.status = '';
    try {
      this.reports = (await loadQueue()).reports;
      this.error = '';
    } catch (e) {
      this.error = this.messageOf(e);
      this.reports = [];
    }
    const again = this.reports.find((r) => r.report_id === this.selected?.report_id) ?? this.reports[0];
    if (again) await this.select(again);
    else {
      this.selected = undefined;
      this.draw();
    }
  }

  private async select(r: QueueReport): Promise<void> {
    this.selected = r;
    this.states = r.figures.map((f) => ({ figure: f, indicator: f.indicator, value: f.value, change: f.change }));
    this.period = r.period;
    this.unitId = r.unit_id;
    this.article = await loadArticle(r.source_sha256).catch(() => '');
    this.draw();
  }

  private messageOf(e: unknown): string {
    if (e instanceof ApiError) return getLang() === 'en' ? e.message_en : e.message_vi;
    return String((e as Error).message ?? e);
  }

  private indicatorName(code: string): string {
    const ind = this.catalog?.byCode.get(code);
    return ind ? (getLang() === 'en' ? ind.name_en : ind.name_vi) : code;
  }

  private setAction(i: number, action: Action): void {
    const s = this.states[i];
    s.action = action;
    if (action !== 'correct') Object.assign(s, { indicator: s.figure.indicator, value: s.figure.value, change: s.figure.change });
    this.draw(i);
  }

  /** An edit makes the figure a correction. */
  private edit(i: number, patch: Partial<FigureState>): void {
    Object.assign(this.states[i], patch, { action: 'correct' });
    this.draw(i);
  }

  private async submit(): Promise<void> {
    const r = this.selected;
    if (!r) return;
    const left = this.states.filter((s) => !s.action).length;
    if (left) {
      this.status = rt('undecided', { n: left });
      return this.draw();
    }
    const decisions: Decision[] = this.states.map((s) => s.action === 'correct'
      ? { indicator: s.figure.indicator, action: 'correct', new_indicator: s.indicator, value: s.value, change: s.change }
      : { indicator: s.figure.indicator, action: s.action! });
    try {
      const saved = await submitReview(r.report_id, {
        decisions,
        ...(this.period !== r.period ? { period: this.period } : {}),
        ...(this.unitId !== r.unit_id ? { unit_id: this.unitId } : {}),
      });
      this.status = rt(saved.stored ? 'saved' : 'queued', { revision: saved.to.revision, unit: saved.to.unit_id, period: saved.to.period, who: saved.reviewer });
      this.selected = undefined;
      announce(this.status);
      await this.reload(true);
    } catch (e) {
      this.status = this.messageOf(e);
      this.draw();
    }
  }

  private draw(focusRow?: number): void {
    clear(this.root);
    const lang = getLang();
    const header = h('header', { class: 'review-header' },
      h('div', { class: 'brand' }, h('span', { class: 'logo', 'aria-hidden': 'true' }, '◧'), ' chitieu'),
      h('h1', {}, rt('title')),
      h('button', { type: 'button', id: 'review-back', onclick: () => { location.hash = ''; } }, rt('back')),
      h('button', { type: 'button', id: 'lang-toggle', lang: lang === 'vi' ? 'en' : 'vi', onclick: () => setLang(lang === 'vi' ? 'en' : 'vi') }, rt('language')));
    const list = h('aside', { id: 'review-list', 'aria-label': rt('waiting') }, h('h2', {}, rt('waiting')),
      this.reports.length === 0 ? h('p', { id: 'review-empty' }, rt('none')) : null,
      h('ul', {}, ...this.reports.map((r) => h('li', {},
        h('button', { type: 'button', class: r.report_id === this.selected?.report_id ? 'review-item current' : 'review-item', 'data-report': r.report_id, 'aria-current': r.report_id === this.selected?.report_id ? 'true' : undefined, onclick: () => void this.select(r) },
          h('strong', {}, r.unit_name), ` · ${r.period}`, h('br', {}), h('small', {}, `${rt('figures_n', { n: r.figures.length })} · ${r.source_file}`))))));
    append(this.root, header, h('p', { class: 'review-intro' }, rt('intro')),
      this.error ? h('p', { class: 'error', role: 'alert' }, this.error) : null,
      h('div', { class: 'review-layout' }, list, this.selected ? this.detail(this.selected) : h('section', { id: 'review-detail' }, h('p', { id: 'review-status', role: 'status' }, this.status))));
    if (focusRow !== undefined) this.root.querySelector<HTMLElement>(`tr[data-row="${focusRow}"] .decision [aria-pressed="true"]`)?.focus();
  }

  private detail(r: QueueReport): HTMLElement {
    const marks = pieces(this.article, this.states.map((s) => (s.figure.span_start !== null && s.figure.span_end !== null ? [s.figure.span_start, s.figure.span_end] as const : null)));
    const article = h('div', { id: 'review-article', class: 'review-article', 'aria-label': rt('article') },
      ...marks.map((p) => (p.figure < 0 ? p.text : h('mark', { 'data-figure': p.figure, class: `decided-${this.states[p.figure].action ?? 'none'}`, title: this.indicatorName(this.states[p.figure].indicator) }, p.text))));
    const options = (this.catalog?.indicators ?? []).map((ind) => ({ code: ind.code, label: getLang() === 'en' ? ind.name_en : ind.name_vi }));
    const rows = this.states.map((s, i) => {
      const f = s.figure;
      const isRate = this.catalog?.byCode.get(s.indicator)?.kind === 'rate';
      const indicator = h('select', { class: 'fig-indicator', 'aria-label': rt('indicator'), onchange: (e: Event) => this.edit(i, { indicator: (e.target as HTMLSelectElement).value }) },
        ...(options.some((o) => o.code === s.indicator) ? [] : [h('option', { value: s.indicator }, s.indicator)]),
        ...options.map((o) => { const el = h('option', { value: o.code }, o.label); el.selected = o.code === s.indicator; return el; }));
      const value = h('input', { class: 'fig-value', 'aria-label': rt('value'), inputmode: 'decimal', value: typed(s.value), onchange: (e: Event) => {
        const n = parseTyped((e.target as HTMLInputElement).value);
        if (Number.isFinite(n)) this.edit(i, { value: n });
        else this.draw();
      } });
      const ch = s.change;
      const dir = h('select', { class: 'fig-change-dir', 'aria-label': rt('change'), onchange: (e: Event) => {
        const d = (e.target as HTMLSelectElement).value;
        this.edit(i, { change: d === '' ? null : { direction: d as Change['direction'], value: ch?.value ?? 0, unit: ch?.unit ?? (isRate ? 'percentage_point' : 'count') } });
      } },
        ...(['', 'up', 'down'] as const).map((d) => { const el = h('option', { value: d }, d === '' ? rt('no_change') : rt(d)); el.selected = (ch?.direction ?? '') === d; return el; }));
      const chValue = ch ? h('input', { class: 'fig-change-value', 'aria-label': `${rt('change')} (${rt('value')})`, inputmode: 'decimal', value: typed(ch.value), onchange: (e: Event) => {
        const n = parseTyped((e.target as HTMLInputElement).value);
        if (Number.isFinite(n) && n >= 0) this.edit(i, { change: { ...ch, value: n } });
        else this.draw();
      } }) : null;
      const chUnit = ch ? h('select', { class: 'fig-change-unit', 'aria-label': `${rt('change')} (unit)`, onchange: (e: Event) => this.edit(i, { change: { ...ch, unit: (e.target as HTMLSelectElement).value as Change['unit'] } }) },
        ...(['count', 'percent', 'percentage_point'] as const).map((u) => { const el = h('option', { value: u }, rt(u === 'count' ? 'unit_count' : u === 'percent' ? 'unit_percent' : 'unit_pp')); el.selected = ch.unit === u; return el; })) : null;
      const button = (a: Action) => h('button', { type: 'button', class: `act-${a}`, 'aria-pressed': s.action === a ? 'true' : 'false', onclick: () => this.setAction(i, a) }, rt(a));
      return h('tr', { 'data-row': i, 'data-indicator': f.indicator, class: `decided-${s.action ?? 'none'}`,
        onmouseenter: () => this.root.querySelector(`mark[data-figure="${i}"]`)?.classList.add('hover'),
        onmouseleave: () => this.root.querySelector(`mark[data-figure="${i}"]`)?.classList.remove('hover') },
        h('td', {}, indicator, h('div', { class: 'phrase' }, `“${f.phrase}”`)),
        h('td', {}, value, isRate ? ' %' : ''),
        h('td', { class: 'change' }, dir, chValue, chUnit),
        h('td', { class: 'num' }, f.confidence === null ? '' : formatPercent(100 * f.confidence, 0)),
        h('td', { class: 'decision' }, button('accept'), button('correct'), button('reject')));
    });
    const left = this.states.filter((s) => !s.action).length;
    return h('section', { id: 'review-detail' },
      h('h2', {}, `${r.unit_name} · ${r.period}`),
      h('p', { class: 'review-file' }, `${rt('file')}: `, h('a', { href: `/api/raw/${r.source_sha256}` }, r.source_file)),
      h('div', { class: 'report-fields' },
        h('label', {}, `${rt('period')} `, h('input', { id: 'review-period', value: this.period, size: 9, onchange: (e: Event) => { this.period = (e.target as HTMLInputElement).value.trim(); } })),
        h('label', {}, `${rt('unit')} `, h('input', { id: 'review-unit', value: this.unitId, size: 9, onchange: (e: Event) => { this.unitId = (e.target as HTMLInputElement).value.trim(); } }))),
      article,
      h('table', { id: 'review-figures' },
        h('thead', {}, h('tr', {}, ...(['indicator', 'value', 'change', 'confidence', 'decision'] as const).map((k) => h('th', { scope: 'col' }, rt(k))))),
        h('tbody', {}, ...rows)),
      h('div', { class: 'review-actions' },
        h('button', { type: 'button', id: 'review-accept-rest', disabled: left === 0, onclick: () => { for (const s of this.states) s.action ??= 'accept'; this.draw(); } }, rt('accept_rest')),
        h('button', { type: 'button', id: 'review-submit', class: 'primary', onclick: () => void this.submit() }, rt('submit'))),
      h('p', { id: 'review-status', role: 'status' }, this.status));
  }
}

/** Shows the review page in `root` (main.ts, for #review). */
export async function mountReview(root: HTMLElement): Promise<ReviewPage> {
  const page = new ReviewPage(root);
  (window as unknown as { chitieuReview: ReviewPage }).chitieuReview = page;
  await page.start();
  return page;
}
