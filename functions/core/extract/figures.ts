/**
 * Figures in the body of a narrative report. Two shapes carry almost every work result:
 *  - a rate: "<indicator words> đạt 71,2%" (or "đạt 100% <indicator words>"), maybe with a change;
 *  - a count: "<verb> 94 <counted noun>", often in lists ("ban hành 94 kết luận, 93 kiến nghị"),
 *    or "<indicator words> là 1.300 tin".
 * Indicator words map to catalog codes through aliases (phrases.ts). When the words are generic
 * ("đã giải quyết 40 tin", "tỷ lệ giải quyết đạt 77,8%"), the figure before it in the same
 * sentence says which work area is meant, and the catalog's numerator/denominator links and
 * aliases pick the indicator. A count is kept without a code when its noun is a work-result noun
 * (vụ án, bị can, đơn…); venue, people, unit, award and time counts are not work results and are
 * dropped ("08 điểm cầu", "06 VKSND cấp huyện").
 */
import { indicatorByCode, indicators } from '../catalog.ts';
import { ownFigures } from './agents.ts';
import { readChange } from './change.ts';
import { attachChanges, nounKey, scanChangeItems } from './change-items.ts';
import { fold } from '../text.ts';
import { looseRe } from './loose.ts';
import { foldRanges } from './fold-ranges.ts';
import type { FoldedText } from './fold-map.ts';
import { scanNumbers, type NumberToken } from './numbers.ts';
import { bestMatch, compact, COUNT_KINDS, countInArea, findAliases, RATE_KINDS, rateOfPart, type PhraseMatch } from './phrases.ts';
import { clauseStart, isStrongSeparator, isWeakSeparator, itemStart, lastCommaBefore, sentenceStart, trimRange } from './segments.ts';
import type { ExtractedFigure } from './types.ts';

/** An extracted figure (types.ts) with what the figure grammar knows besides. */
export interface Figure extends ExtractedFigure {
  numerator: number | null;
  denominator: number | null;
  confidence: number;
  /** Where the figure's number starts in the text. */
  at: number;
  /** The counted noun's key (change-items.ts nounKey) when it is not written after the number. */
  noun?: string | null;
}

// Nouns that make a count a work result (folded). Checked after EXCLUDED_NOUNS.
const WORK_NOUNS = [
  'thong tin', 'vu an', 'vu viec', 'vu', 'viec', 'bi can', 'bi cao', 'nguoi', 'doi tuong', 'don', 'tin bao', 'tin', 'to giac',
  'nguon tin', 'quyet dinh', 'ban an', 'phien toa', 'phien hop', 'cuoc', 'khang nghi', 'kien nghi', 'ket luan',
  'thong bao', 'yeu cau', 'lenh', 'ho so', 'truong hop', 'an', 'luot', 'phien', 'vi pham',
];
// Counts that are not work results: venues, people, units, awards, time, plans, money.
const EXCLUDED_NOUNS = [
  'diem cau', 'don vi', 'dong chi', 'can bo', 'cong chuc', 'kiem sat vien', 'kiem tra vien', 'lanh dao', 'tap the',
  'ca nhan', 'giay khen', 'bang khen', 'co thi dua', 'ngay', 'thang', 'nam', 'quy', 'tuan', 'gio', 'phut', 'giay',
  'lan', 'hoi nghi', 'quy che', 'nhiem vu', 'chi tieu', 'ke hoach', 'vksnd', 'vks', 'vien kiem sat', 'huyen', 'tinh',
  'phong', 'doan', 'lop', 'buoi', 'khau', 'giai phap', 'noi dung', 'trieu', 'ty', 'dong', 'nghin', 'ngan', 'tram',
  'co quan', 'co so', 'nha tam giu', 'trai tam giam', 'trai giam', 'xa', 'phuong', 'thi tran', 'vien', 'toa an',
  'diem', 'trang', 'bai', 'tin bai', 'chuyen de', 'hoi thi', 'dang vien', 'chi bo', 'doan vien', 'thanh vien',
  'nguoi lao dong', 'muc', 'dieu', 'khoan', 'nghi quyet', 'chi thi', 'van ban', 'dai bieu', 'khu vuc', 'quan',
];
// A measure word before the counted noun (folded): "bản yêu cầu", "bản kiến nghị", and "văn bản"
// before a request or recommendation ("2.047 văn bản yêu cầu kiểm tra, xác minh"); other
// documents ("văn bản pháp luật") stay excluded.
const MEASURE_WORD = /^(?:van ban (?=(?:yeu cau|kien nghi|khang nghi|de nghi)\b)|ban (?=\S))/;
// Bare classifiers: the indicator words are then elsewhere ("… phải giải quyết là 1.300 tin").
const CLASSIFIERS = new Set(['vu', 'vu an', 'vu viec', 'viec', 'tin', 'nguoi', 'bi can', 'bi cao', 'don', 'truong hop', 'cuoc', 'luot', 'phien']);
// A classifier with at most a qualifier and a place: "vụ án hình sự", "cuộc tại cơ quan thi hành án".
const CLASSIFIER_LED = /^(?:vu an|vu viec|vu|viec|tin|nguoi|bi can|bi cao|don|truong hop|cuoc|luot)(?: (?:hinh su|dan su|hanh chinh|moi|cu))?(?: (?:tai|o|cua|tren|trong) .*)?$/;

// A number after these is a difference, not a value ("tăng 5 vụ", "vượt 3,6%", "hơn 20 vụ"), but not
// "đạt trên 95%", "trên tổng số 309 vụ", "120 trên 125 bị can" (a part of a total), "nâng … lên 63 nguồn tin",
// nor the work's own verb with a round figure ("kiểm sát điều tra trên 2.130 vụ án", "thụ lý kiểm sát trên 1.740 vụ").
const NOT_A_VALUE_BEFORE = looseRe(String.raw`(?:tăng|(?<!tạm\s)giảm|vượt|(?:cao|thấp|nhiều|ít|lớn|nhỏ|tăng|giảm)\s+hơn|thêm|xuống|chênh lệch|(?<!(?:đạt|tỷ\s+lệ|là|chiếm|\d|điều\s+tra|kiểm\s+sát|thụ\s+lý|giải\s+quyết|truy\s+tố|xét\s+xử|tiếp\s+nhận|công\s+tố|ban\s+hành|tổ\s+chức|phê\s+chuẩn|tham\s+gia)\s+)trên|(?<!(?:đạt|tỷ\s+lệ|là|chiếm)\s+)dưới)\s*(?:\(|được)?\s*$`);
// The same period's figure a year before, quoted as the base of a comparison: "(cùng kỳ năm
// trước: 105 vụ)", "so với cùng kỳ năm 2022 (110 vụ)".
const COMPARISON_BASE_BEFORE = looseRe(String.raw`(?:cùng\s+kỳ|năm\s+trước|năm\s+ngoái)(?:\s+(?:năm\s+)?(?:trước|ngoái|\d{4}))?\s*(?:\(|:|là)\s*$`);
const COMPARISON_AFTER = looseRe(String.raw`^\s*(?:so\s+với|so)\s+(?:cùng\s+kỳ|CK|chỉ\s+tiêu|kế\s+hoạch|năm\s+trước)`);
// A percentage that is a target or a margin over one: "(chỉ tiêu không quá 4%)", "chỉ tiêu của
// Ngành là 8%", "cao hơn chỉ tiêu 4,2%", "vượt chỉ tiêu 3,3%", "21,19% so với chỉ tiêu 32%",
// "hoàn thành 100% chỉ tiêu". Neither is an indicator (ANNOTATION.md).
const TARGET_BEFORE = /\b(?:chi tieu|ke hoach|muc tieu)\b(?!.*\bdat\b)[^]{0,60}$/;
const TARGET_AFTER = looseRe(String.raw`^\s*(?:so\s+với\s+)?(?:chỉ\s+tiêu|kế\s+hoạch|mục\s+tiêu)(?!\s+về)`);
const RATE_CONNECTOR = /(?:^| )(?:dat|la|bang|dat duoc|o muc|voi|chiem|ty le|dat ty le|voi ty le|tuong ung|tuong duong)$/;
// Words that end a counted noun phrase (never at its very start).
const NOUN_STOP = looseRe(String.raw`\s(?:tăng|(?<!tạm\s)giảm|đạt|so với|trong đó|gồm|bằng|chiếm|tương ứng|với tỷ lệ|tỷ lệ)(?=\s|$)`);
// Oversight words at the start of a list item: "kiểm sát …", "thực hành quyền công tố …".
// ("Viện kiểm sát đã giải quyết" is the procuracy doing the work, not oversight words.)
const OVERSIGHT_LEAD = /(?:^| )(?<!vien )(?:kiem sat|thuc hanh quyen cong to)(?! vien)(?: |$)/;
// No figure's words lie further back than this: keeps the work per number bounded (linear time)
// even in a text without punctuation.
const LOOKBACK = 400;
// Most words allowed between a rate's indicator words and its number ("… tin báo [trên địa bàn] đạt").
const RATE_TAIL_WORDS = 3;

/** The denominator of the rate whose numerator is `code`, if any. */
function denominatorOf(code: string): string | undefined {
  return indicators().find((r) => r.kind === 'rate' && r.numerator === code)?.denominator;
}

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

function prefix(f: FoldedText, len: number): FoldedText {
  return { text: f.text.slice(0, len), map: f.map.slice(0, len) };
}

function wordCount(s: string): number {
  return s.split(' ').filter(Boolean).length;
}

/** End of the counted noun after a number: the next separator or number (commas may be crossed). */
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

/** Cuts a range at the first stop word after its first word ("… tin, tăng 56 tin" → before "tăng"). */
function cutAtStopWord(text: string, a: number, b: number): number {
  const seg = text.slice(a, b);
  const first = /^\s*\S+/.exec(seg)?.[0].length ?? 0;
  const m = NOUN_STOP.exec(seg.slice(first));
  return m ? a + first + m.index : b;
}


interface Previous {
  figure: Figure;
  /** [start, end) of the words before its number in its list item ("đã truy tố"). */
  lead: [number, number];
}

interface Ctx {
  text: string;
  tokens: NumberToken[];
  /** Number ranges, removed from phrase windows. */
  holes: Array<[number, number]>;
  prev?: Previous;
}

/** [a, b) without the number tokens in it. */
function holesOut(ctx: Ctx, a: number, b: number): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  let cur = a;
  // Holes are sorted and disjoint: start at the first one that ends after `a`.
  let lo = 0;
  let hi = ctx.holes.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (ctx.holes[mid][1] <= a) lo = mid + 1;
    else hi = mid;
  }
  for (let k = lo; k < ctx.holes.length; k++) {
    const [s, e] = ctx.holes[k];
    if (e <= cur) continue;
    if (s >= b) break;
    if (s > cur) out.push([cur, s]);
    cur = Math.max(cur, e);
  }
  if (cur < b) out.push([cur, b]);
  return out;
}

/**
 * The matchable words of text ranges, numbers left out. Each range is compacted on its own so a
 * rewrite never joins words across a number ("kiểm sát 1.025 việc …" keeps "việc").
 */
function window(ctx: Ctx, ranges: Array<[number, number]>): FoldedText {
  let text = '';
  const map: number[] = [];
  for (const [a, b] of ranges.flatMap(([x, y]) => holesOut(ctx, x, y))) {
    const f = compact(foldRanges(ctx.text, [[a, b]]));
    if (!f.text) continue;
    if (text) {
      text += ' ';
      map.push(f.map[0]);
    }
    text += f.text;
    for (const m of f.map) map.push(m);
  }
  return { text, map };
}

function nextTokenStart(ctx: Ctx, i: number): number {
  return i + 1 < ctx.tokens.length ? ctx.tokens[i + 1].start : ctx.text.length;
}

function origRange(f: FoldedText, m: { start: number; end: number }): [number, number] {
  return [f.map[m.start], f.map[m.end - 1] + 1];
}

/**
 * How far a counted noun may run across commas: not into the list item of the next figure
 * ("thụ lý 05 vụ án hành chính, giải quyết 03 vụ" stops before "giải quyết").
 */
function listLimit(ctx: Ctx, i: number): number {
  const { text, tokens } = ctx;
  const tok = tokens[i];
  for (let j = i + 1; j < tokens.length; j++) {
    const t = tokens[j];
    if (t.skip || NOT_A_VALUE_BEFORE.test(text.slice(Math.max(0, t.start - 24), t.start))) continue;
    if (clauseStart(text, t.start) > tok.end) return t.start;
    const comma = lastCommaBefore(text, t.start);
    return comma > tok.end ? comma : t.start;
  }
  return text.length;
}

/** A count indicator named right before the number ("Số kháng nghị phúc thẩm: 9 …", "… là 96 bị can"). */
function labelBefore(ctx: Ctx, a: number, b: number): { indicator: PhraseMatch['indicator']; key: string; range: [number, number] } | undefined {
  const w = window(ctx, [[a, b]]);
  const core = prefix(w, stripConnectors(w.text).length);
  if (core.text.length === w.text.length && !/[:]\s*$/.test(ctx.text.slice(a, b))) return undefined; // no "là"/":" before the number
  const m = bestMatch(findAliases(core, COUNT_KINDS).filter((x) => x.end === core.text.length), (x) => [x.end]);
  return m ? { indicator: m.indicator, key: m.key, range: origRange(core, m) } : undefined;
}

/** The previous figure when it is in the same sentence as `pos` and has a code. */
function sameSentencePrev(ctx: Ctx, pos: number): Previous | undefined {
  const p = ctx.prev;
  if (!p || !p.figure.indicator_code) return undefined;
  return p.figure.span[1] > sentenceStart(ctx.text, pos) ? p : undefined;
}

/** Rate figure for a percentage token, or undefined when it is not one. */
function rateFigure(ctx: Ctx, i: number, floor: number, fraction: NumberToken | undefined): Figure | undefined {
  const { text } = ctx;
  const tok = ctx.tokens[i];
  const cs = Math.max(clauseStart(text, tok.start, 0), floor, tok.start - LOOKBACK);
  const before = window(ctx, [[cs, tok.start]]);
  const core = prefix(before, stripConnectors(before.text).length);
  const hadConnector = core.text.length < before.text.length;
  // The indicator words end close to the number ("tỷ lệ bắt, tạm giữ chuyển khởi tố" is not "tạm giữ").
  const tailOk = (m: PhraseMatch) => wordCount(core.text.slice(m.end)) <= RATE_TAIL_WORDS;
  let match = bestMatch(findAliases(core, RATE_KINDS).filter(tailOk), (m) => [m.end]);
  let code = match?.indicator.code ?? null;
  let phraseRange: [number, number] | undefined;
  let confidence = 0.5;
  let after = tok.end;
  if (match) {
    phraseRange = [origRange(core, match)[0], core.map[core.text.length - 1] + 1];
    confidence = hadConnector ? 0.95 : 0.85;
  } else {
    // "đạt 100% tỷ lệ …", "98,2% tố giác, tin báo … được giải quyết": the words follow the number.
    const end = cutAtStopWord(text, tok.end, nounEnd(text, tok.end, nextTokenStart(ctx, i), 3));
    const fa = window(ctx, [[tok.end, end]]);
    const m = bestMatch(findAliases(fa, RATE_KINDS), (x) => [-x.start]);
    if (m && wordCount(fa.text.slice(0, m.start)) <= 3) {
      match = m;
      code = m.indicator.code;
      phraseRange = origRange(fa, m);
      after = phraseRange[1];
      confidence = 0.85;
    }
  }
  if (!code) {
    // Generic words ("tỷ lệ giải quyết đạt 77,8%") after a count in the same sentence: the rate
    // that count is the numerator (or denominator) of.
    const prev = sameSentencePrev(ctx, tok.start);
    const rate = prev && rateOfPart(prev.figure.indicator_code!);
    if (rate) {
      code = rate.code;
      confidence = 0.7;
    }
  }
  if (!phraseRange) {
    const itemA = Math.max(itemStart(text, tok.start, 0), cs);
    const words = window(ctx, [[itemA, tok.start]]);
    const wcore = stripConnectors(words.text);
    if (wcore) phraseRange = [words.map[0], words.map[wcore.length - 1] + 1];
    else {
      // Only a connector ("đạt") before: the words after the number, if any, name the thing.
      const end = cutAtStopWord(text, tok.end, nounEnd(text, tok.end, nextTokenStart(ctx, i), 0));
      const fa = foldRanges(text, [[tok.end, end]]);
      // "(đạt 92,06%)", "đạt tỷ lệ 76,19%", "chiếm 0,76%" after a pair, and a bare "(12,54%)"
      // right after a count: the share of the figure before it, even without indicator words.
      // A label and a colon: "- Cơ quan điều tra giải quyết án: 85,8%".
      const connector = words.text.length > 0 || /:\s*$/.test(text.slice(Math.max(cs, itemA - 3), tok.start));
      const bareShare = !words.text && text[itemA - 1] === '(' && ctx.prev !== undefined && itemA - ctx.prev.figure.span[1] <= 3;
      if (fa.text) phraseRange = [tok.end, end];
      else if (code || connector || bareShare) {
        const colonLabel = !words.text && connector;
        phraseRange = colonLabel ? trimRange(text, Math.max(cs, itemStart(text, itemA - 1, 0)), itemA) : connector || code ? trimRange(text, itemA, tok.start) : [tok.start, tok.end];
        if (!code) confidence = 0.6;
      } else return undefined;
    }
  }
  const [pa, pb] = trimRange(text, phraseRange[0], phraseRange[1]);
  const ch = readChange(text, after, true);
  const end = ch ? ch.end : after;
  return figureOf(text, tok, 'percent', code, [pa, pb], ch, [Math.min(pa, tok.start, fraction?.start ?? pa), end], {
    numerator: fraction ? fraction.value : null,
    denominator: fraction?.denominator ?? null,
    confidence,
  });
}

/** Count figure for a plain number token, or undefined when it is not a work result. */
function countFigure(ctx: Ctx, i: number, floor: number): Figure | undefined {
  const { text } = ctx;
  const tok = ctx.tokens[i];
  const next = nextTokenStart(ctx, i);
  // "đã giải quyết 874 trên tổng số 880 vụ": the part counts the total's noun (and the total
  // stays a figure of its own, so the part's text ends at its number).
  const total = i + 1 < ctx.tokens.length && OF_TOTAL.test(text.slice(tok.end, next)) ? ctx.tokens[i + 1] : undefined;
  const ofTotal = total && !total.skip && !total.percent ? total : undefined;
  const nFrom = ofTotal ? ofTotal.end : tok.end;
  const n1End = cutAtStopWord(text, nFrom, nounEnd(text, nFrom, ofTotal ? nextTokenStart(ctx, i + 1) : next, 0));
  const n1 = foldRanges(text, [[nFrom, n1End]]);
  // "8.593 bản yêu cầu điều tra": the measure word "bản" (copies) counts what follows it.
  const counted = n1.text.replace(MEASURE_WORD, '');
  // "số văn bản yêu cầu xác minh là 1.851 văn bản": the measure word alone repeats the label's.
  const repeatsLabel = n1.text === 'van ban' ? countLabel(text, Math.max(tok.start - 80, 0), tok.start) : undefined;
  if (startsWithWord(counted, EXCLUDED_NOUNS) && !repeatsLabel) return undefined;
  const head = startsWithWord(counted, WORK_NOUNS);
  const bare = n1.text === '' || CLASSIFIERS.has(n1.text);
  const cs = Math.max(clauseStart(text, tok.start, 0), floor, tok.start - LOOKBACK);
  const ia = Math.max(itemStart(text, tok.start, 0), cs);

  let code: string | null = null;
  let phraseRange: [number, number] | undefined;
  let nounStop = ofTotal ? tok.end : n1End;
  let confidence = 0.5;
  if (!bare) {
    // Indicator words around the number: the item's verb ("ban hành") and the counted noun, which
    // may run past commas that belong to it ("tố giác, tin báo", "vụ, việc dân sự").
    const nEnd = cutAtStopWord(text, tok.end, nounEnd(text, tok.end, listLimit(ctx, i), 4));
    const w = window(ctx, [[ia, tok.start], [tok.end, nEnd]]);
    let nStartF = w.map.findIndex((o) => o >= tok.end);
    if (nStartF >= 0 && w.text[nStartF] === ' ') nStartF++;
    // The match must cover the counted noun's first words.
    const secondWord = nStartF < 0 ? -1 : w.text.indexOf(' ', nStartF);
    const latestStart = secondWord < 0 ? nStartF : secondWord + 1;
    const cands = nStartF < 0 ? [] : findAliases(w, COUNT_KINDS).filter((m) => m.end > nStartF && m.start <= latestStart);
    let match = bestMatch(cands, (m) => [Math.min(m.end, w.text.length) - Math.max(m.start, nStartF)]);
    // "Số kháng nghị phúc thẩm: 9 kháng nghị": the noun after the number only repeats the head of
    // the label before it; the label is the indicator.
    const label = labelBefore(ctx, cs, tok.start);
    if (label && wordCount(n1.text) <= 2 && (' ' + label.key + ' ').includes(' ' + n1.text + ' ') && (!match || label.key.length > match.key.length)) {
      match = undefined;
      code = label.indicator.code;
      phraseRange = label.range;
      confidence = 0.8;
    }
    if (match) {
      code = match.indicator.code;
      // "Kiểm sát giải quyết 1.358 tố giác, tin báo", "kiểm sát xét xử sơ thẩm 689 vụ án": oversight
      // words count what had to be handled, the denominator of the rate whose numerator matched.
      if (OVERSIGHT_LEAD.test(compact(foldRanges(text, [[ia, tok.start]])).text)) code = denominatorOf(code) ?? code;
      const [, me] = origRange(w, match);
      // The noun runs on to the next separator after the matched words ("tin báo [về tội phạm]").
      if (!ofTotal) nounStop = Math.max(n1End, cutAtStopWord(text, tok.end, nounEnd(text, me, next, 0)));
      phraseRange = [tok.end, me];
      confidence = 0.9;
    }
  }
  // A classifier-led noun ("vụ án hình sự", "tin") with no indicator words of its own: the words
  // are before the number, in its clause ("… phải giải quyết là 1.300 tin").
  if (!code && (bare || CLASSIFIER_LED.test(n1.text))) {
    const w = window(ctx, [[cs, tok.start]]);
    const core = prefix(w, stripConnectors(w.text).length);
    const near = (m: PhraseMatch) => wordCount(core.text.slice(m.end)) <= 3;
    const match = bestMatch(findAliases(core, COUNT_KINDS).filter(near), (m) => [m.end]);
    // "kiểm sát điều tra 61 vụ án": the words of a rate count its denominator (cases to handle).
    const rateWords = match ? undefined : bestMatch(findAliases(core, RATE_KINDS).filter(near), (m) => [m.end]);
    // Only oversight words ("kiểm sát …", "thực hành quyền công tố …") count the cases handled;
    // "truy tố 41 vụ án" counts an outcome, not the denominator.
    const oversight = rateWords && (/^(?:kiem sat|thuc hanh quyen cong to)/.test(rateWords.key) || /(?:^| )kiem sat$/.test(core.text.slice(0, rateWords.start).trimEnd()));
    const denominator = oversight ? rateWords!.indicator.denominator : undefined;
    if (match) {
      code = match.indicator.code;
      phraseRange = origRange(core, match);
      confidence = 0.75;
    } else if (rateWords && denominator) {
      code = denominator;
      phraseRange = origRange(core, rateWords);
      confidence = 0.7;
    } else if (ctx.prev && /^[\s,]*(?:và\s+|va\s+)?$/iu.test(text.slice(ctx.prev.figure.span[1], tok.start))) {
      // A list continuing the previous item's verb: "truy tố 41 vụ án, 58 bị can".
      const lw = window(ctx, [ctx.prev.lead, [tok.end, n1End]]);
      const m = bestMatch(findAliases(lw, COUNT_KINDS), (x) => [x.end]);
      if (m && m.end === lw.text.length) {
        code = m.indicator.code;
        confidence = 0.75;
      }
    }
  }
  if (!code && head) {
    // Generic words in a sentence about one work area: "…, đã giải quyết 40 tin".
    const prev = sameSentencePrev(ctx, tok.start);
    if (prev) {
      const area = indicatorByCode(prev.figure.indicator_code!)?.work_area;
      const lead = foldRanges(text, holesOut(ctx, ia, tok.start)).text;
      const ind = area ? countInArea(area, `${lead} ${n1.text}`.trim(), prev.figure.indicator_code!) : undefined;
      if (ind) {
        code = ind.code;
        confidence = 0.6;
      }
    }
  }
  // "số tin mới là 798": the counted noun is named in a label before the number.
  const label = n1.text === '' ? countLabel(text, Math.max(ia, tok.start - 80), tok.start) : repeatsLabel;
  if (!code && !head && label) {
    phraseRange = label.range;
    confidence = 0.6;
  }
  if (!code && !head && !label) return undefined;
  if (!phraseRange) {
    const words = text.slice(nFrom, n1End).trim().split(/\s+/).slice(0, 8).join(' ');
    const a = text.indexOf(words, tok.end);
    phraseRange = [a, a + words.length];
  }
  const [pa, pb] = trimRange(text, phraseRange[0], phraseRange[1]);
  // The fragment starts at the item's verb when it is short ("ban hành 94 kết luận").
  const lead = text.slice(ia, tok.start).trim();
  const fragStart = lead && wordCount(lead) <= 5 ? trimRange(text, ia, tok.start)[0] : tok.start;
  const figEnd = Math.max(tok.end, nounStop);
  const ch = readChange(text, figEnd, false);
  const end = ch ? ch.end : trimRange(text, tok.start, figEnd)[1];
  const fig = figureOf(text, tok, 'count', code, [pa, pb], ch, [Math.min(pa, fragStart), end], { numerator: null, denominator: tok.denominator ?? null, confidence });
  if (n1.text === '' && label) fig.noun = label.noun;
  return fig;
}

// Between a part and its total: "874 trên tổng số 880 vụ", "874 trên 880 vụ".
const OF_TOTAL = looseRe(String.raw`^\s+trên\s+(?:tổng\s+)?(?:số\s+)?$`, 'iu');

// A label naming a count before its number: "số tin mới là 798", "Tổng số vụ án: 45".
const COUNT_LABEL = looseRe(String.raw`(?<![\p{L}])(?:tổng\s+)?số\s+([\p{L}][\p{L}\s,]{0,50}?)\s*(?:là|:)\s*$`, 'iu');

/** The label before a bare number in text[a, b) when it names a work-result noun, with its noun key. */
function countLabel(text: string, a: number, b: number): { range: [number, number]; noun: string | null } | undefined {
  const m = COUNT_LABEL.exec(text.slice(a, b));
  if (!m) return undefined;
  const words = fold(m[1]).replace(MEASURE_WORD, '');
  if (startsWithWord(words, EXCLUDED_NOUNS) || !startsWithWord(words, WORK_NOUNS)) return undefined;
  const start = a + m.index + m[0].indexOf(m[1]);
  return { range: [a + m.index, start + m[1].length], noun: nounKey(words) };
}

/** A figure from its number, unit, code, indicator words, change and fragment. */
function figureOf(
  text: string,
  tok: NumberToken,
  unit: Figure['unit'],
  code: string | null,
  [pa, pb]: [number, number],
  ch: ReturnType<typeof readChange>,
  span: [number, number],
  rest: Pick<Figure, 'numerator' | 'denominator' | 'confidence'>,
): Figure {
  return { indicator_code: code, phrase: text.slice(pa, pb), value: tok.value, unit, change: ch?.change ?? null, span, ...rest, at: tok.start };
}

/** The fraction token ("1.234/1.300") whose ratio is the given percentage, in the same clause. */
function fractionFor(ctx: Ctx, i: number): NumberToken | undefined {
  const tok = ctx.tokens[i];
  const cs = Math.max(clauseStart(ctx.text, tok.start, 0), tok.start - LOOKBACK);
  for (let j = i - 1; j >= 0 && ctx.tokens[j].start >= cs; j--) {
    const t = ctx.tokens[j];
    if (t.denominator && t.denominator > 0 && Math.abs((100 * t.value) / t.denominator - tok.value) <= 0.15) return t;
  }
  return undefined;
}

/** Every figure of the text, in order of appearance. */
export function findFigures(text: string, bodyStart = 0, periodYears: readonly number[] = []): Figure[] {
  const tokens = scanNumbers(text);
  const ctx: Ctx = { text, tokens, holes: tokens.map((t) => [t.start, t.end] as [number, number]) };
  // Fractions that a following percentage explains are part of that rate, not counts.
  const partOfRate = new Set<NumberToken>();
  const fractionOf = new Map<number, NumberToken>();
  tokens.forEach((t, i) => {
    if (!t.percent || t.skip) return;
    const f = fractionFor(ctx, i);
    if (f) {
      partOfRate.add(f);
      fractionOf.set(i, f);
    }
  });
  const out: Figure[] = [];
  const valueEnds: number[] = [];
  // Numbers inside a change ("tăng 395 vụ, 469 bị can") are never figures.
  const changeItems = scanChangeItems(text);
  let ci = 0;
  let floor = bodyStart;
  for (let i = 0; i < tokens.length; i++) {
    const tok = tokens[i];
    while (ci < changeItems.length && changeItems[ci].end <= tok.start) ci++;
    if (ci < changeItems.length && changeItems[ci].start <= tok.start) continue;
    if (tok.skip || tok.start < floor || partOfRate.has(tok)) continue;
    const beforeText = text.slice(Math.max(0, tok.start - 24), tok.start);
    if (NOT_A_VALUE_BEFORE.test(beforeText)) continue;
    if (COMPARISON_BASE_BEFORE.test(text.slice(Math.max(0, tok.start - 40), tok.start))) continue;
    if (COMPARISON_AFTER.test(text.slice(tok.end, tok.end + 30)) && !tok.percent) continue;
    if (tok.percent && isTarget(text, tok)) continue;
    const fig = tok.percent ? rateFigure(ctx, i, floor, fractionOf.get(i)) : countFigure(ctx, i, floor);
    if (!fig) continue;
    out.push(fig);
    valueEnds.push(tok.end);
    const ia = Math.max(itemStart(text, tok.start, 0), floor, tok.start - LOOKBACK);
    ctx.prev = { figure: fig, lead: [ia, tok.start] };
    floor = Math.max(floor, fig.span[1]);
  }
  attachOrderedChanges(text, changeItems, out, valueEnds);
  const own = ownFigures(text, out.map((f) => ({ at: f.at, end: f.span[1] })), periodYears);
  // A headline repeating a figure the body gives as another agency's ("Hà Nội xác định gần 1.500
  // vụ án điểm" over "Liên ngành tư pháp … xác định gần 1.500 vụ án điểm") is that agency's too.
  const lead = text.length - text.trimStart().length;
  const nl = text.indexOf('\n', lead);
  const titleEnd = nl < 0 ? 0 : nl;
  const others = new Set(out.filter((f, i) => !own[i] && f.at >= titleEnd).map((f) => `${f.unit}|${f.value}`));
  return out.filter((f, i) => own[i] && !(f.at < titleEnd && others.has(`${f.unit}|${f.value}`)));
}

/**
 * Changes of counts come from the change grammar (change-items.ts), by counted noun and order;
 * a rate keeps the change written right after it ("đạt 71,2% (tăng 6,2%)") and otherwise takes
 * one from the grammar too.
 */
function attachOrderedChanges(text: string, items: ReturnType<typeof scanChangeItems>, figs: Figure[], valueEnds: number[]): void {
  const placed = figs.map((f, i) => ({
    at: f.at,
    valueEnd: valueEnds[i],
    unit: f.unit,
    noun: f.unit !== 'count' ? null : f.noun !== undefined ? f.noun : nounKey(fold(text.slice(valueEnds[i], valueEnds[i] + 24))),
  }));
  for (const f of figs) if (f.unit === 'count') f.change = null;
  const to = attachChanges(text, items, placed);
  to.forEach((j, k) => {
    if (j < 0) return;
    const f = figs[j];
    const c = items[k];
    if (f.unit === 'percent') {
      if (!f.change) f.change = { direction: c.direction, value: c.value, unit: 'percentage_point' };
      return;
    }
    f.change = { direction: c.direction, value: c.value, unit: c.unit === '%' ? 'percent' : c.unit === 'pp' ? 'percentage_point' : 'count' };
  });
}

/** A percentage written as a target or a margin over one (see TARGET_BEFORE). */
function isTarget(text: string, tok: NumberToken): boolean {
  if (TARGET_AFTER.test(text.slice(tok.end, tok.end + 30))) return true;
  const cs = Math.max(clauseStart(text, tok.start, 0), tok.start - 60);
  const words = fold(text.slice(cs, tok.start)).split(' ').filter(Boolean);
  if (TARGET_BEFORE.test(words.slice(-8).join(' '))) return true;
  // The share of targets met, after their count: "hoàn thành 122/122 chỉ tiêu có phát sinh số
  // liệu, đạt 100%" (the count of targets is no indicator, and so neither is its share).
  // (Matched on the clause before, up to its sentence, then on the words of the last clause.)
  const lead = text.slice(Math.max(0, tok.start - 80), tok.start);
  const parts = lead.split(/[.;:\n]/).pop()!.split(/[,(]/);
  if (parts.length < 2) return false;
  return TARGETS_MET_BEFORE.test(fold(parts.slice(0, -1).join(' '))) && /^(?:dat|bang)(?: ty le)?$/.test(fold(parts[parts.length - 1]).trim());
}
// A count of targets (folded): "122/122 chỉ tiêu có phát sinh số liệu".
const TARGETS_MET_BEFORE = /\b\d+(?: \d+)? chi tieu\b/;
