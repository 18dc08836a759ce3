/**
 * Indicator words → catalog code, through the catalog's names and aliases only (the data decides:
 * to teach the extractor a new phrasing, add an alias to data-schemas/indicators.json).
 */
import { indicators, type Indicator, type IndicatorKind } from '../catalog.ts';
import { fold } from '../text.ts';
import type { FoldedText } from './fold-map.ts';

interface Entry {
  indicator: Indicator;
  /** The folded alias or name, without filler words. */
  key: string;
}

// Words reports add or drop freely inside indicator phrases ("tố giác, tin báo [về tội phạm]
// [đã] [được] giải quyết", "[các] cơ quan tư pháp", "án [ở] giai đoạn truy tố"), and word orders
// that mean the same ("tin báo, tố giác" = "tố giác, tin báo"). Applied to both the aliases and
// the text before matching.
const REWRITES: ReadonlyArray<readonly [string, string]> = [
  ['ve toi pham', ''],
  ['duoc', ''],
  ['cac', ''],
  ['nhung', ''],
  ['o', ''],
  ['da', ''],
  ['tin bao to giac', 'to giac tin bao'],
  ['kiem sat viec', 'kiem sat'],
  ['don khieu nai', 'khieu nai'],
];

/** Folded text with the rewrites applied, keeping the offset map (a replacement maps to its first source word). */
export function compact(f: FoldedText): FoldedText {
  let pos = 0;
  let words = f.text.split(' ').map((w) => {
    const start = pos;
    pos += w.length + 1;
    return { w, start };
  });
  for (const [from, to] of REWRITES) {
    const fw = from.split(' ');
    const tw = to ? to.split(' ') : [];
    const out: typeof words = [];
    for (let i = 0; i < words.length; ) {
      if (i + fw.length <= words.length && fw.every((w, j) => words[i + j].w === w)) {
        tw.forEach((w, j) => out.push({ w, start: words[i + Math.min(j, fw.length - 1)].start }));
        i += fw.length;
      } else out.push(words[i++]);
    }
    words = out;
  }
  let text = '';
  const map: number[] = [];
  for (const { w, start } of words) {
    if (!w) continue;
    if (text) {
      text += ' ';
      map.push(f.map[start]);
    }
    text += w;
    // A rewritten word maps all its letters to the first letter of its source word.
    for (let j = 0; j < w.length; j++) map.push(f.map[Math.min(start + j, f.map.length - 1)]);
  }
  return { text, map };
}

function compactKey(k: string): string {
  return compact({ text: k, map: [...k].map((_, i) => i) }).text;
}

let entries: Entry[] | undefined;
function allEntries(): Entry[] {
  if (entries) return entries;
  entries = [];
  const seen = new Set<string>();
  for (const ind of indicators()) {
    for (const phrase of [ind.name_vi, ...ind.aliases]) {
      // "Số kháng nghị phúc thẩm" is written "16 kháng nghị phúc thẩm": drop the leading "số"/"tổng số".
      for (const k of [compactKey(fold(phrase)), compactKey(fold(phrase).replace(/^(tong so|so) /, ''))]) {
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

/**
 * Every alias occurrence in `f` of an indicator of the given kinds (count or rate kinds). Pass
 * text through `compact` first: aliases are stored without filler words.
 */
export function findAliases(f: FoldedText, kinds: ReadonlySet<IndicatorKind>): PhraseMatch[] {
  const out: PhraseMatch[] = [];
  const byFirst = entriesByFirstWord();
  const text = f.text;
  for (let pos = 0; pos < text.length; pos = text.indexOf(' ', pos) + 1 || text.length) {
    const sp = text.indexOf(' ', pos);
    const first = text.slice(pos, sp < 0 ? text.length : sp);
    for (const e of byFirst.get(first) ?? []) {
      if (!kinds.has(e.indicator.kind)) continue;
      const end = pos + e.key.length;
      if (text.startsWith(e.key, pos) && (end === text.length || text[end] === ' ')) {
        out.push({ indicator: e.indicator, key: e.key, start: pos, end });
      }
    }
  }
  return out;
}

let firstIndex: Map<string, Entry[]> | undefined;
function entriesByFirstWord(): Map<string, Entry[]> {
  if (firstIndex) return firstIndex;
  firstIndex = new Map();
  for (const e of allEntries()) {
    const w = e.key.split(' ')[0];
    const list = firstIndex.get(w) ?? [];
    list.push(e);
    firstIndex.set(w, list);
  }
  return firstIndex;
}

export const RATE_KINDS: ReadonlySet<IndicatorKind> = new Set(['rate']);
export const COUNT_KINDS: ReadonlySet<IndicatorKind> = new Set(['flow_count', 'stock_count', 'workload']);

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

const STOP_TOKENS = new Set(['so', 'tong', 'cac', 'duoc', 've', 'toi', 'pham', 'va']);

const TOKEN_CACHE = new Map<string, Set<string>[]>();
/** Word sets of an indicator's name and aliases (cached). */
function phraseTokens(ind: Indicator): Set<string>[] {
  let t = TOKEN_CACHE.get(ind.code);
  if (!t) {
    t = [ind.name_vi, ...ind.aliases].map((p) => tokens(fold(p)));
    TOKEN_CACHE.set(ind.code, t);
  }
  return t;
}

function tokens(folded: string): Set<string> {
  return new Set(folded.split(' ').filter((t) => t && !STOP_TOKENS.has(t)));
}

/**
 * The rate that a count just before it explains: "đã giải quyết 98 tố giác, tin báo, tỷ lệ giải
 * quyết đạt 77,8%" is the rate whose numerator (or denominator) is the count (catalog data).
 */
export function rateOfPart(partCode: string): Indicator | undefined {
  const rates = indicators().filter((i) => i.kind === 'rate');
  return rates.find((r) => r.numerator === partCode) ?? rates.find((r) => r.denominator === partCode);
}

/**
 * A count written with generic words ("đã giải quyết 40 tin", "được Tòa án chấp nhận 31 vụ") in a
 * sentence about one work area: the count indicator of that area whose names and aliases share
 * the most words with the lead (Jaccard over words), when one is clearly best.
 */
export function countInArea(area: string, leadFolded: string, prevCode?: string): Indicator | undefined {
  const lead = tokens(leadFolded);
  // "giải quyết 3 vụ" without "phải"/"chưa" means resolved ("đã giải quyết").
  if (/\b(giai quyet|xet xu|thi hanh xong|chap nhan)\b/.test(leadFolded) && !/\b(phai|chua|con)\b/.test(leadFolded)) lead.add('da');
  if ([...lead].filter((t) => !['vu', 'viec', 'tin', 'an', 'nguoi', 'bi', 'can', 'cao', 'don', 'cuoc'].includes(t)).length === 0) return undefined;
  // A count that forms a rate with the previous figure ("xét xử 187 vụ, chấp nhận 163 vụ") is
  // preferred: the sentence is walking through one rate's parts.
  const rates = indicators().filter((i) => i.kind === 'rate');
  const pairsWithPrev = (code: string) =>
    prevCode !== undefined && rates.some((r) => (r.numerator === code && r.denominator === prevCode) || (r.denominator === code && r.numerator === prevCode));
  let best: Indicator | undefined;
  let bestScore: [number, number] = [0, 0];
  let tie = false;
  const scored: Array<{ ind: Indicator; score: number }> = [];
  for (const ind of indicators()) {
    if (ind.work_area !== area || ind.kind === 'rate') continue;
    let score = 0;
    for (const t of phraseTokens(ind)) {
      let inter = 0;
      for (const x of t) if (lead.has(x)) inter++;
      const union = t.size + lead.size - inter;
      score = Math.max(score, union ? inter / union : 0);
    }
    if (score < 0.2) continue;
    scored.push({ ind, score });
  }
  // The pairing preference only chooses among near-equal readings of the words.
  const top = Math.max(0, ...scored.map((x) => x.score));
  for (const { ind, score } of scored) {
    const s: [number, number] = [pairsWithPrev(ind.code) && score >= top - 0.15 ? 1 : 0, score];
    const cmp = s[0] !== bestScore[0] ? s[0] - bestScore[0] : s[1] - bestScore[1];
    if (!best || cmp > 1e-9) {
      best = ind;
      bestScore = s;
      tie = false;
    } else if (Math.abs(cmp) <= 1e-9) tie = true;
  }
  if (!best || tie) return undefined;
  return bestScore[0] === 1 || bestScore[1] >= 0.3 ? best : undefined;
}
