/**
 * Changes against an earlier period as a grammar of their own, attached to figures by order and
 * by counted noun. Reports write them beside a figure ("58 tin, tăng 9 tin"), after a pair
 * ("1.393 vụ/2.187 bị can, tăng 395 vụ, 469 bị can so với cùng kỳ"), or in a clause of their own
 * ("…1.204 vụ, 1.530 bị can; so với cùng kỳ giảm 03 vụ nhưng tăng 21 bị can"). Each change item
 * attaches to the latest figure before it in the same sentence that counts the same thing (vụ to
 * vụ, bị can to bị can); a change without a noun attaches to the figure just before it. The
 * numbers of a change are never figures themselves.
 */
import { parseViNumber } from '../numbers-vi.ts';
import { fold } from '../text.ts';
import { boundsOf } from './bounds.ts';
import { looseRe } from './loose.ts';

const NUM = String.raw`\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?`;
const NOUN = String.raw`vụ\s+án|vụ\s+việc|vụ|việc|tin\s+báo|nguồn\s+tin|tin|người|bị\s+can|bị\s+cáo|đơn|trường\s+hợp|cuộc|kháng\s+nghị|kiến\s+nghị|văn\s+bản|quyết\s+định|phiên\s+tòa|phiên\s+toà|phiên|lượt|đối\s+tượng`;
const UNIT = String.raw`điểm\s+phần\s+trăm|điểm\s*%|%|điểm`;
// "lần lượt" / "tương ứng" (respectively), before or after the direction word: the items that
// follow go to the figures before them in order ("846 vụ, 1.403 bị can, tăng lần lượt 171 vụ và 93
// bị can").
const RESPECTIVELY = String.raw`lần\s+lượt|tương\s+ứng`;
// The base of a comparison: "so với cùng kỳ (năm trước)", "so với năm 2022".
const BASE = String.raw`so\s+với\s+(?:cùng\s+kỳ|năm\s+trước|năm\s+ngoái|năm\s+\d{4})(?:\s+năm\s+(?:trước|ngoái|\d{4}))?`;
const HEAD = looseRe(
  String.raw`(?<![\p{L}])(?:số\s+(${NOUN})\s+)?(?:(${RESPECTIVELY})\s+)?(?<!tạm\s)((?:tăng|giảm)(?:\s+${BASE}(?:\s*,?\s*là)?)?|(?:nhiều|ít|cao|thấp)\s+hơn(?:\s+(?:so\s+với\s+)?(?:cùng\s+kỳ\s+)?(?:năm\s+\d{4}|năm\s+trước|năm\s+ngoái|cùng\s+kỳ)(?:\s+là)?|\s+là)|(?<=${BASE}\s*,?\s*)(?:nhiều|ít|cao|thấp)\s+hơn)(?:\s+(${RESPECTIVELY}))?(?:\s+(?:thêm|được|là|gần|hơn|khoảng))?\s+(${NUM})(?!\d)\s*(${UNIT})?\s*(?:(${NOUN})(?![\p{L}]))?`,
  'giu',
);
// Words qualifying a change's noun before the next item: "tăng 1 cuộc [kiểm sát] và 2 kiến nghị".
const QUALIFIER = String.raw`(?:\s+(?!(?:và|nhưng|còn|so|với|tăng|giảm|cùng|kỳ|năm)(?![\p{L}]))[\p{L}]+){0,3}?`;
// "(15,4%)", "(giảm 10%)", ", tương đương 12,5%" after a change states it twice: part of the
// change, not a figure.
const RESTATE = String.raw`(?:tương\s+đương|tương\s+ứng|tức(?:\s+là)?)\s+(?:(?:với|bằng)\s+)?`;
const PAREN_PERCENT = looseRe(
  String.raw`^\s*\(\s*(?:${RESTATE})?(?:(?:tăng|giảm)\s+)?(?:${NUM})\s*%\s*\)|^\s*,?\s*${RESTATE}(?:(?:tăng|giảm)\s+)?(?:${NUM})\s*%(?![\p{L}\d])`,
  'iu',
);
// A further item of the same change: ", 469 bị can", "và 2.967 bị can", "nhưng tăng 21 bị can".
// "tăng 20 vụ/30 bị can": a slash pairs the items as it pairs the figures.
const NEXT = looseRe(String.raw`^${QUALIFIER}\s*(?:,|;|(\/))?\s*(?:(và|nhưng|còn|,)\s+)?(?:(?<!tạm\s)(tăng|giảm|(?:nhiều|ít|cao|thấp)\s+hơn)\s+)?(${NUM})(?!\d)\s*(%)?\s*(${NOUN})(?![\p{L}])`, 'iu');
// A further item after "lần lượt": its noun may be left out ("tăng lần lượt 12% và 15%").
const NEXT_RESPECTIVE = looseRe(String.raw`^${QUALIFIER}\s*(?:,|;)?\s*(?:(và|,)\s+)?(${NUM})(?!\d)\s*(${UNIT})?\s*(?:(${NOUN})(?![\p{L}]))?`, 'iu');
const THEN_COMPARISON = looseRe(String.raw`^[^.;\n]{0,12}?(?:so\s+với|so\s+cùng\s+kỳ|\)|$)|^\s*[.;\n)]`, 'iu');
const VS_TARGET = looseRe(String.raw`^[^.;\n]{0,20}?so\s+với\s+(?:chỉ\s+tiêu|kế\s+hoạch|yêu\s+cầu)`, 'iu');

export interface ChangeItem {
  /** [start, end) of the whole item in the text. */
  start: number;
  end: number;
  /** Where its number is. */
  valueStart: number;
  direction: 'up' | 'down';
  value: number;
  /** 'pp' for "điểm (phần trăm)", '%' for a percent sign, null for a plain number. */
  unit: 'pp' | '%' | null;
  /** The counted noun, canonical (nounKey), or null. */
  noun: string | null;
  /** Items of one "lần lượt" (respectively) change share its first item's start; others null. */
  respectively: number | null;
  /** A margin over a target ("tăng 3% so với kế hoạch"): not a change, but its numbers are not figures. */
  margin: boolean;
}

/** The canonical counted noun of folded words: vụ án/vụ việc → vu, tin báo/nguồn tin → tin. */
export function nounKey(folded: string): string | null {
  const f = folded.trim();
  if (!f) return null;
  if (/^vu\b/.test(f)) return 'vu';
  if (/^(?:tin|nguon tin|to giac)\b/.test(f)) return 'tin';
  if (/^bi can\b/.test(f)) return 'bi can';
  if (/^bi cao\b/.test(f)) return 'bi cao';
  if (/^phien\b/.test(f)) return 'phien';
  const two = f.split(' ').slice(0, 2).join(' ');
  if (['kien nghi', 'khang nghi', 'van ban', 'quyet dinh', 'truong hop', 'doi tuong'].includes(two)) return two;
  return f.split(' ')[0];
}

/** Every change item of the text, in order (linear: one global scan). */
export function scanChangeItems(text: string): ChangeItem[] {
  const out: ChangeItem[] = [];
  const re = new RegExp(HEAD.source, HEAD.flags);
  let m: RegExpExecArray | null;
  while ((m = re.exec(text))) {
    // "số vụ giảm 55 nhưng số bị can tăng 70": the noun named before the direction word.
    const [, nounBefore, respBefore, dirWord, respAfter, num, unitText, nounAfter] = m;
    const nounText = nounAfter ?? nounBefore;
    // "nhiều hơn năm 2021 là 2.322 tin", "cao hơn năm trước 441 vụ", "so với năm trước nhiều hơn
    // 12 vụ" and "tăng so với cùng kỳ 20 vụ" are rises, "ít/thấp hơn …" falls (the base named, or
    // "là", tells a change from "nhiều hơn 20 vụ", a bound).
    const dirFolded = fold(dirWord);
    const direction = /^(?:tang|nhieu|cao)/.test(dirFolded) ? 'up' : 'down';
    const value = parseViNumber(num);
    if (value === undefined) continue;
    const respective = Boolean(respBefore || respAfter);
    let end = m.index + m[0].length;
    const first: ChangeItem = {
      start: m.index,
      end,
      valueStart: m.index + m[0].lastIndexOf(num, m[0].length - (unitText?.length ?? 0) - (nounAfter?.length ?? 0)),
      direction,
      value,
      unit: unitOf(unitText),
      noun: nounText ? nounKey(fold(nounText)) : null,
      margin: false,
      respectively: respective ? m.index : null,
    };
    const items = [first];
    const paren = PAREN_PERCENT.exec(text.slice(end, end + 40));
    if (paren) end += paren[0].length;
    first.end = end;
    // Further items: with their own direction word always; without one only when joined by "và"
    // or closed by a comparison, a bracket or the end of the clause ("tăng 395 vụ, 469 bị can so
    // với…"); after "lần lượt" every listed number is an item, with or without its noun.
    for (let guard = 0; guard < 6 && (first.noun !== null || respective); guard++) {
      const rest = text.slice(end, end + 80);
      const item = respective ? nextRespective(rest, end, first) : nextItem(text, rest, end, items[items.length - 1].direction);
      if (!item) break;
      items.push(item);
      end = item.end;
    }
    const margin = VS_TARGET.test(text.slice(end, end + 60));
    for (const it of items) it.margin = margin;
    out.push(...items);
    re.lastIndex = end;
  }
  return out;
}

function unitOf(unitText: string | undefined): ChangeItem['unit'] {
  const unitWord = unitText ? fold(unitText) : '';
  return unitWord.startsWith('diem') ? 'pp' : unitWord ? '%' : null;
}

/** The change item at the start of `rest` continuing a list ("…, 469 bị can", "và tăng 21 bị can"). */
function nextItem(text: string, rest: string, at: number, lastDirection: ChangeItem['direction']): ChangeItem | undefined {
  const n = NEXT.exec(rest);
  if (!n) return undefined;
  const [whole, slash, joinerText, dirWord, num, percent, nounText] = n;
  const v = parseViNumber(num);
  if (v === undefined) return undefined;
  const joiner = joinerText ? fold(joinerText) : '';
  // "…, nhiều hơn năm trước 10 vụ nhưng ít hơn 5 bị can": each item may bring its own direction.
  const ownDir = dirWord ? (/^(?:tang|nhieu|cao)/.test(fold(dirWord)) ? 'up' : 'down') : undefined;
  const itemEnd = at + whole.length;
  const p2 = PAREN_PERCENT.exec(text.slice(itemEnd, itemEnd + 40));
  const closeEnd = itemEnd + (p2 ? p2[0].length : 0);
  if (!ownDir && joiner !== 'va' && !slash && !THEN_COMPARISON.test(text.slice(closeEnd, closeEnd + 40))) return undefined;
  return {
    start: at,
    end: closeEnd,
    valueStart: at + whole.lastIndexOf(num, whole.length - (percent?.length ?? 0) - nounText.length),
    direction: ownDir ?? lastDirection,
    value: v,
    unit: percent ? '%' : null,
    noun: nounKey(fold(nounText)),
    margin: false,
    respectively: null,
  };
}

/** A further item of a "lần lượt" change: the same direction, its noun optional. */
function nextRespective(rest: string, at: number, first: ChangeItem): ChangeItem | undefined {
  const n = NEXT_RESPECTIVE.exec(rest);
  if (!n) return undefined;
  const [whole, , num, unitText, nounText] = n;
  const v = parseViNumber(num);
  if (v === undefined) return undefined;
  return {
    start: at,
    end: at + whole.length,
    valueStart: at + whole.lastIndexOf(num, whole.length - (unitText?.length ?? 0) - (nounText?.length ?? 0)),
    direction: first.direction,
    value: v,
    unit: unitText ? unitOf(unitText) : first.unit,
    noun: nounText ? nounKey(fold(nounText)) : null,
    margin: false,
    respectively: first.respectively,
  };
}

// A change clause opened by its comparison: "so với cùng kỳ, tăng …", "so với năm 2022 giảm …".
const SUMMARY_BEFORE = looseRe(String.raw`so\s+với\s+(?:cùng\s+kỳ|năm\s+trước|năm\s+ngoái|năm\s+\d{4})(?:\s+năm\s+(?:trước|ngoái|\d{4}))?\s*,?\s*$`, 'iu');
// How many figures back such a clause looks (bounded: linear time).
const SUMMARY_REACH = 30;

export interface Attachable {
  /** Where the figure's number starts and ends. */
  at: number;
  valueEnd: number;
  unit: 'percent' | 'count';
  noun: string | null;
}

/**
 * For each change item, the index of the figure it belongs to (or -1): the latest figure before
 * it in the same sentence with the same counted noun; without a noun, the figure just before it.
 * The k items of one "lần lượt" change go to the k latest figures before it in its sentence, in
 * order. A figure takes at most one change. `figures` are in text order.
 */
export function attachChanges(text: string, items: readonly ChangeItem[], figures: readonly Attachable[]): number[] {
  const b = boundsOf(text);
  const taken = new Set<number>();
  const out: number[] = [];
  let hi = 0; // figures[0..hi) start before the current item
  for (let k = 0; k < items.length; k++) {
    const c = items[k];
    while (hi < figures.length && figures[hi].at < c.start) hi++;
    if (c.respectively !== null && !c.margin && (k === 0 || items[k - 1].respectively !== c.respectively)) {
      let size = 1;
      while (k + size < items.length && items[k + size].respectively === c.respectively) size++;
      const picks = latestInSentence(b.prevSentence, figures, hi, c.start, size, taken);
      if (picks) {
        for (const j of picks) {
          taken.add(j);
          out.push(j);
        }
        k += size - 1;
        continue;
      }
    }
    let pick = -1;
    if (!c.margin) {
      const sentence = b.prevSentence[c.start];
      for (let j = hi - 1; j >= 0; j--) {
        const f = figures[j];
        if (b.prevSentence[f.at] !== sentence || f.valueEnd > c.start) {
          if (b.prevSentence[f.at] !== sentence) break;
          continue;
        }
        if (taken.has(j)) {
          if (c.noun === null) break; // the figure just before already has its change
          continue;
        }
        if (c.noun !== null) {
          if (f.unit === 'count' && f.noun === c.noun) {
            pick = j;
            break;
          }
          continue;
        }
        if (c.unit === null && f.unit !== 'count') break;
        pick = j;
        break;
      }
    }
    // A clause summing up the changes ("…; so với cùng kỳ, tăng 1 cuộc kiểm sát và 2 kiến nghị")
    // may name a figure of an earlier sentence of its paragraph ("trực tiếp kiểm sát 10 cuộc").
    if (pick < 0 && !c.margin && c.noun !== null && SUMMARY_BEFORE.test(text.slice(Math.max(b.prevStrong[c.start] + 1, c.start - 40), c.start))) {
      const para = b.prevNewline[c.start];
      for (let j = hi - 1, seen = 0; j >= 0 && figures[j].at > para && seen < SUMMARY_REACH; j--, seen++) {
        const f = figures[j];
        if (f.valueEnd > c.start || taken.has(j)) continue;
        if (f.unit === 'count' && f.noun === c.noun) {
          pick = j;
          break;
        }
      }
    }
    if (pick >= 0) taken.add(pick);
    out.push(pick);
  }
  return out;
}

/** The `size` latest untaken figures before `at` in its sentence, in text order, or undefined if fewer. */
function latestInSentence(prevSentence: Int32Array, figures: readonly Attachable[], hi: number, at: number, size: number, taken: ReadonlySet<number>): number[] | undefined {
  const sentence = prevSentence[at];
  const picks: number[] = [];
  for (let j = hi - 1; j >= 0 && picks.length < size; j--) {
    const f = figures[j];
    if (prevSentence[f.at] !== sentence) break;
    if (f.valueEnd > at || taken.has(j)) continue;
    picks.push(j);
  }
  return picks.length === size ? picks.reverse() : undefined;
}
