/**
 * Words that arrive as data — statuses, quality flags, evidence levels — in either language or
 * as codes, shown in the page's language. A notebook written in Vietnamese ("Đạt") reads "Met" in
 * English and a flag stored in English ("unverified") reads "chưa kiểm chứng" in Vietnamese.
 */
import { getLang } from './i18n.ts';

const TERMS: Array<{ code: string; vi: string; en: string }> = [
  { code: 'met', vi: 'Đạt', en: 'Met' },
  { code: 'missed', vi: 'Chưa đạt', en: 'Missed' },
  { code: 'no_data', vi: 'Không có số liệu', en: 'No data' },
  { code: 'synthetic', vi: 'mô phỏng', en: 'synthetic' },
  { code: 'extracted', vi: 'trích từ văn bản', en: 'extracted from text' },
  { code: 'percent_only', vi: 'chỉ có tỷ lệ %', en: 'percentage only' },
  { code: 'revised', vi: 'đã sửa đổi', en: 'revised' },
  { code: 'unverified', vi: 'chưa kiểm chứng', en: 'unverified' },
  { code: 'inferred', vi: 'suy ra', en: 'inferred' },
  { code: 'estimated', vi: 'ước tính', en: 'estimated' },
  { code: 'partial', vi: 'chưa đủ kỳ', en: 'partial period' },
  { code: 'verified', vi: 'đã kiểm chứng', en: 'verified' },
  { code: 'reported', vi: 'theo báo cáo', en: 'as reported' },
  // basis of a period figure (issue 12): the unit's own period report or its months rolled up
  { code: 'rolled_up', vi: 'cộng từ báo cáo tháng', en: 'rolled up from monthly reports' },
  { code: 'mixed', vi: 'một phần cộng từ báo cáo tháng', en: 'partly rolled up from monthly reports' },
  { code: 'era_boundary', vi: 'cắt ngang sáp nhập 01/7/2025', en: 'straddles the 2025-07-01 merger' },
  { code: 'months_missing', vi: 'thiếu báo cáo tháng', en: 'monthly reports missing' },
];

const BY_ANY = new Map<string, (typeof TERMS)[number]>();
for (const t of TERMS) for (const k of [t.code, t.vi, t.en]) BY_ANY.set(k.toLowerCase(), t);

/** Columns whose text values are such words. */
export const TERM_COLUMNS = new Set(['status', 'flags', 'flag', 'evidence', 'basis', 'partial_reason']);

/** One word in the page's language (unknown words as they are). */
export function term(s: string): string {
  const t = BY_ANY.get(s.trim().toLowerCase());
  return t ? t[getLang()] : s;
}

/** A comma-separated list of words (a flags cell) in the page's language. */
export function terms(s: string): string {
  return s.split(/\s*[,;]\s*/).filter(Boolean).map(term).join(', ');
}
