/**
 * The "as of" control (issue 16): a date, and optionally a time, in Vietnam time. Set, the page's
 * analyses re-run with `as_of` and a notice says the figures are as the warehouse knew them then;
 * "now" clears it. Beside it, the button that lists what changed between two moments.
 */
import { t } from '../i18n/i18n.ts';
import { momentOf } from '../notebook/as-of.ts';
import type { Notebook } from '../notebook/types.ts';
import { h } from './dom.ts';

export interface AsOfHost {
  set(asOf: string | undefined): void;
  changes(): void;
}

export function asOfBar(nb: Notebook, host: AsOfHost): HTMLElement {
  const [date, time] = (nb.as_of ?? '').split('T');
  const dateInput = h('input', { type: 'date', id: 'as-of-date', value: date ?? '' });
  const timeInput = h('input', { type: 'time', id: 'as-of-time', step: 1, value: time ?? '' });
  const apply = (): void => host.set(momentOf(dateInput.value, timeInput.value));
  dateInput.addEventListener('change', apply);
  timeInput.addEventListener('change', () => {
    if (dateInput.value) apply();
  });
  const bar = h('div', { class: `as-of-bar${nb.as_of ? ' active' : ''}`, role: 'group', 'aria-label': t('as_of') },
    h('label', { for: 'as-of-date' }, t('as_of')), dateInput,
    h('label', { for: 'as-of-time', class: 'visually-hidden' }, t('as_of_time')), timeInput,
    h('span', { class: 'muted' }, t('as_of_zone')),
    nb.as_of ? h('button', { type: 'button', id: 'as-of-now', onclick: () => host.set(undefined) }, t('as_of_now')) : null,
    h('button', { type: 'button', id: 'open-changes', onclick: () => host.changes() }, t('changes_open')));
  if (nb.as_of) bar.append(h('p', { class: 'as-of-note', id: 'as-of-note', role: 'status' }, t('as_of_note', { moment: nb.as_of.replace('T', ' ') })));
  return bar;
}
