/**
 * A period → its months: clicking a quarter, half, nine months or year on a chart opens the
 * months it covers for that unit and indicator (the `trend` analysis by month), with each month's
 * value, numerator and denominator, its flags, and the months with no report named as such, so an
 * analyst sees which month moved a period's figure. Loaded on first use.
 */
import * as Plot from '@observablehq/plot';
import { parsePeriod } from '../../../functions/core/calendar.ts';
import { aggregatePeriods } from '../../../functions/core/aggregate.ts';
import { runAnalysis } from '../data/api.ts';
import { withFlags } from '../data/flags.ts';
import { formatNumber, getLang, t } from '../i18n/i18n.ts';
import { columnLabel, indicatorLabel } from '../cells/plot-render.ts';
import { catalogIfLoaded } from '../data/reference.ts';
import { clear, h } from './dom.ts';

export interface PeriodMark {
  unit_id: string;
  unit_name?: string;
  indicator: string;
  period: string;
  /** The value the clicked mark showed (the whole period's figure). */
  value?: number | null;
  /** Whether that value is the unit's own period report ('reported') or a roll-up of months. */
  basis?: string | null;
}

/**
 * The trend parameters for the months of `mark`: a province of the 34 (p34-NN) is asked in the
 * 2025 geography so that its months before the merger are its predecessors' (as its years were).
 */
function monthsQuery(mark: PeriodMark, extra: Record<string, unknown> = {}): Record<string, unknown> {
  const p = parsePeriod(mark.period)!;
  return {
    indicator: mark.indicator, units: mark.unit_id, from: p.statYear, to: p.statYear, period_type: 'month',
    ...(/^p34-\d+$/.test(mark.unit_id) ? { geography: 'as_2025' } : {}),
    ...extra,
  };
}

function num(v: unknown): number | null {
  if (v === null || v === undefined || v === '') return null;
  const n = Number(v);
  return Number.isFinite(n) ? n : null;
}

let dialog: HTMLDialogElement | undefined;

export async function showMonths(mark: PeriodMark, extra: Record<string, unknown> = {}): Promise<void> {
  const p = parsePeriod(mark.period);
  if (!p) return;
  dialog?.remove();
  const body = h('div', { class: 'months-body' }, t('loading'));
  const title = `${mark.unit_name ?? mark.unit_id} · ${indicatorLabel(mark.indicator)} · ${t('months_of', { period: mark.period })}`;
  dialog = h('dialog', { class: 'panel-dialog months-view', 'aria-labelledby': 'months-title', 'data-period': mark.period, 'data-unit': mark.unit_id },
    h('div', { class: 'source-head' },
      h('h2', { id: 'months-title' }, title),
      h('button', { type: 'button', class: 'close-months', onclick: () => dialog?.close() }, t('close'))),
    body);
  dialog.addEventListener('close', () => dialog?.remove());
  document.body.append(dialog);
  dialog.showModal();
  try {
    const frame = await runAnalysis('trend', monthsQuery(mark, extra));
    const table = withFlags(frame.table);
    const byMonth = new Map<string, Record<string, unknown>>();
    for (const r of table.objects() as Record<string, unknown>[]) {
      if (String(r.unit_id) === mark.unit_id && String(r.indicator ?? mark.indicator) === mark.indicator) byMonth.set(String(r.period), r);
    }
    const percent = catalogIfLoaded()?.byCode.get(mark.indicator)?.unit === 'percent';
    const digits = percent ? 1 : 0;
    const rows = p.months.map((m) => ({ month: m, row: byMonth.get(m) }));
    const points = rows.filter((r) => typeof r.row?.value === 'number').map((r) => ({ month: r.month, value: r.row!.value as number }));
    clear(body);
    // The months combined as the analyses combine them (DOMAIN.md §3), beside the period's own figure:
    // where the unit's own period report says otherwise, the difference is shown, not hidden.
    const ind = catalogIfLoaded()?.byCode.get(mark.indicator);
    const rolled = ind?.kind
      ? aggregatePeriods({ code: ind.code, kind: ind.kind as never, denominator: ind.denominator }, rows.filter((r) => r.row).map((r) => ({
        unit_id: mark.unit_id, period: r.month, value: num(r.row!.value), numerator: num(r.row!.numerator), denominator: num(r.row!.denominator), flag: (r.row!.flag as string | null) ?? null,
      })), { expected: p.months })
      : undefined;
    const unit = percent ? ' %' : '';
    if (mark.value !== undefined && mark.value !== null) {
      body.append(h('p', { class: 'months-whole' }, `${t('whole_period', { period: mark.period })}${mark.basis === 'reported' ? ` (${t('basis_reported')})` : ''}: `, h('strong', {}, formatNumber(mark.value, digits)), unit));
    }
    if (rolled && rolled.value !== null) {
      body.append(h('p', { class: 'months-rollup' }, `${t('months_rollup')}${rolled.partial ? ` (${t('flag_months_missing')})` : ''}: `, h('strong', { class: 'rollup-value' }, formatNumber(rolled.value, digits)), unit));
      const diff = mark.value === undefined || mark.value === null ? 0 : mark.value - rolled.value;
      if (Math.abs(diff) >= (percent ? 0.05 : 0.5)) {
        body.append(h('p', { class: 'months-differ warn', role: 'note' }, t('months_differ', { diff: `${diff > 0 ? '+' : '−'}${formatNumber(Math.abs(diff), digits)}${unit}` })));
      }
    }
    if (points.length) {
      body.append(Plot.plot({
        width: 640, height: 240, marginLeft: 56, marginTop: 34, marginBottom: 44, style: { fontFamily: 'inherit', fontSize: '13px' },
        x: { type: 'band', domain: p.months, label: null, tickRotate: -30 },
        y: { label: indicatorLabel(mark.indicator), grid: true, tickFormat: (x: number) => formatNumber(x, digits), zero: !percent },
        marks: [
          percent ? Plot.line(points, { x: 'month', y: 'value', stroke: '#0b5cab', marker: 'circle' }) : Plot.barY(points, { x: 'month', y: 'value', fill: '#0b5cab' }),
          Plot.text(points, { x: 'month', y: 'value', text: (d: { value: number }) => formatNumber(d.value, digits), dy: -8, fontSize: 11 }),
        ],
      }));
    }
    // numerator and denominator only where the indicator has them (a rate)
    const ratio = rows.some((r) => num(r.row?.numerator) !== null || num(r.row?.denominator) !== null);
    const head = ['period', 'value', ...(ratio ? ['numerator', 'denominator'] : []), 'flags'];
    body.append(h('table', { class: 'months-table' },
      h('thead', {}, h('tr', {}, ...head.map((c) => h('th', { scope: 'col' }, columnLabel(c))))),
      h('tbody', {}, ...rows.map(({ month, row }) => row
        ? h('tr', { 'data-month': month },
          h('th', { scope: 'row' }, month),
          h('td', { class: 'num' }, formatNumber(row.value, digits)),
          ratio ? h('td', { class: 'num' }, formatNumber(row.numerator, 0)) : null,
          ratio ? h('td', { class: 'num' }, formatNumber(row.denominator, 0)) : null,
          h('td', {}, String(row.flags ?? '')))
        : h('tr', { 'data-month': month, class: 'missing' }, h('th', { scope: 'row' }, month), h('td', { colspan: head.length - 1, class: 'muted' }, t('month_missing')))))));
  } catch (e) {
    const err = e as { message_vi?: string; message_en?: string; message?: string };
    clear(body);
    body.append(h('p', { class: 'error', role: 'alert' }, (getLang() === 'en' ? err.message_en : err.message_vi) ?? err.message ?? String(e)));
  }
}
