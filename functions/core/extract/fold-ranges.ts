/**
 * Folds pieces of a text into one matchable string: the words around a figure without the numbers
 * themselves ("đã giải quyết 1.234/1.300 tố giác, tin báo" → "da giai quyet to giac tin bao"), with
 * the offset map back into the text.
 */
import { foldWithMap, type FoldedText } from './fold-map.ts';

/** Folds text[a, b) for each range, joined by single spaces, keeping a map into `text`. */
export function foldRanges(text: string, ranges: ReadonlyArray<readonly [number, number]>): FoldedText {
  let out = '';
  const map: number[] = [];
  for (const [a, b] of ranges) {
    if (b <= a) continue;
    const f = foldWithMap(text.slice(a, b));
    if (!f.text) continue;
    if (out) {
      out += ' ';
      map.push(a + f.map[0]);
    }
    out += f.text;
    for (const m of f.map) map.push(a + m);
  }
  return { text: out, map };
}
