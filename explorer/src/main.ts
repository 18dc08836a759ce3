/**
 * Entry point: restore the notebook from the permalink (or open the first starter), start the
 * app. Nothing here reaches another origin: API, extracts, scripts and styles come from this one.
 */
import './style.css';
import { initLang } from './i18n/i18n.ts';
import { decodePermalink } from './notebook/permalink.ts';
import { STARTERS, STARTER_ORDER } from './starters/index.ts';
import { App } from './ui/app.ts';
import { h } from './ui/dom.ts';

initLang();
const root = document.getElementById('app')!;
let initial = structuredClone(STARTERS[STARTER_ORDER[0]]);
let problem: string | undefined;
try {
  initial = decodePermalink(location.hash, STARTERS) ?? initial;
} catch (e) {
  const err = e as { message_vi?: string; message_en?: string };
  problem = document.documentElement.lang === 'en' ? err.message_en : err.message_vi;
}
const app = new App({ root, starters: STARTERS, starterOrder: STARTER_ORDER, initial });
if (problem) root.prepend(h('p', { class: 'error', role: 'alert' }, problem));
void app.start();
// For the browser tests and the benchmark harness: the live app, read-only by convention.
(window as unknown as { chitieu: App }).chitieu = app;
