/**
 * "Where does this number come from?": the ledger rows of the current reports behind a value
 * (for a province total, every unit report summed into it), fetched through the SQL API.
 */
import { runSql } from '../data/api.ts';
import { formatDate, t } from '../i18n/i18n.ts';
import { h } from './dom.ts';
import { parsePeriod } from '../../../functions/core/calendar.ts';

function lit(s: string): string {
  return `'${s.replace(/'/g, "''")}'`;
}

/**
 * A quarter or a year is usually computed from monthly reports: the sources of a value are the
 * reports of the period itself and of every month it covers, from the unit or, for a province
 * total, from every unit of the province.
 */
export function sourcesSql(unitId: string, indicator: string, period: string): string {
  const labels = [period, ...(parsePeriod(period)?.months ?? [])];
  return `SELECT r.unit_id, r.period, r.revision, r.submitted_at, r.source_kind, r.source_format, r.source_file, r.source_sha256
FROM reports r
WHERE r.report_id IN (
  SELECT v.report_id FROM current_values v
  WHERE v.indicator = ${lit(indicator)} AND v.period IN (${[...new Set(labels)].map(lit).join(', ')})
    AND (v.unit_id = ${lit(unitId)} OR v.province_id = ${lit(unitId)})
)
ORDER BY r.period, r.unit_id
LIMIT 200`;
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
    const rows = frame.table.objects() as Record<string, unknown>[];
    box.append(rows.length === 0 ? t('no_data') : `${rows.length}${rows.length === 200 ? '+' : ''} ${t('report').toLowerCase()}:`);
    box.append(h('ul', {}, ...rows.slice(0, 24).map((r) => h('li', {},
      `${String(r.source_file ?? '')} · ${String(r.unit_id)} · ${String(r.period)} · rev ${String(r.revision)} · ${formatDate(r.submitted_at)} · ${String(r.source_kind)}`,
      ' · ', h('code', { title: String(r.source_sha256 ?? '') }, String(r.source_sha256 ?? '').slice(0, 12))))));
    if (rows.length > 24) box.append(h('p', { class: 'muted' }, '…'));
  } catch (e) {
    const err = e as { message_vi?: string; message_en?: string; message?: string };
    box.textContent = (document.documentElement.lang === 'en' ? err.message_en : err.message_vi) ?? err.message ?? String(e);
  }
}
