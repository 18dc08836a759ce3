/**
 * The indicator catalog: definition, formula, kind, direction, targets with their source and
 * validity, work area — searchable with or without diacritics ("ty le giai quyet" finds
 * "Tỷ lệ giải quyết…").
 */
import { searchIndicators, type Catalog, type Indicator } from '../data/reference.ts';
import { formatDate, formatNumber, pick, t } from '../i18n/i18n.ts';
import { STRINGS, type StringKey } from '../i18n/strings.ts';
import { clear, h } from './dom.ts';

export function catalogPanel(catalog: Catalog, onUse: ((code: string) => void) | undefined, onClose: () => void): HTMLElement {
  const list = h('div', { class: 'catalog-list', role: 'list' });
  const search = h('input', { type: 'search', id: 'catalog-search', placeholder: t('catalog_search'), 'aria-label': t('catalog_search'), autocomplete: 'off' });
  const areas = new Map(catalog.workAreas.map((w) => [w.code, w]));
  const draw = (): void => {
    clear(list);
    const found = searchIndicators(catalog, search.value);
    list.append(h('p', { class: 'muted', role: 'status' }, `${found.length} / ${catalog.indicators.length}`));
    for (const ind of found) list.append(entry(ind));
  };
  const entry = (i: Indicator): HTMLElement => {
    const r = i as unknown as Record<string, unknown>;
    const area = i.work_area ? areas.get(i.work_area) : undefined;
    return h('details', { class: 'indicator', role: 'listitem', 'data-code': i.code },
      h('summary', {}, h('strong', {}, pick(r, 'name')), ' ', h('code', {}, i.code)),
      h('dl', {},
        h('dt', {}, t('definition')), h('dd', {}, pick(r, 'definition')),
        i.formula ? h('dt', {}, t('formula')) : null, i.formula ? h('dd', {}, h('code', {}, i.formula)) : null,
        h('dt', {}, t('kind')), h('dd', {}, i.kind ? (`kind_${i.kind}` in STRINGS ? t(`kind_${i.kind}` as StringKey) : i.kind) : ''),
        h('dt', {}, t('direction')), h('dd', {}, i.direction ? (`dir_${i.direction}` in STRINGS ? t(`dir_${i.direction}` as StringKey) : i.direction) : ''),
        h('dt', {}, t('work_area')), h('dd', {}, area ? pick(area as unknown as Record<string, unknown>, 'name') : (i.work_area ?? '')),
        h('dt', {}, t('targets')),
        h('dd', {}, i.targets?.length
          ? h('ul', {}, ...i.targets.map((tg) => h('li', {},
            `${tg.comparator} ${formatNumber(tg.threshold)}${i.unit === 'percent' ? '\u00a0%' : ''} · ${t('valid')}: ${formatDate(tg.valid_from)}–${tg.valid_to ? formatDate(tg.valid_to) : '…'} · ${t('evidence')}: ${tg.evidence ?? ''}`,
            h('br'), h('small', {}, `${t('source')}: ${tg.source ?? ''}`))))
          : '—')),
      onUse ? h('button', { type: 'button', onclick: () => onUse(i.code) }, t('use_indicator')) : null);
  };
  search.addEventListener('input', draw);
  draw();
  const panel = h('aside', { class: 'catalog-panel', role: 'dialog', 'aria-label': t('catalog'), 'aria-modal': 'false' },
    h('div', { class: 'panel-head' }, h('h2', {}, t('catalog')), h('button', { type: 'button', onclick: onClose, 'aria-label': t('close') }, '×')),
    search, list);
  panel.addEventListener('keydown', (e) => {
    if (e.key === 'Escape') onClose();
  });
  return panel;
}
