/**
 * Folding with an offset map. Phrases are matched on folded text (text.ts `fold`: no diacritics,
 * lower case, punctuation as space) but figures must point back into the NFC text, so every
 * folded character remembers the offset of the character it came from.
 */

const PUNCT = /[‐-―–—_.,;:()[\]{}"'“”‘’/\\|\-!?…%+*&#@<>=~`^]/;

export interface FoldedText {
  /** Folded text: a single space between words, no leading/trailing space. */
  text: string;
  /** For each character of `text`, the offset of its source character in the original. */
  map: number[];
}

const FOLDED = new Map<string, string>();
function foldChar(ch: string): string {
  let f = FOLDED.get(ch);
  if (f === undefined) {
    f = ch === 'đ' || ch === 'Đ' ? 'd' : ch.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase();
    if (FOLDED.size < 4096) FOLDED.set(ch, f);
  }
  return f;
}

/** Folds `s` (NFC) keeping an offset map; equal to text.ts `fold(s)` for the text itself. */
export function foldWithMap(s: string): FoldedText {
  let text = '';
  const map: number[] = [];
  let pendingSpace = false;
  for (let i = 0; i < s.length; i++) {
    const ch = s[i];
    if (ch === ' ' || /\s/.test(ch) || PUNCT.test(ch)) {
      pendingSpace = text.length > 0;
      continue;
    }
    const f = foldChar(ch);
    if (!f) continue; // a lone combining mark
    if (pendingSpace) {
      text += ' ';
      map.push(i);
      pendingSpace = false;
    }
    for (const c of f) {
      text += c;
      map.push(i);
    }
  }
  return { text, map };
}

/** Original [start, end) of folded range [fs, fe). */
export function originalRange(f: FoldedText, fs: number, fe: number): [number, number] {
  return [f.map[fs], f.map[fe - 1] + 1];
}

/** Finds `needle` (already folded) in folded text at word boundaries, from `from`; -1 if absent. */
export function findWord(hay: string, needle: string, from = 0): number {
  let i = hay.indexOf(needle, from);
  while (i >= 0) {
    const before = i === 0 || hay[i - 1] === ' ';
    const after = i + needle.length === hay.length || hay[i + needle.length] === ' ';
    if (before && after) return i;
    i = hay.indexOf(needle, i + 1);
  }
  return -1;
}
