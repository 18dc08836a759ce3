/**
 * "Where does this number come from?": the current reports behind a value (for a province total,
 * every unit report summed into it), fetched through the SQL API, each with the value it gave, a
 * button that opens the original in the page (source-viewer.ts, loaded on first use) and one that
 * downloads it (GET /api/raw/<sha256>).
 */
import { apiFetch, runSql } from '../data/api.ts';
import { formatDate, formatNumber, getLang, t } from '../i18n/i18n.ts';
import { download, h } from './dom.ts';
import { parsePeriod } from '../../../functions/core/calendar.ts';
import type { ReportRow, ValueRow } from '../../../functions/core/types.ts';

function lit(s: string): string {
  return `'${s.replace(/'/g, "''")}'`;
}

/**
 * One source of a value: the report (its values row and ledger row, as the SQL API answers them),
 * its original file and where the figure sits in it. A value may be null in a percent-only report.
 */
export type SourceRow = Pick<ValueRow, 'unit_id' | 'period' | 'indicator' | 'numerator' | 'denominator' | 'span_start' | 'span_end' | 'revision' | 'source_kind'>
  & Pick<ReportRow, 'source_format' | 'source_file' | 'source_sha256'>
  & { value: number | null; submitted_at: unknown };

/**
 * A quarter or a year is usually computed from monthly reports: the sources of a value are the
 * reports of the period itself and of every month it covers, from the unit or, for a province
 * total, from every unit of the province.
 */
export function sourcesSql(unitId: string, indicator: string, period: string): string {
  const labels = [period, ...(parsePeriod(period)?.months ?? [])];
  return `SELECT v.unit_id, v.period, v.indicator, v.value, v.numerator, v.denominator, v.span_start, v.span_end,
       r.revision, r.submitted_at, r.source_kind, r.source_format, r.source_file, r.source_sha256
FROM current_values v
JOIN reports r ON r.report_id = v.report_id
WHERE v.indicator = ${lit(indicator)} AND v.period IN (${[...new Set(labels)].map(lit).join(', ')})
  AND (v.unit_id = ${lit(unitId)} OR v.province_id = ${lit(unitId)})
ORDER BY v.period, v.unit_id
LIMIT 200`;
}

/** Downloads the original file (through apiFetch: in AWS /api/* needs the analyst's token). */
export async function downloadOriginal(row: Pick<SourceRow, 'source_sha256' | 'source_file'>): Promise<void> {
  const res = await apiFetch(`/api/raw/${row.source_sha256}`);
  if (!res.ok) throw new Error(`HTTP ${res.status}`);
  download(await res.blob(), row.source_file || row.source_sha256);
}

export async function showSources(anchor: HTMLElement, unitId: string, indicator: string, period: string): Promise<void> {
  const existing = anchor.parentElement?.querySelector('.sources');
  if (existing) {
    existing.remove();
    return;
  }
  const box = h('div', { class: 'sources', role: 'region', 'aria-label': t('report') }, t('loading'));
  anchor.after(box);
  try {
    const frame = await runSql(sourcesSql(unitId, indicator, period), 200);
    box.textContent = '';
    const rows = frame.table.objects() as unknown as SourceRow[];
    box.append(rows.length === 0 ? t('no_data') : `${rows.length}${rows.length === 200 ? '+' : ''} ${t('report').toLowerCase()}:`);
    box.append(h('ul', {}, ...rows.slice(0, 24).map((r) => h('li', { class: 'source-row' },
      h('button', { type: 'button', class: 'link open-source', title: t('open_original'), onclick: () => void openViewer(r) }, r.source_file || r.source_sha256.slice(0, 12)),
      ` · ${r.unit_id} · ${r.period} · ${t('value').toLowerCase()} ${formatNumber(r.value, 2)} · rev ${r.revision} · ${formatDate(r.submitted_at)} · ${r.source_format} `,
      h('button', { type: 'button', class: 'download-source', onclick: () => void downloadOriginal(r).catch((e: unknown) => { box.append(h('p', { class: 'error', role: 'alert' }, String(e))); }) }, `⤓ ${t('download')}`)))));
    if (rows.length > 24) box.append(h('p', { class: 'muted' }, '…'));
  } catch (e) {
    const err = e as { message_vi?: string; message_en?: string; message?: string };
    box.textContent = (getLang() === 'en' ? err.message_en : err.message_vi) ?? err.message ?? String(e);
  }
}

async function openViewer(row: SourceRow): Promise<void> {
  const { openSource } = await import('./source-viewer.ts');
  await openSource(row);
}
