/**
 * Where every clause, list item and sentence of a text starts, computed once in one pass.
 * Looking a boundary up is then O(1); before this each number scanned back to its sentence start,
 * which made a long text quadratic (a 245 KB text took about 30 s).
 */
import { isStrongSeparator, isWeakSeparator } from './segments.ts';

export interface Bounds {
  /** prevStrong[i]: index of the last strong separator before i (i.e. < i), or -1. */
  prevStrong: Int32Array;
  /** prevWeak[i]: index of the last weak separator (comma, bracket, colon, quote) before i, or -1. */
  prevWeak: Int32Array;
  /** prevComma[i]: index of the last comma before i, or -1. */
  prevComma: Int32Array;
  /** prevSentence[i]: index of the last sentence end (full stop, newline, ! or ?) before i, or -1. */
  prevSentence: Int32Array;
  /** prevNewline[i]: index of the last newline before i, or -1 (paragraph starts). */
  prevNewline: Int32Array;
}

function compute(text: string): Bounds {
  const n = text.length;
  const prevStrong = new Int32Array(n + 1);
  const prevWeak = new Int32Array(n + 1);
  const prevComma = new Int32Array(n + 1);
  const prevSentence = new Int32Array(n + 1);
  const prevNewline = new Int32Array(n + 1);
  let nl = -1;
  let s = -1;
  let w = -1;
  let c = -1;
  let e = -1;
  for (let i = 0; i <= n; i++) {
    prevStrong[i] = s;
    prevWeak[i] = w;
    prevComma[i] = c;
    prevSentence[i] = e;
    prevNewline[i] = nl;
    if (i === n) break;
    const ch = text[i];
    const strong = isStrongSeparator(text, i);
    if (strong) s = i;
    if (isWeakSeparator(ch)) w = i;
    if (ch === ',') c = i;
    if (ch === '\n') nl = i;
    if (ch === '\n' || ch === '!' || ch === '?' || (ch === '.' && strong)) e = i;
  }
  return { prevStrong, prevWeak, prevComma, prevSentence, prevNewline };
}

// One extraction works on one text at a time: keep the bounds of the last text seen.
let lastText: string | undefined;
let lastBounds: Bounds | undefined;

/** The bounds of `text` (cached for the text last asked about). */
export function boundsOf(text: string): Bounds {
  if (lastText !== text || !lastBounds) {
    lastBounds = compute(text);
    lastText = text;
  }
  return lastBounds;
}
