/**
 * Indicator words → catalog code, through the catalog's names and aliases only (the data decides:
 * to teach the extractor a new phrasing, add an alias to data-schemas/indicators.json).
 */
import { indicators, type Indicator, type IndicatorKind } from '../catalog.ts';
import { fold } from '../text.ts';
import { findWord, type FoldedText } from './fold-map.ts';

interface Entry {
  indicator: Indicator;
  /** The folded alias or name. */
  key: string;
}

let entries: Entry[] | undefined;
function allEntries(): Entry[] {
  if (entries) return entries;
  entries = [];
  const seen = new Set<string>();
  for (const ind of indicators()) {
    for (const phrase of [ind.name_vi, ...ind.aliases]) {
      // "Số kháng nghị phúc thẩm" is written "16 kháng nghị phúc thẩm": drop the leading "số"/"tổng số".
      for (const k of [fold(phrase), fold(phrase).replace(/^(tong so|so) /, '')]) {
        const id = `${ind.code}|${k}`;
        if (k && !seen.has(id)) {
          seen.add(id);
          entries.push({ indicator: ind, key: k });
        }
      }
    }
  }
  // Longer keys first: the most specific phrase wins among matches at the same place.
  entries.sort((a, b) => b.key.length - a.key.length);
  return entries;
}

export interface PhraseMatch {
  indicator: Indicator;
  key: string;
  /** [start, end) in the folded text. */
  start: number;
  end: number;
}

/** Every alias occurrence in `f` of an indicator of the given kinds (count or rate kinds). */
export function findAliases(f: FoldedText, kinds: ReadonlySet<IndicatorKind>): PhraseMatch[] {
  const out: PhraseMatch[] = [];
  for (const e of allEntries()) {
    if (!kinds.has(e.indicator.kind)) continue;
    let i = findWord(f.text, e.key);
    while (i >= 0) {
      out.push({ indicator: e.indicator, key: e.key, start: i, end: i + e.key.length });
      i = findWord(f.text, e.key, i + 1);
    }
  }
  return out;
}

export const RATE_KINDS: ReadonlySet<IndicatorKind> = new Set(['rate']);
export const COUNT_KINDS: ReadonlySet<IndicatorKind> = new Set(['flow_count', 'stock_count']);

/**
 * The best match by a preference: `rank` returns a tuple compared lexicographically (higher wins);
 * ties go to the longer alias.
 */
export function bestMatch(matches: PhraseMatch[], rank: (m: PhraseMatch) => number[]): PhraseMatch | undefined {
  let best: PhraseMatch | undefined;
  let bestRank: number[] = [];
  for (const m of matches) {
    const r = [...rank(m), m.end - m.start];
    let better = !best;
    if (best) {
      for (let i = 0; i < r.length; i++) {
        if (r[i] !== bestRank[i]) {
          better = r[i] > bestRank[i];
          break;
        }
      }
    }
    if (better) {
      best = m;
      bestRank = r;
    }
  }
  return best;
}
