import type { Lang } from './digest/format.ts';

/**
 * File name of a province's own page inside a run (also the link from the country's digest).
 * Outside digest/ so the runner can name the files without loading the page code at a cold start.
 */
export function provincePageFile(provinceId: string, lang: Lang = 'vi'): string {
  return `province-${provinceId}${lang === 'en' ? '.en' : ''}.html`;
}
