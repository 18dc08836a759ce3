/**
 * Entry point: sign in when the deployment asks for it (/config.json with `auth`), restore the
 * notebook from the permalink (or open the first starter), start the app. Nothing here reaches
 * another origin but the sign-in domain: API, extracts, scripts and styles come from this one.
 */
import './style.css';
import type { Session } from './auth/session.ts';
import { authBar, startAuth } from './auth/start.ts';
import { initLang } from './i18n/i18n.ts';
import { decodePermalink } from './notebook/permalink.ts';
import { STARTERS, STARTER_ORDER } from './starters/index.ts';
import { App } from './ui/app.ts';
import { h } from './ui/dom.ts';

initLang();
const root = document.getElementById('app')!;
// Before the permalink is read: a sign-in round trip puts the stashed `#nb=` hash back.
void startAuth(root).then(boot);

function boot(session: Session | undefined): void {
  // The review queue of extracted figures is a page of its own (review/page.ts).
  if (location.hash === '#review') return reviewPage(session);
  let initial = structuredClone(STARTERS[STARTER_ORDER[0]]);
  let problem: string | undefined;
  try {
    initial = decodePermalink(location.hash, STARTERS) ?? initial;
  } catch (e) {
    const err = e as { message_vi?: string; message_en?: string };
    problem = document.documentElement.lang === 'en' ? err.message_en : err.message_vi;
  }
  const app = new App({ root, starters: STARTERS, starterOrder: STARTER_ORDER, initial });
  if (session) root.querySelector('header')?.before(authBar(session));
  if (problem) root.prepend(h('p', { class: 'error', role: 'alert' }, problem));
  const saved = /^#saved=([A-Za-z0-9_-]{1,64})$/.exec(location.hash);
  void app.start();
  if (saved) void app.openSaved(saved[1]);
  // A pasted or edited link (or the back button) opens the notebook it holds.
  window.addEventListener('hashchange', () => {
    try {
      if (location.hash === '#review') return location.reload();
      const again = /^#saved=([A-Za-z0-9_-]{1,64})$/.exec(location.hash);
      if (again) return void app.openSaved(again[1]);
      const nb = decodePermalink(location.hash, STARTERS);
      if (nb) app.open(nb);
    } catch (e) {
      const err = e as { message_vi?: string; message_en?: string };
      root.prepend(h('p', { class: 'error', role: 'alert' }, (document.documentElement.lang === 'en' ? err.message_en : err.message_vi) ?? String(e)));
    }
  });
  // For the browser tests and the benchmark harness: the live app, read-only by convention.
  (window as unknown as { chitieu: App }).chitieu = app;
}

function reviewPage(session: Session | undefined): void {
  void import('./review/page.ts').then((m) => m.mountReview(root)).then(() => {
    if (session) root.querySelector('header')?.before(authBar(session));
  });
  window.addEventListener('hashchange', () => location.reload());
}
