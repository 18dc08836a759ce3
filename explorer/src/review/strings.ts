/**
 * The review page's strings, Vietnamese first. The table is data (strings.json, the same
 * { vi, en } shape as i18n/strings.ts); this module only picks the page's language and fills in
 * {placeholders}.
 */
import { getLang } from '../i18n/i18n.ts';
import REVIEW_STRINGS from './strings.json' with { type: 'json' };

export type ReviewKey = keyof typeof REVIEW_STRINGS;

export function rt(key: ReviewKey, vars: Record<string, string | number> = {}): string {
  const s: string = REVIEW_STRINGS[key][getLang()];
  return s.replace(/\{(\w+)\}/g, (w, k: string) => (k in vars ? String(vars[k]) : w));
}
