/**
 * The date a narrative report was published or its meeting held. News pages put it on a line of
 * its own in several styles — "15/03/24 10:38", "3/15/2021 8:19:41 AM" (US order, from an English
 * server), "Thứ ba - 20/07/2021 22:42" — and reports open with "Ngày 14/3/2024, …".
 */
import { looseRe } from './loose.ts';

function iso(y: number, m: number, d: number): string | undefined {
  if (m < 1 || m > 12 || d < 1 || d > 31) return undefined;
  const dt = new Date(Date.UTC(y, m - 1, d));
  if (dt.getUTCMonth() !== m - 1) return undefined;
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

function year4(y: string): number {
  const n = Number(y);
  return y.length <= 2 ? 2000 + n : n;
}

/** Reads "a/b/yyyy" (day first unless only month-first makes sense, or AM/PM marks a US date). */
export function readSlashDate(a: string, b: string, y: string, us = false): string | undefined {
  const x = Number(a);
  const z = Number(b);
  const yy = year4(y);
  if (us || (x <= 12 && z > 12)) return iso(yy, x, z) ?? iso(yy, z, x);
  return iso(yy, z, x);
}

const SLASH_DATE = /(?<!\d)(\d{1,2})[/.-](\d{1,2})[/.-](\d{4}|\d{2})(?!\d)(?:\s*,?\s*(\d{1,2}):(\d{2})(?::\d{2})?\s*(AM|PM|SA|CH)?)?/i;
const WORDY_DATE = looseRe(String.raw`ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})`, 'iu');
const MONTH_LINE = looseRe(String.raw`^\s*\p{Lu}[\p{L}\p{M}]*(?:\s+\p{Lu}[\p{L}\p{M}]*){0,3}\s*,\s*(?:tháng\s+)?(\d{1,2})\s*[/-]\s*(\d{4})\s*(?:$|[–—-]\s)`, 'u');
const OPENING_DATE = looseRe(String.raw`(?:^|\n)\s*(?:Vào\s+)?(?:sáng|chiều|tối)?\s*(?:ngày|Ngày)\s+(\d{1,2})\/(\d{1,2})\/(\d{4})`, 'u');

/**
 * The publication or meeting date of a report (ISO), or null. A date line among the first lines
 * wins; then a paragraph that opens with "Ngày d/m/yyyy"; then "ngày d tháng m năm yyyy" there.
 */
export function findReportDate(text: string): string | null {
  const lines = text.split('\n').map((l) => l.trim()).filter(Boolean).slice(0, 5);
  for (const line of lines) {
    // A date line is short: a date, maybe a time and a weekday, nothing else of substance.
    const m = SLASH_DATE.exec(line);
    if (!m) continue;
    const rest = line.replace(m[0], '').replace(looseRe(String.raw`^(?:thứ\s+\S+|chủ\s+nhật)\s*[-–,]?\s*`), '').trim();
    if (line.length > 60 && rest.length > 40 && m.index > 20) continue;
    const d = readSlashDate(m[1], m[2], m[3], Boolean(m[6] && /AM|PM/i.test(m[6])));
    if (d) return d;
  }
  // "Quy Nhơn, tháng 1/2022", "Đồng Xoài, 6/2016 – Theo báo cáo …": a date line (alone or opening
  // the first paragraph, dash-separated) with only the month dates the report mid-month.
  for (const line of lines) {
    const m = MONTH_LINE.exec(line);
    if (m) {
      const d = iso(Number(m[2]), Number(m[1]), 15);
      if (d) return d;
    }
  }
  const o = OPENING_DATE.exec(text);
  if (o) {
    const d = readSlashDate(o[1], o[2], o[3]);
    if (d) return d;
  }
  const w = WORDY_DATE.exec(text.slice(0, 2000));
  if (w) return iso(Number(w[3]), Number(w[2]), Number(w[1])) ?? null;
  return null;
}
