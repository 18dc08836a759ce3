/**
 * Vietnamese formats for the digest: 1.234 vụ, 71,2 %, +1,3 điểm %, 30/11/2025, and period names
 * from the calendar data ("Tháng 11/2025", "Quý IV năm 2025", "6 tháng đầu năm 2025").
 */
import calendarData from '../../../data-schemas/calendar.json' with { type: 'json' };
import { parsePeriod } from '../../core/calendar.ts';

const NBSP = '\u00a0';
const cache = new Map<number, Intl.NumberFormat>();
function nf(digits: number): Intl.NumberFormat {
  let f = cache.get(digits);
  if (!f) cache.set(digits, (f = new Intl.NumberFormat('vi-VN', { maximumFractionDigits: digits, minimumFractionDigits: 0 })));
  return f;
}

const DASH = '–';

export function num(v: number | null | undefined, digits = 0): string {
  return v === null || v === undefined || !Number.isFinite(v) ? DASH : nf(digits).format(v);
}

/** A value already in percent: 71,2 %. */
export function pct(v: number | null | undefined, digits = 1): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return DASH;
  return `${new Intl.NumberFormat('vi-VN', { minimumFractionDigits: digits, maximumFractionDigits: digits }).format(v)}${NBSP}%`;
}

/**
 * A signed number, the sign taken after rounding: −0.04 shown to one decimal is "0,0", never
 * "−0,0" (nor "+0,0"): a change that rounds to nothing has no direction.
 */
function signed(v: number, digits: number): string {
  const f = 10 ** digits;
  const r = Math.round(Math.abs(v) * f) / f;
  const s = new Intl.NumberFormat('vi-VN', { minimumFractionDigits: digits, maximumFractionDigits: digits }).format(r);
  return r === 0 ? s : v > 0 ? `+${s}` : `−${s}`;
}

/** A signed number: +6,5 / −4,4. */
export function signedNum(v: number | null | undefined, digits = 1): string {
  return v === null || v === undefined || !Number.isFinite(v) ? DASH : signed(v, digits);
}

export type Lang = 'vi' | 'en';

/** Change of a rate in percentage points: +1,3 điểm % (English: +1,3 pts). */
export function pp(v: number | null | undefined, digits = 1, lang: Lang = 'vi'): string {
  return v === null || v === undefined || !Number.isFinite(v) ? DASH : `${signed(v, digits)}${NBSP}${lang === 'en' ? 'pts' : `điểm${NBSP}%`}`;
}

/** Relative change: +4,3 %. */
export function relPct(v: number | null | undefined, digits = 1): string {
  return v === null || v === undefined || !Number.isFinite(v) ? DASH : `${signed(v, digits)}${NBSP}%`;
}

/** Change of a count: +38 (+2,1 %). */
export function countChange(change: number | null, changePct: number | null): string {
  if (change === null || !Number.isFinite(change)) return DASH;
  const abs = signed(change, 0);
  return changePct === null ? abs : `${abs} (${relPct(changePct)})`;
}

/** A value of an indicator in its unit. */
export function value(v: number | null | undefined, unit: string, lang: Lang = 'vi'): string {
  if (unit === 'percent') return pct(v);
  if (unit === 'vnd_million') return v === null || v === undefined ? DASH : `${num(v, 0)}${NBSP}${lang === 'en' ? 'million VND' : 'tr.đ'}`;
  return num(v, 0);
}

/** The change of an indicator: points for rates, count and percent otherwise. */
export function change(kind: string, ch: number | null, chPct: number | null, lang: Lang = 'vi'): string {
  return kind === 'rate' ? pp(ch, 1, lang) : countChange(ch, chPct);
}

/** ISO date → 30/11/2025. */
export function date(iso: string): string {
  const [y, m, d] = iso.slice(0, 10).split('-');
  return `${d}/${m}/${y}`;
}

/** ISO timestamp → 21/11/2026 18:30 (UTC+7, Vietnam's time). */
export function dateTime(iso: string, lang: Lang = 'vi', zone = true): string {
  const t = new Date(Date.parse(iso) + 7 * 3_600_000);
  const p = (n: number) => String(n).padStart(2, '0');
  const at = `${p(t.getUTCDate())}/${p(t.getUTCMonth() + 1)}/${t.getUTCFullYear()} ${p(t.getUTCHours())}:${p(t.getUTCMinutes())}`;
  return zone ? `${at} (${lang === 'en' ? 'Vietnam time' : 'giờ Việt Nam'})` : at;
}

const EN_MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

const SUFFIX_NAMES = { vi: new Map<string, string>(), en: new Map<string, string>() };
for (const pt of calendarData.period_types) {
  for (const p of pt.periods) {
    SUFFIX_NAMES.vi.set(p.suffix, p.name_vi);
    SUFFIX_NAMES.en.set(p.suffix, p.name_en);
  }
}

/**
 * "Tháng 11/2025", "Quý IV năm 2025", "6 tháng đầu năm 2025", "9 tháng năm 2025", "Năm 2025";
 * in English "November 2025", "Q4 2025", "First half 2025", "Year 2025".
 */
export function periodName(label: string, lang: Lang = 'vi'): string {
  const p = parsePeriod(label);
  if (!p) return label;
  if (p.type === 'month') return lang === 'en' ? `${EN_MONTHS[Number(label.slice(5)) - 1]} ${label.slice(0, 4)}` : `Tháng ${Number(label.slice(5))}/${label.slice(0, 4)}`;
  const name = SUFFIX_NAMES[lang].get(label.slice(5)) ?? label;
  if (lang === 'en') return p.type === 'year' ? `Year ${p.statYear}` : `${name} ${p.statYear}`;
  if (p.type === 'year') return `Năm ${p.statYear}`;
  // "6 tháng đầu năm" already ends in "năm": "6 tháng đầu năm 2025", not "… năm năm 2025".
  return /năm$/.test(name) ? `${name} ${p.statYear}` : `${name} năm ${p.statYear}`;
}

/**
 * A target's source as printed: the half in the reader's language of a "vi / en" text, without
 * references to the project's own documents ("DOMAIN.md §3"), which mean nothing to a reader.
 */
export function sourceText(source: string | null | undefined, lang: Lang = 'vi'): string {
  if (!source) return '';
  const halves = source.split(' / ');
  const s = halves.length === 2 ? halves[lang === 'en' ? 1 : 0] : source;
  return s.replace(/\s*\(?\b[A-Z]+\.md(\s*§\s*\d+)?\)?:?/g, '').replace(/\s{2,}/g, ' ').replace(/^[\s:;,]+|[\s:;,]+$/g, '').trim();
}

const COMPARATORS: Record<string, string> = { '>=': '≥', '>': '>', '<=': '≤', '<': '<', '=': '=' };

/** A target comparator as printed: ≥, >, ≤, <, =. */
export function comparator(c: string | null | undefined): string {
  return c ? COMPARATORS[c] ?? c : '';
}
