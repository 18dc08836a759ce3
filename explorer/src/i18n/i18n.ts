/**
 * Language state and vi-VN / en formats. Vietnamese is the default; the choice is remembered in
 * the page (not in the notebook: a shared link opens in the reader's language).
 */
import { STRINGS, type StringKey } from './strings.ts';

export type Lang = 'vi' | 'en';
let lang: Lang = 'vi';
const listeners = new Set<() => void>();

export function getLang(): Lang {
  return lang;
}

export function setLang(next: Lang): void {
  lang = next;
  document.documentElement.lang = next;
  try {
    localStorage.setItem('chitieu.lang', next);
  } catch {
    // private mode: the choice lasts for this page only
  }
  for (const f of listeners) f();
}

export function initLang(): void {
  let saved: string | null = null;
  try {
    saved = localStorage.getItem('chitieu.lang');
  } catch {
    saved = null;
  }
  lang = saved === 'en' ? 'en' : 'vi';
  document.documentElement.lang = lang;
}

export function onLangChange(f: () => void): () => void {
  listeners.add(f);
  return () => listeners.delete(f);
}

/** The string for `key` in the current language, with `{name}` placeholders filled. */
export function t(key: StringKey, vars: Record<string, string | number> = {}): string {
  const s: string = STRINGS[key][lang];
  return s.replace(/\{(\w+)\}/g, (w, k: string) => (k in vars ? String(vars[k]) : w));
}

/** A bilingual pair (`message_vi`/`message_en`, `name_vi`/`name_en`) in the current language. */
export function pick(o: { [k: string]: unknown }, base: string): string {
  const v = o[`${base}_${lang}`] ?? o[`${base}_vi`] ?? o[base];
  return v === undefined || v === null ? '' : String(v);
}

const nf = new Map<string, Intl.NumberFormat>();
function numberFormat(digits: number): Intl.NumberFormat {
  const key = `${lang}:${digits}`;
  let f = nf.get(key);
  if (!f) {
    f = new Intl.NumberFormat(lang === 'vi' ? 'vi-VN' : 'en-US', { maximumFractionDigits: digits });
    nf.set(key, f);
  }
  return f;
}

/** 1.234,5 (vi) / 1,234.5 (en); blanks for missing values. */
export function formatNumber(v: unknown, digits = 1): string {
  if (v === null || v === undefined || v === '') return '';
  const n = typeof v === 'number' ? v : Number(v);
  if (!Number.isFinite(n)) return String(v);
  return numberFormat(digits).format(n);
}

/** A value already in percent: 71,2 % (vi) / 71.2 % (en). */
export function formatPercent(v: unknown, digits = 1): string {
  const s = formatNumber(v, digits);
  return s === '' ? '' : `${s}\u00a0%`;
}

/** ISO date → 31/5/2024 (vi) / 5/31/2024 (en). */
export function formatDate(v: unknown): string {
  if (v === null || v === undefined || v === '') return '';
  const d = v instanceof Date ? v : new Date(String(v));
  if (Number.isNaN(d.getTime())) return String(v);
  return d.toLocaleDateString(lang === 'vi' ? 'vi-VN' : 'en-US', { timeZone: 'UTC' });
}

/** A duration: 850 ms, or 4,1 giây / 4.1 s from a second on. */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${formatNumber(ms, 0)} ms`;
  return `${formatNumber(ms / 1000, 1)} ${lang === 'vi' ? 'giây' : 's'}`;
}

/** A change with its sign and unit: +1,2 điểm % for rates (percentage points), +12 for counts. */
export function formatChange(v: unknown, percent: boolean): string {
  const s = formatNumber(v, percent ? 1 : 0);
  if (s === '') return '';
  const n = Number(v);
  const signed = n > 0 ? `+${s}` : s.replace('-', '−');
  return percent ? `${signed}\u00a0${lang === 'vi' ? 'điểm %' : 'pp'}` : signed;
}

/** Bytes as 1,2 MB. */
export function formatBytes(n: number): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let i = 0;
  let x = n;
  while (x >= 1024 && i < units.length - 1) {
    x /= 1024;
    i++;
  }
  return `${formatNumber(x, i === 0 ? 0 : 1)} ${units[i]}`;
}
