/**
 * What changed between two moments (issue 16, contract 2): the `changes` analysis lists each
 * figure whose value differs, before and after, by which revision, from which file, ingested
 * when; the file opens in the provenance viewer. Narrowed to the notebook's indicator and period
 * when it has them. Loaded on first use.
 */
import { runAnalysis } from '../data/api.ts';
import { formatChange, formatNumber, getLang, t } from '../i18n/i18n.ts';
import { columnLabel, indicatorLabel } from '../cells/plot-render.ts';
import { catalogIfLoaded } from '../data/reference.ts';
import { momentOf } from '../notebook/as-of.ts';
import type { SourceRow } from './provenance.ts';
import { clear, h } from './dom.ts';

export interface ChangesQuery {
  from?: string;
  to?: string;
  indicator?: string;
  period?: string;
}

type Row = Record<string, unknown>;

/** Today in Vietnam (UTC+7), as a date. */
function todayInVietnam(): string {
  return new Date(Date.now() + 7 * 3600_000).toISOString().slice(0, 10);
}

function sourceOf(r: Row): SourceRow {
  const file = String(r.source_file_after ?? '');
  return {
    unit_id: String(r.unit_id), period: String(r.period), indicator: String(r.indicator),
    value: typeof r.value_after === 'number' ? r.value_after : null, numerator: null, denominator: null, span_start: null, span_end: null,
    revision: Number(r.revision_after ?? 0), submitted_at: null, source_kind: 'reported' as SourceRow['source_kind'],
    source_format: (file.split('.').pop() ?? '') as SourceRow['source_format'], source_file: file, source_sha256: String(r.source_sha256_after ?? ''),
  };
}

function momentControls(id: string, value: string | undefined): { box: HTMLElement; read(): string | undefined } {
  const [d, tm] = (value ?? '').split('T');
  const date = h('input', { type: 'date', id: `${id}-date`, value: d ?? '' });
  const time = h('input', { type: 'time', id: `${id}-time`, step: 1, value: tm ?? '' });
  return {
    box: h('span', { class: 'moment' }, date, h('label', { for: `${id}-time`, class: 'visually-hidden' }, t('as_of_time')), time),
    read: () => momentOf(date.value, time.value),
  };
}

/** A ledger time in Vietnam time, in the page's language. */
function when(v: unknown): string {
  const d = v instanceof Date ? v : new Date(String(v ?? ''));
  if (v === null || v === undefined || Number.isNaN(d.getTime())) return '';
  return d.toLocaleString(getLang() === 'vi' ? 'vi-VN' : 'en-GB', { timeZone: 'Asia/Ho_Chi_Minh' });
}

let dialog: HTMLDialogElement | undefined;

export function showChanges(q: ChangesQuery): void {
  dialog?.remove();
  const from = momentControls('changes-from', q.from);
  const to = momentControls('changes-to', q.to ?? todayInVietnam());
  const out = h('div', { class: 'changes-out', 'aria-live': 'polite' });
  const filters = [q.indicator ? indicatorLabel(q.indicator) : '', q.period ?? ''].filter(Boolean).join(' · ');
  const run = async (): Promise<void> => {
    const a = from.read();
    const b = to.read();
    clear(out);
    if (!a || !b) {
      out.append(h('p', { class: 'error', role: 'alert' }, t('changes_need_moments')));
      return;
    }
    out.append(t('loading'));
    try {
      const frame = await runAnalysis('changes', { from: a, to: b, ...(q.indicator ? { indicator: q.indicator } : {}), ...(q.period ? { period: q.period } : {}) });
      clear(out);
      out.append(changesTable(frame.table.objects() as Row[], a, b));
    } catch (e) {
      const err = e as { message_vi?: string; message_en?: string; message?: string };
      clear(out);
      out.append(h('p', { class: 'error', role: 'alert' }, (getLang() === 'en' ? err.message_en : err.message_vi) ?? err.message ?? String(e)));
    }
  };
  dialog = h('dialog', { class: 'panel-dialog changes-view', 'aria-labelledby': 'changes-title' },
    h('div', { class: 'source-head' },
      h('h2', { id: 'changes-title' }, t('changes_title')),
      h('button', { type: 'button', class: 'close-changes', onclick: () => dialog?.close() }, t('close'))),
    h('p', { class: 'muted' }, t('changes_help'), filters ? ` ${t('changes_filters')}: ${filters}.` : ''),
    h('div', { class: 'changes-form' },
      h('label', { for: 'changes-from-date' }, t('changes_from')), from.box,
      h('label', { for: 'changes-to-date' }, t('changes_to')), to.box,
      h('span', { class: 'muted' }, t('as_of_zone')),
      h('button', { type: 'button', class: 'primary', id: 'changes-run', onclick: () => void run() }, t('changes_run'))),
    out);
  dialog.addEventListener('close', () => dialog?.remove());
  document.body.append(dialog);
  dialog.showModal();
  if (q.from) void run();
}

function changesTable(rows: Row[], from: string, to: string): HTMLElement {
  if (!rows.length) return h('p', { id: 'changes-none' }, t('changes_none', { from: from.replace('T', ' '), to: to.replace('T', ' ') }));
  const percent = (code: unknown) => catalogIfLoaded()?.byCode.get(String(code))?.unit === 'percent';
  const head = [columnLabel('unit_name'), columnLabel('period'), columnLabel('indicator'), t('changes_before'), t('changes_after'), t('changes_diff'), t('changes_revision'), t('changes_file'), t('changes_ingested')];
  const open = (r: Row) => void import('./source-viewer.ts').then((m) => m.openSource(sourceOf(r)));
  return h('div', {},
    h('p', { class: 'changes-count' }, t('changes_count', { n: formatNumber(rows.length, 0) })),
    h('table', { class: 'changes-table' },
      h('thead', {}, h('tr', {}, ...head.map((x) => h('th', { scope: 'col' }, x)))),
      h('tbody', {}, ...rows.map((r) => h('tr', { 'data-unit': String(r.unit_id), 'data-period': String(r.period), 'data-indicator': String(r.indicator) },
        h('td', {}, String(r.unit_name ?? r.unit_id)),
        h('td', {}, String(r.period)),
        h('td', {}, indicatorLabel(r.indicator)),
        h('td', { class: 'num before' }, r.value_before === null || r.value_before === undefined ? t('changes_new') : formatNumber(r.value_before, 2)),
        h('td', { class: 'num after' }, formatNumber(r.value_after, 2)),
        h('td', { class: 'num' }, r.difference === null || r.difference === undefined ? '' : formatChange(r.difference, percent(r.indicator))),
        h('td', { class: 'revision' }, `${r.revision_before ?? '—'} → ${r.revision_after ?? '—'}`),
        h('td', {}, r.source_sha256_after ? h('button', { type: 'button', class: 'link open-revision', onclick: () => open(r) }, String(r.source_file_after ?? r.source_sha256_after)) : ''),
        h('td', { class: 'ingested' }, when(r.ingested_at_after)))))));
}
