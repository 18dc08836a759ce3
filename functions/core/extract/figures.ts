/**
 * Figures in the body of a narrative report. Two shapes carry almost every work result:
 *  - a rate: "<indicator words> đạt 71,2%" (or "đạt 95% <indicator words>"), maybe with a change;
 *  - a count: "<verb> 94 <counted noun>", often in lists ("ban hành 94 kết luận, 93 kiến nghị"),
 *    or "<indicator words> là 1.300 tin".
 * Indicator words map to catalog codes through aliases only (phrases.ts). A count is kept without a
 * code when its noun is a work-result noun (vụ án, bị can, đơn…); venue, people, unit, award and
 * time counts are not work results and are dropped ("08 điểm cầu", "06 VKSND cấp huyện").
 */
import { fold } from '../text.ts';
import { readChange } from './change.ts';
import { looseRe } from './loose.ts';
import { foldRanges } from './fold-ranges.ts';
import { scanNumbers, type NumberToken } from './numbers.ts';
import { bestMatch, COUNT_KINDS, findAliases, RATE_KINDS, type PhraseMatch } from './phrases.ts';
import { clauseEnd, clauseStart, isStrongSeparator, isWeakSeparator, itemStart, trimRange } from './segments.ts';
import type { Change } from './types.ts';

export interface Figure {
  indicator_code: string | null;
  phrase: string;
  value: number;
  unit: 'percent' | 'count';
  change: Change | null;
  span: [number, number];
  numerator: number | null;
  denominator: number | null;
  confidence: number;
}

// Nouns that make a count a work result (folded). Checked after EXCLUDED_NOUNS.
const WORK_NOUNS = [
  'vu an', 'vu viec', 'vu', 'viec', 'bi can', 'bi cao', 'nguoi', 'doi tuong', 'don', 'tin bao', 'tin', 'to giac',
  'nguon tin', 'quyet dinh', 'ban an', 'phien toa', 'phien hop', 'cuoc', 'khang nghi', 'kien nghi', 'ket luan',
  'thong bao', 'yeu cau', 'lenh', 'ho so', 'truong hop', 'an', 'luot', 'phien',
];
// Counts that are not work results: venues, people, units, awards, time, plans, money.
const EXCLUDED_NOUNS = [
  'diem cau', 'don vi', 'dong chi', 'can bo', 'cong chuc', 'kiem sat vien', 'kiem tra vien', 'lanh dao', 'tap the',
  'ca nhan', 'giay khen', 'bang khen', 'co thi dua', 'ngay', 'thang', 'nam', 'quy', 'tuan', 'gio', 'phut', 'giay',
  'lan', 'hoi nghi', 'quy che', 'nhiem vu', 'chi tieu', 'ke hoach', 'vksnd', 'vks', 'vien kiem sat', 'huyen', 'tinh',
  'phong', 'doan', 'lop', 'buoi', 'khau', 'giai phap', 'noi dung', 'trieu', 'ty', 'dong', 'nghin', 'ngan', 'tram',
  'co quan', 'co so', 'nha tam giu', 'trai tam giam', 'trai giam', 'xa', 'phuong', 'thi tran', 'vien', 'toa an',
  'diem', 'trang', 'bai', 'tin bai', 'chuyen de', 'hoi thi', 'dang vien', 'chi bo', 'doan vien', 'thanh vien',
  'nguoi lao dong', 'muc', 'dieu', 'khoan', 'nghi quyet', 'chi thi', 'van ban',
];
// Bare classifiers: the indicator words are then before the number ("… phải giải quyết là 1.300 tin").
const CLASSIFIERS = new Set(['vu', 'vu an', 'vu viec', 'viec', 'tin', 'nguoi', 'bi can', 'bi cao', 'don', 'truong hop', 'cuoc', 'luot', 'phien']);

const NOT_A_VALUE_BEFORE = looseRe(String.raw`(?:tăng|(?<!tạm\s)giảm|vượt|hơn|thêm|xuống|lên|chênh lệch|trên|dưới)\s*(?:\(|được)?\s*$`);
const COMPARISON_AFTER = looseRe(String.raw`^\s*(?:so\s+với|so)\s+(?:cùng\s+kỳ|CK|chỉ\s+tiêu|kế\s+hoạch|năm\s+trước)`);
const RATE_CONNECTOR = /(?:^| )(?:dat|la|bang|dat duoc|o muc|voi|chiem|ty le|dat ty le|voi ty le|tuong ung|tuong duong)$/;
const RATE_WORDS = /(?:^| )(?:dat|ty le)(?: |$)/;
// Words that end a counted noun phrase.
const NOUN_STOP = looseRe(String.raw`\s(?:tăng|giảm|đạt|so với|trong đó|gồm|bằng|chiếm|tương ứng|với tỷ lệ|tỷ lệ)(?=\s|$)`);

function startsWithWord(folded: string, words: readonly string[]): string | undefined {
  for (const w of words) if (folded === w || folded.startsWith(w + ' ')) return w;
  return undefined;
}

function stripConnectors(folded: string): string {
  let s = folded;
  for (let i = 0; i < 4; i++) {
    const m = RATE_CONNECTOR.exec(s);
    if (!m) break;
    s = s.slice(0, m.index).trimEnd();
  }
  return s;
}

/** End of the counted noun after a number: the next separator, stop word or number. */
function nounEnd(text: string, from: number, nextNumberStart: number, commasAllowed: number): number {
  const limit = Math.min(text.length, from + 160, nextNumberStart);
  let commas = 0;
  for (let i = from; i < limit; i++) {
    const c = text[i];
    if (isStrongSeparator(text, i)) return i;
    if (isWeakSeparator(c)) {
      if (c === ',' && commas < commasAllowed) {
        commas++;
        continue;
      }
      return i;
    }
  }
  return limit;
}

/** Cuts a noun range at the first stop word ("… tăng 56 tin" → before "tăng"). */
function cutAtStopWord(text: string, a: number, b: number): number {
  const m = NOUN_STOP.exec(text.slice(a, b));
  return m ? a + m.index : b;
}

interface Ctx {
  text: string;
  tokens: NumberToken[];
  /** Token ranges (numbers are removed from phrase windows). */
  holes: Array<[number, number]>;
}

function nextTokenStart(ctx: Ctx, i: number): number {
  return i + 1 < ctx.tokens.length ? ctx.tokens[i + 1].start : ctx.text.length;
}

function origRange(f: { map: number[] }, m: PhraseMatch): [number, number] {
  return [f.map[m.start], f.map[m.end - 1] + 1];
}

/** Rate figure for a percentage token, or undefined when it is not one. */
function rateFigure(ctx: Ctx, i: number, floor: number, fraction: NumberToken | undefined): Figure | undefined {
  const { text } = ctx;
  const tok = ctx.tokens[i];
  const cs = Math.max(clauseStart(text, tok.start, 0), floor);
  const before = foldRanges(text, holesOut(ctx, cs, tok.start));
  const beforeCore = stripConnectors(before.text);
  const hadConnector = beforeCore.length < before.text.length;
  const coreF = { text: beforeCore, map: before.map.slice(0, beforeCore.length) };
  let match = bestMatch(findAliases(coreF, RATE_KINDS), (m) => [m.end]);
  let phraseRange: [number, number] | undefined;
  let confidence = 0.5;
  let after = tok.end;
  if (match) {
    phraseRange = [origRange(coreF, match)[0], coreF.map[coreF.text.length - 1] + 1];
    confidence = hadConnector ? 0.95 : 0.85;
  } else {
    // "đạt 95% <indicator words>": the words follow the number.
    const end = cutAtStopWord(text, tok.end, nounEnd(text, tok.end, nextTokenStart(ctx, i), 3));
    const fa = foldRanges(text, [[tok.end, end]]);
    const m = bestMatch(findAliases(fa, RATE_KINDS), (x) => [-x.start]);
    if (m && fa.text.slice(0, m.start).split(' ').filter(Boolean).length <= 3) {
      match = m;
      phraseRange = origRange(fa, m);
      after = phraseRange[1];
      confidence = 0.85;
    }
  }
  if (!match) {
    // No indicator words: keep only what reads as a result ("… đạt 85%", "tỷ lệ … 85%").
    if (!RATE_WORDS.test(before.text) || !beforeCore) return undefined;
    const itemA = Math.max(itemStart(text, tok.start, 0), cs);
    const words = foldRanges(text, holesOut(ctx, itemA, tok.start));
    const core = stripConnectors(words.text);
    if (!core) return undefined;
    phraseRange = [words.map[0], words.map[core.length - 1] + 1];
    confidence = 0.5;
  }
  const [pa, pb] = trimRange(text, phraseRange![0], phraseRange![1]);
  const ch = readChange(text, after, true);
  const end = ch ? ch.end : after;
  const fig: Figure = {
    indicator_code: match ? match.indicator.code : null,
    phrase: text.slice(pa, pb),
    value: tok.value,
    unit: 'percent',
    change: ch?.change ?? null,
    span: [Math.min(pa, tok.start, fraction?.start ?? pa), end],
    numerator: fraction ? fraction.value : null,
    denominator: fraction?.denominator ?? null,
    confidence,
  };
  return fig;
}

/** [a, b) without the number tokens in it. */
function holesOut(ctx: Ctx, a: number, b: number): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  let cur = a;
  for (const [s, e] of ctx.holes) {
    if (e <= cur) continue;
    if (s >= b) break;
    if (s > cur) out.push([cur, s]);
    cur = Math.max(cur, e);
  }
  if (cur < b) out.push([cur, b]);
  return out;
}

/** Count figure for a plain number token, or undefined when it is not a work result. */
function countFigure(ctx: Ctx, i: number, floor: number): Figure | undefined {
  const { text } = ctx;
  const tok = ctx.tokens[i];
  const next = nextTokenStart(ctx, i);
  const n1End = cutAtStopWord(text, tok.end, nounEnd(text, tok.end, next, 0));
  const n1 = foldRanges(text, [[tok.end, n1End]]);
  const excluded = startsWithWord(n1.text, EXCLUDED_NOUNS);
  if (excluded) return undefined;
  const head = startsWithWord(n1.text, WORK_NOUNS);
  const bare = n1.text === '' || CLASSIFIERS.has(n1.text);
  const cs = Math.max(clauseStart(text, tok.start, 0), floor);

  let match: PhraseMatch | undefined;
  let phraseRange: [number, number] | undefined;
  let nounStop = n1End;
  let confidence = 0.5;
  if (!bare) {
    // Indicator words around the number: the item's verb ("ban hành") and the counted noun,
    // which may run past commas that belong to it ("tố giác, tin báo").
    const ia = Math.max(itemStart(text, tok.start, 0), floor);
    const nEnd = cutAtStopWord(text, tok.end, nounEnd(text, tok.end, next, 4));
    const w = foldRanges(text, [...holesOut(ctx, ia, tok.start), [tok.end, nEnd]]);
    const nStartF = w.map.findIndex((o) => o >= tok.end);
    const n1EndF = nStartF < 0 ? -1 : nStartF + n1.text.length;
    const cands = nStartF < 0 ? [] : findAliases(w, COUNT_KINDS).filter((m) => m.end > nStartF && m.start <= nStartF + 1 && m.start < n1EndF);
    match = bestMatch(cands, (m) => [Math.min(m.end, w.text.length) - Math.max(m.start, nStartF)]);
    if (match) {
      const [, me] = origRange(w, match);
      nounStop = Math.max(n1End, me);
      phraseRange = [tok.end, me];
      confidence = 0.9;
    }
  } else {
    // "… phải giải quyết là 1.300 tin": the words are before the number.
    const w = foldRanges(text, holesOut(ctx, cs, tok.start));
    const core = stripConnectors(w.text);
    const coreF = { text: core, map: w.map.slice(0, core.length) };
    match = bestMatch(findAliases(coreF, COUNT_KINDS), (m) => [m.end]);
    if (match && core.length - match.end <= 30) {
      phraseRange = origRange(coreF, match);
      confidence = 0.75;
    } else match = undefined;
  }
  if (!match) {
    if (!head) return undefined;
    const words = text.slice(tok.end, n1End).trim().split(/\s+/).slice(0, 8).join(' ');
    const a = text.indexOf(words, tok.end);
    phraseRange = [a, a + words.length];
    confidence = 0.5;
  }
  const [pa, pb] = trimRange(text, phraseRange![0], phraseRange![1]);
  // The fragment starts at the item's verb when it is short ("ban hành 94 kết luận").
  const ia = Math.max(itemStart(text, tok.start, 0), floor);
  const lead = text.slice(ia, tok.start).trim();
  const fragStart = lead && lead.split(/\s+/).length <= 5 ? trimRange(text, ia, tok.start)[0] : tok.start;
  const figEnd = Math.max(tok.end, nounStop);
  const ch = readChange(text, figEnd, false);
  const end = ch ? ch.end : trimRange(text, tok.start, figEnd)[1];
  return {
    indicator_code: match ? match.indicator.code : null,
    phrase: text.slice(pa, pb),
    value: tok.value,
    unit: 'count',
    change: ch?.change ?? null,
    span: [Math.min(pa, fragStart), end],
    numerator: null,
    denominator: tok.denominator ?? null,
    confidence,
  };
}

/** The fraction token ("1.234/1.300") whose ratio is the given percentage, in the same clause. */
function fractionFor(ctx: Ctx, i: number, floor: number): NumberToken | undefined {
  const tok = ctx.tokens[i];
  const cs = Math.max(clauseStart(ctx.text, tok.start, 0), floor);
  for (let j = i - 1; j >= 0 && ctx.tokens[j].start >= cs; j--) {
    const t = ctx.tokens[j];
    if (t.denominator && t.denominator > 0 && Math.abs((100 * t.value) / t.denominator - tok.value) <= 0.15) return t;
  }
  return undefined;
}

/** Every figure of the text, in order of appearance. */
export function findFigures(text: string, bodyStart = 0): Figure[] {
  const tokens = scanNumbers(text);
  const ctx: Ctx = { text, tokens, holes: tokens.map((t) => [t.start, t.end] as [number, number]) };
  // Fractions that a following percentage explains are part of that rate, not counts.
  const partOfRate = new Set<NumberToken>();
  const fractionOf = new Map<number, NumberToken>();
  tokens.forEach((t, i) => {
    if (!t.percent || t.skip) return;
    const f = fractionFor(ctx, i, 0);
    if (f) {
      partOfRate.add(f);
      fractionOf.set(i, f);
    }
  });
  const out: Figure[] = [];
  let floor = bodyStart;
  for (let i = 0; i < tokens.length; i++) {
    const tok = tokens[i];
    if (tok.skip || tok.start < floor || tok.start < bodyStart || partOfRate.has(tok)) continue;
    const beforeText = text.slice(Math.max(0, tok.start - 24), tok.start);
    if (NOT_A_VALUE_BEFORE.test(beforeText)) continue;
    if (COMPARISON_AFTER.test(text.slice(tok.end, tok.end + 30)) && !tok.percent) continue;
    const fig = tok.percent ? rateFigure(ctx, i, floor, fractionOf.get(i)) : countFigure(ctx, i, floor);
    if (!fig) continue;
    out.push(fig);
    floor = Math.max(floor, fig.span[1]);
  }
  return out;
}

/** Folded text of a figure's phrase (for tests and debugging). */
export function foldedPhrase(f: Figure): string {
  return fold(f.phrase);
}

export { clauseEnd };
