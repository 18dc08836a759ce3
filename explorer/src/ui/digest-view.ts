/**
 * The comparison digest inside the explorer (loaded on first use): the latest one shown, the
 * past ones listed. The digest is HTML published by `chitieu compare`; it is shown in a frame
 * without scripts, fetched with the analyst's token (a frame's own request would carry none).
 */
import { apiFetch, getJSON } from '../data/api.ts';
import { formatDate, getLang, t } from '../i18n/i18n.ts';
import { clear, download, h } from './dom.ts';

interface DigestEntry {
  period: string;
  generated_at?: string;
  synthetic?: boolean;
}

const message = (e: unknown): string => {
  const err = e as { message_vi?: string; message_en?: string; message?: string };
  return (getLang() === 'en' ? err.message_en : err.message_vi) ?? err.message ?? String(e);
};

export async function showDigest(): Promise<void> {
  document.querySelector('dialog.digest')?.remove();
  const list = h('ul', { class: 'digest-list', id: 'digest-list' });
  const frame = h('iframe', { class: 'digest-frame', id: 'digest-frame', sandbox: '', title: t('digest'), referrerpolicy: 'no-referrer' });
  const heading = h('p', { class: 'muted', id: 'digest-heading' }, t('loading'));
  let html = '';
  let shown = '';
  const save = h('button', { type: 'button', id: 'digest-download', onclick: () => download(new Blob([html], { type: 'text/html' }), `ban-tin-${shown}.html`) }, `⤓ ${t('download')}`);
  const d = h('dialog', { class: 'panel-dialog digest', 'aria-labelledby': 'digest-title' },
    h('div', { class: 'source-head' }, h('h2', { id: 'digest-title' }, t('digest')), save, h('button', { type: 'button', onclick: () => d.close() }, t('close'))),
    heading,
    h('div', { class: 'digest-body' }, h('nav', { 'aria-label': t('digest_past') }, h('h3', {}, t('digest_past')), list), frame));
  d.addEventListener('close', () => d.remove());
  document.body.append(d);
  d.showModal();

  const open = async (e: DigestEntry, latest: boolean): Promise<void> => {
    heading.textContent = `${latest ? `${t('latest')} · ` : ''}${t('period')} ${e.period}${e.generated_at ? ` · ${t('generated_at')} ${formatDate(e.generated_at)}` : ''}${e.synthetic ? ` · ${t('synthetic_label')}` : ''}`;
    for (const b of Array.from(list.querySelectorAll('button'))) b.setAttribute('aria-current', String(b.dataset.period === e.period));
    const res = await apiFetch(`/api/digest/${encodeURIComponent(e.period)}`);
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
    html = await res.text();
    shown = e.period;
    frame.srcdoc = html;
  };

  try {
    const { latest, periods } = await getJSON<{ latest: DigestEntry | null; periods: DigestEntry[] }>('/api/digest');
    clear(list);
    if (!latest && !periods.length) {
      heading.textContent = t('digest_none');
      save.hidden = true;
      return;
    }
    for (const p of periods) {
      list.append(h('li', {}, h('button', { type: 'button', class: 'link digest-period', 'data-period': p.period, onclick: () => void open(p, p.period === latest?.period).catch((e: unknown) => { heading.textContent = message(e); }) },
        p.period, p.period === latest?.period ? ` (${t('latest').toLowerCase()})` : '')));
    }
    await open(latest ?? periods[0], true);
  } catch (e) {
    heading.textContent = message(e);
  }
}
