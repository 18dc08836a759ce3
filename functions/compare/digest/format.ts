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

function signed(v: number, digits: number): string {
  const s = new Intl.NumberFormat('vi-VN', { minimumFractionDigits: digits, maximumFractionDigits: digits }).format(Math.abs(v));
  return v > 0 ? `+${s}` : v < 0 ? `−${s}` : s;
}

/** A signed number: +6,5 / −4,4. */
export function signedNum(v: number | null | undefined, digits = 1): string {
  return v === null || v === undefined || !Number.isFinite(v) ? DASH : signed(v, digits);
}

/** Change of a rate in percentage points: +1,3 điểm %. */
export function pp(v: number | null | undefined, digits = 1): string {
  return v === null || v === undefined || !Number.isFinite(v) ? DASH : `${signed(v, digits)}${NBSP}điểm${NBSP}%`;
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
export function value(v: number | null | undefined, unit: string): string {
  if (unit === 'percent') return pct(v);
  if (unit === 'vnd_million') return v === null || v === undefined ? DASH : `${num(v, 0)}${NBSP}tr.đ`;
  return num(v, 0);
}

/** The change of an indicator: points for rates, count and percent otherwise. */
export function change(kind: string, ch: number | null, chPct: number | null): string {
  return kind === 'rate' ? pp(ch) : countChange(ch, chPct);
}

/** ISO date → 30/11/2025. */
export function date(iso: string): string {
  const [y, m, d] = iso.slice(0, 10).split('-');
  return `${d}/${m}/${y}`;
}

/** ISO timestamp → 21/11/2026 18:30 (UTC+7, Vietnam's time). */
export function dateTime(iso: string): string {
  const t = new Date(Date.parse(iso) + 7 * 3_600_000);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${p(t.getUTCDate())}/${p(t.getUTCMonth() + 1)}/${t.getUTCFullYear()} ${p(t.getUTCHours())}:${p(t.getUTCMinutes())} (giờ Việt Nam)`;
}

const SUFFIX_NAMES = new Map<string, string>();
for (const pt of calendarData.period_types) for (const p of pt.periods) SUFFIX_NAMES.set(p.suffix, p.name_vi);

/** "Tháng 11/2025", "Quý IV năm 2025", "6 tháng đầu năm 2025", "9 tháng năm 2025", "Năm 2025". */
export function periodName(label: string): string {
  const p = parsePeriod(label);
  if (!p) return label;
  if (p.type === 'month') return `Tháng ${Number(label.slice(5))}/${label.slice(0, 4)}`;
  const name = SUFFIX_NAMES.get(label.slice(5)) ?? label;
  return p.type === 'year' ? `Năm ${p.statYear}` : `${name} năm ${p.statYear}`;
}

const COMPARATORS: Record<string, string> = { '>=': '≥', '>': '>', '<=': '≤', '<': '<', '=': '=' };

/** A target comparator as printed: ≥, >, ≤, <, =. */
export function comparator(c: string | null | undefined): string {
  return c ? COMPARATORS[c] ?? c : '';
}
