/**
 * What the HTML digest and the PDF pack both start with and take: their input, the title, the
 * line under it, and the moment the figures are as of ("Số liệu tính đến …"), worded once so the
 * two never say different things.
 */
import type { Comparison } from '../types.ts';
import { date, dateTime, periodName, type Lang } from './format.ts';

export interface BriefingInput {
  comparison: Comparison;
  generatedAt: string;
  runId: string;
  closed: boolean;
  graceDays: number;
  /** 'vi' (default) or 'en'. */
  lang?: Lang;
  /** Provinces whose own page (province-page.ts) the run writes: the country's page links to them. */
  provincePages?: readonly string[];
}

export { provincePageFile } from '../province-file.ts';

export function briefingTitle(c: Comparison, lang: Lang): string {
  return `${lang === 'en' ? 'Cross-province briefing' : 'Bản tin so sánh giữa các tỉnh'} — ${periodName(c.context.period, lang)}`;
}

/** "01/10/2025 – 31/10/2025 · so với Tháng 9/2025 và cùng kỳ Tháng 10/2024 · lập lúc …". */
export function briefingSubtitle(c: Comparison, generatedAt: string, lang: Lang): string {
  const ctx = c.context;
  const t = (vi: string, en: string) => (lang === 'en' ? en : vi);
  return `${date(ctx.start)} – ${date(ctx.end)} · ${t('so với', 'against')} ${periodName(ctx.prior_period, lang)} ${t('và cùng kỳ', 'and')} ${periodName(ctx.last_year_period, lang)} · ${t('lập lúc', 'prepared')} ${dateTime(generatedAt, lang)}`;
}

/** "Số liệu tính đến 04/12/2026 18:30 (giờ Việt Nam)"; '' when the comparison has no recorded moment. */
export function asOfText(c: Comparison, lang: Lang): string {
  if (!c.as_of) return '';
  return `${lang === 'en' ? 'Figures as of' : 'Số liệu tính đến'} ${dateTime(c.as_of, lang)}`;
}

/** The exact moment, for whoever re-runs the briefing: the same figures come back with it. */
export function reproduceText(c: Comparison, lang: Lang): string {
  if (!c.as_of) return '';
  return lang === 'en'
    ? `to reproduce these figures, run the comparison of ${c.context.period} as of ${c.as_of}`
    : `tái lập đúng các số liệu này: chạy so sánh kỳ ${c.context.period} với thời điểm số liệu ${c.as_of}`;
}
