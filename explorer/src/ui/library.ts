/**
 * The notebook library in the page (loaded on first use): save with a name and a description,
 * save again over the same notebook (on the version opened: a newer save by someone else is a
 * conflict the analyst resolves, never a silent overwrite), and a list of saved notebooks — mine
 * and shared, searched without diacritics — to open, rename or delete.
 */
import { ApiError } from '../data/api.ts';
import { createNotebook, deleteNotebook, getNotebook, listNotebooks, renameNotebook, updateNotebook, type SavedNotebook } from '../data/notebooks-api.ts';
import { formatDate, getLang, t } from '../i18n/i18n.ts';
import { parseNotebook, serializeNotebook } from '../notebook/serialize.ts';
import type { Notebook } from '../notebook/types.ts';
import { clear, h } from './dom.ts';

export interface LibraryHost {
  readonly notebook: Notebook;
  readonly saved: SavedNotebook | undefined;
  /** After a save: the notebook on screen is this saved version. */
  setSaved(s: SavedNotebook | undefined): void;
  /** Opens a notebook from the library. */
  openSaved(nb: Notebook, s: SavedNotebook): void;
  /** A message above the cells (with optional actions). */
  flash(content: string | Node, role: 'status' | 'alert'): void;
}

const message = (e: unknown): string => {
  const err = e as { message_vi?: string; message_en?: string; message?: string };
  return (getLang() === 'en' ? err.message_en : err.message_vi) ?? err.message ?? String(e);
};

/** "Saved", with the address that opens this notebook again (to share with colleagues). */
const savedNote = (s: SavedNotebook): string => `${t('saved_named')}: ${s.name} · ${location.origin}${location.pathname}#saved=${s.id}`;

const body = (nb: Notebook): unknown => JSON.parse(serializeNotebook(nb));

function modal(cls: string, title: string, ...content: Node[]): HTMLDialogElement {
  document.querySelector(`dialog.${cls}`)?.remove();
  const d = h('dialog', { class: `panel-dialog ${cls}`, 'aria-labelledby': `${cls}-title` },
    h('div', { class: 'source-head' }, h('h2', { id: `${cls}-title` }, title), h('button', { type: 'button', class: 'close-dialog', onclick: () => d.close() }, t('close'))),
    ...content);
  d.addEventListener('close', () => d.remove());
  document.body.append(d);
  d.showModal();
  return d;
}

/** Asks for a name and a description, then creates the notebook in the library. */
function askAndCreate(host: LibraryHost): void {
  const nb = host.notebook;
  const name = h('input', { id: 'save-name', type: 'text', required: true, maxlength: 200, value: host.saved ? `${host.saved.name} (${t('copy')})` : (getLang() === 'en' && nb.title_en) || nb.title });
  const description = h('textarea', { id: 'save-description', rows: 3, maxlength: 2000 });
  const err = h('p', { class: 'error', role: 'alert' });
  const form = h('form', { class: 'save-form' },
    h('label', { for: 'save-name' }, t('nb_name')), name,
    h('label', { for: 'save-description' }, t('nb_description')), description, err,
    h('div', { class: 'editor-actions' },
      h('button', { type: 'submit', class: 'primary', id: 'save-confirm' }, t('save')),
      h('button', { type: 'button', onclick: () => d.close() }, t('cancel'))));
  const d = modal('save-dialog', t('save_as_title'), form);
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    if (!name.value.trim()) {
      err.textContent = t('name_required');
      return;
    }
    void createNotebook(name.value.trim(), description.value.trim(), body(host.notebook)).then((s) => {
      host.setSaved(s);
      d.close();
      host.flash(savedNote(s), 'status');
    }).catch((e: unknown) => { err.textContent = message(e); });
  });
  name.focus();
  name.select();
}

/** "Lưu": the notebook opened from the library is updated; a new one asks for its name. */
export async function save(host: LibraryHost, asCopy = false): Promise<void> {
  const s = host.saved;
  if (!s || asCopy) return askAndCreate(host);
  try {
    const next = await updateNotebook(s, body(host.notebook));
    host.setSaved(next);
    host.flash(savedNote(next), 'status');
  } catch (e) {
    if (e instanceof ApiError && (e.status === 409 || e.status === 403)) {
      host.flash(h('span', {}, message(e), ' ',
        e.status === 409 ? h('button', { type: 'button', id: 'conflict-reload', onclick: () => void open(host, s.id) }, t('reload_saved')) : null, ' ',
        h('button', { type: 'button', id: 'conflict-copy', onclick: () => askAndCreate(host) }, t('save_copy'))), 'alert');
    } else host.flash(`${t('save_failed')}: ${message(e)}`, 'alert');
  }
}

/** Opens a saved notebook by id. */
export async function open(host: LibraryHost, id: string): Promise<void> {
  try {
    const { saved, notebook } = await getNotebook(id);
    host.openSaved(parseNotebook(notebook), saved);
  } catch (e) {
    host.flash(`${t('import_failed')}: ${message(e)}`, 'alert');
  }
}

/** The library: search, mine / shared / all, open, rename, delete. */
export function showLibrary(host: LibraryHost): void {
  let scope: 'mine' | 'shared' | 'all' = 'all';
  const search = h('input', { id: 'library-search', type: 'search', placeholder: t('library_search'), 'aria-label': t('library_search') });
  const list = h('ul', { id: 'library-list', class: 'library-list', 'aria-live': 'polite' });
  const tab = (s: typeof scope, key: 'lib_all' | 'lib_mine' | 'lib_shared') => {
    const b = h('button', { type: 'button', id: `library-${s}`, role: 'tab', 'aria-selected': String(s === scope), onclick: () => { scope = s; for (const x of Array.from(tabs.children)) x.setAttribute('aria-selected', String(x === b)); void refresh(); } }, t(key));
    return b;
  };
  const tabs = h('div', { class: 'library-tabs', role: 'tablist' });
  tabs.append(tab('all', 'lib_all'), tab('mine', 'lib_mine'), tab('shared', 'lib_shared'));
  let seq = 0;
  const refresh = async (): Promise<void> => {
    const mySeq = ++seq;
    let answer: Awaited<ReturnType<typeof listNotebooks>>;
    try {
      answer = await listNotebooks(search.value, scope);
    } catch (e) {
      clear(list);
      list.append(h('li', { class: 'error' }, message(e)));
      return;
    }
    if (mySeq !== seq) return;
    clear(list);
    if (!answer.notebooks.length) list.append(h('li', { class: 'muted' }, t('library_empty')));
    for (const m of answer.notebooks) {
      const mine = !!answer.you && (m.owner === answer.you || m.owner === '');
      const nameEl = h('strong', { class: 'lib-name' }, m.name);
      const actions = h('span', { class: 'lib-actions' });
      const li = h('li', { class: 'library-item', 'data-id': m.id },
        h('div', {}, nameEl, m.description ? h('p', { class: 'lib-description' }, m.description) : null,
          h('p', { class: 'muted' }, `${m.owner || '—'} · ${formatDate(m.updated_at)}${m.title && m.title !== m.name ? ` · ${m.title}` : ''}`)),
        actions);
      actions.append(h('button', { type: 'button', class: 'primary lib-open', onclick: () => { d.close(); void open(host, m.id); } }, t('open')));
      if (mine) {
        actions.append(
          h('button', { type: 'button', class: 'lib-rename', onclick: () => {
            const input = h('input', { type: 'text', class: 'lib-rename-input', value: m.name, 'aria-label': t('nb_name') });
            const ok = h('button', { type: 'button', class: 'lib-rename-save', onclick: () => void renameNotebook(m.id, m.etag, input.value.trim()).then((s) => {
              if (host.saved?.id === s.id) host.setSaved(s);
              return refresh();
            }).catch((e: unknown) => host.flash(message(e), 'alert')) }, t('save'));
            nameEl.replaceWith(h('span', {}, input, ok));
            input.focus();
          } }, t('rename')),
          h('button', { type: 'button', class: 'lib-delete', onclick: (e: Event) => {
            (e.currentTarget as HTMLElement).replaceWith(h('button', { type: 'button', class: 'lib-delete-confirm danger', onclick: () => void deleteNotebook(m.id, m.etag).then(() => {
              if (host.saved?.id === m.id) host.setSaved(undefined);
              return refresh();
            }).catch((err: unknown) => host.flash(message(err), 'alert')) }, t('delete_confirm')));
          } }, t('delete')));
      }
      list.append(li);
    }
  };
  let timer: ReturnType<typeof setTimeout> | undefined;
  search.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(() => void refresh(), 150);
  });
  const d = modal('library', t('library'), h('div', { class: 'library-bar' }, search, tabs), list);
  search.focus();
  void refresh();
}
